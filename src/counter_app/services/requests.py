"""Looking at one request and moving it along its status history."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, NotFound, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import Permission
from counter_app.domain.status import Status, check_reason, check_transition, parse_status
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.citizens import NameCorrection, corrections_since
from counter_app.services.context import Actor, AppContext
from counter_app.services.outbox import enqueue
from counter_app.services.scan_records import ScanView, scans_of
from counter_app.store.models import Citizen, Request, RequestDocument, RequestEvent, ServiceRow


@dataclass(frozen=True)
class EventView:
    uuid: str
    status: str
    at: dt.datetime
    actor: str
    station: str
    reason: str | None
    origin: str
    # An HQ step's agency (code and names as HQ sent them) and, when ready, where and from
    # which day the citizen collects; None on the counter's own steps.
    agency: str | None = None
    agency_name_ar: str | None = None
    agency_name_en: str | None = None
    collect_from: dt.date | None = None
    collect_place: str | None = None

    def agency_name(self, language: str) -> str | None:
        """The agency's name in ``language`` (Arabic when HQ gave no English one)."""
        if language == "en" and self.agency_name_en:
            return self.agency_name_en
        return self.agency_name_ar or self.agency_name_en or self.agency


# What a step says besides its status, in the citizen's words (services.requests.step_note).
_AGENCY_STEPS = {
    Status.FORWARDED.value: N_("Forwarded to {agency}"),
    Status.IN_PROGRESS.value: N_("Accepted by {agency}"),
    Status.NEEDS_INFO.value: N_("{agency} asks for information"),
    Status.REJECTED.value: N_("Rejected by {agency}"),
}


def step_note(event: EventView, translate: Callable[[str], str], language: str) -> str:
    """The step in words for the request's history (screen and ``request show`` alike):
    which agency holds the request, and for ``ready`` from when and where to collect.
    Empty for a step that says nothing more than its status."""
    agency = event.agency_name(language)
    if event.status == Status.READY.value:
        day = event.collect_from.isoformat() if event.collect_from else None
        place = event.collect_place
        if day and place:
            return translate(N_("Ready: collect from {date} at {place}")).format(
                date=day, place=place
            )
        if day:
            return translate(N_("Ready: collect from {date}")).format(date=day)
        if place:
            return translate(N_("Ready: collect at {place}")).format(place=place)
        if agency:
            return translate(N_("Ready at {agency}")).format(agency=agency)
        return ""
    words = _AGENCY_STEPS.get(event.status)
    if words is None or not agency:
        return ""
    return translate(words).format(agency=agency)


@dataclass(frozen=True)
class DocumentView:
    doc_type: str
    requirement: str
    state: str
    note: str | None


@dataclass(frozen=True)
class RequestView:
    uuid: str
    receipt_no: str
    service_code: str
    service_name_ar: str
    service_name_en: str
    national_id: str
    name: str
    phone: str | None
    fields: dict[str, Any]
    received_at: dt.datetime
    due_date: dt.date
    status: str
    source: str
    paper_ref: str | None
    documents: list[DocumentView]
    events: list[EventView]
    current_name: str = ""  # the citizen's name today (``name`` is the one taken at intake)
    corrections: list[NameCorrection] = field(default_factory=list)
    scans: list[ScanView] = field(default_factory=list)

    def overdue(self, today: dt.date) -> bool:
        return self.status not in {"ready", "delivered", "rejected", "cancelled"} and (
            today > self.due_date
        )


