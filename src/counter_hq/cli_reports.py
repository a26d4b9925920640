"""`counter-hq report`: a center's supervision report computed at HQ from what its stations
synced (counter_hq/reports.py), the same figures as the counter's `counter-app report`.

    counter-hq report --center CODE --from DAY --to DAY [--by service|agency|category|status|
        clerk|station] [--bucket day|week|month] [--due-within N] [--format table|json|csv]
        [--lang ar|en] [--out FILE]

DAY is YYYY-MM-DD (any digits, Arabic-Indic too), today, yesterday or -7d. The CSV is UTF-8
with a byte order mark so spreadsheet programs show the Arabic names (the counter's exports
module is not used: HQ imports only the counter's domain).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from counter_app.domain.errors import CounterError
from counter_app.domain.periods import parse_day
from counter_app.domain.report_model import Bucket, CountRow, Grouping, Report
from counter_hq.calendars import current_calendar
from counter_hq.errors import Invalid
from counter_hq.reports import center_report

COMMANDS = ("report",)
NUMBERS = (
    "received",
    "forwarded",
    "needs_info",
    "ready",
    "delivered",
    "rejected",
    "open_at_end",
    "overdue_at_end",
    "on_time",
    "late",
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="a center's report from the synced data")
    report.add_argument("--center", required=True, help="the center's code, e.g. MZH")
    report.add_argument("--from", dest="start", required=True, help="first day (or today, -7d)")
    report.add_argument("--to", dest="end", required=True, help="last day, included")
    report.add_argument("--by", default="service", choices=[g.value for g in Grouping])
    report.add_argument("--bucket", default="week", choices=[b.value for b in Bucket])
    report.add_argument("--due-within", type=int, default=3, help="working days (due-soon list)")
    report.add_argument("--format", default="table", choices=("table", "json", "csv"))
    report.add_argument("--lang", default="en", choices=("ar", "en"), help="the names' language")
    report.add_argument("--out", type=Path, help="write to FILE instead of the screen")


def run(session: Session, args: argparse.Namespace, now: dt.datetime) -> int:
    calendar = current_calendar(session)
    today = now.astimezone(calendar.tz).date()
    try:
        start = parse_day(args.start, today, field="from")
        end = parse_day(args.end, today, field="to")
    except CounterError as exc:
        # The counter's own msgid for a day it cannot read, with its parameters.
        raise Invalid(exc.message, field=exc.field, **exc.params) from None
    report = center_report(
        session,
        center=args.center.strip().upper(),
        start=start,
        end=end,
        grouping=args.by,
        bucket=args.bucket,
        calendar=calendar,
        today=today,
        due_soon_days=args.due_within,
        now=now,
    )
    if args.format == "json":
        data = (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "csv":
        data = csv_text(report, args.lang).encode("utf-8-sig")
    else:
        data = table_text(report, args.lang).encode()
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        _write_whole(args.out, data)
        print(f"report written to {args.out}")
    return 0


def _label(row: CountRow, language: str) -> str:
    return (row.label_ar if language == "ar" else row.label_en) or row.label_en or row.key


def _figures(row: CountRow) -> list[str]:
    def num(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return [
        *(str(getattr(row, name)) for name in NUMBERS),
        num(row.on_time_pct),
        num(row.turnaround_p50),
        num(row.turnaround_p90),
    ]


def csv_text(report: Report, language: str) -> str:
    """The table (one line a row, then the total), the figures in the model's field names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            report.grouping.value,
            "name",
            *NUMBERS,
            "on_time_pct",
            "turnaround_p50",
            "turnaround_p90",
        ]
    )
    for row in (*report.rows, report.totals):
        writer.writerow([row.key, _label(row, language), *_figures(row)])
    return out.getvalue()


def table_text(report: Report, language: str) -> str:
    head = [report.grouping.value, "name", "recv", "fwd", "info", "ready", "deliv", "rej"]
    head += ["open", "overdue", "on time", "late", "on time %", "p50", "p90"]
    lines = [[row.key, _label(row, language), *_figures(row)] for row in report.rows]
    lines.append([report.totals.key, _label(report.totals, language), *_figures(report.totals)])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
    text = [
        f"{report.center_code} {report.center_name}: {report.period.start} .. {report.period.end}"
    ]
    for cells in (head, *lines):
        text.append("  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)))
    text.append(
        f"overdue today: {len(report.overdue)}; due within {report.due_soon_days} working days: "
        f"{len(report.due_soon)}"
    )
    for c in report.complaints:
        outcomes = ", ".join(f"{k} {v}" for k, v in c.outcomes.items())
        name = c.label_ar if language == "ar" else c.label_en
        text.append(
            f"complaints {c.service_code} {name}: {c.received}, answered {c.answered}"
            + (f" ({outcomes})" if outcomes else "")
        )
    return "\n".join(text) + "\n"


def _write_whole(target: Path, data: bytes) -> None:
    """Written beside the target and renamed over it: a report file is whole or absent."""
    folder = target.resolve().parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".report-")
    except OSError as exc:
        raise Invalid(f"cannot write to {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise Invalid(f"cannot write {target}: {exc.strerror or exc}") from None
