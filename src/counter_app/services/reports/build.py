"""build_report: the supervision report of a period, from request_milestones (migration 0022,
kept by triggers from the request history) and a few small tables.

Each figure is one range of a covering index grouped in SQL (local days and working days are
SQL expressions, sqltime.py); Python only adds up a few hundred grouped rows. The semantics
are domain/report_model.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.periods import WorkingDayIndex, buckets, parse_period
from counter_app.domain.report_model import (
    Bucket,
    CountRow,
    Grouping,
    Period,
    Report,
    SeriesPoint,
)
from counter_app.domain.roles import Permission
from counter_app.domain.status import Status
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.reports.common import utc_text
from counter_app.services.reports.extras import call_summary, complaint_rows, station_health
from counter_app.services.reports.late import check_due_within, late_lists
from counter_app.services.reports.sqltime import (
    DAY,
    LocalTime,
    closes_seconds,
    epoch_day,
    epoch_seconds,
    from_epoch_day,
)

GROUPINGS = tuple(g.value for g in Grouping)
BUCKETS = tuple(b.value for b in Bucket)
# Figures counted from a first step, and the milestone column holding its time.
# (column, index name part); store/models_reports.py names the indexes.
STEP_FIGURES = {
    "forwarded": ("forwarded_at", "forwarded"),
    "needs_info": ("needs_info_at", "needs_info"),
    "ready": ("ready_at", "ready"),
    "delivered": ("delivered_at", "delivered"),
    "rejected": ("rejected_at", "rejected"),
}
SERIES_COLUMNS = {"received": "received_at", "ready": "ready_at", "delivered": "delivered_at"}
SERVICE_KEYED = frozenset({Grouping.SERVICE, Grouping.AGENCY, Grouping.CATEGORY})
# The figures the chart's line shows per bucket.
SERIES_FIGURES = ("received", "ready", "delivered")
CATEGORY_LABELS = {
    "service": (N_("Services"), "Services"),
    "complaint": (N_("Complaints"), "Complaints"),
}
_STATUS_ORDER = [s.value for s in Status]
# The requests open at a period's end (:b): closed after it, or still open; one range each.
OPEN_AT_END = (
    ("closed_at", "closed_at >= :b AND received_at < :b"),
    ("open", "closed_at IS NULL AND received_at < :b"),
)
# The statuses of a request closed at a period's end, in _key_column's CASE's order.
CLOSED_AT_END = ("cancelled", "rejected", "delivered", "ready")
HIGH = 2**32
# Figures a request may have in a period and still be open at its end.
OPEN_FIGURES = frozenset({"received", "forwarded", "needs_info"})
# ix_requests_open_status's condition, as its WHERE says it (SQLite matches the text).
OPEN_STATUS_WHERE = "status IN ('forwarded','in_progress','needs_info','submitted')"


def parse_grouping(value: Grouping | str) -> Grouping:
    try:
        return Grouping(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Unknown grouping {by}; use one of: {allowed}"),
            field="by",
            by=str(value)[:40],
            allowed=", ".join(GROUPINGS),
        ) from None


def parse_bucket(value: Bucket | str) -> Bucket:
    try:
        return Bucket(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Unknown bucket {bucket}; use one of: {allowed}"),
            field="bucket",
            bucket=str(value)[:40],
            allowed=", ".join(BUCKETS),
        ) from None


@dataclass
class _Acc:
    """One row's figures while the grouped rows are added up."""

    figures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    turnaround: dict[int, int] = field(default_factory=lambda: defaultdict(int))  # days -> n


