"""Desktop speed: login to intake, and the lookup screen's search-as-you-type on a 1M-request
database, on an idle counter and on a busy one (sync and hot-folder filing in the same process,
other programs on the machine).

    PYTHONPATH=src python bench/bench_ui.py --db bench/out/db-1000000-seed1/counter.sqlite3
        [--rounds 9] [--name-rounds 3] [--burners 2] [--backlog 800] [--write-docs]

Start-up (the launcher to the login window's first paint) is measured by its own section.

- *Login to intake ready*: main window built for the signed-in clerk and the intake form of a
  service on screen; wall and GUI-thread CPU. Floor: an empty QMainWindow with a QStackedWidget.
- *Search as you type*: names typed one key every 120 ms into the lookup screen (its own
  limit, its 50 ms debounce, its background operations), on the 1M-request database. Figures:
  the thread CPU and wall of every search the screen ran (on its worker thread, half-typed
  names included), the results fill on the GUI thread (model, label, table painted), the
  wall time from the last key to the results shown, and the GUI event loop's lateness (a
  5 ms timer; the largest lateness while typing a name is that name's stall).
- Four machines: no load added; with ``--burners`` processes spinning a CPU each
  (``python -c "while 1: pass"``: a counter PC has two cores); with sync and hot-folder
  filing running in the same process (bench/busy_counter.py: a real ``counter-hq serve``
  over TLS on PostgreSQL, a backlog of ``--backlog`` requests with scans to push, noisy
  scanned stacks with cover sheets dropped into the watched folder all along); and both.
- Each late beat (> 20 ms) records which threads ran while the GUI thread waited (each
  thread's own CPU clock), so a stall is blamed on the work that caused it.

Raw results go to bench/out/ui-*.json; ``--write-docs`` rewrites "## Desktop" in
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:  # PYTHONPATH chooses the code measured (a worktree's src for "before" figures)
    import counter_app  # noqa: F401
except ImportError:
    sys.path.append(str(ROOT / "src"))

from docs_section import put_section  # noqa: E402
from measure import load_average, pct  # noqa: E402

DOCS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Desktop"
DB_NAME = "counter.sqlite3"
TARGETS = {"intake_ms": 300.0, "search_cpu_p95": 8.0, "shown_ms": 100.0, "stall_ms": 50.0}


def run(args: argparse.Namespace) -> dict[str, Any]:
    import counter_app.ui.screens.lookup as lookup
    from bench_ui_inprocess import intake_ready, search_as_you_type
    from busy_counter import Burners, BusyCounter

    res: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "code": str(Path(lookup.__file__).resolve().parents[3]),
        "limit": lookup.LIMIT,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "db": str(args.db),
        "runs": {},
    }
    load0 = load_average()
    app, floor = intake_ready(rounds=args.rounds)
    res["intake"] = {
        "app": app.stats(),
        "floor": floor.stats(),
        "load": [load0[0], load_average()[0]],
    }
    print("intake", res["intake"], flush=True)
    plan = [m for m in args.machines.split(",") if m]
    busy: BusyCounter | None = None
    try:
        for machine in plan:
            burners = Burners(args.burners) if "burners" in machine else None
            try:
                if "busy" in machine:
                    if busy is None:
                        busy = BusyCounter(backlog=args.backlog).__enter__()
                    else:
                        busy.refill()
                    busy.start()
                try:
                    out = search_as_you_type(
                        args.db, rounds=args.name_rounds, busy=busy if "busy" in machine else None
                    )
                finally:
                    if busy is not None and "busy" in machine:
                        busy.stop()
            finally:
                if burners is not None:
                    burners.close()
            res["runs"][machine] = out
            print(machine, json.dumps(summary(out)), flush=True)
    finally:
        if busy is not None:
            busy.__exit__(None, None, None)
    return res


def summary(out: dict[str, Any]) -> dict[str, Any]:
    return {
        "search_cpu_p50": out["search"]["cpu_p50"],
        "search_cpu_p95": out["search"]["cpu_p95"],
        "search_wall_p95": out["search"]["wall_p95"],
        "fill_cpu_p95": out["fill"]["cpu_p95"],
        "shown_p50": pct(out["shown_ms"], 0.5),
        "shown_p95": pct(out["shown_ms"], 0.95),
        "stall_max": max(out["stall_ms"]),
        "stall_p95": pct(out["stall_ms"], 0.95),
        "load": out["load"],
        "blame": {k: round(v) for k, v in out["blame_ms"].items()},
        "late_beats": out["late_beats"],
        "busy": out.get("busy"),
    }


MACHINE_WORDS = {
    "idle": "no load added",
    "burners": "2 CPU burners",
    "busy": "sync + hot folder",
    "busy+burners": "sync + hot folder + 2 CPU burners",
}


def _verdict(ok: bool) -> str:
    return "meets" if ok else "**misses**"


def section(res: dict[str, Any], before: dict[str, Any] | None) -> str:
    intake = res["intake"]
    a, f = intake["app"], intake["floor"]
    lines = [
        SECTION,
        "",
        "Measured by `bench/bench_ui.py` (offscreen Qt, in one process like the desktop app) on "
        f"{res['machine']['cpus']} CPUs, Python {res['machine']['python']}, {res['when']}. "
        "Times in ms; CPU is the thread's own CPU time (`time.thread_time`), so a busy machine "
        "neither hides nor inflates it; load is the 1-minute load average at the start and end "
        "of the run. Start-up (the launcher to the login window) has its own section.",
        "",
        "| Operation | wall p50 | wall p95 | CPU p50 | CPU p95 | floor wall p50 / CPU p50 | load "
        "| target | verdict |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
        f"| Login to intake ready (GUI thread) | {a['wall_p50']:.0f} | {a['wall_p95']:.0f} "
        f"| {a['cpu_p50']:.0f} | {a['cpu_p95']:.0f} | {f['wall_p50']:.0f} / {f['cpu_p50']:.0f} "
        f"| {intake['load'][0]:.2f} → {intake['load'][1]:.2f} | < 300 ms "
        f"| {_verdict(a['wall_p95'] < TARGETS['intake_ms'])} |",
    ]
    for machine, out in res["runs"].items():
        s, fill = out["search"], out["fill"]
        load = f"{out['load'][0]:.2f} → {out['load'][1]:.2f}"
        words = MACHINE_WORDS.get(machine, machine)
        lines.append(
            f"| Lookup search at the screen's limit ({res['limit']} rows), every search while "
            f"typing, {words} | {s['wall_p50']:.1f} | {s['wall_p95']:.1f} | {s['cpu_p50']:.1f} "
            f"| {s['cpu_p95']:.1f} | | {load} | CPU p95 < 8 ms "
            f"| {_verdict(s['cpu_p95'] < TARGETS['search_cpu_p95'])} |"
        )
        lines.append(
            f"| Results fill on the GUI thread (model reset, label, table painted), {words} "
            f"| {fill['wall_p50']:.1f} | {fill['wall_p95']:.1f} | {fill['cpu_p50']:.1f} "
            f"| {fill['cpu_p95']:.1f} | | {load} | | |"
        )
        shown = out["shown_ms"]
        lines.append(
            f"| Last key to results shown, {words} | {pct(shown, 0.5):.0f} "
            f"| {pct(shown, 0.95):.0f} | | | | {load} | < 100 ms "
            f"| {_verdict(pct(shown, 0.95) < TARGETS['shown_ms'])} |"
        )
        stall = max(out["stall_ms"])
        lines.append(
            f"| GUI stall while typing (max lateness of a 5 ms timer), {words} "
            f"| p95 {pct(out['stall_ms'], 0.95):.0f} | max {stall:.0f} | | | | {load} "
            f"| < 50 ms | {_verdict(stall < TARGETS['stall_ms'])} |"
        )
    loads = [x for out in res["runs"].values() for x in out["load"]] + intake["load"]
    if loads and max(loads) > res["machine"]["cpus"]:
        lines += [
            "",
            f"The machine was shared while this ran (load up to {max(loads):.1f} on "
            f"{res['machine']['cpus']} CPUs, before the bench added any): wall times and "
            "stalls include waiting for a core and are not the counter's own; CPU times are.",
        ]
    lines += ["", _blame_text(res)]
    busy = [
        f"{MACHINE_WORDS.get(m, m)}: sync outbox {b['outbox_pending_at_start']} → "
        f"{b['outbox_pending']} items waiting, {b['sync_rounds']} rounds done, "
        f"{b['dropped']} stacks dropped, {b['filed']} filed"
        for m, out in res["runs"].items()
        if (b := out.get("busy"))
    ]
    if busy:
        lines += ["", "How busy the station was: " + "; ".join(busy) + "."]
    if before is not None:
        lines += ["", _before_text(before, res)]
    lines += [
        "",
        "Search as you type: 10 names typed one key every 120 ms, "
        f"{len(next(iter(res['runs'].values()))['shown_ms']) if res['runs'] else 0} names per "
        "machine, into the lookup screen on the 1,000,000-request database (50 ms debounce, "
        "the screen's background operation, its own row limit). The searches' CPU is the "
        "worker thread's; the fill is `_show` plus a repaint of the table (its visible "
        "cells computed and drawn). Sync + hot folder: `bench/busy_counter.py` (a real "
        "`counter-hq serve` over TLS "
        "on PostgreSQL, the desktop's own `SyncWorker` and `HotFolderWatcher` in the same "
        "process on a second station database, a backlog of requests with scans to push, and "
        "noisy scanned stacks with cover sheets dropped into the folder faster than one core "
        "files them, so filing never pauses). Floor of login to intake: an empty QMainWindow "
        "with a stacked widget.",
    ]
    return "\n".join(lines) + "\n"


def _blame_text(res: dict[str, Any]) -> str:
    parts = []
    for machine, out in res["runs"].items():
        if not out["blame_ms"]:
            continue
        who = ", ".join(f"{k} {v:.0f} ms" for k, v in list(out["blame_ms"].items())[:5])
        parts.append(
            f"{MACHINE_WORDS.get(machine, machine)}: {out['late_beats']} of {out['beats']} "
            f"beats later than 20 ms; CPU run meanwhile by {who}"
        )
    if not parts:
        return "No beat was later than 20 ms."
    return (
        "What ran while the GUI thread waited (beats later than 20 ms): " + "; ".join(parts) + "."
    )


def _before_text(before: dict[str, Any], after: dict[str, Any]) -> str:
    rows = [
        "Before (commit c588fe1, same script, same machine) → after:",
        "",
        "| machine | search CPU p95 | fill CPU p95 | last key to results p95 | stall p95 (of the "
        "names) | stall max | load at the end |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for machine, out in after["runs"].items():
        b = before["runs"].get(machine)
        if b is None:
            continue
        rows.append(
            f"| {MACHINE_WORDS.get(machine, machine)} "
            f"| {b['search']['cpu_p95']:.1f} → {out['search']['cpu_p95']:.1f} "
            f"| {b['fill']['cpu_p95']:.1f} → {out['fill']['cpu_p95']:.1f} "
            f"| {pct(b['shown_ms'], 0.95):.0f} → {pct(out['shown_ms'], 0.95):.0f} "
            f"| {pct(b['stall_ms'], 0.95):.0f} → {pct(out['stall_ms'], 0.95):.0f} "
            f"| {max(b['stall_ms']):.0f} → {max(out['stall_ms']):.0f} "
            f"| {b['load'][1]:.2f} / {out['load'][1]:.2f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--db", type=Path, default=ROOT / "bench/out/db-1000000-seed1/counter.sqlite3"
    )
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--name-rounds", type=int, default=3)
    parser.add_argument("--burners", type=int, default=2)
    parser.add_argument("--backlog", type=int, default=800)
    parser.add_argument("--machines", default="idle,burners,busy,busy+burners")
    parser.add_argument("--out", type=Path, help="raw results (default bench/out/ui-<time>.json)")
    parser.add_argument("--before", type=Path, help="raw results of the 'before' run")
    parser.add_argument("--render", type=Path, help="write the section from these raw results")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.render:
        res = json.loads(args.render.read_text())
        out = args.render
    else:
        res = run(args)
        out = args.out or BENCH / "out" / f"ui-{res['when'].replace(':', '')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(res, indent=1, ensure_ascii=False))
    before = json.loads(args.before.read_text()) if args.before else None
    text = section(res, before)
    print(text)
    print(f"raw: {out}")
    if args.write_docs:
        put_section(DOCS, text, after="## Printing")


if __name__ == "__main__":
    main()
