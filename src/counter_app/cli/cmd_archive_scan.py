"""archive cover/import/imports/unfiled/assign/watch, scan and scanners: the scanning station."""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

from counter_app.cli.output import emit_json, emit_table, local_time
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, CounterError, ValidationError
from counter_app.printing.registry import Printers
from counter_app.scanning.base import ScanSettings
from counter_app.scanning.devices import system_scanner
from counter_app.services import printing, scan_records, scan_station, scan_unfiled
from counter_app.services.scan_records import (
    REASON_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    ScanImportResult,
)
from counter_app.services.scan_station import HotFolderItem

EXIT_BAD_INPUT = 2
_PAGES = re.compile(r"^\d+(-\d+)?$")


def cover(rt: Runtime, args: argparse.Namespace) -> int:
    """The cover sheet of a request, saved as a PDF (a print job like any other) or printed."""
    actor = rt.actor(args.as_user)
    out = Path(args.out).expanduser().resolve() if args.out else None
    job = printing.print_document(
        rt.context(),
        Printers(pdf_folder=rt.paths.data_dir / "printed"),
        actor,
        "cover",
        args.ref,
        printer=f"file:{out}" if out else args.printer,
        paper=args.paper,
    )
    if args.json:
        emit_json(job)
    elif out:
        print(rt.tr("Written: {path}").format(path=str(out)))
    else:
        print(rt.tr("Sent to {printer} (print job {job}).").format(printer=job.printer, job=job.id))
    return 0


def _page_runs(pages: list[int]) -> str:
    runs: list[str] = []
    start = prev = pages[0] if pages else 0
    for page in [*pages[1:], -1]:
        if page != prev + 1:
            runs.append(str(start) if start == prev else f"{start}-{prev}")
            start = page
        prev = page
    return ", ".join(runs)


def _as_json(rt: Runtime, result: ScanImportResult) -> dict[str, Any]:
    return {
        **dataclasses.asdict(result),
        "covers": result.covers,
        "message_text": result.message_text(rt.tr),
    }


def _show(rt: Runtime, result: ScanImportResult) -> None:
    tr = rt.tr
    status = tr(STATUS_WORDS[result.status])
    if result.earlier_status:
        status += " (" + tr(STATUS_WORDS[result.earlier_status]) + ")"
    print(
        rt.tr.tr_n("{file}: {status}, {n} pages", result.pages).format(
            file=result.filename, status=status, n=result.pages
        )
    )
    text = result.message_text(tr)
    if text:
        print("  " + text)
    for doc in result.filed:
        print(
            "  "
            + tr("{ref}: pages {pages} filed as {doc}").format(
                ref=doc.receipt_no, pages=_page_runs(doc.pages), doc=doc.doc_type
            )
        )
    for page in result.unfiled:
        print(
            "  "
            + tr("page {page} unfiled ({reason}): number {id} in the unfiled queue").format(
                page=page.page, reason=tr(REASON_WORDS[page.reason]), id=page.id
            )
        )
    for ref in result.empty_covers:
        print("  " + tr("{ref}: a cover sheet with no pages after it").format(ref=ref))


def import_files(rt: Runtime, args: argparse.Namespace) -> int:
    """File scanned files; each is reported, a refused one does not stop the others."""
    actor = rt.actor(args.as_user)
    ctx = rt.context()
    code = 0
    report: list[dict[str, Any]] = []
    for name in args.files:
        try:
            result = scan_station.import_scan_file(ctx, actor, Path(name), settle=args.settle)
        except ValidationError as exc:  # unreadable or still being written: nothing stored
            code = EXIT_BAD_INPUT
            report.append({"file": name, "error": exc.render(rt.tr)})
            if not args.json:
                sys.stderr.write(rt.tr("Error") + ": " + exc.render(rt.tr) + "\n")
            continue
        if result.status == "quarantined":
            code = EXIT_BAD_INPUT
        report.append(_as_json(rt, result))
        if not args.json:
            _show(rt, result)
    if args.json:
        emit_json(report)
    return code