def _key_column(grouping: Grouping, end_text: str, end_at: int) -> str:
    """The SQL of a milestone row's key for the grouping."""
    if grouping == Grouping.CLERK:
        return "coalesce(m.created_by, 0)"
    if grouping == Grouping.STATION:
        return "m.station"
    if grouping == Grouping.STATUS:
        # The status at the period's end of a request closed by then: a closing step by then
        # decides it (cancelled after ready is cancelled), from the closing times every figure's
        # index carries (0024). NULL for a request still open at the end: its status is its
        # newest step before the end, looked up once per such request (_Builder.open_status).
        return (
            f"CASE WHEN m.cancelled_at < {end_at} THEN 'cancelled' "
            f"WHEN m.rejected_at < {end_at} THEN 'rejected' "
            f"WHEN m.delivered_at < {end_at} THEN 'delivered' "
            f"WHEN m.ready_at < {end_at} THEN 'ready' END"
        )
    return "m.service_code"  # service, agency and category map from the service


def _utc_text(moment: dt.datetime) -> str:
    return utc_text(moment)


class _Builder:
    def __init__(
        self,
        session: Any,
        calendar: WorkingCalendar,
        period: Period,
        grouping: Grouping,
        bucket: Bucket,
    ) -> None:
        self.conn = session.connection()
        self.calendar = calendar
        self.period = period
        self.grouping = grouping
        self.bucket = bucket
        tz = calendar.tz
        self.start_at = epoch_seconds(dt.datetime.combine(period.start, dt.time(), tz))
        end_moment = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tz)
        self.end_at = epoch_seconds(end_moment)
        self.end_text = _utc_text(end_moment)
        self.local = LocalTime(tz, self.start_at, self.end_at)
        self.key = _key_column(grouping, self.end_text, self.end_at)
        self.rows: dict[Any, _Acc] = defaultdict(_Acc)
        self.open_status: dict[int, str] = {}  # by status: request id -> status at the end
        self.series: dict[dt.date, dict[str, int]] = {
            b: dict.fromkeys(SERIES_FIGURES, 0) for b in buckets(period, bucket)
        }

    def _all(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        bound = {"a": self.start_at, "b": self.end_at, **(params or {})}
        return list(self.conn.execute(text(sql), bound))

    def load_open_status(self) -> None:
        """Each request open at the period's end (received by then, not closed by then): its
        status then, and whether it was overdue then; the figures of these requests are
        counted from here, the closed ones' from the closing times in the indexes.

        Its status is its own when it is still open and its newest step is before the end
        (every such request from one small partial index, 0024), else its newest step before
        the end (one seek each of ix_request_events_request_at), else submitted (an import
        without its history)."""
        raw = self.conn.connection.dbapi_connection
        assert raw is not None
        bound = {"b": self.end_at, "end_text": self.end_text}
        # Read whole: its every entry is an open request (~37,000 on 1M); seeking it per
        # request would seek once per open status (the IN list).
        unchanged = dict(
            raw.execute(
                "SELECT id, status FROM requests INDEXED BY ix_requests_open_status "
                f"WHERE {OPEN_STATUS_WHERE} AND status_at < :end_text",
                bound,
            )
        )
        end_day = epoch_day(self.period.end)
        open_rows: list[tuple[int, int]] = []
        for index, where in OPEN_AT_END:
            open_rows.extend(
                raw.execute(
                    f"SELECT request_id, due_day < {end_day} FROM request_milestones "
                    f"INDEXED BY ix_request_milestones_{index} WHERE {where}",
                    bound,
                )
            )
        changed = [i for i, _ in open_rows if i not in unchanged]
        stepped = dict(
            raw.execute(
                "SELECT j.value, (SELECT e.status FROM request_events e "
                "INDEXED BY ix_request_events_request_at WHERE e.request_id = j.value "
                "AND e.at < :end_text ORDER BY e.at DESC, e.id DESC LIMIT 1) "
                "FROM json_each(:ids) j",
                {"ids": json.dumps(changed), "end_text": self.end_text},
            )
        )
        found: dict[int, str] = {}
        for request_id, overdue in open_rows:
            at_end = unchanged.get(request_id) or stepped.get(request_id) or "submitted"
            found[request_id] = at_end
            figures = self.rows[at_end].figures
            figures["open_at_end"] += 1
            figures["overdue_at_end"] += overdue
        self.open_status = found

    def counts(self, service_codes: list[str]) -> None:
        """Each figure per row, and the series' figures per bucket."""
        figures = {"received": ("received_at", "received"), **STEP_FIGURES}
        by_service = self.grouping in SERVICE_KEYED
        codes = {f"c{i}": code for i, code in enumerate(service_codes)}
        in_list = ",".join(f":{name}" for name in codes) or "NULL"
        for figure, (column, name) in figures.items():
            if by_service:
                # One range of (service_code, time) per service, read in order: no sort.
                sql = (
                    "SELECT service_code, count(*) FROM request_milestones m "
                    f"INDEXED BY ix_request_milestones_service_{name} "
                    f"WHERE service_code IN ({in_list}) AND {column} >= :a AND {column} < :b "
                    "GROUP BY service_code"
                )
            elif self.grouping == Grouping.STATUS:
                # Two sums rather than GROUP BY (a sorter over the range's every entry cost
                # more than the range: 10-17 ms a figure on a month of the 1M bench), each two
                # statuses' counts in the low and high 32 bits (a count is below 2**32).
                b = self.end_at
                firsts = (
                    f"sum(CASE WHEN m.cancelled_at < {b} THEN 1 "
                    f"WHEN m.rejected_at < {b} THEN {HIGH} END)"
                )
                lasts = (
                    f"sum(CASE WHEN m.cancelled_at < {b} OR m.rejected_at < {b} THEN NULL "
                    f"WHEN m.delivered_at < {b} THEN 1 WHEN m.ready_at < {b} THEN {HIGH} END)"
                )
                sql = (
                    f"SELECT {firsts}, {lasts} FROM request_milestones m "
                    f"INDEXED BY ix_request_milestones_{column} "
                    f"WHERE {column} >= :a AND {column} < :b"
                )
                (packed,) = self._all(sql)
                ns = [int(packed[0] or 0), int(packed[1] or 0)]
                counted = (ns[0] % HIGH, ns[0] // HIGH, ns[1] % HIGH, ns[1] // HIGH)
                for key, n in zip(CLOSED_AT_END, counted, strict=True):
                    if n:
                        self.rows[key].figures[figure] += n
                sql = ""
            else:
                # Named: each index carries the keys and the closing times (0024).
                sql = (
                    f"SELECT {self.key}, count(*) FROM request_milestones m "
                    f"INDEXED BY ix_request_milestones_{column} "
                    f"WHERE {column} >= :a AND {column} < :b GROUP BY 1"
                )
            for key, n in self._all(sql, codes) if sql else ():
                self.rows[key].figures[figure] += n
            if self.grouping == Grouping.STATUS and figure in OPEN_FIGURES:
                # Requests still open at the end with this first step in the period, by
                # their status then (load_open_status); a closing step in the period closes.
                # The DB-API cursor: SQLAlchemy's Row per id would cost more than the query.
                raw = self.conn.connection.dbapi_connection
                assert raw is not None
                ids = raw.execute(
                    f"SELECT request_id FROM request_milestones m "
                    f"INDEXED BY ix_request_milestones_{column} WHERE {column} >= :a "
                    f"AND {column} < :b AND (closed_at IS NULL OR closed_at >= :b)",
                    {"a": self.start_at, "b": self.end_at},
                )
                status_of = self.open_status
                for key, n in Counter(status_of[i] for (i,) in ids).items():
                    self.rows[key].figures[figure] += n
        self._series()

    def _series(self) -> None:
        """A count per bucket and figure: ranges of the time indexes, counted, never sorted."""
        tz = self.calendar.tz
        starts = sorted(self.series)
        bounds = []
        for i, start in enumerate(starts):
            first = max(start, self.period.start)
            after = starts[i + 1] if i + 1 < len(starts) else self.period.end + dt.timedelta(1)
            bounds.append(
                f"({i}, {epoch_seconds(dt.datetime.combine(first, dt.time(), tz))}, "
                f"{epoch_seconds(dt.datetime.combine(after, dt.time(), tz))})"
            )
        if not bounds:
            return
        counted = ", ".join(
            f"(SELECT count(*) FROM request_milestones WHERE {column} >= b.lo AND {column} < b.hi)"
            for column in (SERIES_COLUMNS[f] for f in SERIES_FIGURES)
        )
        sql = f"WITH b(i, lo, hi) AS (VALUES {', '.join(bounds)}) SELECT i, {counted} FROM b"
        for i, *ns in self._all(sql):
            point = self.series[starts[i]]
            for figure, n in zip(SERIES_FIGURES, ns, strict=True):
                point[figure] = int(n)

    def completions(self) -> None:
        """On time / late and turnaround of the requests completed in the period."""
        first = self.conn.execute(
            text(
                "SELECT min(received_at) FROM request_milestones "
                "WHERE done_at >= :a AND done_at < :b"
            ),
            {"a": self.start_at, "b": self.end_at},
        ).scalar()
        if first is None:
            return
        received = LocalTime(self.calendar.tz, int(first), self.end_at)
        self._load_days(from_epoch_day(int(first) // DAY - 1), self.period.end)
        local_received = received.seconds("m.received_at")
        done_day = self.local.day("m.done_at")
        # Working days from the day the request counts from (its receipt's day when received
        # in hours on a working day, else the next working day) to its completion's day.
        # Counted here rather than by GROUP BY: the connection keeps temporary b-trees in
        # memory (temp_store), where SQLite's sorter took 850 ms for a year's 330,000
        # completions; a Counter over the plain rows takes 330 (1M bench).
        sql = (
            f"SELECT {self.key}, "
            f"max(0, dd.ordinal - rd.ordinal - CASE WHEN rd.off = 0 AND {local_received} % {DAY} "
            f"< {closes_seconds(self.calendar)} THEN 0 ELSE 1 END) * 2 + ({done_day} <= m.due_day) "
            "FROM request_milestones m "
            f"JOIN temp.report_days dd ON dd.day = {done_day} "
            f"JOIN temp.report_days rd ON rd.day = ({local_received} / {DAY}) "
            "WHERE m.done_at >= :a AND m.done_at < :b"
        )
        # The DB-API cursor itself, in this session's transaction: SQLAlchemy's Row per row
        # would double the cost.
        raw = self.conn.connection.dbapi_connection
        assert raw is not None
        counted = Counter(raw.execute(sql, {"a": self.start_at, "b": self.end_at}))
        for (key, code), n in counted.items():
            acc = self.rows[key]
            acc.figures["on_time" if code % 2 else "late"] += n
            acc.turnaround[code // 2] += n

    def _load_days(self, first: dt.date, last: dt.date) -> None:
        """Each day's working-day ordinal, in a temporary table of this connection (not the
        database file): looked up twice per completion, it costs less than computing it."""
        days = WorkingDayIndex(self.calendar, first, last)
        self.conn.execute(
            text(
                "CREATE TEMP TABLE IF NOT EXISTS report_days (day INTEGER PRIMARY KEY, "
                "ordinal INTEGER NOT NULL, off INTEGER NOT NULL)"
            )
        )
        self.conn.execute(text("DELETE FROM temp.report_days"))
        rows = []
        day = first
        while day <= last:
            working = self.calendar.is_working_day(day)
            rows.append({"d": epoch_day(day), "o": days.ordinal(day), "f": 0 if working else 1})
            day += dt.timedelta(days=1)
        self.conn.execute(text("INSERT INTO temp.report_days VALUES (:d, :o, :f)"), rows)

    def open_at_end(self) -> None:
        """Received by the end and not closed by then: closed after the end, or still open
        (by status: load_open_status counted them)."""
        if self.grouping == Grouping.STATUS:
            return
        end_day = epoch_day(self.period.end)
        for index, where in OPEN_AT_END:
            # Named: the planner would rather read every row in service order than sort.
            sql = (
                f"SELECT {self.key}, count(*), sum(due_day < {end_day}) FROM request_milestones m "
                f"INDEXED BY ix_request_milestones_{index} WHERE {where} GROUP BY 1"
            )
            for key, n, overdue in self._all(sql):
                self.rows[key].figures["open_at_end"] += n
                self.rows[key].figures["overdue_at_end"] += int(overdue or 0)


def _histogram_percentiles(histogram: dict[int, int]) -> tuple[float | None, float | None]:
    """p50 and p90 (nearest rank) of the values a histogram holds."""
    total = sum(histogram.values())
    if total == 0:
        return None, None
    values = sorted(histogram)

    def at_rank(p: float) -> float:
        # The nearest rank domain/periods.percentile takes, without expanding the histogram.
        rank = max(1, math.ceil(p / 100.0 * total))
        seen = 0
        for v in values:
            seen += histogram[v]
            if seen >= rank:
                return float(v)
        return float(values[-1])

    return at_rank(50), at_rank(90)


def _row(key: str, label_ar: str, label_en: str, acc: _Acc) -> CountRow:
    p50, p90 = _histogram_percentiles(acc.turnaround)
    f = acc.figures
    return CountRow(
        key=key,
        label_ar=label_ar,
        label_en=label_en,
        received=f["received"],
        forwarded=f["forwarded"],
        needs_info=f["needs_info"],
        ready=f["ready"],
        delivered=f["delivered"],
        rejected=f["rejected"],
        open_at_end=f["open_at_end"],
        overdue_at_end=f["overdue_at_end"],
        on_time=f["on_time"],
        late=f["late"],
        turnaround_p50=p50,
        turnaround_p90=p90,
    )


def _merge(into: _Acc, other: _Acc) -> None:
    for name, n in other.figures.items():
        into.figures[name] += n
    for days, n in other.turnaround.items():
        into.turnaround[days] += n


Labeller = Callable[[Any], tuple[str, str, str]]  # raw key -> (key, label_ar, label_en)


def _labeller(session: Any, ctx: AppContext, grouping: Grouping) -> Labeller:
    conn = session.connection()
    if grouping in (Grouping.SERVICE, Grouping.AGENCY, Grouping.CATEGORY):
        services = {
            code: (agency, category, ar, en)
            for code, agency, category, ar, en in conn.execute(
                text("SELECT code, agency_code, category, name_ar, name_en FROM services")
            )
        }
        if grouping == Grouping.SERVICE:
            return lambda code: (code, *(services.get(code, (0, 0, code, code))[2:]))
        if grouping == Grouping.AGENCY:
            catalog = ctx.catalog(session)

            def agency(code: str) -> tuple[str, str, str]:
                agency_code = services.get(code, (code,))[0]
                found = catalog.agency(agency_code)
                if found is None:
                    return agency_code, agency_code, agency_code
                return agency_code, found.name_ar, found.name_en

            return agency

        from counter_app.i18n import Translator

        arabic = Translator.for_language("ar")

        def category(code: str) -> tuple[str, str, str]:
            name = services.get(code, (None, "service"))[1]
            msgid, english = CATEGORY_LABELS.get(name, (name, name))
            return name, str(arabic(msgid)), english

        return category
    if grouping == Grouping.CLERK:
        users = {
            uid: (name, full or name)
            for uid, name, full in conn.execute(text("SELECT id, username, full_name FROM users"))
        }

        def clerk(uid: int) -> tuple[str, str, str]:
            name, full = users.get(uid, ("-", "-"))
            return name, full, name

        return clerk
    if grouping == Grouping.STATUS:
        from counter_app.i18n import Translator

        arabic, english = Translator.for_language("ar"), Translator.for_language("en")
        return lambda status: (status, str(arabic(status)), str(english(status)))
    return lambda station: (station, station, station)


def _order(grouping: Grouping, rows: Iterable[CountRow]) -> list[CountRow]:
    if grouping == Grouping.STATUS:
        rank = {s: i for i, s in enumerate(_STATUS_ORDER)}
        return sorted(rows, key=lambda r: (rank.get(r.key, 99), r.key))
    return sorted(rows, key=lambda r: (-r.received, -r.ready - r.delivered, r.key))


def report_for_period(
    ctx: AppContext,
    session: Any,
    calendar: WorkingCalendar,
    period: Period,
    grouping: Grouping,
    bucket: Bucket,
    *,
    today: dt.date,
    due_soon_days: int,
    now: dt.datetime,
) -> Report:
    """The report inside the caller's read session (build_report checks and parses first)."""
    builder = _Builder(session, calendar, period, grouping, bucket)
    if grouping == Grouping.STATUS:
        builder.load_open_status()
    codes = [c for (c,) in session.connection().execute(text("SELECT code FROM services"))]
    builder.counts(codes)
    builder.completions()
    builder.open_at_end()
    label = _labeller(session, ctx, grouping)
    merged: dict[str, tuple[str, str, _Acc]] = {}
    for raw, acc in builder.rows.items():
        if raw is None:
            continue
        key, label_ar, label_en = label(raw)
        if key not in merged:
            merged[key] = (label_ar, label_en, _Acc())
        _merge(merged[key][2], acc)
    rows = [
        _row(key, ar, en, acc) for key, (ar, en, acc) in merged.items() if any(acc.figures.values())
    ]
    total = _Acc()
    for _, _, acc in merged.values():
        _merge(total, acc)
    overdue, due_soon = late_lists(session, calendar, today, due_within=due_soon_days, limit=200)
    station = ctx.station(session)
    return Report(
        center_code=station.center_code,
        center_name=station.center_name,
        period=period,
        grouping=grouping,
        bucket=bucket,
        rows=tuple(_order(grouping, rows)),
        totals=_row("total", "المجموع", "Total", total),
        series=tuple(
            SeriesPoint(start, **figures) for start, figures in sorted(builder.series.items())
        ),
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        due_soon_days=due_soon_days,
        complaints=tuple(complaint_rows(session, _utc_text_of(builder.start_at), builder.end_text)),
        calls=call_summary(session, _utc_text_of(builder.start_at), builder.end_text),
        sync=(station_health(session, station.label),),
        generated_at=now.astimezone(dt.UTC),
    )


def _utc_text_of(seconds: int) -> str:
    return _utc_text(dt.datetime.fromtimestamp(seconds, dt.UTC))


@use_case(Permission.VIEW_REPORTS)
def build_report(
    ctx: AppContext,
    actor: Actor,
    *,
    start: str | dt.date,
    end: str | dt.date,
    grouping: Grouping | str = Grouping.SERVICE,
    bucket: Bucket | str = Bucket.WEEK,
    due_soon_days: int = 3,
) -> Report:
    """The report of the local days ``start`` to ``end`` (both included; ISO dates in any
    digits, or today/yesterday/-7d), grouped by ``grouping``, its series by ``bucket``.
    A period with nothing in it is an empty report, not an error."""
    actor.require(Permission.VIEW_REPORTS)
    chosen = parse_grouping(grouping)
    step = parse_bucket(bucket)
    check_due_within(due_soon_days)
    now = ctx.clock()
    with ctx.store.read() as session:
        calendar = ctx.working_calendar(session)
        today = now.astimezone(calendar.tz).date()
        period = parse_period(_text(start), _text(end), today)
        return report_for_period(
            ctx,
            session,
            calendar,
            period,
            chosen,
            step,
            today=today,
            due_soon_days=due_soon_days,
            now=now,
        )


def _text(value: str | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


__all__ = ["BUCKETS", "GROUPINGS", "build_report", "parse_bucket", "parse_grouping"]
