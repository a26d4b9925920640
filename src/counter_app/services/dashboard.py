"""The supervisor's dashboard: today's numbers, this month's requests per service and agency,
received and ready per week, and the overdue and due-soon lists, read in one snapshot.

Figures follow domain/report_model.py and count like the report (services/reports/): a day is
a local day of the center's calendar; ``ready``, ``delivered`` and ``rejected`` count requests
whose *first* step to that status fell on the day, whenever they were received (the
``request_milestones`` table of migration 0022 holds those first steps). Every count is one
index range (requests: received_at, (status, due_date), (service_code, received_at), the two
partial indexes of migration 0021; request_milestones: received_at, ready_at, delivered_at,
rejected_at) and the two lists are the report's (services/reports/late.py late_lists), so a
refresh costs about the same on a station of a thousand requests or of a million
(bench/bench_dashboard.py, docs/BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.engine import Connection

from counter_app.domain.report_model import LateRequest, Period, SeriesPoint
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.reports.common import (
    day_start_text,
    local_midnight,
    today_local,
)
from counter_app.services.reports.late import check_due_within, due_horizon, late_lists
from counter_app.services.sync_state import read_sync_health

TOP_SERVICES = 10  # bars of the services chart; the rest are one "others" bar
WEEKS = 12
DUE_SOON_DAYS = 3
LIST_LIMIT = 200
OTHERS = "*others*"  # the key of the "others" bar (the screen names it in its language)

# The open statuses and the call list's waiting ones, written exactly as the WHERE clauses of
# migration 0021's partial indexes: SQLite uses a partial index only for the identical term.
_OPEN = "('forwarded','in_progress','needs_info','submitted')"
_TO_CALL = "('needs_info','rejected')"
# First steps in a period, as the UTC unix seconds request_milestones stores: each a covering
# range of its partial index (ready_at IS NOT NULL ...), no request row read.
_FIRST_STEPS = ("ready", "delivered", "rejected")
_STEPS = text(
    "SELECT "
    + ", ".join(
        f"(SELECT count(*) FROM request_milestones WHERE {s}_at >= :start AND {s}_at < :end)"
        for s in _FIRST_STEPS
    )
)
_RECEIVED = text("SELECT count(*) FROM requests WHERE received_at >= :start AND received_at < :end")
_NOW_COUNTS = text(
    "SELECT "
    f"(SELECT count(*) FROM requests WHERE status IN {_OPEN}), "
    f"(SELECT count(*) FROM requests WHERE status IN {_OPEN} AND due_date < :today), "
    f"(SELECT count(*) FROM requests WHERE status IN {_OPEN} "
    " AND due_date >= :today AND due_date <= :soon), "
    # Complaints open: per complaint service, entries of ix_requests_open_service.
    "(SELECT sum((SELECT count(*) FROM requests r WHERE r.service_code = s.code "
    f" AND r.status IN {_OPEN})) FROM services s WHERE s.category = 'complaint'), "
    # The call list's count (services/calls.py _CALL_LIST without its columns and order): a
    # ready request until handed over; needs-information or rejected until a call since that
    # step reached the citizen (called, or collected).
    "(SELECT count(*) FROM requests WHERE status IN ('ready','needs_info','rejected')) - "
    f"(SELECT count(*) FROM requests r WHERE r.status IN {_TO_CALL} AND EXISTS ("
    " SELECT 1 FROM call_attempts t WHERE t.request_id = r.id AND t.at >= r.status_at "
    " AND t.outcome IN ('called', 'collected'))), "
    "(SELECT count(*) FROM print_jobs WHERE state IN ('failed', 'interrupted'))"
)
# Received per service over a period: one covering range of (service_code, received_at) each.
_PER_SERVICE = text(
    "SELECT s.code, s.agency_code, s.name_ar, s.name_en, "
    "(SELECT count(*) FROM requests r WHERE r.service_code = s.code "
    " AND r.received_at >= :start AND r.received_at < :end) AS n "
    "FROM services s"
)


@dataclass(frozen=True)
class TodayNumbers:
    """The tiles. ``received`` .. ``rejected`` are today's; the rest are as of now."""

    received: int
    ready: int
    delivered: int
    rejected: int
    open_now: int
    overdue_now: int
    due_soon: int  # open, due today or within the next DUE_SOON_DAYS working days
    complaints_open: int
    calls_to_make: int
    print_failed: int  # failed or interrupted print jobs waiting for a person
    outbox_pending: int
    last_push: dt.datetime | None  # UTC: HQ last took what the station sent
    sync_enrolled: bool
    sync_error: str | None  # the sync worker's last error (a msgid + text), if any


