"""The diwan (ديوان): the ministry's incoming register, one entry per request's paper file.

Register numbers restart at 1 each (local) year and have no gaps: the number is allocated in
the transaction that writes the entry, as receipt sequence numbers are, so a number is either
committed with its entry or never handed out. Entries are never rewritten (triggers).

Registering a request a second time is refused (``Conflict``) with the number it already has:
an official register must not get two numbers for one file, and the message gives the clerk
the number to write on the paper.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, Conflict, NotFound
from counter_app.domain.register_number import RegisterNumber
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.record import record_change
from counter_app.services.requests import find_request
from counter_app.store.models import Citizen, DiwanEntry, Request, ServiceRow, User

SUBJECT_LIMIT = 500
_NEXT_NO = text(
    "UPDATE diwan_sequences SET last_no = last_no + 1 WHERE year = :year RETURNING last_no"
)
_FIRST_NO = text("INSERT INTO diwan_sequences (year, last_no) VALUES (:year, 1)")


@dataclass(frozen=True)
class RegisterEntryView:
    uuid: str
    register_no: str  # as written on paper: 1234/2026
    year: int
    number: int
    registered_on: dt.date  # the center's local day
    subject: str
    receipt_no: str
    request_uuid: str
    service_code: str
    citizen_name: str
    created_at: dt.datetime
    created_by: str


def _view(session: Session, entry: DiwanEntry) -> RegisterEntryView:
    req = session.get(Request, entry.request_id)
    assert req is not None
    citizen = session.get(Citizen, req.citizen_id)
    user = session.get(User, entry.created_by) if entry.created_by else None
    return RegisterEntryView(
        uuid=entry.uuid,
        register_no=str(RegisterNumber(entry.year, entry.number)),
        year=entry.year,
        number=entry.number,
        registered_on=entry.registered_on,
        subject=entry.subject,
        receipt_no=req.receipt_no,
        request_uuid=req.uuid,
        service_code=req.service_code,
        citizen_name=citizen.name if citizen else "",
        created_at=entry.created_at,
        created_by=(user.full_name or user.username) if user else "-",
    )


def entry_of(session: Session, request_id: int) -> DiwanEntry | None:
    return session.execute(
        select(DiwanEntry).where(DiwanEntry.request_id == request_id)
    ).scalar_one_or_none()


def _by_number(session: Session, number: RegisterNumber) -> DiwanEntry:
    entry = session.execute(
        select(DiwanEntry).where(DiwanEntry.year == number.year, DiwanEntry.number == number.number)
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound(N_("There is no register entry {number}"), number=str(number))
    return entry


def find_archived_request(session: Session, ref: str) -> Request:
    """A request by register number (1234/2026), receipt number or UUID."""
    if RegisterNumber.looks_like(ref):
        entry = _by_number(session, RegisterNumber.parse(ref))
        req = session.get(Request, entry.request_id)
        assert req is not None
        return req
    return find_request(session, ref)


def _allocate(session: Session, year: int) -> int:
    number = session.connection().execute(_NEXT_NO, {"year": year}).scalar_one_or_none()
    if number is None:
        session.connection().execute(_FIRST_NO, {"year": year})
        number = 1
    return int(number)


@use_case(Permission.MANAGE_ARCHIVE)
def register_request(
    ctx: AppContext, actor: Actor, ref: str, *, subject: str | None = None
) -> RegisterEntryView:
    """Enter the request ``ref`` in this year's register; the subject defaults to the
    service's (Arabic) name."""
    actor.require(Permission.MANAGE_ARCHIVE)
    clean_subject = clean_input_text(subject or "", field="subject", max_length=SUBJECT_LIMIT)
    with ctx.store.write() as session:
        req = find_request(session, ref)
        existing = entry_of(session, req.id)
        if existing is not None:
            raise Conflict(
                N_("Request {receipt} is already registered as {number}"),
                receipt=req.receipt_no,
                number=str(RegisterNumber(existing.year, existing.number)),
            )
        if not clean_subject:
            service = session.get(ServiceRow, req.service_code)
            clean_subject = service.name_ar if service else req.service_code
        now = ctx.clock()
        local_day = now.astimezone(ctx.calendar.tz).date()
        number = RegisterNumber(local_day.year, _allocate(session, local_day.year))
        entry = DiwanEntry(
            uuid=str(uuid.uuid4()),
            year=number.year,
            number=number.number,
            request_id=req.id,
            registered_on=local_day,
            subject=clean_subject,
            created_at=now,
            created_by=actor.user_id,
        )
        session.add(entry)
        session.flush()
        record_change(
            ctx,
            session,
            actor,
            at=now,
            kind="diwan.entry",
            entity_uuid=entry.uuid,
            payload={
                "uuid": entry.uuid,
                "register_no": str(number),
                "year": number.year,
                "number": number.number,
                "registered_on": local_day.isoformat(),
                "subject": clean_subject,
                "request_uuid": req.uuid,
                "receipt_no": req.receipt_no,
            },
            action="diwan.register",
            entity="request",
            entity_ref=req.receipt_no,
            details={"register_no": str(number), "subject": clean_subject},
        )
        return _view(session, entry)


@use_case(Permission.VIEW_ARCHIVE)
def find_register_entry(ctx: AppContext, actor: Actor, number: str) -> RegisterEntryView:
    """The entry with the register number ``number`` (e.g. ``1234/2026``)."""
    parsed = RegisterNumber.parse(number)
    with ctx.store.read() as session:
        return _view(session, _by_number(session, parsed))


@use_case(Permission.VIEW_ARCHIVE)
def register_entry_of_request(ctx: AppContext, actor: Actor, ref: str) -> RegisterEntryView | None:
    """The register entry of the request ``ref``, if it is registered."""
    with ctx.store.read() as session:
        entry = entry_of(session, find_request(session, ref).id)
        return _view(session, entry) if entry else None


@use_case(Permission.VIEW_ARCHIVE)
def list_register(
    ctx: AppContext, actor: Actor, *, year: int | None = None, limit: int = 100
) -> list[RegisterEntryView]:
    """The newest entries (of ``year``, default every year), for the register screen."""
    with ctx.store.read() as session:
        stmt = select(DiwanEntry).order_by(DiwanEntry.year.desc(), DiwanEntry.number.desc())
        if year is not None:
            stmt = stmt.where(DiwanEntry.year == year)
        rows = session.execute(stmt.limit(max(1, min(limit, 1000)))).scalars().all()
        return [_view(session, e) for e in rows]
