"""What every export of a report shares: its columns, their headings, the words of a row.

The three formats show the same table, in the same column order (reading order: in Arabic the
first column is the rightmost on paper and in a right-to-left sheet), with the same headings,
so a figure found in one is found under the same heading in the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.errors import N_
from counter_app.domain.report_model import Bucket, CountRow, Grouping, LateRequest, Report
from counter_app.i18n import Translator

Number = int | float | None


@dataclass(frozen=True)
class NumberColumn:
    msgid: str
    value: Callable[[CountRow], Number]
    kind: str = "int"  # int | pct (0-100, one decimal) | days (working days, one decimal)


# The headings are their own msgids ("Received in the period", not "Received"): the short
# words are already translated elsewhere with another sense ("Received" is the date received).
NUMBER_COLUMNS: tuple[NumberColumn, ...] = (
    NumberColumn(N_("Received in the period"), lambda r: r.received),
    NumberColumn(N_("Forwarded to the agency"), lambda r: r.forwarded),
    NumberColumn(N_("Asked for information"), lambda r: r.needs_info),
    NumberColumn(N_("Became ready"), lambda r: r.ready),
    NumberColumn(N_("Delivered to the citizen"), lambda r: r.delivered),
    NumberColumn(N_("Rejected in the period"), lambda r: r.rejected),
    NumberColumn(N_("Open at the end"), lambda r: r.open_at_end),
    NumberColumn(N_("Overdue at the end"), lambda r: r.overdue_at_end),
    NumberColumn(N_("Done on time"), lambda r: r.on_time),
    NumberColumn(N_("Done late"), lambda r: r.late),
    NumberColumn(N_("On time %"), lambda r: r.on_time_pct, "pct"),
    NumberColumn(N_("Turnaround p50 (working days)"), lambda r: r.turnaround_p50, "days"),
    NumberColumn(N_("Turnaround p90 (working days)"), lambda r: r.turnaround_p90, "days"),
)

GROUPING_NAMES: dict[Grouping, str] = {
    Grouping.SERVICE: N_("Service"),
    Grouping.AGENCY: N_("Agency"),
    Grouping.CATEGORY: N_("Category"),
    Grouping.STATUS: N_("Status"),
    Grouping.CLERK: N_("Clerk"),
    Grouping.STATION: N_("Station"),
}
BUCKET_NAMES: dict[Bucket, str] = {
    Bucket.DAY: N_("By day"),
    Bucket.WEEK: N_("By week"),
    Bucket.MONTH: N_("By month"),
}
CODE = N_("Code")
TOTAL = N_("Total")
TITLE = N_("Activity report")
OVERDUE = N_("Overdue")
DUE_SOON = N_("Due soon")
COMPLAINTS = N_("Complaints")


def label(row: CountRow, language: str, tr: Translator) -> str:
    """A row's name in the reader's language; a status row without a label is the status's
    own word, any other the key (a clerk's username)."""
    text = row.label_ar if language == "ar" else row.label_en
    return text or tr(row.key)


def number_text(value: Number, kind: str = "int") -> str:
    """A figure as printed: whole numbers plain, percentages and working days to one
    decimal, nothing for a figure that does not exist (no request completed)."""
    if value is None:
        return ""
    if kind == "int":
        return str(int(value))
    return f"{float(value):.1f}"


def local_moment(report: Report, tz: dt.tzinfo | None) -> dt.datetime:
    """When the report was made, in the center's local time (the machine's when no zone is
    given); a report without the moment is dated now."""
    moment = report.generated_at or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:  # stored moments are UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def late_lists(report: Report) -> list[tuple[str, LateRequest]]:
    """The overdue list, then the due-soon list, each entry with the msgid of its list."""
    return [(OVERDUE, item) for item in report.overdue] + [
        (DUE_SOON, item) for item in report.due_soon
    ]


def outcome_keys(report: Report) -> list[str]:
    """Every complaint outcome the report holds, in first-seen order (a column each)."""
    keys: list[str] = []
    for row in report.complaints:
        for key in row.outcomes:
            if key not in keys:
                keys.append(key)
    return keys
