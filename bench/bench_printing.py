"""A receipt print job as the station runs it, against a floor measured in the same run.

    PYTHONPATH=src python bench/bench_printing.py [--db COPY.sqlite3] [--jobs 300] [--write-docs]

The job is what the print buttons (intake, request view, print queue) and ``counter-app print``
call: ``services.printing.print_document`` with the station's receipt printer, ``pdf:`` (the
PDF folder backend): record the job, read the receipt, render it, write the file, record the
outcome. It runs on a copy of the 1M-request station (``--db``, default a copy made here with
``cp --reflink=auto`` of bench/out/db-1000000-seed1/counter.sqlite3: a print job writes),
opened through ``AppContext.open`` as the app opens it, the file read into the page cache
first; the receipts are real rows of it (Arabic names, real services and checklists), drawn at
random (seeded) among those never printed, so every job prints an original.

- *First job of the session*: the first print after the station is opened (fonts registered,
  translations parsed); one sample.
- *Later jobs*: ``--jobs`` prints of other receipts, each timed with ``measure.timed`` (thread
  CPU and wall). The target (issue 14) is p95 < 10 ms of CPU.
- *Floor*: the same work done plainly, on the same receipts, in the same run: one ``sqlite3``
  transaction reading the request, its citizen, clerk and checklist and inserting the job and
  its chained audit row, reportlab drawing the receipt's runs as the app placed them (already
  shaped and ordered, recorded from the app's own drawing after the timed jobs) with the same
  fonts (reportlab's own per-document subsets) and the same barcode and QR modules, the same
  atomic file write (temporary file, fsync, rename, fsync of the folder), and one transaction
  marking the job sent. What is left between the two is this project's layout (shaping, bidi,
  wrapping, the marks that make text copy as read), its QR encoding and its unit of work.
- *``counter-app print REF``* as a spawned process (``python -m counter_app``), wall until it
  says the job was sent and CPU of the whole process (``os.wait4``): for information.

Load average at the start and the end. ``--write-docs`` rewrites the ``## Printing`` section of
docs/BENCHMARKS.md, with the raster rows of bench/bench_raster.py measured in the same session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))
try:
    import counter_app  # noqa: F401  # PYTHONPATH decides which tree is measured
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))

from docs_section import put_section  # noqa: E402
from measure import ChildRun, Series, load_average, load_text, spawn_until, timed  # noqa: E402

SOURCE_DB = ROOT / "bench" / "out" / "db-1000000-seed1" / "counter.sqlite3"
DOCS = ROOT / "docs" / "BENCHMARKS.md"
TARGET_CPU_P95_MS = 10.0
USER = "admin"  # bench/generate.py's first admin
PASSWORD = "bench-admin-123"  # its password (generate.ADMIN): `--as` needs it


@dataclass
class Drawn:
    """What the app drew for one receipt, for the floor to draw again plainly."""

    pagesize: tuple[float, float] = (0.0, 0.0)
    runs: list[tuple[float, float, str, str, float]] = field(default_factory=list)
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)


def copy_database(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "counter.sqlite3"
    if not target.exists():
        subprocess.run(["cp", "--reflink=auto", str(source), str(target)], check=True)
    return target


def read_into_cache(path: Path) -> None:
    """The whole file once, so the first queries do not measure the disk."""
    with path.open("rb") as fh:
        while fh.read(1 << 24):
            pass


def pick_receipts(db: Path, count: int, seed: int) -> list[str]:
    """Real receipts never printed (each job then prints an original), drawn at random."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        top = con.execute("SELECT max(id) FROM requests").fetchone()[0]
        printed = {r[0] for r in con.execute("SELECT ref FROM print_jobs WHERE kind='receipt'")}
        rnd = random.Random(seed)
        found: list[str] = []
        seen: set[int] = set()
        while len(found) < count:
            rid = rnd.randint(1, top)
            if rid in seen:
                continue
            seen.add(rid)
            row = con.execute("SELECT receipt_no FROM requests WHERE id = ?", (rid,)).fetchone()
            if row and row[0] not in printed:
                found.append(row[0])
        return found
    finally:
        con.close()


# -- the app -------------------------------------------------------------------------------


def app_jobs(db: Path, work: Path, receipts: list[str]) -> tuple[Series, Series, list[str]]:
    """The first job alone, then the others; returns the PDFs' paths of the later jobs."""
    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.printing import print_document

    paths = AppPaths(work / "data", work / "config", work / "log")
    ctx = AppContext.open(paths, db)
    printers = Printers(pdf_folder=paths.data_dir / "printed")  # as the CLI and the desktop
    with ctx.store.read() as session:
        actor = ctx.actor(session, USER)
    first, later = Series(), Series()
    files: list[str] = []
    for i, ref in enumerate(receipts):
        # No printer given: the station's setting for receipts, as the buttons do.
        job, sample = timed(lambda ref=ref: print_document(ctx, printers, actor, "receipt", ref))
        if job.printer != "pdf:" or job.state != "sent" or job.copy_no != 0:
            raise SystemExit(f"unexpected job {job}")
        (first if i == 0 else later).add(sample)
        if i:
            files.append(str(job.id))
    ctx.close()
    return first, later, files


