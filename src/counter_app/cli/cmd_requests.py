"""request new/import/show/status and search (the report: cmd_reports.py)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys

from counter_app.cli.cmd_payments import payment_from_args, payment_text
from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, ValidationError
from counter_app.i18n import Translator
from counter_app.services.complaint_answers import AnswerView, request_answers
from counter_app.services.history_import import import_history
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.payments import PaymentRecord, fee_state
from counter_app.services.requests import change_status, show_request, step_note
from counter_app.services.scan_records import WHOLE_FILE, ScanView, page_span
from counter_app.services.search import MATCH_WORDS, SearchResult, cut_message
from counter_app.services.search import search as run_search


def _pairs(items: list[str], option: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError(
                N_("{option} expects KEY=VALUE, got {value}"), option=option, value=item[:60]
            )
        result[key.strip()] = value
    return result


def new(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    data = IntakeInput(
        service_code=args.service,
        national_id=args.national_id,
        name=args.name,
        phone=args.phone,
        fields=_pairs(args.field, "--field"),
        documents=_pairs(args.doc, "--doc"),
        payment=payment_from_args(
            args.paid_amount, args.bank_receipt, args.bank_desk, amount_option="--paid-amount"
        ),
    )
    ctx = rt.context()
    result = submit_request(ctx, actor, data)
    tr = rt.tr
    if result.clock_warning is not None:  # saved all the same: a center must keep working
        sys.stderr.write(result.clock_warning.message(tr, ctx.calendar.tz) + "\n")
    for receipt in result.warnings:
        sys.stderr.write(
            tr(
                "Warning: this citizen already has an open request for this service ({receipt})"
            ).format(receipt=receipt)
            + "\n"
        )
    if args.json:
        emit_json(result)
    else:
        print(tr("Saved. Receipt number: {receipt}").format(receipt=result.receipt_no))
        print(tr("Promised date: {date}").format(date=result.due_date.isoformat()))
    return 0


def import_csv(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    report = import_history(rt.context(), actor, rt.read_file(args.file))
    if args.json:
        emit_json({"imported": report.imported, "rejected": []})
    else:
        print(rt.tr.tr_n("{n} requests imported.", report.imported).format(n=report.imported))
    return 0


def show(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    actor = rt.actor(args.as_user)
    view = show_request(ctx, actor, args.ref)
    answers = request_answers(ctx, actor, view.uuid)
    fee = fee_state(ctx, actor, view.uuid)
    paid = fee.payment
    if args.json:
        emit_json({**dataclasses.asdict(view), "answers": answers, "payment": paid})
        return 0
    tr = rt.tr
    tz = ctx.calendar.tz
    name = view.service_name_ar if tr.language == "ar" else view.service_name_en
    rows = [
        (tr("Receipt number"), view.receipt_no),
        (tr("Service"), f"{name} ({view.service_code})"),
        (tr("Citizen"), view.name),
        (tr("National number"), view.national_id),
        (tr("Phone"), view.phone or "-"),
        (tr("Received"), local_time(view.received_at, tz)),
        (tr("Promised date"), view.due_date.isoformat()),
        (tr("Status"), tr(view.status)),
    ]
    if fee.fee_syp > 0 or paid is not None:  # a free service's request says nothing of money
        rows.append((tr("Fee"), f"{fee.fee_syp:,} " + tr("SYP")))
        rows.append((tr("Payment"), _paid_text(paid, tr, ctx.calendar.tz)))
    rows += [(k, v) for k, v in view.fields.items()]
    emit_table((tr("Item"), tr("Value")), rows)
    for fix in view.corrections:
        print(
            tr("Name corrected on {date} by {user}: from «{old}» to «{new}»").format(
                date=local_time(fix.at, tz), user=fix.actor, old=fix.old_name, new=fix.new_name
            )
        )
    print()
    emit_table(
        (tr("Document"), tr("Requirement"), tr("State"), tr("Note")),
        [(d.doc_type, tr(d.requirement), tr(d.state), d.note or "") for d in view.documents],
    )
    print()
    _scans(rt, view.scans)
    emit_table(
        (tr("When"), tr("Status"), tr("By"), tr("Station"), tr("Reason"), tr("Details")),
        [
            (
                local_time(e.at, tz),
                tr(e.status),
                e.actor,
                e.station,
                e.reason or "",
                step_note(e, tr, tr.language),
            )
            for e in view.events
        ],
    )
    _answers(rt, answers)
    if view.scans or any(a.file_path and a.file_sha256 for a in answers):
        print()
        print(_save_hint(rt))
    return 0


def _paid_text(paid: PaymentRecord | None, tr: Translator, tz: dt.tzinfo) -> str:
    if paid is None:
        return payment_text(None, tr)
    return tr("{how}, {when} by {user}").format(
        how=payment_text(paid, tr), when=local_time(paid.paid_at, tz), user=paid.actor
    )


def _answers(rt: Runtime, answers: list[AnswerView]) -> None:
    """The agencies' answers to a complaint, as HQ sent them (text verbatim)."""
    tr, tz = rt.tr, rt.context().calendar.tz
    for answer in answers:
        print()
        print(
            tr("Answer of {agency} on {date}").format(
                agency=answer.agency_name(tr.language), date=local_time(answer.at, tz)
            )
        )
        print(answer.text)
        if answer.file_name:
            size = answer.file_size if answer.file_size is not None else "?"
            # Its stored name and the command that writes it out: on an encrypted station the
            # file under the data folder is sealed, so a path would open nothing.
            where = (
                tr("stored as {name}").format(name=answer.file_sha256[:16])
                if answer.file_path and answer.file_sha256
                else tr("at HQ, fetched with a later sync")
            )
            print(
                tr("Attached file: {name} ({size} bytes), {where}").format(
                    name=answer.file_name, size=size, where=where
                )
            )


