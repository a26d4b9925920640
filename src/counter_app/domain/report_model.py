"""What a supervision report holds, as plain data: the counter (services/reports), HQ
(counter_hq/reports.py) and every export (CSV, XLSX, PDF, the dashboard) speak this shape, so
a center's figures computed at either end can be compared field by field.

Semantics, fixed here once:
- A period is a range of local dates, both ends included.
- ``received`` counts requests taken in the period (their receipt's local day).
- ``ready``, ``delivered``, ``rejected``, ``needs_info`` and ``forwarded`` count requests whose
  *first* step to that status falls in the period, whenever they were received: a request ready
  last month and delivered this month is ready last month and delivered this month.
- ``on_time`` / ``late``: of the requests that became ready (or were delivered without a ready
  step) in the period, those whose day of completion was on or before their due date.
- ``open_at_end``: requests received by the period's end and not ready, delivered, rejected or
  cancelled by then; ``overdue_at_end``: those of them past their due date at the period's end.
- Turnaround is in working days (the working-day calendar in force: weekends and holidays do
  not count) from the receipt's day to the completion day; p50/p90 use the nearest-rank method
  over the requests completed in the period; None when none was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Grouping(StrEnum):
    SERVICE = "service"
    AGENCY = "agency"
    CATEGORY = "category"  # service | complaint: complaints as one line
    STATUS = "status"  # requests by their status at the period's end
    CLERK = "clerk"
    STATION = "station"


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"  # weeks start on Sunday, the first working day of a Syrian week
    MONTH = "month"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class CountRow:
    """One line of the table: a service, agency, category, status, clerk or station."""

    key: str  # the code, status name, username or station label
    label_ar: str
    label_en: str
    received: int = 0
    forwarded: int = 0
    needs_info: int = 0
    ready: int = 0
    delivered: int = 0
    rejected: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
    on_time: int = 0
    late: int = 0
    turnaround_p50: float | None = None  # working days
    turnaround_p90: float | None = None

    @property
    def on_time_pct(self) -> float | None:
        done = self.on_time + self.late
        return None if done == 0 else round(100.0 * self.on_time / done, 1)


@dataclass(frozen=True)
class SeriesPoint:
    """One day, week or month of the period (the chart's line)."""

    start: dt.date
    received: int = 0
    ready: int = 0
    delivered: int = 0


@dataclass(frozen=True)
class LateRequest:
    """A request on the overdue or due-soon list (opens the request in the desktop)."""

    receipt_no: str
    service_code: str
    service_ar: str
    service_en: str
    citizen_name: str
    status: str
    received_on: dt.date
    due_date: dt.date
    working_days_late: int  # negative: working days left before it is due


@dataclass(frozen=True)
class ComplaintRow:
    """Complaints by type (service code) and outcome (their status at the period's end)."""

    service_code: str
    label_ar: str
    label_en: str
    received: int = 0
    answered: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CallSummary:
    calls: dict[str, int] = field(default_factory=dict)  # outcome -> attempts in the period
    notifications: dict[str, int] = field(default_factory=dict)  # SMS state -> count


@dataclass(frozen=True)
class StationHealth:
    station: str  # the station label, e.g. MZH-02
    last_push: dt.datetime | None = None  # UTC
    last_pull: dt.datetime | None = None
    pending: int = 0  # outbox items not yet accepted by HQ
    failed: int = 0
    last_reconciliation: dt.datetime | None = None
    reconciliation_ok: bool | None = None
    detail: str = ""


@dataclass(frozen=True)
class Report:
    center_code: str
    center_name: str
    period: Period
    grouping: Grouping
    bucket: Bucket
    rows: tuple[CountRow, ...]
    totals: CountRow
    series: tuple[SeriesPoint, ...] = ()
    overdue: tuple[LateRequest, ...] = ()
    due_soon: tuple[LateRequest, ...] = ()
    due_soon_days: int = 3
    complaints: tuple[ComplaintRow, ...] = ()
    calls: CallSummary = field(default_factory=CallSummary)
    sync: tuple[StationHealth, ...] = ()
    generated_at: dt.datetime | None = None  # UTC

    def as_json(self) -> dict[str, Any]:
        """Plain JSON types (dates as ISO text), for `--format json` and comparisons."""
        from dataclasses import asdict

        def plain(value: Any) -> Any:
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            if isinstance(value, dict):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value

        out: dict[str, Any] = plain(asdict(self))
        out["rows"] = [
            dict(r, on_time_pct=row.on_time_pct)
            for r, row in zip(out["rows"], self.rows, strict=True)
        ]
        out["totals"]["on_time_pct"] = self.totals.on_time_pct
        return out
