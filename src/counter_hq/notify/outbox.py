"""Queueing a citizen's SMS in the event's own transaction (the transactional outbox).

``enqueue_for_step`` is called by whoever records the event (a status step in the back office,
a complaint answer) inside THEIR transaction, before they commit: the message exists exactly
when the event does. One row per ``event_uuid`` (unique): a second call for the same event,
in this transaction or a racing one, returns the row already there and never adds another.

A request without a phone, or with something that is not a Syrian mobile number, gets a row
in state ``no_phone``; an opted-out number a row in ``opted_out``. Neither is ever sent; both
are final at once, and their change for the counter's call list is appended right here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.identity import parse_mobile
from counter_hq.errors import Invalid
from counter_hq.models import Center, HqRequest, Notification, SmsOptOut
from counter_hq.notify.changes import notification_change
from counter_hq.notify.templates import KINDS, render

QUEUED, SENDING, RETRY = "queued", "sending", "retry"
SENT, FAILED, OPTED_OUT, NO_PHONE = "sent", "failed", "opted_out", "no_phone"
FINAL_STATES = frozenset({SENT, FAILED, OPTED_OUT, NO_PHONE})
DUE_STATES = (QUEUED, RETRY)


def international(phone: str) -> str:
    """``09XXXXXXXX`` -> ``+9639XXXXXXXX`` (how opt-outs are kept and gateways are addressed)."""
    return "+963" + phone[1:]


def normalize_phone(raw: str | None) -> str | None:
    """The E.164 form of a Syrian mobile number typed any way, None when it is not one."""
    if not raw or not raw.strip():
        return None
    try:
        return international(parse_mobile(raw))
    except ValidationError:
        return None


def is_opted_out(session: Session, phone: str) -> bool:
    return session.get(SmsOptOut, phone) is not None


def enqueue_for_step(
    session: Session,
    *,
    request_uuid: str,
    event_uuid: str,
    kind: str,
    now: dt.datetime,
    details: Mapping[str, str] | None = None,
) -> Notification | None:
    """Queue the message for one event; None when HQ does not hold the request (a step for a
    request not received yet cannot name a receipt or a phone). Flushes, never commits."""
    if kind not in KINDS:
        raise Invalid(f"no notification for {kind!r} (one of {', '.join(KINDS)})")
    existing = _by_event(session, event_uuid)
    if existing is not None:
        return existing
    req = session.execute(
        select(HqRequest).where(HqRequest.uuid == request_uuid)
    ).scalar_one_or_none()
    if req is None:
        return None
    center = session.get(Center, req.center)
    rendered = render(
        kind,
        receipt_no=req.receipt_no,
        center_name=center.name if center is not None else req.center,
        details=details,
    )
    citizen = req.payload.get("citizen") if isinstance(req.payload, dict) else None
    raw_phone = citizen.get("phone") if isinstance(citizen, dict) else None
    phone = normalize_phone(raw_phone if isinstance(raw_phone, str) else None)
    error: str | None = None
    if phone is None:
        state = NO_PHONE
        if isinstance(raw_phone, str) and raw_phone.strip():
            error = "not a mobile number"  # never the number itself: it may be anything
    elif is_opted_out(session, phone):
        state = OPTED_OUT
    else:
        state = QUEUED
    values = {
        "uuid": str(uuid.uuid4()),
        "event_uuid": event_uuid,
        "request_uuid": req.uuid,
        "center": req.center,
        "station_no": req.station_no,
        "kind": kind,
        "channel": "sms",
        "phone": phone,
        "body": rendered.text,
        "segments": rendered.segments,
        "state": state,
        "attempts": 0,
        "next_attempt_at": now if state == QUEUED else None,
        "last_error": error,
        "gateway_ref": None,
        "created_at": now,
        "sent_at": None,
    }
    # ON CONFLICT DO NOTHING: a racing transaction that queued the same event first wins and
    # this one reads its row, without an error that would abort the caller's transaction.
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(Notification).values(**values).on_conflict_do_nothing(index_elements=["event_uuid"])
    )
    row = _by_event(session, event_uuid)
    if row is not None and state != QUEUED and row.uuid == values["uuid"]:
        # Final at birth: the counter learns it with the event, in the same transaction.
        notification_change(session, row, req.receipt_no, now)
    return row


def _by_event(session: Session, event_uuid: str) -> Notification | None:
    return session.execute(
        select(Notification).where(Notification.event_uuid == event_uuid)
    ).scalar_one_or_none()
