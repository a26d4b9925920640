"""A request as the back office shows it: fields, checklist, scans, timeline, answers, messages.

Everything is read after the access check (``check_visible``): a request outside the user's
scope is "not found", whoever holds it. The timeline is the counter's and HQ's steps in the
order they happened; HQ's steps carry what the counter pulled with them (the agency holding
the request, where and from when to collect), read from the change each step was sent as, so
the agency sees what the citizen is told at the counter.

Field and document labels come from the catalog HQ published last (else the one shipped with
the counter), parsed once per file; a key the catalog does not know is shown as the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import counter_app.domain
from counter_app.domain.catalog import Catalog, FieldType, Service, parse_catalog
from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import TRANSITIONS, Status
from counter_hq.calendars import current_calendar
from counter_hq.errors import NotFoundError
from counter_hq.models import (
    Agency,
    Blob,
    Center,
    ChangeRow,
    ComplaintAnswer,
    HqRequest,
    HqRequestEvent,
    HqService,
    HqUser,
    Notification,
    ReceivedItem,
    RequestState,
)
from counter_hq.office.access import WebUser, check_visible, may_act
from counter_hq.office.queue import working_days_late
from counter_protocol.payloads import CATALOG, STATUS_EVENT
from counter_protocol.wire import ItemKind

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# The back-office actions and the status each leads to (actions.py carries them out).
ACTION_TARGETS: dict[str, Status] = {
    "accept": Status.IN_PROGRESS,
    "needs_info": Status.NEEDS_INFO,
    "ready": Status.READY,
    "reject": Status.REJECTED,
}


@dataclass(frozen=True)
class FieldLine:
    key: str
    label_ar: str
    label_en: str
    value: str  # a choice's label (Arabic) when the catalog has it; the value as text else
    value_en: str


@dataclass(frozen=True)
class DocumentLine:
    type: str
    name_ar: str
    name_en: str
    state: str  # as the counter recorded it (seen, copy_kept, missing...)
    note: str | None
    requirement: str | None  # the service's (required, optional...) when the catalog says


@dataclass(frozen=True)
class AttachmentLine:
    uuid: str
    sha256: str
    doc_type: str
    doc_name_ar: str
    doc_name_en: str
    filename: str | None
    media_type: str | None
    size: int
    created_at: str
    actor: str
    station: str
    held: bool  # the file is complete at HQ (it may be served)


@dataclass(frozen=True)
class TimelineStep:
    event_uuid: str
    at: dt.datetime
    status: str
    origin: str  # counter | hq
    actor: str
    station: str
    reason: str | None
    agency: str | None = None
    agency_name_ar: str | None = None
    agency_name_en: str | None = None
    collect_from: str | None = None
    collect_place: str | None = None


@dataclass(frozen=True)
class AnswerLine:
    uuid: str
    text: str
    at: dt.datetime
    agency: str | None
    by: str | None  # the officer's display name
    file_sha256: str | None
    file_name: str | None
    file_size: int | None


@dataclass(frozen=True)
class NotificationLine:
    uuid: str
    event_uuid: str
    kind: str
    channel: str
    state: str
    attempts: int
    segments: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    last_error: str | None


@dataclass(frozen=True)
class RequestDetail:
    request_uuid: str
    receipt_no: str
    center: str
    center_name: str
    station_no: int
    service: str
    service_name_ar: str
    service_name_en: str
    category: str
    agency: str | None
    agency_name_ar: str | None
    agency_name_en: str | None
    status: str
    open: bool
    status_at: dt.datetime
    received_at: dt.datetime
    due_on: dt.date | None
    days_late: int
    citizen_name: str
    national_id: str | None
    phone: str | None
    organization: str | None
    source: str
    paper_ref: str | None
    catalog_version: str | None
    fields: tuple[FieldLine, ...]
    documents: tuple[DocumentLine, ...]
    attachments: tuple[AttachmentLine, ...]
    timeline: tuple[TimelineStep, ...]
    answers: tuple[AnswerLine, ...]
    notifications: tuple[NotificationLine, ...]
    may_act: bool
    actions: tuple[str, ...]  # the actions this user may take now (accept, needs_info...)


@dataclass(frozen=True)
class BlobRef:
    """A file the user may download: the web serves ``BlobStore.path(sha256)``."""

    sha256: str
    size: int
    media_type: str
    filename: str | None


def find_state(session: Session, ref: str) -> RequestState | None:
    """The state row of a request named by its UUID or its receipt number (typed any way)."""
    text = ref.strip().lower()
    if _UUID.match(text):
        return session.get(RequestState, text)
    try:
        receipt = str(ReceiptNumber.parse(ref))
    except (ValidationError, ValueError):
        return None
    return session.execute(
        select(RequestState).where(RequestState.receipt_no == receipt)
    ).scalar_one_or_none()


def visible_state(session: Session, user: WebUser, ref: str) -> RequestState:
    return check_visible(user, find_state(session, ref))


def request_detail(
    session: Session, user: WebUser, receipt_or_uuid: str, *, now: dt.datetime
) -> RequestDetail:
    state = visible_state(session, user, receipt_or_uuid)
    # The request with its center's, service's and agency's names: one round trip.
    found = session.execute(
        select(
            HqRequest,
            Center.name,
            HqService.name_ar,
            HqService.name_en,
            Agency.name_ar,
            Agency.name_en,
        )
        .outerjoin(Center, Center.code == HqRequest.center)
        .outerjoin(HqService, HqService.code == HqRequest.service)
        .outerjoin(Agency, Agency.code == state.agency)
        .where(HqRequest.uuid == state.request_uuid)
    ).one_or_none()
    if found is None:  # a state without its request cannot be: treat it as absent
        raise NotFoundError("No such request")
    req, center_name, service_ar, service_en, agency_ar, agency_en = found
    payload: dict[str, Any] = req.payload if isinstance(req.payload, dict) else {}
    catalog = catalog_for(session)
    service_def = catalog.service(req.service) if catalog is not None else None
    raw_citizen = payload.get("citizen")
    citizen: dict[str, Any] = raw_citizen if isinstance(raw_citizen, dict) else {}
    days_late = 0
    if state.open and state.due_on is not None:  # only then is the calendar needed
        cal = current_calendar(session)
        days_late = working_days_late(cal, state.due_on, now.astimezone(cal.tz).date())
    allowed = TRANSITIONS.get(_status(state.status), frozenset())
    acting = may_act(user, state)
    return RequestDetail(
        request_uuid=req.uuid,
        receipt_no=req.receipt_no,
        center=req.center,
        center_name=center_name or req.center,
        station_no=req.station_no,
        service=req.service,
        service_name_ar=_first(
            service_ar, service_def.name_ar if service_def else None, req.service
        ),
        service_name_en=_first(
            service_en, service_def.name_en if service_def else None, req.service
        ),
        category=state.category,
        agency=state.agency,
        agency_name_ar=agency_ar,
        agency_name_en=agency_en,
        status=state.status,
        open=state.open,
        status_at=state.status_at,
        received_at=state.received_at,
        due_on=state.due_on,
        days_late=days_late,
        citizen_name=_text(citizen.get("name")) or "",
        national_id=_text(citizen.get("national_id")),
        phone=_text(citizen.get("phone")),
        organization=_text(payload.get("organization")),
        source=_text(payload.get("source")) or "",
        paper_ref=_text(payload.get("paper_ref")),
        catalog_version=_text(payload.get("catalog_version")),
        fields=_fields(payload.get("fields"), service_def),
        documents=_documents(payload.get("documents"), catalog, service_def),
        attachments=_attachments(session, req.uuid, catalog),
        timeline=_timeline(session, req.uuid),
        answers=_answers(session, req.uuid),
        notifications=_notifications(session, req.uuid),
        may_act=acting,
        actions=tuple(a for a, target in ACTION_TARGETS.items() if acting and target in allowed),
    )


def blob_for_user(session: Session, user: WebUser, request_uuid: str, sha256: str) -> BlobRef:
    """A file attached to a request ``user`` may see (a scan, or a complaint answer's file),
    held whole at HQ; "not found" for anything else, without saying which part failed. The
    request is named by its UUID or its receipt number."""
    state = visible_state(session, user, request_uuid)
    digest = sha256.strip().lower()
    if not _SHA256.match(digest):
        raise NotFoundError("No such file")
    found: tuple[str, str | None] | None = None
    for line in _attachments(session, state.request_uuid, None):
        if line.sha256 == digest:
            found = (_safe_type(line.media_type, line.filename), line.filename)
            break
    if found is None:
        answer = session.execute(
            select(ComplaintAnswer.file_name).where(
                ComplaintAnswer.request_uuid == state.request_uuid,
                ComplaintAnswer.file_sha256 == digest,
            )
        ).first()
        if answer is not None:
            found = (_safe_type(None, answer[0]), answer[0])
    blob = session.get(Blob, digest) if found is not None else None
    if found is None or blob is None or not blob.complete:
        raise NotFoundError("No such file")
    return BlobRef(digest, blob.size, found[0], found[1])


# -- parts -------------------------------------------------------------------------------------


def _fields(raw: Any, service: Service | None) -> tuple[FieldLine, ...]:
    if not isinstance(raw, dict):
        return ()
    lines = []
    # The catalog's order first (the form's order at the counter), then any other key.
    order = [f.key for f in service.fields] if service is not None else []
    keys = [k for k in order if k in raw] + sorted(k for k in raw if k not in order)
    for key in keys:
        value = raw[key]
        spec = service.field(key) if service is not None else None
        text = _value_text(value)
        text_en = text
        if spec is not None and spec.type is FieldType.CHOICE:
            choice = next((c for c in spec.choices if c.value == value), None)
            if choice is not None:
                text, text_en = choice.label_ar, choice.label_en
        lines.append(
            FieldLine(
                key=str(key),
                label_ar=spec.label_ar if spec is not None else str(key),
                label_en=spec.label_en if spec is not None else str(key),
                value=text,
                value_en=text_en,
            )
        )
    return tuple(lines)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _documents(
    raw: Any, catalog: Catalog | None, service: Service | None
) -> tuple[DocumentLine, ...]:
    if not isinstance(raw, list):
        return ()
    required = {d.type: d.requirement.value for d in service.documents} if service else {}
    lines = []
    for doc in raw:
        if not isinstance(doc, dict):
            continue
        code = str(doc.get("type", ""))
        kind = catalog.document_type(code) if catalog is not None else None
        lines.append(
            DocumentLine(
                type=code,
                name_ar=kind.name_ar if kind is not None else code,
                name_en=kind.name_en if kind is not None else code,
                state=str(doc.get("state", "")),
                note=_text(doc.get("note")),
                requirement=required.get(code),
            )
        )
    return tuple(lines)


def _attachments(
    session: Session, request_uuid: str, catalog: Catalog | None
) -> tuple[AttachmentLine, ...]:
    # The counter's attachment items are kept as received (ingest keeps their payload); the
    # index on their request (migration 0007) finds a request's without reading the others.
    rows = session.execute(
        select(ReceivedItem.payload, Blob.complete)
        .outerjoin(Blob, Blob.sha256 == ReceivedItem.payload["sha256"].as_string())
        .where(
            ReceivedItem.kind == ItemKind.ATTACHMENT.value,
            ReceivedItem.payload["request_uuid"].as_string() == request_uuid,
        )
        .order_by(ReceivedItem.received_at, ReceivedItem.item_id)
    ).all()
    lines = []
    for payload, complete in rows:
        if not isinstance(payload, dict):
            continue
        doc = str(payload.get("doc_type", ""))
        kind = catalog.document_type(doc) if catalog is not None else None
        lines.append(
            AttachmentLine(
                uuid=str(payload.get("uuid", "")),
                sha256=str(payload.get("sha256", "")),
                doc_type=doc,
                doc_name_ar=kind.name_ar if kind is not None else doc,
                doc_name_en=kind.name_en if kind is not None else doc,
                filename=_text(payload.get("filename")),
                media_type=_text(payload.get("media_type")),
                size=int(payload.get("size") or 0),
                created_at=str(payload.get("created_at", "")),
                actor=str(payload.get("actor", "")),
                station=str(payload.get("station", "")),
                held=bool(complete),
            )
        )
    return tuple(lines)


def _timeline(session: Session, request_uuid: str) -> tuple[TimelineStep, ...]:
    # Each step with what it told the station when HQ made it (agency, collection): the
    # change is found by the request (expression index, migration 0008), then by the step.
    sent = (
        select(ChangeRow.payload.label("payload"))
        .where(
            ChangeRow.kind == STATUS_EVENT,
            ChangeRow.payload["request_uuid"].as_string() == request_uuid,
        )
        .subquery("sent")
    )
    rows = session.execute(
        select(HqRequestEvent, sent.c.payload)
        .outerjoin(sent, sent.c.payload["uuid"].as_string() == HqRequestEvent.uuid)
        .where(HqRequestEvent.request_uuid == request_uuid)
        .order_by(HqRequestEvent.at, HqRequestEvent.id)
    ).all()
    steps = []
    for ev, payload in rows:
        extra: dict[str, Any] = payload if isinstance(payload, dict) else {}
        steps.append(
            TimelineStep(
                event_uuid=ev.uuid,
                at=ev.at,
                status=ev.status,
                origin=ev.origin,
                actor=ev.actor,
                station=ev.station,
                reason=ev.reason,
                agency=_text(extra.get("agency")),
                agency_name_ar=_text(extra.get("agency_name_ar")),
                agency_name_en=_text(extra.get("agency_name_en")),
                collect_from=_text(extra.get("collect_from")),
                collect_place=_text(extra.get("collect_place")),
            )
        )
    return tuple(steps)


def _answers(session: Session, request_uuid: str) -> tuple[AnswerLine, ...]:
    rows = session.execute(
        select(ComplaintAnswer, HqUser.display_name)
        .outerjoin(HqUser, HqUser.id == ComplaintAnswer.user_id)
        .where(ComplaintAnswer.request_uuid == request_uuid)
        .order_by(ComplaintAnswer.at, ComplaintAnswer.id)
    ).all()
    return tuple(
        AnswerLine(
            uuid=a.uuid,
            text=a.text,
            at=a.at,
            agency=a.agency,
            by=name,
            file_sha256=a.file_sha256,
            file_name=a.file_name,
            file_size=a.file_size,
        )
        for a, name in rows
    )


def _notifications(session: Session, request_uuid: str) -> tuple[NotificationLine, ...]:
    rows = session.execute(
        select(Notification)
        .where(Notification.request_uuid == request_uuid)
        .order_by(Notification.created_at, Notification.id)
    ).scalars()
    return tuple(
        NotificationLine(
            uuid=n.uuid,
            event_uuid=n.event_uuid,
            kind=n.kind,
            channel=n.channel,
            state=n.state,
            attempts=n.attempts,
            segments=n.segments,
            created_at=n.created_at,
            sent_at=n.sent_at,
            last_error=n.last_error,
        )
        for n in rows
    )


# -- the catalog -------------------------------------------------------------------------------

# Parsed catalogs by file digest: immutable by content, published a few times a year.
_PARSED: dict[str, Catalog] = {}


def catalog_for(session: Session) -> Catalog | None:
    """The catalog HQ published last to every center, else the one shipped with the counter;
    None when neither can be read (labels are then the keys)."""
    row = session.execute(
        select(ChangeRow.seq, ChangeRow.payload["sha256"].as_string())
        .where(
            # Changes for everyone are few: the (center, station_no, seq) index finds them
            # without reading the status events.
            ChangeRow.center.is_(None),
            ChangeRow.station_no.is_(None),
            ChangeRow.kind == CATALOG,
        )
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).one_or_none()
    if row is not None:
        digest = str(row[1] or row[0])
        cached = _PARSED.get(digest)
        if cached is None:
            change = session.get(ChangeRow, row[0])
            content = change.payload.get("content") if change is not None else None
            cached = _parse(content) if isinstance(content, str) else None
            if cached is None:
                return None
            _remember(digest, cached)
        return cached
    try:
        raw = shipped_catalog_path().read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    cached = _PARSED.get(digest)
    if cached is None:
        cached = _parse(raw)
        if cached is None:
            return None
        _remember(digest, cached)
    return cached


def shipped_catalog_path() -> Path:
    """The counter's shipped catalog (in the wheel beside the package, or the checkout's
    resources folder), found without importing the counter's non-domain code."""
    package = Path(counter_app.domain.__file__).resolve().parent.parent
    packaged = package / "resources" / "catalog" / "catalog.json"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "resources" / "catalog" / "catalog.json"


def _parse(content: str | bytes) -> Catalog | None:
    try:
        return parse_catalog(content)
    except ValidationError:
        return None


def _remember(digest: str, catalog: Catalog) -> None:
    if len(_PARSED) >= 8:
        _PARSED.clear()
    _PARSED[digest] = catalog


# -- small helpers -----------------------------------------------------------------------------


def _status(name: str) -> Status:
    try:
        return Status(name)
    except ValueError:
        return Status.CANCELLED  # an unknown status allows nothing (CANCELLED is final)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _first(*values: str | None) -> str:
    return next((v for v in values if v), "")


_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


def _safe_type(media_type: str | None, filename: str | None) -> str:
    """The type a file is served with: only scans and PDFs, which browsers show inline without
    running anything; whatever else a station claimed (text/html...) is a download."""
    claimed = (media_type or "").split(";")[0].strip().lower()
    if claimed in _TYPES.values():
        return claimed
    suffix = Path(filename).suffix.lower() if filename else ""
    return _TYPES.get(suffix, "application/octet-stream")
