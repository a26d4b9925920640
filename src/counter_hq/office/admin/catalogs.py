"""HQ admin use cases for catalog drafts: upload and validation, the diff with the
published catalog, publishing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.catalog import Catalog, Service, parse_catalog
from counter_app.domain.errors import ValidationError
from counter_hq import catalogs, routing
from counter_hq.errors import ConflictError, HQError, Invalid, NotFoundError
from counter_hq.models import (
    CatalogDraft,
    ChangeRow,
    HqAudit,
    HqUser,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.common import (
    CATALOG_EMPTY,
    CATALOG_NOT_NEWER,
    CATALOG_NOT_TEXT,
    CATALOG_SAME,
    CATALOG_TOO_LARGE,
    DRAFT_INVALID,
    DRAFT_PUBLISHED,
    NO_DRAFT,
)
from counter_hq.signing import Signer
from counter_protocol.payloads import CATALOG


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: a msgid and its parameters (translated when shown)."""

    msgid: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffLine:
    msgid: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceDiff:
    code: str
    name_ar: str
    name_en: str
    change: str  # added | removed | changed
    lines: tuple[DiffLine, ...] = ()


@dataclass(frozen=True)
class CatalogDiff:
    base_version: str  # the published version, or the shipped one's
    base_published: bool  # False: nothing published yet; compared with the shipped file
    agencies: tuple[DiffLine, ...]
    document_types: tuple[DiffLine, ...]
    services: tuple[ServiceDiff, ...]

    @property
    def empty(self) -> bool:
        return not (self.agencies or self.document_types or self.services)


@dataclass(frozen=True)
class DraftRow:
    id: int
    version: str | None
    sha256: str
    valid: bool
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime
    published_seq: int | None


@dataclass(frozen=True)
class DraftView:
    draft: DraftRow
    problems: tuple[Problem, ...]
    diff: CatalogDiff | None  # only for a valid draft
    publishable: bool


def _published_catalog(session: Session) -> tuple[int, str, str, str] | None:
    """The catalog published to every center: (seq, version, sha256, content)."""
    row = session.execute(
        select(ChangeRow.seq, ChangeRow.payload)
        .where(ChangeRow.kind == CATALOG, ChangeRow.center.is_(None))
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    payload = row[1] if isinstance(row[1], dict) else {}
    return (
        int(row[0]),
        str(payload.get("version", "")),
        str(payload.get("sha256", "")),
        str(payload.get("content", "")),
    )


def _problem_of(exc: ValidationError) -> list[Problem]:
    def one(e: ValidationError) -> Problem:
        params = {k: str(v) for k, v in e.params.items()}
        if e.field is not None:
            params["field"] = e.field
        return Problem(e.message, params)

    return [one(exc)] + [one(p) for p in exc.problems]


def validate_catalog(session: Session, raw: bytes) -> tuple[Catalog | None, list[Problem]]:
    """The counter's own rules (parse_catalog), HQ's columns (routing.check_fits) and the
    version rule publish_catalog applies: the catalog, or the reasons it cannot be published."""
    if not raw.strip():
        return None, [Problem(CATALOG_EMPTY)]
    if len(raw) > catalogs.MAX_CATALOG_BYTES:
        limit = catalogs.MAX_CATALOG_BYTES
        return None, [Problem(CATALOG_TOO_LARGE, {"size": str(len(raw)), "limit": str(limit)})]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(CATALOG_NOT_TEXT)]
    try:
        catalog = parse_catalog(raw)
    except ValidationError as exc:
        return None, _problem_of(exc)
    try:
        routing.check_fits(catalog)
    except HQError as exc:
        return None, [Problem(exc.message, {k: str(v) for k, v in exc.extra.items()})]
    published = _published_catalog(session)
    if published is not None:
        _, version, digest, _ = published
        if digest == hashlib.sha256(raw).hexdigest():
            return catalog, [Problem(CATALOG_SAME, {"version": version})]
        if catalogs._version_key(catalog.version) <= catalogs._version_key(version):
            return catalog, [
                Problem(CATALOG_NOT_NEWER, {"version": catalog.version, "published": version})
            ]
    return catalog, []


def upload_catalog(session: Session, user: WebUser, now: dt.datetime, raw: bytes) -> int:
    """Keep the uploaded file as a draft, valid or not (the page shows why not); nothing is
    published. Audited; commits; returns the draft's id."""
    check_admin(user)
    catalog, problems = validate_catalog(session, raw)
    # Only what fits the column: a refused file is kept for its errors, never whole if huge.
    content = raw[: catalogs.MAX_CATALOG_BYTES].decode("utf-8", errors="replace")
    draft = CatalogDraft(
        version=catalog.version if catalog is not None else None,
        sha256=hashlib.sha256(raw).hexdigest(),
        content=content,
        valid=not problems,
        errors=json.dumps([[p.msgid, p.params] for p in problems], ensure_ascii=False)
        if problems
        else None,
        uploaded_by=user.id,
        uploaded_at=now,
        published_seq=None,
    )
    session.add(draft)
    session.flush()
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="catalog.upload",
            target=f"draft {draft.id}",
            details={
                "version": draft.version,
                "sha256": draft.sha256,
                "valid": draft.valid,
                "size": len(raw),
            },
        )
    )
    draft_id = draft.id
    session.commit()
    return draft_id