def find_request(session: Session, ref: str) -> Request:
    """A request by receipt number (as printed, any digit form) or by its UUID."""
    text = ref.strip()
    try:
        key = str(uuid.UUID(text))
        found = session.execute(select(Request).where(Request.uuid == key)).scalar_one_or_none()
    except ValueError:
        receipt = ReceiptNumber.parse(text)
        found = session.execute(
            select(Request).where(Request.receipt_no == str(receipt))
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(N_("No request with the number {ref}"), ref=text[:60])
    return found


def view_of(session: Session, req: Request) -> RequestView:
    svc = session.get(ServiceRow, req.service_code)
    citizen = session.get(Citizen, req.citizen_id)
    assert svc is not None and citizen is not None
    docs = session.execute(
        select(RequestDocument)
        .where(RequestDocument.request_id == req.id)
        .order_by(RequestDocument.id)
    ).scalars()
    events = session.execute(
        select(RequestEvent).where(RequestEvent.request_id == req.id).order_by(RequestEvent.id)
    ).scalars()
    return RequestView(
        uuid=req.uuid,
        receipt_no=req.receipt_no,
        service_code=req.service_code,
        service_name_ar=svc.name_ar,
        service_name_en=svc.name_en,
        national_id=citizen.national_id,
        # What the receipt says: a later intake's name is a correction, not a rewrite.
        name=req.citizen_name or citizen.name,
        phone=req.phone,
        fields=json.loads(req.fields),
        received_at=req.received_at,
        due_date=req.due_date,
        status=req.status,
        source=req.source,
        paper_ref=req.paper_ref,
        documents=[DocumentView(d.doc_type, d.requirement, d.state, d.note) for d in docs],
        events=[
            EventView(
                e.uuid,
                e.status,
                e.at,
                e.actor,
                e.station,
                e.reason,
                e.origin,
                e.agency,
                e.agency_name_ar,
                e.agency_name_en,
                e.collect_from,
                e.collect_place,
            )
            for e in events
        ],
        current_name=citizen.name,
        corrections=corrections_since(session, req),
        scans=scans_of(session, req),
    )


@use_case(Permission.VIEW_REQUESTS)
def show_request(ctx: AppContext, actor: Actor, ref: str) -> RequestView:
    with ctx.store.read() as session:
        return view_of(session, find_request(session, ref))


@use_case(Permission.CHANGE_STATUS)
def change_status(
    ctx: AppContext, actor: Actor, ref: str, new_status: str, reason: str | None = None
) -> RequestView:
    """Append a status event (the transition must be allowed) and queue it for HQ."""
    actor.require(Permission.CHANGE_STATUS)
    target = parse_status(new_status)
    clean_reason = (
        clean_input_text(reason, field="reason", max_length=1000) or None if reason else None
    )
    check_reason(target, clean_reason)
    with ctx.store.write() as session:
        req = find_request(session, ref)
        append_status_event(ctx, session, actor, req, target, clean_reason)
        return view_of(session, req)


def append_status_event(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    req: Request,
    target: Status,
    reason: str | None,
    *,
    details: dict[str, Any] | None = None,
) -> RequestEvent:
    """One status step inside the caller's transaction: event, cached status, outbox, audit."""
    check_transition(Status(req.status), target)
    if target is Status.SUBMITTED:
        raise ValidationError(N_("A request cannot be submitted twice"), field="status")
    now = ctx.clock()
    station = ctx.station(session)
    event = RequestEvent(
        uuid=str(uuid.uuid4()),
        request_id=req.id,
        status=target.value,
        at=now,
        user_id=actor.user_id,
        actor=actor.username,
        station=station.label,
        reason=reason,
        origin="counter",
    )
    session.add(event)
    req.status = target.value
    req.status_at = now
    session.flush()
    enqueue(
        session,
        kind="request.event",
        entity_uuid=event.uuid,
        at=now,
        payload={
            "request_uuid": req.uuid,
            "receipt_no": req.receipt_no,
            "uuid": event.uuid,
            "status": target.value,
            "at": now.isoformat(),
            "actor": actor.username,
            "station": station.label,
            "reason": reason,
            **({"details": details} if details else {}),
        },
    )
    append_audit(
        session,
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        station=station.label,
        action="request.status",
        entity="request",
        entity_ref=req.receipt_no,
        details={"status": target.value, **(details or {})},
    )
    return event
