"""The document checklist of a request: what the clerk did with each required document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from counter_app.domain.catalog import Choice, FieldDef, RequiredDocument, Requirement, Service
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.fields import parse_choice


class DocState(StrEnum):
    ORIGINAL_SEEN = "original_seen"
    COPY_KEPT = "copy_kept"
    SCAN_PENDING = "scan_pending"  # paper kept for the archive clerk to scan
    SCANNED = "scanned"
    WAIVED = "waived"  # accepted without it; a reason is mandatory
    MISSING = "missing"  # only acceptable for optional documents


# Which states satisfy each requirement (a kept copy implies the original was seen, etc.).
SATISFIES: dict[Requirement, frozenset[DocState]] = {
    Requirement.ORIGINAL_SEEN: frozenset(
        {DocState.ORIGINAL_SEEN, DocState.COPY_KEPT, DocState.SCAN_PENDING, DocState.SCANNED}
    ),
    Requirement.COPY_KEPT: frozenset({DocState.COPY_KEPT, DocState.SCAN_PENDING, DocState.SCANNED}),
    Requirement.SCAN_REQUIRED: frozenset({DocState.SCAN_PENDING, DocState.SCANNED}),
    Requirement.OPTIONAL: frozenset(DocState),
}


@dataclass(frozen=True)
class ChecklistItem:
    doc_type: str
    requirement: Requirement
    state: DocState
    note: str | None = None


def parse_doc_state(raw: str) -> tuple[DocState, str | None]:
    """``state`` or ``waived:reason`` as typed on the command line or stored by the UI."""
    state_text, _, note = raw.partition(":")
    try:
        state = DocState(state_text.strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Unknown document state {state}; use one of: {allowed}"),
            field="documents",
            state=state_text,
            allowed=", ".join(s.value for s in DocState),
        ) from None
    clean_note = note.strip() or None
    if clean_note is not None and len(clean_note) > 500:
        raise ValidationError(
            N_("The note on a document is limited to {limit} characters"),
            field="documents",
            limit=500,
        )
    return state, clean_note


def build_checklist(
    service: Service,
    given: Mapping[str, tuple[DocState, str | None]],
    *,
    fields: Mapping[str, Any],
    enforce: bool = True,
) -> list[ChecklistItem]:
    """One item per document the request must bring (``service.documents_for(fields)``, so a
    document of another case is neither asked for nor accepted); every required one must be
    satisfied or waived."""
    problems: list[ValidationError] = []
    applicable = service.documents_for(fields)
    known = {d.type for d in service.documents}
    wanted = {d.type for d in applicable}
    for code in given:
        if code not in known:
            problems.append(
                ValidationError(
                    N_("Document {doc} is not part of service {service}"),
                    field="documents",
                    doc=code,
                    service=service.code,
                )
            )
        elif code not in wanted:
            problems.append(_not_for_this_case(service, code, fields))
    items: list[ChecklistItem] = []
    for doc in applicable:
        state, note = given.get(doc.type, (DocState.MISSING, None))
        if state is DocState.WAIVED and not note:
            problems.append(
                ValidationError(
                    N_("Document {doc} is waived without a reason"), field="documents", doc=doc.type
                )
            )
        elif enforce and state is not DocState.WAIVED and state not in SATISFIES[doc.requirement]:
            problems.append(
                ValidationError(
                    N_("Document {doc} is required ({requirement}) but is {state}"),
                    field="documents",
                    doc=doc.type,
                    requirement=doc.requirement.value,
                    state=state.value,
                )
            )
        items.append(ChecklistItem(doc.type, doc.requirement, state, note))
    if problems:
        raise ValidationError(
            N_("The document checklist is incomplete"), field="documents", problems=problems
        )
    return items


def _not_for_this_case(service: Service, code: str, fields: Mapping[str, Any]) -> ValidationError:
    """A document the service asks for only in other cases: the message names the case the
    request is in (or says none is chosen), so the clerk sees which choice rules it out."""
    doc = next(d for d in service.documents if d.type == code)
    assert doc.when is not None  # only a conditional document can be ruled out
    fdef = service.field(doc.when.field)
    value = fields.get(doc.when.field)
    choice = next((c for c in fdef.choices if c.value == str(value)), None) if fdef else None
    if choice is None:
        error = ValidationError(
            N_("Document {doc} is asked for only once {field} is chosen"),
            field=doc.when.field,
            doc=code,
        )
    else:
        error = ValidationError(
            N_("Document {doc} is not asked for when {field} is {value}"),
            field=doc.when.field,
            doc=code,
            value=choice.value,
        )
    if fdef is not None:
        error.with_labels({"ar": fdef.label_ar, "en": fdef.label_en})
    return error


def case_fields(service: Service, raw: Mapping[str, str]) -> dict[str, str]:
    """The values of the fields a document's ``when`` names, read from raw input alone: the
    checklist is still checked against the chosen case when another field is invalid (a value
    that is no choice is left out, and validate_fields reports it)."""
    out: dict[str, str] = {}
    for key in {d.when.field for d in service.documents if d.when is not None}:
        fdef = service.field(key)
        text = raw.get(key)
        if fdef is None or text is None:
            continue
        try:
            out[key] = parse_choice(text, fdef)
        except ValidationError:
            continue
    return out


@dataclass(frozen=True)
class CaseDocuments:
    """The documents one value of a choice field adds (a slip prints one block per case)."""

    field: FieldDef
    choice: Choice
    documents: tuple[RequiredDocument, ...]


def documents_by_case(
    service: Service,
) -> tuple[tuple[RequiredDocument, ...], tuple[CaseDocuments, ...]]:
    """The documents always asked for, then per value of each field a ``when`` names (in the
    field's choice order) the documents that value adds; a value adding none is still listed,
    so the reader sees that case needs nothing more."""
    always = tuple(d for d in service.documents if d.when is None)
    cases: list[CaseDocuments] = []
    keys = list(dict.fromkeys(d.when.field for d in service.documents if d.when is not None))
    for key in keys:
        fdef = service.field(key)
        if fdef is None:  # parse_catalog refuses it; nothing to list
            continue
        for choice in fdef.choices:
            docs = tuple(
                d
                for d in service.documents
                if d.when is not None and d.when.field == key and choice.value in d.when.values
            )
            cases.append(CaseDocuments(fdef, choice, docs))
    return always, tuple(cases)
