"""HQ admin use cases for the SMS outbox: recent messages, opt-outs, opting a phone out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from counter_hq.errors import ConflictError, Invalid
from counter_hq.models import (
    HqAudit,
    Notification,
    RequestState,
    SmsOptOut,
)
from counter_hq.notify.changes import notification_change
from counter_hq.notify.outbox import OPTED_OUT, QUEUED, RETRY, normalize_phone
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.common import (
    BAD_PHONE,
    BAD_STATE,
    NOTIFICATION_PAGE,
    NOTIFICATION_STATES,
    OPTED_OUT_ALREADY,
)


@dataclass(frozen=True)
class MessageRow:
    id: int
    receipt_no: str | None
    center: str
    kind: str
    state: str
    phone: str | None  # shown masked: the page needs to tell numbers apart, not to dial them
    attempts: int
    segments: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None


@dataclass(frozen=True)
class OptOutRow:
    phone: str
    created_at: dt.datetime
    source: str


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    return phone[:6] + "•" * max(0, len(phone) - 9) + phone[-3:]


def recent_notifications(
    session: Session, user: WebUser, state: str | None = None, limit: int = NOTIFICATION_PAGE
) -> list[MessageRow]:
    """The newest messages of the outbox (optionally of one state), newest first."""
    check_admin(user)
    query = (
        select(Notification, RequestState.receipt_no)
        .outerjoin(RequestState, RequestState.request_uuid == Notification.request_uuid)
        .order_by(Notification.id.desc())
        .limit(max(1, min(limit, 500)))
    )
    if state:
        if state not in NOTIFICATION_STATES:
            raise Invalid(BAD_STATE, state=state[:20])
        query = query.where(Notification.state == state)
    return [
        MessageRow(
            n.id,
            receipt,
            n.center,
            n.kind,
            n.state,
            mask_phone(n.phone),
            n.attempts,
            n.segments,
            n.last_error,
            n.created_at,
            n.sent_at,
        )
        for n, receipt in session.execute(query).tuples()
    ]


def opt_outs(session: Session, user: WebUser, limit: int = 200) -> list[OptOutRow]:
    check_admin(user)
    return [
        OptOutRow(mask_phone(o.phone) or "", o.created_at, o.source)
        for o in session.execute(
            select(SmsOptOut).order_by(SmsOptOut.created_at.desc()).limit(limit)
        ).scalars()
    ]


@dataclass(frozen=True)
class OptedOut:
    phone: str  # masked
    cancelled: int  # waiting messages to it that will not be sent


def opt_out(session: Session, user: WebUser, now: dt.datetime, phone: str) -> OptedOut:
    """The number gets no more messages: kept normalised, and the messages still waiting for
    it become ``opted_out`` (final, told to their station) unless a sender holds one already.
    Audited; commits."""
    check_admin(user)
    number = normalize_phone(phone)
    if number is None:
        raise Invalid(BAD_PHONE, phone=phone.strip()[:20])
    if session.get(SmsOptOut, number) is not None:
        raise ConflictError(OPTED_OUT_ALREADY, phone=mask_phone(number))
    session.add(SmsOptOut(phone=number, created_at=now, source="admin"))
    # Conditional on the waiting states: a sender's claim (sending) and this update cannot
    # both take one message; what a sender holds already is sent or fails as it would.
    result = session.execute(
        update(Notification)
        .where(Notification.phone == number, Notification.state.in_((QUEUED, RETRY)))
        .values(state=OPTED_OUT, next_attempt_at=None)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    ids = [int(i) for i in cast(CursorResult[Any], result).scalars()]
    if ids:
        rows = session.execute(
            select(Notification, RequestState.receipt_no)
            .outerjoin(RequestState, RequestState.request_uuid == Notification.request_uuid)
            .where(Notification.id.in_(ids))
            .order_by(Notification.id)
        ).tuples()
        for row, receipt in rows:
            notification_change(session, row, receipt, now)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="sms.opt_out",
            target=mask_phone(number),
            details={"cancelled": len(ids)},
        )
    )
    session.commit()
    return OptedOut(mask_phone(number) or "", len(ids))
