"""The service catalog: agencies, document types and services, as validated data.

The catalog is a versioned JSON file (``resources/catalog/catalog.json``) that HQ can replace.
``parse_catalog`` validates *everything* (shape, types, references, duplicates) before anyone
uses it, so a bad file can be rejected whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic import ValidationError as PydanticValidationError

from counter_app.domain.errors import N_, N_n, ValidationError

CATALOG_FORMAT = 1

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_-]{1,39}$")]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Source = Literal["seed", "assumed"]


class Category(StrEnum):
    SERVICE = "service"
    COMPLAINT = "complaint"


class FieldType(StrEnum):
    TEXT = "text"
    NATIONAL_ID = "national_id"
    PHONE = "phone"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    ORGANIZATION = "organization"


class Requirement(StrEnum):
    """What the counter must do with a document the service requires."""

    ORIGINAL_SEEN = "original_seen"
    COPY_KEPT = "copy_kept"
    SCAN_REQUIRED = "scan_required"
    OPTIONAL = "optional"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Agency(_Model):
    code: Code
    name_ar: Label
    name_en: Label
    source: Source = "seed"


class DocumentType(_Model):
    code: Code
    name_ar: Label
    name_en: Label


class Choice(_Model):
    value: FieldKey
    label_ar: Label
    label_en: Label


class FieldDef(_Model):
    key: FieldKey
    type: FieldType
    label_ar: Label
    label_en: Label
    required: bool = True
    max_length: int | None = Field(default=None, ge=1, le=4000)
    min: float | None = None
    max: float | None = None
    choices: tuple[Choice, ...] = ()
    source: Source = "assumed"

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> FieldDef:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError("a choice field needs choices")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError("only a choice field may have choices")
        if len({c.value for c in self.choices}) != len(self.choices):
            raise ValueError("duplicate choice values")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class DocCondition(_Model):
    """A document required only when a choice field holds one of ``values`` (the five cases of
    certifying a personal record card each ask for their own papers)."""

    field: FieldKey
    values: tuple[FieldKey, ...] = Field(min_length=1)


class RequiredDocument(_Model):
    type: Code
    requirement: Requirement
    # None: always required. Otherwise only when the condition holds for the request's fields.
    when: DocCondition | None = None
    source: Source = "assumed"

    def applies(self, fields: Mapping[str, Any]) -> bool:
        """Whether this document is asked for, given the request's field values (raw or parsed:
        a choice value is compared as text)."""
        if self.when is None:
            return True
        value = fields.get(self.when.field)
        return value is not None and str(value) in self.when.values


class Sla(_Model):
    working_days: int = Field(ge=0, le=365)
    source: Source = "assumed"


class Fee(_Model):
    amount_syp: int = Field(ge=0, le=100_000_000)
    source: Source = "assumed"


class Service(_Model):
    code: Code
    name_ar: Label
    name_en: Label
    agency: Code
    # The agency its requests are forwarded to, when another than the one the service belongs
    # to (the Ministry of Social Affairs' services go to its Damascus directorate); absent:
    # the service's own agency. Read by HQ's routing (counter_hq/routing.py).
    handled_by: Code | None = None
    category: Category
    description_ar: str = ""
    description_en: str = ""
    fields: tuple[FieldDef, ...] = ()
    documents: tuple[RequiredDocument, ...] = ()
    sla: Sla
    fee: Fee
    active: bool = True
    source: Source = "seed"

    @model_validator(mode="after")
    def _unique_keys(self) -> Service:
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate field keys")
        docs = [d.type for d in self.documents]
        if len(set(docs)) != len(docs):
            raise ValueError("duplicate document types")
        return self

    @property
    def routed_to(self) -> str:
        """The agency a request for this service is forwarded to."""
        return self.handled_by or self.agency

    def field(self, key: str) -> FieldDef | None:
        return next((f for f in self.fields if f.key == key), None)

    def documents_for(self, fields: Mapping[str, Any]) -> tuple[RequiredDocument, ...]:
        """The documents this request must bring, given its field values."""
        return tuple(d for d in self.documents if d.applies(fields))

    @property
    def has_fee(self) -> bool:
        return self.fee.amount_syp > 0


class CenterDef(_Model):
    """A center and the services it offers (a station lists only its center's)."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")]
    name_ar: Label
    name_en: Label
    services: tuple[Code, ...]
    source: Source = "assumed"


class Catalog(_Model):
    format: Literal[1]
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{1,2}\.\d{1,3}$")]
    published: str
    agencies: tuple[Agency, ...]
    document_types: tuple[DocumentType, ...]
    services: tuple[Service, ...]
    # Empty (older catalogs): every center offers every service.
    centers: tuple[CenterDef, ...] = ()

    def center(self, code: str) -> CenterDef | None:
        return next((c for c in self.centers if c.code == code), None)

    def services_for_center(self, center_code: str | None) -> tuple[Service, ...]:
        """The active services a station of ``center_code`` offers. A center the catalog does
        not name (a new center, or an older catalog without centers) offers all of them."""
        center = self.center(center_code) if center_code else None
        active = tuple(s for s in self.services if s.active)
        if center is None:
            return active
        offered = set(center.services)
        return tuple(s for s in active if s.code in offered)

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def document_type(self, code: str) -> DocumentType | None:
        return next((d for d in self.document_types if d.code == code), None)


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for v in values:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


def _reference_problems(cat: Catalog) -> list[ValidationError]:
    problems: list[ValidationError] = []
    for what, codes in (
        (N_("agency"), [a.code for a in cat.agencies]),
        (N_("document type"), [d.code for d in cat.document_types]),
        (N_("service"), [s.code for s in cat.services]),
        (N_("center"), [c.code for c in cat.centers]),
    ):
        for code in _duplicates(codes):
            problems.append(
                ValidationError(N_("Duplicate {what} code: {code}"), what=what, code=code)
            )
    agencies = {a.code for a in cat.agencies}
    doc_types = {d.code for d in cat.document_types}
    for s in cat.services:
        if s.agency not in agencies:
            problems.append(
                ValidationError(
                    N_("Service {service} refers to unknown agency {code}"),
                    service=s.code,
                    code=s.agency,
                )
            )
        if s.handled_by is not None and s.handled_by not in agencies:
            problems.append(
                ValidationError(
                    N_("Service {service} is handled by unknown agency {code}"),
                    service=s.code,
                    code=s.handled_by,
                )
            )
        for d in s.documents:
            if d.type not in doc_types:
                problems.append(
                    ValidationError(
                        N_("Service {service} refers to unknown document type {code}"),
                        service=s.code,
                        code=d.type,
                    )
                )
            problems.extend(_condition_problems(s, d))
    problems.extend(_center_problems(cat))
    return problems


def _condition_problems(service: Service, doc: RequiredDocument) -> list[ValidationError]:
    """A ``when`` must name one of the service's choice fields and only values among its
    choices: otherwise the document could never be asked for, or be asked for by a typo."""
    if doc.when is None:
        return []
    fdef = service.field(doc.when.field)
    if fdef is None:
        return [
            ValidationError(
                N_(
                    "Service {service}: document {doc} depends on field {field}, "
                    "which the service does not have"
                ),
                service=service.code,
                doc=doc.type,
                field=doc.when.field,
            )
        ]
    if fdef.type is not FieldType.CHOICE:
        return [
            ValidationError(
                N_(
                    "Service {service}: document {doc} depends on field {field}, "
                    "which is not a choice field"
                ),
                service=service.code,
                doc=doc.type,
                field=doc.when.field,
            )
        ]
    choices = {c.value for c in fdef.choices}
    return [
        ValidationError(
            N_(
                "Service {service}: document {doc} depends on value {value} of field {field}, "
                "which is not one of its choices"
            ),
            service=service.code,
            doc=doc.type,
            value=value,
            field=doc.when.field,
        )
        for value in doc.when.values
        if value not in choices
    ]


def _center_problems(cat: Catalog) -> list[ValidationError]:
    """Centers may only list known services, each once; and once a catalog names centers,
    every active service must be offered by one (else no station could ever take it)."""
    if not cat.centers:
        return []
    problems: list[ValidationError] = []
    known = {s.code for s in cat.services}
    offered: set[str] = set()
    for center in cat.centers:
        for code in center.services:
            if code not in known:
                problems.append(
                    ValidationError(
                        N_("Center {center} offers unknown service {code}"),
                        center=center.code,
                        code=code,
                    )
                )
        for code in _duplicates(center.services):
            problems.append(
                ValidationError(
                    N_("Center {center} lists service {code} more than once"),
                    center=center.code,
                    code=code,
                )
            )
        offered.update(center.services)
    for s in cat.services:
        if s.active and s.code not in offered:
            problems.append(
                ValidationError(N_("Service {service} is offered by no center"), service=s.code)
            )
    return problems


def parse_catalog(data: bytes | str | dict[str, Any]) -> Catalog:
    """Validate a whole catalog; raise one ValidationError listing every problem found."""
    if isinstance(data, (bytes, str)):
        try:
            raw = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(
                N_("The catalog file is not valid JSON: {detail}"), detail=str(exc)
            ) from exc
    else:
        raw = data
    if not isinstance(raw, dict):
        raise ValidationError(N_("The catalog file must hold a JSON object"))
    if raw.get("format") != CATALOG_FORMAT:
        raise ValidationError(
            N_("Unsupported catalog format {found}; this version reads format {expected}"),
            found=raw.get("format"),
            expected=CATALOG_FORMAT,
        )
    try:
        cat = Catalog.model_validate(raw)
    except PydanticValidationError as exc:
        problems = [
            ValidationError(
                N_("{location}: {detail}"),
                location=".".join(str(p) for p in err["loc"]),
                detail=err["msg"],
            )
            for err in exc.errors()
        ]
        raise ValidationError(
            N_n("The catalog is invalid ({n} problems)"), problems=problems, n=len(problems)
        ) from exc
    problems = _reference_problems(cat)
    if problems:
        raise ValidationError(
            N_n("The catalog is invalid ({n} problems)"), problems=problems, n=len(problems)
        )
    return cat


def catalog_json_schema() -> dict[str, Any]:
    """The JSON schema shipped beside the catalog (kept in sync by a test)."""
    return Catalog.model_json_schema()
