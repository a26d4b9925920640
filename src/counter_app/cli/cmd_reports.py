"""`counter-app report`: the supervision report of a period as a table, JSON, CSV, XLSX or PDF.

Table and JSON are written here; CSV, XLSX and PDF by counter_app.exports (the same files the
desktop saves). A bad target is refused before the report is computed, and a refused request
writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, ValidationError

if TYPE_CHECKING:
    from counter_app.domain.report_model import Report
    from counter_app.i18n import Translator

FILE_FORMATS = ("xlsx", "pdf")
# Outcomes and SMS states are stored as identifiers; said as the call list says them.
CALL_WORDS = {"called": N_("Called"), "no_answer": N_("No answer"), "collected": N_("Collected")}
SMS_WORDS = {
    "sent": N_("sent"),
    "failed": N_("failed"),
    "opted_out": N_("opted out"),
    "no_phone": N_("no phone"),
}
# How many lines of the overdue and due-soon lists the table shows (JSON and files hold all).
LIST_LINES = 10


def _period_bounds(rt: Runtime, args: argparse.Namespace) -> tuple[str, str]:
    if args.period:
        if args.start or args.end:
            raise ValidationError(
                N_("Give either --period or --from and --to, not both"), field="period"
            )
        from counter_app.domain.periods import named_period

        ctx = rt.context()
        today = ctx.clock().astimezone(ctx.calendar.tz).date()
        period = named_period(args.period, today)
        return period.start.isoformat(), period.end.isoformat()
    if not args.start or not args.end:
        raise ValidationError(N_("Give --from and --to, or --period"), field="from")
    return str(args.start), str(args.end)


def report(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services.reports import build_report

    fmt = args.format
    out = Path(args.out).expanduser() if args.out else None
    if fmt in FILE_FORMATS and out is None:
        raise ValidationError(
            N_("--format {fmt} writes a file: give it with --out FILE"), field="out", fmt=fmt
        )
    if out is not None:
        from counter_app.exports import check_target

        check_target(out)  # before any work: a bad target changes nothing
    actor = rt.actor(args.as_user)
    start, end = _period_bounds(rt, args)
    ctx = rt.context()
    result = build_report(
        ctx,
        actor,
        start=start,
        end=end,
        grouping=args.by,
        bucket=args.bucket,
        due_soon_days=args.due_soon,
    )
    language = rt.tr.language
    if fmt in ("csv", *FILE_FORMATS) and out is not None:
        from counter_app.exports import write_report

        write_report(result, fmt, out, language, tz=ctx.calendar.tz)
        print(rt.tr("Report written to {path}").format(path=str(out)))
        return 0
    if fmt == "csv":
        from counter_app.exports import csv_text

        sys.stdout.write(csv_text(result, language))
        return 0
    if fmt == "json":
        if out is None:
            emit_json(result.as_json())
        else:
            _write_text(out, json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
            print(rt.tr("Report written to {path}").format(path=str(out)))
        return 0
    if out is None:
        print_table(rt.tr, result, ctx.calendar.tz)
    else:
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            print_table(rt.tr, result, ctx.calendar.tz)
        _write_text(out, buffer.getvalue())
        print(rt.tr("Report written to {path}").format(path=str(out)))
    return 0


def _write_text(out: Path, body: str) -> None:
    from counter_app.exports.files import write_whole

    write_whole(out, body.encode("utf-8"))


def _number(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def print_table(tr: Translator, result: Report, tz: object) -> None:
    import datetime as dt

    from counter_app.exports.common import GROUPING_NAMES, NUMBER_COLUMNS

    arabic = tr.language == "ar"
    print(
        tr("{center}: from {start} to {end}").format(
            center=result.center_name,
            start=result.period.start.isoformat(),
            end=result.period.end.isoformat(),
        )
    )
    rows = [*result.rows, result.totals]
    emit_table(
        [tr(GROUPING_NAMES[result.grouping]), *(tr(c.msgid) for c in NUMBER_COLUMNS)],
        [
            [
                (row.label_ar if arabic else row.label_en)
                if row is not result.totals
                else tr("Total"),
                *(_number(c.value(row)) for c in NUMBER_COLUMNS),
            ]
            for row in rows
        ],
    )
    if result.series:
        print()
        emit_table(
            [
                tr("From"),
                tr("Received in the period"),
                tr("Became ready"),
                tr("Delivered to the citizen"),
            ],
            [[p.start.isoformat(), p.received, p.ready, p.delivered] for p in result.series],
        )
    for title, items in ((N_("Overdue"), result.overdue), (N_("Due soon"), result.due_soon)):
        print()
        print(f"{tr(title)}: {len(items)}")
        if items:
            emit_table(
                [tr("Receipt"), tr("Service"), tr("Due"), tr("Working days late")],
                [
                    [
                        r.receipt_no,
                        r.service_ar if arabic else r.service_en,
                        r.due_date.isoformat(),
                        r.working_days_late,
                    ]
                    for r in items[:LIST_LINES]
                ],
            )
    if result.complaints:
        print()
        emit_table(
            [tr("Complaints"), tr("Received in the period"), tr("Answered"), tr("Status")],
            [
                [
                    c.label_ar if arabic else c.label_en,
                    c.received,
                    c.answered,
                    ", ".join(f"{tr(k)} {n}" for k, n in c.outcomes.items()),
                ]
                for c in result.complaints
            ],
        )
    calls = result.calls.calls.items()
    sms = result.calls.notifications.items()
    said_calls = ", ".join(f"{tr(CALL_WORDS.get(k, k))} {n}" for k, n in calls) or "-"
    said_sms = ", ".join(f"{tr(SMS_WORDS.get(k, k))} {n}" for k, n in sms) or "-"
    print()
    print(tr("Calls: {calls}").format(calls=said_calls))
    print(tr("Messages: {sms}").format(sms=said_sms))
    assert isinstance(tz, dt.tzinfo)
    for health in result.sync:
        never = tr("never")
        print(
            tr(
                "Sync of {station}: last {last}, {pending} waiting, {failed} refused; "
                "reconciliation: {reconciled}"
            ).format(
                station=health.station,
                last=local_time(health.last_push, tz) if health.last_push else never,
                pending=health.pending,
                failed=health.failed,
                reconciled=(
                    never
                    if health.last_reconciliation is None
                    else local_time(health.last_reconciliation, tz)
                    + " "
                    + (tr("complete") if health.reconciliation_ok else tr("incomplete"))
                ),
            )
        )