def _scans(rt: Runtime, scans: list[ScanView]) -> None:
    """The scans filed under the request: document, pages, when, from which scanned file,
    its stored name and how to save it (not a path: on an encrypted station it is sealed)."""
    tr, ctx = rt.tr, rt.context()
    if not scans:
        print(tr("No scans are filed under this request."))
        print()
        return
    emit_table(
        (tr("Scan of"), tr("Pages"), tr("Filed on"), tr("Scanned file (pages)"), tr("Stored as")),
        [
            (
                tr("Whole paper file") if s.doc_type == WHOLE_FILE else s.doc_type,
                s.pages if s.pages is not None else "-",
                local_time(s.filed_at, ctx.calendar.tz),
                f"{s.source_file} ({page_span(s.source_pages)})" if s.source_file else "-",
                s.sha256[:16],
            )
            for s in scans
        ],
    )
    print()


def _save_hint(rt: Runtime) -> str:
    return rt.tr("To save a scan or an answer's file: {command} (NAME: its stored name)").format(
        command="counter-app file save NAME --out FILE --as USER"
    )


def status(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    view = change_status(rt.context(), actor, args.ref, args.status, args.reason)
    if args.json:
        emit_json(view)
    else:
        print(
            rt.tr("Request {receipt} is now {status}.").format(
                receipt=view.receipt_no, status=rt.tr(view.status)
            )
        )
    return 0


def search(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    result = run_search(ctx, rt.actor(args.as_user), args.query, limit=args.limit)
    if args.json:
        emit_json(
            {
                "kind": result.kind,
                "hits": result.hits,
                "total": result.total,
                "total_is_floor": result.total_is_floor,
            }
        )
        return 0
    tr = rt.tr
    tz = ctx.calendar.tz
    tolerant = any(h.match != "exact" for h in result.hits)
    emit_table(
        (
            tr("Receipt number"),
            tr("Citizen"),
            tr("National number"),
            tr("Phone"),
            tr("Service"),
            tr("Status"),
            tr("Received"),
            *([tr("Match")] if tolerant else []),
        ),
        [
            (
                h.receipt_no,
                h.name,
                h.national_id,
                h.phone or "",
                h.service_name_ar,
                tr(h.status),
                local_time(h.received_at, tz),
                *([tr(MATCH_WORDS[h.match])] if tolerant else []),
            )
            for h in result.hits
        ],
    )
    if result.cut:  # never cut a list silently: the clerk may be missing the person
        sys.stdout.write(cut_notice(tr, result))
    return 0


def cut_notice(tr: Translator, result: SearchResult) -> str:
    return tr(cut_message(result)).format(shown=len(result.hits), total=result.total) + "\n"
