"""Each request's current state at HQ (``request_states``), kept in step with its events.

The history stays the truth (events are append-only and a request's status is its newest
event's); this row is what the work queues filter, sort and count, so a queue over a million
requests never reads the events. Every writer of an event calls ``advance`` in the same
transaction: ingest (the counter's steps), the back office (HQ's steps), recovery.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from counter_app.domain.status import OPEN_STATUSES, Status
from counter_hq.models import HqRequest, HqService, RequestState

OPEN_NAMES = frozenset(s.value for s in OPEN_STATUSES)


def is_open(status: str) -> bool:
    return status in OPEN_NAMES


def due_on_of(payload: dict[str, Any]) -> dt.date | None:
    """The promised date the counter printed on the receipt (its calendar, its SLA)."""
    raw = payload.get("due_date")
    if not isinstance(raw, str):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def state_row(
    req: HqRequest, service: HqService | None, status: str, status_at: dt.datetime
) -> RequestState:
    """A new request's state: routed to its service's agency when HQ knows the service."""
    return RequestState(
        request_uuid=req.uuid,
        receipt_no=req.receipt_no,
        center=req.center,
        service=req.service,
        category=service.category if service is not None else "service",
        agency=service.agency if service is not None else None,
        status=status,
        open=is_open(status),
        status_at=status_at,
        received_at=req.received_at,
        due_on=due_on_of(req.payload),
    )


def advance(session: Session, request_uuid: str, status: Status | str, at: dt.datetime) -> None:
    """Record a step: the state follows it unless a newer step is already recorded (steps
    may arrive out of order: a station pushes days of work at once)."""
    name = status.value if isinstance(status, Status) else status
    session.execute(
        update(RequestState)
        .where(
            RequestState.request_uuid == request_uuid,
            RequestState.status_at <= at,
        )
        .values(status=name, open=is_open(name), status_at=at)
    )