def record_drawing(db: Path, work: Path, receipts: list[str]) -> list[Drawn]:
    """The runs and code modules the app draws for each receipt (after the timed jobs, so
    the recording warms nothing they measured)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from counter_app.paths import AppPaths
    from counter_app.printing import codes
    from counter_app.printing import text as typeset
    from counter_app.services.context import AppContext
    from counter_app.services.printing import render_document

    paths = AppPaths(work / "data", work / "config", work / "log")
    ctx = AppContext.open(paths, db)
    with ctx.store.read() as session:
        actor = ctx.actor(session, USER)
    current = Drawn()
    original_line = typeset.Typesetter.draw_line
    original_bars, original_qr = codes.draw_code128, codes.draw_qr

    def line(self: Any, canvas: Any, text: str, **kw: Any) -> None:
        original_line(self, canvas, text, **kw)
        current.pagesize = canvas._pagesize
        face = self.fonts.face(kw.get("bold", False))
        size, left, right = kw["size"], kw["left"], kw["right"]
        visual = "".join(char for char, _ in typeset._placed(text, self.rtl))
        total = typeset._width(face, visual, size)
        align = kw.get("align", "start")
        if align == "center":
            x = left + (right - left - total) / 2
        elif (align == "start") == self.rtl:
            x = right - total
        else:
            x = left
        for chunk, font in typeset.runs(face, visual):
            current.runs.append((x, kw["baseline"], chunk, font, size))
            x += stringWidth(chunk, font, size)

    def bars(
        c: Any,
        widths: Any,
        *,
        x: float,
        y: float,
        module: float,
        height: float,
        along: bool = False,
        pitch: float = 0.0,
    ) -> None:
        original_bars(c, widths, x=x, y=y, module=module, height=height, along=along, pitch=pitch)
        offset = 0
        for index, width in enumerate(widths):
            if index % 2 == 0:
                if along:
                    current.bars.append((x, y - (offset + width) * module, height, width * module))
                else:
                    current.bars.append((x + offset * module, y, width * module, height))
            offset += width

    def qr(c: Any, matrix: Any, *, x: float, top: float, module: float, pitch: float = 0.0) -> None:
        original_qr(c, matrix, x=x, top=top, module=module, pitch=pitch)
        for r, row in enumerate(matrix):
            start = None
            for col, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    current.bars.append(
                        (x + start * module, top - (r + 1) * module, (col - start) * module, module)
                    )
                    start = None

    typeset.Typesetter.draw_line = line  # type: ignore[method-assign,assignment]
    codes.draw_code128, codes.draw_qr = bars, qr  # type: ignore[assignment]
    drawn: list[Drawn] = []
    try:
        for ref in receipts:
            current = Drawn()
            render_document(ctx, actor, "receipt", ref, paper="80mm", language="ar")
            drawn.append(current)
    finally:
        typeset.Typesetter.draw_line = original_line  # type: ignore[method-assign]
        codes.draw_code128, codes.draw_qr = original_bars, original_qr
        ctx.close()
    return drawn


# -- the floor -----------------------------------------------------------------------------

_FLOOR_FONTS = {
    "CSC-Arabic": "NotoSansArabic-Regular.ttf",
    "CSC-Arabic-Bold": "NotoSansArabic-Bold.ttf",
    "CSC-Latin": "NotoSans-Regular.ttf",
    "CSC-Latin-Bold": "NotoSans-Bold.ttf",
}
_RECEIPT_ROW = """
SELECT r.id, r.receipt_no, r.service_code, r.citizen_name, r.phone, r.received_at, r.due_date,
       r.station_no, c.name, c.national_id, u.full_name, u.username
FROM requests r JOIN citizens c ON c.id = r.citizen_id LEFT JOIN users u ON u.id = r.created_by
WHERE r.receipt_no = ?"""
_DOCS = "SELECT doc_type, state, note FROM request_documents WHERE request_id = ? ORDER BY id"
_INSERT_JOB = """
INSERT INTO print_jobs (uuid, kind, ref, copy_no, paper, language, printer, state, attempts,
                        created_at, created_by)
VALUES (?, 'receipt', ?, 0, '80mm', 'ar', 'pdf:', 'sending', 1, ?, 1) RETURNING id"""
_TIP = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"
_INSERT_AUDIT = """
INSERT INTO audit_log (at, user_id, username, station, action, entity, entity_ref, details,
                       row_hashes, prev_hash, hash)
