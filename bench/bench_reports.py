"""The supervision report on the 1M-request station: what `counter-app report` and the desktop's
reports wait for.

Times ``services.reports.build_report`` (the call the CLI, the desktop and the exports make)
for one month (last month) and one year (the twelve months before this one), grouped by
service (the default) and, for the month, by every other grouping; wall time and this thread's
CPU time, in ms. In the same run, on the same file, a baseline: the report this replaces (the
old services/reports.py: counts by service of the requests received in the period, with open,
overdue and done on time/late by their current status, from requests alone) and a plain
count of the requests received in the period. Then the CLI as a user runs it, once per
iteration as a new process: ``counter-app report --period last-month --format json``.

The station is a copy of bench/out/db-1000000-seed1/counter.sqlite3 (made by bench/run.py,
schema 0019), upgraded to the head here (migration 0022 fills request_milestones from the
history: its time is reported), read into the page cache before timing. The clock is
2026-12-07 09:00 UTC, the day the file was generated. The load average is sampled before
and after: on a shared machine read wall times with it; the CPU figures hold anyway.

    .venv/bin/python bench/bench_reports.py --iterations 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
if str(ROOT / "src") not in sys.path:
    sys.path.append(str(ROOT / "src"))

from measure import Sample, Series, load_average, load_text, timed  # noqa: E402

SOURCE = BENCH / "out" / "db-1000000-seed1" / "counter.sqlite3"
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
MONTH = ("2026-11-01", "2026-11-30")
YEAR = ("2025-12-01", "2026-11-30")
TARGETS_MS = {"month": 300.0, "year": 1500.0}

# The report this one replaces (services/reports.py before issue 16), by service.
_OLD_BY_SERVICE = (
    "SELECT r.service_code, s.name_ar, s.name_en, count(*), "
    "sum(r.status IN ('submitted','forwarded','in_progress','needs_info')), "
    "sum(r.status IN ('submitted','forwarded','in_progress','needs_info') "
    "AND r.due_date < :today), "
    "sum(r.status IN ('ready','delivered') AND date(r.status_at) <= r.due_date), "
    "sum(r.status IN ('ready','delivered') AND date(r.status_at) > r.due_date) "
    "FROM requests r JOIN services s ON s.code = r.service_code "
    "WHERE r.received_at >= :start AND r.received_at < :end "
    "GROUP BY r.service_code ORDER BY 4 DESC, r.service_code"
)
_PLAIN_COUNT = "SELECT count(*) FROM requests WHERE received_at >= :start AND received_at < :end"


def _copy(source: Path, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    dest = work / "counter.sqlite3"
    src, dst = sqlite3.connect(source), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return dest


def _page_cache(db: Path) -> float:
    buf = bytearray(16 * 2**20)
    start = time.perf_counter()
    with db.open("rb", buffering=0) as fh:
        while fh.readinto(buf):
            pass
    return time.perf_counter() - start


def _bounds(first: str, last: str) -> dict[str, str]:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Damascus")

    def utc(day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(), tz).astimezone(dt.UTC)
        return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return {
        "start": utc(start),
        "end": utc(end + dt.timedelta(days=1)),
        "today": NOW.astimezone(tz).date().isoformat(),
    }


def _stats(series: Series) -> dict[str, float]:
    return {k: round(v, 1) for k, v in series.stats().items()}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import text

    import generate
    from counter_app.services.context import AppContext
    from counter_app.services.reports import build_report, late_requests
    from counter_app.store.engine import Store
    from counter_app.store.migrate import head_revision, upgrade_schema

    work = (
        Path(args.work)
        if args.work
        else Path(tempfile.mkdtemp(prefix="reports-", dir=BENCH / "out"))
    )
    db = work / "counter.sqlite3"
    result: dict[str, Any] = {"source": str(args.source), "copy": str(db)}
    if not db.exists():
        print(f"copying {args.source} -> {db} ...", flush=True)
        started = time.perf_counter()
        _copy(Path(args.source), work)
        result["copy_seconds"] = round(time.perf_counter() - started, 1)
    store = Store(db)
    with store.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if before != head_revision():
        print(f"upgrading {before} -> {head_revision()} ...", flush=True)
        started = time.perf_counter()
        upgrade_schema(store.engine)
        result["upgrade"] = {
            "from": before,
            "to": head_revision(),
            "seconds": round(time.perf_counter() - started, 1),
        }
    store.dispose()
    result["page_cache_seconds"] = round(_page_cache(db), 1)
    load_first = load_average()
    ctx = AppContext.open(generate.app_paths(work), database=db, upgrade=False)
    ctx.clock = lambda: NOW
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
        result["requests"] = session.execute(text("SELECT count(*) FROM requests")).scalar()
    timings: dict[str, Any] = {}
    figures: dict[str, Any] = {}

    def measure(label: str, fn: Any, n: int) -> None:
        fn()  # warm: statement cache, the first touch of the pages
        series = Series()
        value = None
        for _ in range(n):
            value, sample = timed(fn)
            series.add(sample)
        timings[label] = _stats(series)
        figures[label] = value
        s = timings[label]
        print(
            f"{label:<34} wall p50 {s['wall_p50']:8.1f} max {s['wall_max']:8.1f}   "
            f"cpu p50 {s['cpu_p50']:8.1f} max {s['cpu_max']:8.1f}",
            flush=True,
        )

    for name, (first, last) in (("month", MONTH), ("year", YEAR)):

        def report(first: str = first, last: str = last, by: str = "service") -> Any:
            r = build_report(ctx, admin, start=first, end=last, grouping=by)
            return {"received": r.totals.received, "ready": r.totals.ready, "rows": len(r.rows)}

        measure(f"report {name}, by service", report, args.iterations)
        bounds = _bounds(first, last)

        def old(bounds: dict[str, str] = bounds) -> Any:
            with ctx.store.read() as session:
                rows = session.execute(text(_OLD_BY_SERVICE), bounds).all()
            return {"received": sum(int(r[3]) for r in rows), "rows": len(rows)}

        def plain(bounds: dict[str, str] = bounds) -> Any:
            with ctx.store.read() as session:
                return {"received": session.execute(text(_PLAIN_COUNT), bounds).scalar()}

        measure(f"baseline {name}: old report", old, args.iterations)
        measure(f"baseline {name}: plain count", plain, args.iterations)
    for by in ("agency", "category", "clerk", "station", "status"):

        def grouped(by: str = by) -> Any:
            r = build_report(ctx, admin, start=MONTH[0], end=MONTH[1], grouping=by)
            return {"received": r.totals.received, "rows": len(r.rows)}

        measure(f"report month, by {by}", grouped, max(3, args.iterations // 2))

    def lists() -> Any:
        overdue, soon = late_requests(ctx, admin)
        return {"overdue": len(overdue), "due_soon": len(soon)}

    measure("late_requests (overdue, due soon)", lists, args.iterations)
    ctx.close()

    cli = Series()
    env = dict(
        os.environ,
        COUNTER_APP_HOME=str(work / "home"),
        COUNTER_APP_LANG="en",
        COUNTER_APP_PASSWORD=generate.ADMIN[1],  # `--as admin` needs the password
    )
    command = [
        str(ROOT / ".venv" / "bin" / "counter-app"),
        "--db",
        str(db),
        "report",
        "--period",
        "last-month",
        "--as",
        "admin",
        "--format",
        "json",
    ]
    for _ in range(args.cli_runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter_ns()
        proc = subprocess.run(command, env=env, capture_output=True, check=False)
        wall = time.perf_counter_ns() - w0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"counter-app report failed: {proc.stderr.decode()[-500:]}")
        cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
        cli.add(Sample(wall, int(cpu * 1e9)))
        out = proc.stdout
        figures["cli"] = {"received": json.loads(out)["totals"]["received"]}
    timings["CLI: report --period last-month"] = _stats(cli)
    s = timings["CLI: report --period last-month"]
    print(
        f"{'CLI: report --period last-month':<34} wall p50 {s['wall_p50']:8.1f} "
        f"max {s['wall_max']:8.1f}   cpu p50 {s['cpu_p50']:8.1f} (process, all threads)"
    )
    result.update(
        timings=timings,
        figures=figures,
        load=load_text(load_first, load_average()),
        cpus=os.cpu_count(),
        when=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(SOURCE))
    parser.add_argument("--work", help="a folder holding (or to hold) the upgraded copy")
    parser.add_argument("--iterations", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--save", help="write the results as JSON to this file")
    args = parser.parse_args()
    result = run(args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.save:
        Path(args.save).write_text(text + "\n", "utf-8")
    print(text)


if __name__ == "__main__":
    main()