def imports(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    found = scan_records.list_scan_imports(
        ctx,
        rt.actor(args.as_user),
        status="quarantined" if args.quarantined else None,
        limit=args.limit,
    )
    if args.json:
        emit_json([_as_json(rt, r) for r in found])
        return 0
    tr = rt.tr
    emit_table(
        (tr("File"), tr("Source"), tr("State"), tr("Pages"), tr("Received"), tr("Message")),
        [
            (
                r.filename,
                tr(SOURCE_WORDS[r.source]),
                tr(STATUS_WORDS[r.status]),
                r.pages,
                local_time(r.created_at, ctx.calendar.tz),
                r.message_text(tr) or "",
            )
            for r in found
        ],
    )
    return 0


def unfiled(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    pages = scan_unfiled.list_unfiled(
        ctx, rt.actor(args.as_user), include_assigned=args.all, limit=args.limit
    )
    if args.json:
        emit_json(pages)
        return 0
    tr = rt.tr
    emit_table(
        (tr("Number"), tr("File"), tr("Page"), tr("Reason"), tr("Barcode"), tr("Filed under")),
        [
            (
                p.id,
                p.filename,
                p.page,
                tr(REASON_WORDS[p.reason]),
                p.code or "",
                f"{p.assigned_to} {p.assigned_doc}" if p.assigned_to else "",
            )
            for p in pages
        ],
    )
    return 0


def _page_ids(raw: str) -> list[int]:
    """``12``, ``12,13`` or ``12-15``: the numbers shown by `archive unfiled`."""
    ids: list[int] = []
    for part in raw.replace(" ", "").split(","):
        if not _PAGES.match(part):
            raise ValidationError(
                N_("{value} is not a page number or range (like 12, 12,13 or 12-15)"),
                field="pages",
                value=raw[:40],
            )
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if last < first or last - first > 1000:
            raise ValidationError(
                N_("{value} is not a page number or range (like 12, 12,13 or 12-15)"),
                field="pages",
                value=raw[:40],
            )
        ids.extend(range(first, last + 1))
    return ids


def assign(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    done = scan_unfiled.assign_unfiled(
        rt.context(), actor, _page_ids(args.pages), args.ref, doc_type=args.doc
    )
    if args.json:
        emit_json(done)
    else:
        print(
            rt.tr("Pages {pages} filed under {ref} as {doc}.").format(
                pages=", ".join(str(i) for i in done.page_ids),
                ref=done.receipt_no,
                doc=done.doc_type,
            )
        )
    return 0


def _settings(args: argparse.Namespace) -> ScanSettings:
    return ScanSettings(
        resolution=args.resolution, mode=args.mode, source=args.source, timeout=args.timeout
    )


def scan(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    result = scan_station.scan_and_file(
        rt.context(), actor, system_scanner(), _settings(args), device=args.device
    )
    if args.json:
        emit_json(_as_json(rt, result))
    else:
        _show(rt, result)
    return EXIT_BAD_INPUT if result.status == "quarantined" else 0


def scanners(rt: Runtime, args: argparse.Namespace) -> int:
    scanner = system_scanner()
    found = []
    for device in scanner.devices():
        try:
            options: Any = scanner.options(device.name)
        except CounterError as exc:
            options = {"error": exc.render(rt.tr)}
        found.append({"device": device, "options": options})
    if args.json:
        emit_json(found)
        return 0
    tr = rt.tr
    rows = []
    for item in found:
        device, opts = item["device"], item["options"]
        if isinstance(opts, dict):
            rows.append((device.name, device.model, device.kind, opts["error"], "", ""))
            continue
        dpi = opts.resolutions or (opts.resolution_range or ())
        rows.append(
            (
                device.name,
                f"{device.vendor} {device.model}".strip(),
                " | ".join(opts.sources),
                " | ".join(opts.modes),
                "-".join(str(d) for d in dpi) if opts.resolution_range else ",".join(map(str, dpi)),
                tr("yes") if opts.duplex else tr("no"),
            )
        )
    emit_table(
        (tr("Scanner"), tr("Model"), tr("Sources"), tr("Modes"), tr("Resolution"), tr("Duplex")),
        rows,
    )
    return 0


def watch(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    folder = Path(args.folder).expanduser().resolve()
    if not folder.is_dir():
        raise ValidationError(N_("{path} is not a folder"), field="folder", path=str(folder))

    def report(item: HotFolderItem) -> None:
        if args.json:
            if item.result is not None:
                body: dict[str, Any] = _as_json(rt, item.result)
            else:
                body = {"error": item.error.render(rt.tr) if item.error else None}
            moved = {"moved_to": item.moved_to, "removed": item.removed}
            emit_json({"file": str(item.path), **moved, **body})
        elif item.result is not None:
            _show(rt, item.result)
            gone = rt.tr("removed: the station keeps it encrypted")
            print("  -> " + (gone if item.removed else str(item.moved_to)))
        elif item.error is not None:
            print(str(item.path) + ": " + item.error.render(rt.tr))
        sys.stdout.flush()

    if not args.once and not args.json:
        print(rt.tr("Watching {path}; Ctrl+C stops.").format(path=str(folder)))
        sys.stdout.flush()
    scan_station.watch_hot_folder(
        rt.context(),
        actor,
        folder,
        once=args.once,
        interval=args.interval,
        settle=args.settle,
        on_item=report,
        keep=False,  # reported as they come; a watch of days must not pile them up
    )
    return 0