VALUES (?, 1, 'admin', 'MZH-02', 'print.queue', 'receipt', ?, ?, '{}', ?, ?)"""
_SENT = "UPDATE print_jobs SET state = 'sent', sent_at = ?, printer_job_id = ? WHERE id = ?"


def floor_fonts() -> dict[str, str]:
    """Plain reportlab TTFonts of the shipped files, under names of their own."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for app_name, file in _FLOOR_FONTS.items():
        name = "Floor-" + app_name
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(ROOT / "resources" / "fonts" / file)))
        names[app_name] = name
    return names


def floor_job(
    con: sqlite3.Connection, folder: Path, ref: str, drawn: Drawn, fonts: dict[str, str]
) -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas

    now = dt.datetime.now(dt.UTC).isoformat()
    con.execute("BEGIN IMMEDIATE")
    row = con.execute(_RECEIPT_ROW, (ref,)).fetchone()
    docs = con.execute(_DOCS, (row[0],)).fetchall()
    job = con.execute(_INSERT_JOB, (os.urandom(16).hex(), ref, now)).fetchone()[0]
    prev = con.execute(_TIP).fetchone()[0]
    details = json.dumps({"copy_no": 0, "printer": "pdf:", "docs": len(docs)})
    digest = hashlib.sha256(f"{prev}|{now}|{ref}|{details}".encode()).hexdigest()
    con.execute(_INSERT_AUDIT, (now, ref, details, prev, digest))
    con.execute("COMMIT")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=drawn.pagesize, invariant=True, pageCompression=0)
    for x, y, text, font, size in drawn.runs:
        c.setFont(fonts.get(font.removesuffix("-Mirrored"), fonts["CSC-Latin"]), size)
        c.drawString(x, y, text)
    for x, y, w, h in drawn.bars:
        c.rect(x, y, w, h, stroke=0, fill=1)
    c.showPage()
    c.save()
    fd, temp = tempfile.mkstemp(prefix=".partial-", suffix=".pdf", dir=folder)
    with os.fdopen(fd, "wb") as out:
        out.write(buf.getvalue())
        out.flush()
        os.fsync(out.fileno())
    target = folder / f"floor-{ref}.pdf"
    os.replace(temp, target)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    con.execute("BEGIN IMMEDIATE")
    con.execute(_SENT, (dt.datetime.now(dt.UTC).isoformat(), str(target), job))
    con.execute("COMMIT")


def floor_jobs(db: Path, work: Path, receipts: list[str], drawn: list[Drawn]) -> Series:
    fonts = floor_fonts()
    folder = work / "floor"
    folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        con.execute(f"PRAGMA {pragma}")
    series = Series()
    for ref, receipt in zip(receipts, drawn, strict=True):
        series.add(
            timed(lambda ref=ref, receipt=receipt: floor_job(con, folder, ref, receipt, fonts))[1]
        )
    con.close()
    return series


# -- the command ---------------------------------------------------------------------------


