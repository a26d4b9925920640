"""The archive's paper side: diwan register, boxes and file locations, handover batches."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.fields import parse_date
from counter_app.printing.registry import Printers
from counter_app.services import archive_boxes, diwan, handover_batches, printing
from counter_app.services.context import Actor


def _printers(rt: Runtime) -> Printers:
    return Printers(pdf_folder=rt.paths.data_dir / "printed")


def _print(
    rt: Runtime, actor: Actor, kind: str, ref: str, out: str | None, printer: str | None
) -> printing.PrintJobView:
    """Through the print queue, so a failed print waits in `print-queue` for a retry."""
    target = f"file:{Path(out).expanduser().resolve()}" if out else printer
    return printing.print_document(
        rt.context(), _printers(rt), actor, kind, ref, printer=target, paper=None
    )


def _printed(rt: Runtime, job: printing.PrintJobView, out: str | None) -> None:
    if out:
        print(rt.tr("Written: {path}").format(path=str(Path(out).expanduser().resolve())))
    else:
        print(rt.tr("Sent to {printer} (print job {job}).").format(printer=job.printer, job=job.id))


def _print_command(rt: Runtime, args: argparse.Namespace, kind: str, ref: str) -> int:
    job = _print(rt, rt.actor(args.as_user), kind, ref, args.out, args.printer)
    if args.json:
        emit_json(job)
    else:
        _printed(rt, job, args.out)
    return 0


# -- diwan -----------------------------------------------------------------------------------


def _entry_rows(rt: Runtime, entry: diwan.RegisterEntryView) -> list[tuple[str, str]]:
    tr = rt.tr
    return [
        (tr("Register number"), entry.register_no),
        (tr("Date"), entry.registered_on.isoformat()),
        (tr("Subject"), entry.subject),
        (tr("Receipt number"), entry.receipt_no),
        (tr("Citizen"), entry.citizen_name),
        (tr("By"), entry.created_by),
    ]


def diwan_register(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    entry = diwan.register_request(rt.context(), actor, args.ref, subject=args.subject)
    if args.json:
        emit_json(entry)
    else:
        print(rt.tr("Registered as {number}").format(number=entry.register_no))
    return 0


def diwan_find(rt: Runtime, args: argparse.Namespace) -> int:
    entry = diwan.find_register_entry(rt.context(), rt.actor(args.as_user), args.number)
    if args.json:
        emit_json(entry)
    else:
        emit_table((rt.tr("Item"), rt.tr("Value")), _entry_rows(rt, entry))
    return 0


def diwan_list(rt: Runtime, args: argparse.Namespace) -> int:
    entries = diwan.list_register(
        rt.context(), rt.actor(args.as_user), year=args.year, limit=args.limit
    )
    if args.json:
        emit_json(entries)
        return 0
    tr = rt.tr
    emit_table(
        (tr("Register number"), tr("Date"), tr("Receipt number"), tr("Citizen"), tr("Subject")),
        [
            (e.register_no, e.registered_on.isoformat(), e.receipt_no, e.citizen_name, e.subject)
            for e in entries
        ],
    )
    return 0


# -- boxes and locations ---------------------------------------------------------------------


def locate(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    where = archive_boxes.locate_file(ctx, rt.actor(args.as_user), args.ref)
    if args.json:
        emit_json(where)
        return 0
    tr = rt.tr
    tz = ctx.calendar.tz
    emit_table(
        (tr("Item"), tr("Value")),
        [
            (tr("Receipt number"), where.receipt_no),
            (tr("Citizen"), where.citizen_name),
            (tr("Register number"), where.register_no or tr("not registered")),
            (tr("Box"), where.box or tr("not in a box")),
            (tr("Shelf"), where.shelf or "-"),
            (tr("Since"), local_time(where.since, tz) if where.since else "-"),
        ],
    )
    if len(where.history) > 1:
        print()
        emit_table(
            (tr("When"), tr("Box"), tr("Shelf"), tr("From"), tr("By")),
            [
                (local_time(h.at, tz), h.box, h.shelf, h.from_box or "", h.actor)
                for h in where.history
            ],
        )
    return 0


def box_add(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    box = archive_boxes.add_box(rt.context(), actor, args.code, shelf=args.shelf, label=args.label)
    if args.json:
        emit_json(box)
    else:
        print(rt.tr("Box {box} added on shelf {shelf}.").format(box=box.code, shelf=box.shelf))
    return 0


def box_label(rt: Runtime, args: argparse.Namespace) -> int:
    return _print_command(rt, args, "box_label", args.code)


def box_list(rt: Runtime, args: argparse.Namespace) -> int:
    boxes = archive_boxes.list_boxes(rt.context(), rt.actor(args.as_user))
    if args.json:
        emit_json(boxes)
        return 0
    tr = rt.tr
    emit_table(
        (tr("Box"), tr("Shelf"), tr("Files"), tr("Label")),
        [(b.code, b.shelf, b.files, b.label) for b in boxes],
    )
    return 0


def box_show(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    contents = archive_boxes.show_box(ctx, rt.actor(args.as_user), args.code)
    if args.json:
        emit_json(contents)
        return 0
    tr = rt.tr
    box = contents.box
    print(f"{tr('Box')}: {box.code}  {tr('Shelf')}: {box.shelf}  {box.label}".rstrip())
    emit_table(
        (tr("Receipt number"), tr("Citizen"), tr("Register number"), tr("Since")),
        [
            (
                f.receipt_no,
                f.citizen_name,
                f.register_no or "",
                local_time(f.since, ctx.calendar.tz),
            )
            for f in contents.files
        ],
    )
    return 0


def file_in_box(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    where = archive_boxes.file_in_box(rt.context(), actor, args.ref, args.box)
    if args.json:
        emit_json(where)
    else:
        print(
            rt.tr("File {receipt} is in box {box} (shelf {shelf}).").format(
                receipt=where.receipt_no, box=where.box, shelf=where.shelf
            )
        )
    return 0


# -- handover batches ------------------------------------------------------------------------


def _word(rt: Runtime, state: str) -> str:
    return rt.tr(handover_batches.STATE_WORDS.get(state, state))


def _batch_summary(rt: Runtime, batch: handover_batches.BatchSummary) -> None:
    tr = rt.tr
    print(
        tr.tr_n(
            "Batch {batch} ({state}): {n} files listed, {received} received, "
            "{missing} missing, {extra} extra",
            batch.listed,
        ).format(
            batch=batch.batch_no,
            state=_word(rt, batch.state),
            n=batch.listed,
            received=batch.received,
            missing=batch.missing,
            extra=batch.extra,
        )
    )


def _batch_files(rt: Runtime, batch: handover_batches.BatchView, tz: dt.tzinfo) -> None:
    tr = rt.tr
    emit_table(
        (tr("Receipt number"), tr("Citizen"), tr("State"), tr("Received"), tr("By")),
        [
            (
                f.receipt_no,
                f.citizen_name or "",
                _word(rt, f.state),
                local_time(f.received_at, tz) if f.received_at else "",
                f.received_by or "",
            )
            for f in batch.files
        ],
    )


def handover_new(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    day = parse_date(args.date, field="date") if args.date else None
    ctx = rt.context()
    batch = handover_batches.create_batch(ctx, actor, day)
    if not args.json:
        print(batch.batch_no)
        _batch_summary(rt, batch)
    job = None
    if args.print or args.out or args.printer:
        try:
            job = _print(rt, actor, "handover", batch.batch_no, args.out, args.printer)
        except printing.PrintError as exc:
            # The batch is saved; only its slip waits in the print queue.
            if args.json:
                emit_json({"batch": batch, "print_job": None})
            sys.stderr.write(rt.tr("Error") + ": " + exc.render(rt.tr) + "\n")
            return 2
    if args.json:
        emit_json({"batch": batch, "print_job": job})
    elif job is not None:
        _printed(rt, job, args.out)
    return 0


def handover_print(rt: Runtime, args: argparse.Namespace) -> int:
    return _print_command(rt, args, "handover", args.batch)


def handover_open(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    ctx = rt.context()
    batch = handover_batches.open_batch(ctx, actor, args.batch)
    if args.json:
        emit_json(batch)
    else:
        _batch_summary(rt, batch)
        _batch_files(rt, batch, ctx.calendar.tz)
    return 0


def handover_receive(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    result = handover_batches.receive_files(rt.context(), actor, args.batch, args.scans)
    if args.json:
        emit_json(result)
        return 0
    for f in result.scanned:
        # Through a message: the receipt number is isolated, so the Arabic line stays RTL.
        print(
            rt.tr("{receipt}: {outcome}").format(receipt=f.receipt_no, outcome=_word(rt, f.outcome))
        )
    _batch_summary(rt, result.batch)
    return 0


def handover_close(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    ctx = rt.context()
    batch = handover_batches.close_batch(ctx, actor, args.batch)
    if args.json:
        emit_json(batch)
        return 0
    _batch_summary(rt, batch)
    odd = [f for f in batch.files if f.state in ("missing", "extra")]
    if odd:
        emit_table(
            (rt.tr("Receipt number"), rt.tr("Citizen"), rt.tr("State")),
            [(f.receipt_no, f.citizen_name or "", _word(rt, f.state)) for f in odd],
        )
    return 0


def handover_show(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    batch = handover_batches.show_batch(ctx, rt.actor(args.as_user), args.batch)
    if args.json:
        emit_json(batch)
        return 0
    _batch_summary(rt, batch)
    _batch_files(rt, batch, ctx.calendar.tz)
    return 0


def handover_list(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    side: handover_batches.Side = "archive" if args.archive else "counter"
    batches = handover_batches.list_batches(
        ctx,
        rt.actor(args.as_user),
        side=side,
        discrepancies_only=args.discrepancies,
        limit=args.limit,
    )
    if args.json:
        emit_json(batches)
        return 0
    tr = rt.tr
    emit_table(
        (
            tr("Batch"),
            tr("Day"),
            tr("State"),
            tr("Files"),
            tr("Received"),
            tr("Pending"),
            tr("Missing"),
            tr("Extra"),
        ),
        [
            (
                b.batch_no,
                b.business_day.isoformat(),
                _word(rt, b.state),
                b.listed,
                b.received,
                b.pending,
                b.missing,
                b.extra,
            )
            for b in batches
        ],
    )
    return 0