def catalog_drafts(session: Session, user: WebUser, limit: int = 30) -> list[DraftRow]:
    check_admin(user)
    rows = session.execute(
        select(CatalogDraft, HqUser.display_name)
        .outerjoin(HqUser, HqUser.id == CatalogDraft.uploaded_by)
        .order_by(CatalogDraft.id.desc())
        .limit(limit)
    ).tuples()
    return [_draft_row(d, name) for d, name in rows]


def _draft_row(d: CatalogDraft, name: str | None) -> DraftRow:
    return DraftRow(
        d.id,
        d.version,
        d.sha256,
        d.valid,
        len(d.content.encode("utf-8")),
        name,
        d.uploaded_at,
        d.published_seq,
    )


def published_catalog_version(session: Session, user: WebUser) -> str | None:
    check_admin(user)
    found = _published_catalog(session)
    return found[1] if found else None


def _draft(session: Session, draft_id: int) -> CatalogDraft:
    draft = session.get(CatalogDraft, draft_id)
    if draft is None:
        raise NotFoundError(NO_DRAFT, draft=draft_id)
    return draft


def catalog_draft(session: Session, user: WebUser, draft_id: int) -> DraftView:
    """A draft with its problems, or its difference from the catalog the stations use now."""
    check_admin(user)
    draft = _draft(session, draft_id)
    name = None
    if draft.uploaded_by is not None:
        name = session.execute(
            select(HqUser.display_name).where(HqUser.id == draft.uploaded_by)
        ).scalar_one_or_none()
    problems = tuple(
        Problem(str(m), {str(k): str(v) for k, v in dict(p).items()})
        for m, p in json.loads(draft.errors or "[]")
    )
    diff = None
    publishable = False
    if draft.valid:
        catalog = parse_catalog(draft.content.encode("utf-8"))
        diff = catalog_diff(session, catalog)
        if draft.published_seq is None:
            # Another draft may have been published since this one was checked.
            _, now_problems = validate_catalog(session, draft.content.encode("utf-8"))
            problems = tuple(now_problems)
            publishable = not now_problems
    return DraftView(_draft_row(draft, name), problems, diff, publishable)


def publish_draft(
    session: Session, user: WebUser, now: dt.datetime, draft_id: int, *, signer: Signer | None
) -> int:
    """Publish a valid draft to every center (catalogs.publish_catalog checks it again and
    routes with it). Audited; commits; returns the change's number."""
    check_admin(user)
    draft = _draft(session, draft_id)
    if draft.published_seq is not None:
        raise ConflictError(DRAFT_PUBLISHED, draft=draft_id)
    if not draft.valid:
        raise Invalid(DRAFT_INVALID, draft=draft_id)
    raw = draft.content.encode("utf-8")
    _, problems = validate_catalog(session, raw)
    if problems:
        raise ConflictError(problems[0].msgid, **problems[0].params)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="catalog.publish",
            target=f"draft {draft_id}",
            details={"version": draft.version, "sha256": draft.sha256},
        )
    )
    done = catalogs.publish_catalog(session, raw, now, signer=signer)  # commits the audit row
    if done.seq is None:  # the same file published meanwhile: nothing new
        raise ConflictError(CATALOG_SAME, version=done.version)
    # publish_catalog commits by itself; the draft learns its change number right after.
    held = _draft(session, draft_id)
    held.published_seq = done.seq
    session.commit()
    return done.seq


def _base_catalog(session: Session) -> tuple[Catalog, bool]:
    published = _published_catalog(session)
    if published is not None:
        return parse_catalog(published[3]), True
    return parse_catalog(routing.shipped_catalog_path().read_bytes()), False


