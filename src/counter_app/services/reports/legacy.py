"""Counts per service, status or clerk over a period of local dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.fields import parse_date
from counter_app.domain.roles import Permission
from counter_app.services.context import Actor, AppContext

GROUPINGS = ("service", "status", "clerk")
_OPEN = "('submitted','forwarded','in_progress','needs_info')"
_DONE = "('ready','delivered')"
_QUERIES = {
    "service": text(
        "SELECT r.service_code AS service_code, s.name_ar AS service_name_ar, "
        "s.name_en AS service_name_en, count(*) AS count, "
        f"sum(r.status IN {_OPEN}) AS open, "
        f"sum(r.status IN {_OPEN} AND r.due_date < :today) AS overdue, "
        f"sum(r.status IN {_DONE} AND date(r.status_at) <= r.due_date) AS done_on_time, "
        f"sum(r.status IN {_DONE} AND date(r.status_at) > r.due_date) AS done_late "
        "FROM requests r JOIN services s ON s.code = r.service_code "
        "WHERE r.received_at >= :start AND r.received_at < :end "
        "GROUP BY r.service_code ORDER BY count DESC, r.service_code"
    ),
    "status": text(
        "SELECT r.status AS status, count(*) AS count FROM requests r "
        "WHERE r.received_at >= :start AND r.received_at < :end "
        "GROUP BY r.status ORDER BY count DESC, r.status"
    ),
    "clerk": text(
        "SELECT coalesce(u.username, '-') AS username, coalesce(u.full_name, '') AS full_name, "
        "count(*) AS count, "
        f"sum(r.status IN {_OPEN}) AS open "
        "FROM requests r LEFT JOIN users u ON u.id = r.created_by "
        "WHERE r.received_at >= :start AND r.received_at < :end "
        "GROUP BY r.created_by ORDER BY count DESC, username"
    ),
}


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    by: str
    total: int
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": self.by,
            "total": self.total,
            "rows": self.rows,
        }


def _utc_naive(day: dt.date, tz: dt.tzinfo) -> str:
    """Local midnight as the UTC text SQLAlchemy stores, so the index on received_at is used."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def build_report(
    ctx: AppContext, actor: Actor, start_text: str, end_text: str, by: str = "service"
) -> Report:
    actor.require(Permission.VIEW_REPORTS)
    start = parse_date(start_text, field="from")
    end = parse_date(end_text, field="to")
    if end < start:
        raise ValidationError(N_("The period ends before it starts"), field="to")
    if by not in GROUPINGS:
        raise ValidationError(
            N_("Unknown grouping {by}; use one of: {allowed}"),
            field="by",
            by=by,
            allowed=", ".join(GROUPINGS),
        )
    tz = ctx.calendar.tz
    params = {
        "start": _utc_naive(start, tz),
        "end": _utc_naive(end + dt.timedelta(days=1), tz),
        "today": ctx.clock().astimezone(tz).date().isoformat(),
    }
    with ctx.store.read() as session:
        rows = [dict(r._mapping) for r in session.execute(_QUERIES[by], params)]
    for row in rows:
        for key, value in row.items():
            if value is None and key != "full_name":
                row[key] = 0
    return Report(start, end, by, sum(int(r["count"]) for r in rows), rows)
