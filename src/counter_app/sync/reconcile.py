"""Reconciliation: per local day, does HQ hold exactly the requests this station took?

Both sides compute, per Asia/Damascus day of ``received_at``, the count and the SHA-256 of the
day's sorted request UUIDs joined by newlines. Where they differ, the receipts whose request
was not yet acknowledged by HQ are listed as missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from counter_app.services.context import AppContext
from counter_app.services.sync_state import SENT
from counter_app.store.models import OutboxItem, Request
from counter_app.sync.client import HqClient


def day_digest(uuids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(uuids)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DayReconcile:
    day: dt.date
    local_count: int
    hq_count: int
    local_digest: str
    hq_digest: str | None
    missing: list[str]  # receipt numbers HQ has not acknowledged

    @property
    def agrees(self) -> bool:
        return self.local_count == self.hq_count and (
            self.local_count == 0 or self.local_digest == self.hq_digest
        )


@dataclass(frozen=True)
class ReconcileReport:
    start: dt.date
    end: dt.date
    days: list[DayReconcile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(d.agrees for d in self.days)

    def lines(self) -> list[str]:
        out = []
        for d in self.days:
            line = f"HQ has {d.hq_count} of {d.local_count} for {d.day.isoformat()}"
            if not d.agrees:
                line += "; missing: " + (", ".join(d.missing) if d.missing else "(digest differs)")
            out.append(line)
        return out


@dataclass(frozen=True)
class _Local:
    uuid: str
    receipt_no: str
    acknowledged: bool


def local_days(ctx: AppContext, start: dt.date, end: dt.date) -> dict[dt.date, list[_Local]]:
    tz = ctx.calendar.tz
    lo = dt.datetime.combine(start, dt.time(), tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz)
    found: dict[dt.date, list[_Local]] = defaultdict(list)
    with ctx.store.read() as session:
        rows = session.execute(
            select(Request.uuid, Request.receipt_no, Request.received_at, OutboxItem.state)
            .outerjoin(
                OutboxItem,
                and_(OutboxItem.entity_uuid == Request.uuid, OutboxItem.kind == "request.created"),
            )
            .where(Request.received_at >= lo, Request.received_at < hi)
        ).all()
    for uuid, receipt_no, received_at, state in rows:
        day = received_at.astimezone(tz).date()
        found[day].append(_Local(uuid, receipt_no, state == SENT))
    return found


def reconcile(ctx: AppContext, client: HqClient, start: dt.date, end: dt.date) -> ReconcileReport:
    local = local_days(ctx, start, end)
    answer = client.reconcile(start, end)
    hq = {d.day: d for d in answer.days}
    days = []
    held = {d for d, c in hq.items() if c.count and start <= d <= end}
    for day in sorted(set(local) | held):
        mine = local.get(day, [])
        theirs = hq.get(day)
        digest = day_digest([r.uuid for r in mine])
        entry = DayReconcile(
            day=day,
            local_count=len(mine),
            hq_count=theirs.count if theirs else 0,
            local_digest=digest,
            hq_digest=theirs.digest if theirs else None,
            missing=[],
        )
        if not entry.agrees:
            missing = sorted(r.receipt_no for r in mine if not r.acknowledged)
            entry = DayReconcile(
                day, entry.local_count, entry.hq_count, digest, entry.hq_digest, missing
            )
        days.append(entry)
    return ReconcileReport(start, end, days)