@dataclass(frozen=True)
class Bar:
    """One bar: a service or agency (``key`` its code, OTHERS for the rest) and its count."""

    key: str
    label_ar: str
    label_en: str
    value: int


@dataclass(frozen=True)
class Dashboard:
    today: dt.date  # the center's local date the figures are for
    generated_at: dt.datetime  # UTC
    numbers: TodayNumbers
    month: Period  # the first of this month to today
    by_service: tuple[Bar, ...]  # received this month, most first, TOP_SERVICES + others
    by_agency: tuple[Bar, ...]  # received this month, most first
    weeks: tuple[SeriesPoint, ...]  # WEEKS weeks (Sunday first), the last one holds today
    overdue: tuple[LateRequest, ...]  # most overdue first, at most LIST_LIMIT
    due_soon: tuple[LateRequest, ...]  # soonest first, at most LIST_LIMIT
    due_soon_days: int = DUE_SOON_DAYS


def utc_text(day: dt.date, tz: dt.tzinfo) -> str:
    """Local midnight of ``day`` as the UTC text SQLAlchemy stores, so comparisons with
    requests.received_at are index ranges."""
    return day_start_text(day, tz)


def epoch(day: dt.date, tz: dt.tzinfo) -> int:
    """Local midnight of ``day`` in UTC unix seconds (request_milestones' unit)."""
    return int(local_midnight(day, tz).timestamp())