def cli_prints(db: Path, work: Path, receipts: list[str]) -> list[ChildRun]:
    env = dict(os.environ)
    env.update(
        {
            "COUNTER_APP_HOME": str(work / "cli"),
            "COUNTER_APP_LANG": "en",
            "COUNTER_APP_PASSWORD": PASSWORD,
        }
    )
    return [
        spawn_until(
            [
                sys.executable,
                "-m",
                "counter_app",
                "print",
                ref,
                "--db",
                str(db),
                "--as",
                USER,
                "--printer",
                "pdf:",
            ],
            "Sent to",
            env=env,
        )
        for ref in receipts
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a copy to print into (default: copy made here)")
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--label", default="", help="what was measured (e.g. before, after)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--before", type=Path, help="--json of a run of the code before issue 14, for the doc"
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-printing-"))
    db = args.db or copy_database(SOURCE_DB, work / "db")
    read_into_cache(db)
    receipts = pick_receipts(db, 1 + 2 * args.jobs + args.cli_runs, args.seed)
    app_refs = receipts[: 1 + args.jobs]
    floor_refs = receipts[1 + args.jobs : 1 + 2 * args.jobs]
    cli_refs = receipts[1 + 2 * args.jobs :]
    load_before = load_average()
    first, later, _ = app_jobs(db, work, app_refs)
    drawn = record_drawing(db, work, floor_refs)
    floor = floor_jobs(db, work, floor_refs, drawn)
    cli = cli_prints(db, work, cli_refs) if args.cli_runs else []
    load_after = load_average()
    shutil.rmtree(work / "data", ignore_errors=True)
    shutil.rmtree(work / "floor", ignore_errors=True)

    a, f, one = later.stats(), floor.stats(), first.stats()
    verdict = "pass" if a["cpu_p95"] < TARGET_CPU_P95_MS else "**MISS**"
    result: dict[str, Any] = {
        "label": args.label,
        "jobs": args.jobs,
        "first": one,
        "app": a,
        "floor": f,
        "cli": [{"wall_ms": r.wall_ms, "cpu_ms": r.cpu_ms} for r in cli],
        "load": [load_before, load_after],
        "python": platform.python_version(),
    }
    rows = [
        "| Operation | CPU p50 (ms) | CPU p95 (ms) | wall p50 (ms) | wall p95 (ms) "
        "| floor CPU p50 | floor CPU p95 | ratio CPU p95 | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
        f"| Receipt print job (`print_document`, `pdf:`), later jobs, {args.jobs} real "
        f"receipts of the 1M station | {a['cpu_p50']:.2f} | {a['cpu_p95']:.2f} "
        f"| {a['wall_p50']:.2f} | {a['wall_p95']:.2f} | {f['cpu_p50']:.2f} | {f['cpu_p95']:.2f} "
        f"| {a['cpu_p95'] / f['cpu_p95']:.2f}x | CPU p95 < {TARGET_CPU_P95_MS:g} ms "
        f"| {verdict} |",
        f"| First print job of the session (fonts, translations) | {one['cpu_p50']:.1f} | - "
        f"| {one['wall_p50']:.1f} | - | - | - | - | - | - |",
    ]
    if cli:
        cpu = sorted(r.cpu_ms for r in cli)
        wall = sorted(r.wall_ms for r in cli)
        rows.append(
            f"| `counter-app print REF` as a process ({len(cli)} runs, median; CPU of the "
            f"whole process) | {cpu[len(cpu) // 2]:.0f} | - | {wall[len(wall) // 2]:.0f} | - "
            "| - | - | - | (information) | - |"
        )
    load = load_text(load_before, load_after)
    print(f"<!-- {args.label} load average {load} -->")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if args.write_docs:
        before = json.loads(args.before.read_text()) if args.before else None
        write_docs(rows, load, before)
    shutil.rmtree(work, ignore_errors=True)


def before_rows(before: dict[str, Any]) -> list[str]:
    """The same rows for a run of the code before issue 14 (its own --json)."""
    a, f, one = before["app"], before["floor"], before["first"]
    load = load_text(before["load"][0], before["load"][1])
    cli = sorted(run["cpu_ms"] for run in before["cli"])
    return [
        f"Before issue 14 ({before['label']}, same script and station copy, load average "
        f"{load}): later jobs CPU p50 {a['cpu_p50']:.2f} ms, p95 {a['cpu_p95']:.2f} ms, wall "
        f"p50 {a['wall_p50']:.2f} ms, p95 {a['wall_p95']:.2f} ms (floor CPU p95 "
        f"{f['cpu_p95']:.2f} ms in that run, ratio {a['cpu_p95'] / f['cpu_p95']:.2f}x); first "
        f"job {one['cpu_p50']:.0f} ms CPU"
        + (f"; `counter-app print` {cli[len(cli) // 2]:.0f} ms CPU." if cli else "."),
    ]


def write_docs(rows: list[str], load: str, before: dict[str, Any] | None) -> None:
    import bench_raster

    raster = bench_raster.run(runs=300, warmup=20, widths=[576, 512])
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    section = "\n".join(
        [
            "## Printing",
            "",
            "Measured by `bench/bench_printing.py` (print jobs) and `bench/bench_raster.py` "
            f"(ESC/POS raster) in the same session on {when}; times are the thread CPU time of "
            "the work (`bench/measure.py`) beside its wall time. Load average (1 min) at the "
            f"start and the end of the print jobs: {load}.",
            "",
            "A print job is what the print buttons and `counter-app print` call "
            "(`services.printing.print_document`): record the job (audited), read the receipt, "
            "render it, hand it to the `pdf:` printer (the PDF folder: temporary file, fsync, "
            "rename), record the outcome; on a copy of the 1M-request station opened as the app "
            "opens it (file read into the page cache first), receipts drawn at random among "
            "those never printed, so each job prints an original. The floor does the same work "
            "plainly on other receipts of the same run: one `sqlite3` transaction reading the "
            "request and inserting the job and a chained audit row, reportlab drawing the "
            "receipt's runs as the app placed them (shaped and ordered already) with the same "
            "fonts (reportlab's per-document subsets) and the same bar and QR modules, the same "
            "file write, one transaction marking the job sent. Thread CPU time leaves out the "
            "neighbours' work but still grows with the load on a shared 2-core machine (caches "
            "and cores are shared): the floor, measured in the same run, shows by how much, and "
            "the ratio to it is the steadier figure.",
            "",
            *rows,
            "",
            *([*before_rows(before), ""] if before else []),
            *raster,
            "",
        ]
    )
    put_section(DOCS, section, after="## Search")


if __name__ == "__main__":
    main()
