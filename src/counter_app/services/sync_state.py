"""What the station knows about its sync with HQ: health for the status bar, and the items a
person must look at (quarantined outbox items, HQ changes that could not be applied)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import OutboxItem, Station, SyncProblem, SyncState

PENDING = "pending"
SENT = "sent"
QUARANTINED = "quarantined"


def state_row(session: Session) -> SyncState:
    """The single sync_state row, created on first use (inside the caller's transaction)."""
    row = session.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, pull_cursor=0)
        session.add(row)
        session.flush()
    return row


@dataclass(frozen=True)
class SyncHealth:
    enrolled: bool
    hq_url: str | None
    outbox_pending: int
    oldest_pending: dt.datetime | None
    oldest_pending_age_seconds: float | None
    quarantined: int
    problems: int
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error: str | None
    clock_skew_seconds: float | None
    pull_cursor: int
    # Why this station's number issues no more receipts (services/station_identity.py), if so.
    retired: str | None = None


def _aware(value: dt.datetime | str | None) -> dt.datetime | None:
    # Aggregates (min) bypass the column type, so SQLite hands back text.
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value


@use_case(Permission.VIEW_SYNC)
def sync_health(ctx: AppContext, actor: Actor) -> SyncHealth:
    """The status bar's and `sync-status`'s figures, for a person."""
    return read_sync_health(ctx)


def read_sync_health(ctx: AppContext) -> SyncHealth:
    """The same read for the program itself, on no one's behalf (whether the desktop starts its
    sync worker) or as a step of a use case already checked (the dashboard)."""
    with ctx.store.read() as session:
        pending, oldest = session.execute(
            select(func.count(OutboxItem.id), func.min(OutboxItem.created_at)).where(
                OutboxItem.state == PENDING
            )
        ).one()
        quarantined = session.execute(
            select(func.count(OutboxItem.id)).where(OutboxItem.state == QUARANTINED)
        ).scalar_one()
        problems = session.execute(select(func.count(SyncProblem.id))).scalar_one()
        row = session.get(SyncState, 1)
        retired = session.execute(select(Station.retired_reason)).scalar()
    oldest_at = _aware(oldest)
    age = (ctx.clock() - oldest_at).total_seconds() if oldest_at else None
    return SyncHealth(
        enrolled=bool(row and row.hq_url),
        hq_url=row.hq_url if row else None,
        outbox_pending=int(pending),
        oldest_pending=oldest_at,
        oldest_pending_age_seconds=age,
        quarantined=int(quarantined),
        problems=int(problems),
        last_attempt_at=row.last_attempt_at if row else None,
        last_success_at=row.last_success_at if row else None,
        last_error=row.last_error if row else None,
        clock_skew_seconds=row.clock_skew_seconds if row else None,
        pull_cursor=row.pull_cursor if row else 0,
        retired=retired,
    )


@dataclass(frozen=True)
class QuarantineEntry:
    source: str  # "outbox" (HQ refused what we sent) or "pull" (HQ sent what we cannot apply)
    ref: str  # outbox item uuid, or HQ's change sequence number
    kind: str
    entity: str | None
    reason: str | None
    at: dt.datetime
    attempts: int


@use_case(Permission.VIEW_SYNC)
def quarantine_list(ctx: AppContext, actor: Actor, *, limit: int = 500) -> list[QuarantineEntry]:
    """Everything that did not go through, for a person: never dropped, always listed."""
    with ctx.store.read() as session:
        items = session.execute(
            select(OutboxItem)
            .where(OutboxItem.state == QUARANTINED)
            .order_by(OutboxItem.id)
            .limit(limit)
        ).scalars()
        out = [
            QuarantineEntry(
                "outbox", i.uuid, i.kind, i.entity_uuid, i.last_error, i.created_at, i.attempts
            )
            for i in items
        ]
        problems = session.execute(
            select(SyncProblem).order_by(SyncProblem.id).limit(limit)
        ).scalars()
        out.extend(
            QuarantineEntry("pull", str(p.seq), p.kind, p.ref, p.reason, p.created_at, 0)
            for p in problems
        )
    return out
