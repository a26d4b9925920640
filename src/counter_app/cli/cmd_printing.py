"""receipt, print, printers, print-queue, print-retry and settings."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_
from counter_app.i18n import stored_message
from counter_app.printing.backends.base import STATE_WORDS
from counter_app.printing.registry import Printers
from counter_app.services import printing, settings


def kind_words(tr: Callable[[str], str], kind: str) -> str:
    """A document kind as a word ("receipt" alone is the receipt number's field label)."""
    return tr(N_("Receipt")) if kind == "receipt" else tr(kind)


def _printers(rt: Runtime) -> Printers:
    return Printers(pdf_folder=rt.paths.data_dir / "printed")


def receipt(rt: Runtime, args: argparse.Namespace) -> int:
    """Save a receipt as a PDF file: a print job like any other, so a second one is a copy."""
    actor = rt.actor(args.as_user)
    out = Path(args.out).expanduser().resolve()
    job = printing.print_document(
        rt.context(),
        _printers(rt),
        actor,
        args.kind,
        args.ref,
        printer=f"file:{out}",
        paper=args.paper,
    )
    if args.json:
        emit_json(job)
    else:
        print(rt.tr("Written: {path}").format(path=str(out)))
        if job.copy_no:
            print(rt.tr("This is copy no. {count}.").format(count=job.copy_no))
    return 0


def print_(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    job = printing.print_document(
        rt.context(),
        _printers(rt),
        actor,
        args.kind,
        args.ref,
        printer=args.printer,
        paper=args.paper,
    )
    return _sent(rt, args, job)


def _sent(rt: Runtime, args: argparse.Namespace, job: printing.PrintJobView) -> int:
    if args.json:
        emit_json(job)
    else:
        print(rt.tr("Sent to {printer} (print job {job}).").format(printer=job.printer, job=job.id))
    return 0


def printers(rt: Runtime, args: argparse.Namespace) -> int:
    found = _printers(rt).all_printers()
    if args.json:
        emit_json(found)
        return 0
    tr = rt.tr
    emit_table(
        (tr("Printer"), tr("Kind"), tr("State"), tr("Default"), tr("Detail")),
        [
            (p.name, p.backend, tr(STATE_WORDS[p.state]), "*" if p.default else "", p.detail)
            for p in found
        ],
    )
    return 0


def queue(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    jobs = printing.list_jobs(
        ctx, rt.actor(args.as_user), pending_only=not args.all, limit=args.limit
    )
    if args.json:
        emit_json(jobs)
        return 0
    tr = rt.tr
    emit_table(
        (
            tr("Job"),
            tr("Document"),
            tr("Number"),
            tr("Note"),
            tr("Copy"),
            tr("Printer"),
            tr("State"),
            tr("Created"),
            tr("Error"),
        ),
        [
            (
                j.id,
                kind_words(tr, j.kind),
                j.ref,
                j.note or "",
                j.copy_no,
                j.printer,
                tr(j.state),
                local_time(j.created_at, ctx.calendar.tz),
                stored_message(j.last_error, tr),
            )
            for j in jobs
        ],
    )
    return 0


def retry(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    job = printing.retry_job(rt.context(), _printers(rt), actor, args.job, printer=args.printer)
    return _sent(rt, args, job)


def settings_show(rt: Runtime, args: argparse.Namespace) -> int:
    values = settings.get_settings(rt.context(), rt.actor(args.as_user))
    if args.json:
        emit_json(values)
    else:
        emit_table((rt.tr("Setting"), rt.tr("Value")), sorted(values.items()))
    return 0


def settings_set(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    value = settings.set_setting(rt.context(), actor, args.name, args.value)
    if args.json:
        emit_json({args.name: value})
    else:
        print(rt.tr("{name} = {value}").format(name=args.name, value=value))
    return 0