def catalog_diff(session: Session, new: Catalog) -> CatalogDiff:
    old, published = _base_catalog(session)
    agencies: list[DiffLine] = []
    old_agencies = {a.code: a for a in old.agencies}
    new_agencies = {a.code: a for a in new.agencies}
    for code in sorted(new_agencies.keys() - old_agencies.keys()):
        agencies.append(DiffLine("Agency {code} added: {name}", _named(code, new_agencies[code])))
    for code in sorted(old_agencies.keys() - new_agencies.keys()):
        agencies.append(DiffLine("Agency {code} removed: {name}", _named(code, old_agencies[code])))
    for code in sorted(old_agencies.keys() & new_agencies.keys()):
        a, b = old_agencies[code], new_agencies[code]
        if (a.name_ar, a.name_en) != (b.name_ar, b.name_en):
            agencies.append(
                DiffLine(
                    "Agency {code} renamed: {before} → {after}",
                    {"code": code, "before": a.name_ar, "after": b.name_ar},
                )
            )
    docs: list[DiffLine] = []
    old_docs = {d.code: d for d in old.document_types}
    new_docs = {d.code: d for d in new.document_types}
    for code in sorted(new_docs.keys() - old_docs.keys()):
        docs.append(DiffLine("Document type {code} added: {name}", _named(code, new_docs[code])))
    for code in sorted(old_docs.keys() - new_docs.keys()):
        docs.append(DiffLine("Document type {code} removed: {name}", _named(code, old_docs[code])))
    for code in sorted(old_docs.keys() & new_docs.keys()):
        a2, b2 = old_docs[code], new_docs[code]
        if (a2.name_ar, a2.name_en) != (b2.name_ar, b2.name_en):
            docs.append(
                DiffLine(
                    "Document type {code} renamed: {before} → {after}",
                    {"code": code, "before": a2.name_ar, "after": b2.name_ar},
                )
            )
    services: list[ServiceDiff] = []
    old_services = {s.code: s for s in old.services}
    for s in new.services:
        before = old_services.get(s.code)
        if before is None:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "added"))
            continue
        lines = _service_lines(before, s)
        if lines:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "changed", tuple(lines)))
    new_codes = {s.code for s in new.services}
    for s in old.services:
        if s.code not in new_codes:
            services.append(ServiceDiff(s.code, s.name_ar, s.name_en, "removed"))
    order = {"removed": 0, "added": 1, "changed": 2}
    services.sort(key=lambda d: (order[d.change], d.code))
    return CatalogDiff(old.version, published, tuple(agencies), tuple(docs), tuple(services))


def _named(code: str, thing: Any) -> dict[str, str]:
    return {"code": code, "name": str(thing.name_ar)}


def _service_lines(a: Service, b: Service) -> list[DiffLine]:
    lines: list[DiffLine] = []

    def changed(msgid: str, before: object, after: object) -> None:
        if before != after:
            lines.append(DiffLine(msgid, {"before": _shown(before), "after": _shown(after)}))

    changed("Name: {before} → {after}", a.name_ar, b.name_ar)
    changed("English name: {before} → {after}", a.name_en, b.name_en)
    changed("Agency: {before} → {after}", a.agency, b.agency)
    changed("Handled by: {before} → {after}", a.handled_by, b.handled_by)
    changed("Category: {before} → {after}", a.category.value, b.category.value)
    changed("SLA: {before} → {after} working days", a.sla.working_days, b.sla.working_days)
    changed("Fee: {before} → {after} SYP", a.fee.amount_syp, b.fee.amount_syp)
    changed("Active: {before} → {after}", a.active, b.active)
    old_fields = {f.key: f for f in a.fields}
    new_fields = {f.key: f for f in b.fields}
    for key in [f.key for f in b.fields if f.key not in old_fields]:
        lines.append(DiffLine("Field added: {key} ({label})", _field(new_fields[key])))
    for key in [f.key for f in a.fields if f.key not in new_fields]:
        lines.append(DiffLine("Field removed: {key} ({label})", _field(old_fields[key])))
    for key in [f.key for f in b.fields if f.key in old_fields]:
        if old_fields[key] != new_fields[key]:
            lines.append(DiffLine("Field changed: {key} ({label})", _field(new_fields[key])))
    if [f.key for f in a.fields if f.key in new_fields] != [
        f.key for f in b.fields if f.key in old_fields
    ]:
        lines.append(DiffLine("The fields are in another order"))
    old_docs = {d.type: d for d in a.documents}
    new_docs = {d.type: d for d in b.documents}
    for code in [d.type for d in b.documents if d.type not in old_docs]:
        lines.append(
            DiffLine(
                "Document added: {code} ({requirement})",
                {"code": code, "requirement": _requirement(new_docs[code].requirement.value)},
            )
        )
    for code in [d.type for d in a.documents if d.type not in new_docs]:
        lines.append(DiffLine("Document removed: {code}", {"code": code}))
    for code in [d.type for d in b.documents if d.type in old_docs]:
        if old_docs[code].requirement != new_docs[code].requirement:
            lines.append(
                DiffLine(
                    "Document {code}: {before} → {after}",
                    {
                        "code": code,
                        "before": _requirement(old_docs[code].requirement.value),
                        "after": _requirement(new_docs[code].requirement.value),
                    },
                )
            )
    if (a.description_ar, a.description_en) != (b.description_ar, b.description_en):
        lines.append(DiffLine("The description changed"))
    return lines


def _requirement(value: str) -> str:
    """A coded parameter the page shows by its label (web/routes/admin_common.py ``say``)."""
    return f"requirement:{value}"


def _field(f: Any) -> dict[str, str]:
    return {"key": str(f.key), "label": str(f.label_ar)}


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