def week_start(day: dt.date) -> dt.date:
    """The Sunday a week (report_model.Bucket.WEEK) starting on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@use_case(Permission.VIEW_REPORTS)
def dashboard_snapshot(
    ctx: AppContext,
    actor: Actor,
    *,
    due_within: int = DUE_SOON_DAYS,
    limit: int = LIST_LIMIT,
) -> Dashboard:
    """Everything the dashboard shows, as of ``ctx.clock()``, in one read snapshot;
    supervisors and admins only (Permission.VIEW_REPORTS). ``due_within``: working days
    ahead the due-soon tile and list look (0 to 60); ``limit``: rows of each list."""
    actor.require(Permission.VIEW_REPORTS)
    check_due_within(due_within)
    now = ctx.clock()
    with ctx.store.read() as session:
        cal = ctx.working_calendar(session)
        catalog = ctx.catalog(session)
        conn = session.connection()
        tz = cal.tz
        today = today_local(now, tz)
        soon = due_horizon(cal, today, due_within)
        tomorrow = today + dt.timedelta(days=1)
        received = int(
            conn.execute(
                _RECEIVED, {"start": utc_text(today, tz), "end": utc_text(tomorrow, tz)}
            ).scalar_one()
        )
        ready, delivered, rejected = conn.execute(
            _STEPS, {"start": epoch(today, tz), "end": epoch(tomorrow, tz)}
        ).one()
        dates = {"today": today.isoformat(), "soon": soon.isoformat()}
        open_now, overdue_now, due_soon_n, complaints, calls, printing = conn.execute(
            _NOW_COUNTS, dates
        ).one()
        month = Period(today.replace(day=1), today)
        per_service = conn.execute(
            _PER_SERVICE, {"start": utc_text(month.start, tz), "end": utc_text(tomorrow, tz)}
        ).all()
        weeks = _weeks(conn, today, tz)
        # The report's lists (the same rows and working days as `counter-app report`).
        overdue, due_soon = late_lists(session, cal, today, due_within=due_within, limit=limit)
    health = read_sync_health(ctx)
    agencies = {a.code: a for a in catalog.agencies}
    return Dashboard(
        today=today,
        generated_at=now.astimezone(dt.UTC),
        numbers=TodayNumbers(
            received=received,
            ready=int(ready),
            delivered=int(delivered),
            rejected=int(rejected),
            open_now=int(open_now),
            overdue_now=int(overdue_now),
            due_soon=int(due_soon_n),
            complaints_open=int(complaints or 0),
            calls_to_make=int(calls),
            print_failed=int(printing),
            outbox_pending=health.outbox_pending,
            last_push=health.last_success_at,
            sync_enrolled=health.enrolled,
            sync_error=health.last_error,
        ),
        month=month,
        by_service=_service_bars(per_service),
        by_agency=_agency_bars(per_service, agencies),
        weeks=weeks,
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        due_soon_days=due_within,
    )


def _weeks_statement(weeks: int) -> TextClause:
    """Received, ready and delivered per week as one statement of range counts, each over a
    covering index of request_milestones (integer keys: a quarter faster to step through than
    requests.received_at's text); ``:s<i>`` are the weeks' local midnights in unix seconds."""
    parts = [
        f"SELECT {i}, "
        f"(SELECT count(*) FROM request_milestones WHERE received_at >= :s{i} "
        f" AND received_at < :s{i + 1}), "
        f"(SELECT count(*) FROM request_milestones WHERE ready_at >= :s{i} "
        f" AND ready_at < :s{i + 1}), "
        f"(SELECT count(*) FROM request_milestones WHERE delivered_at >= :s{i} "
        f" AND delivered_at < :s{i + 1})"
        for i in range(weeks)
    ]
    return text(" UNION ALL ".join(parts))


_WEEKS = _weeks_statement(WEEKS)  # built once: SQLAlchemy compiles it once too


def _weeks(conn: Connection, today: dt.date, tz: dt.tzinfo) -> tuple[SeriesPoint, ...]:
    """The last WEEKS weeks (Sunday first), the one under way last; no row of them read."""
    first = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    starts = [first + dt.timedelta(weeks=i) for i in range(WEEKS + 1)]
    params: dict[str, Any] = {}
    for i, day in enumerate(starts):
        params[f"s{i}"] = epoch(day, tz)
    counts = {int(r[0]): r for r in conn.execute(_WEEKS, params)}
    return tuple(
        SeriesPoint(starts[i], int(counts[i][1]), int(counts[i][2]), int(counts[i][3]))
        for i in range(WEEKS)
    )


def _service_bars(rows: Sequence[Any]) -> tuple[Bar, ...]:
    ranked = sorted((r for r in rows if r.n), key=lambda r: (-int(r.n), r.code))
    bars = [Bar(r.code, r.name_ar, r.name_en, int(r.n)) for r in ranked[:TOP_SERVICES]]
    rest = sum(int(r.n) for r in ranked[TOP_SERVICES:])
    if rest:
        bars.append(Bar(OTHERS, "", "", rest))
    return tuple(bars)


def _agency_bars(rows: Sequence[Any], agencies: Mapping[str, Any]) -> tuple[Bar, ...]:
    totals: dict[str, int] = {}
    for r in rows:
        if r.n:
            totals[r.agency_code] = totals.get(r.agency_code, 0) + int(r.n)
    bars = []
    for code, n in totals.items():
        agency = agencies.get(code)  # an agency of an older catalog: named by its code
        bars.append(
            Bar(code, agency.name_ar if agency else code, agency.name_en if agency else code, n)
        )
    return tuple(sorted(bars, key=lambda b: (-b.value, b.key)))
