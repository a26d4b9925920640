"""Start-up of the INSTALLED Debian package to the login window's first paint, beside the
virtualenv's launcher in the same run.

The .deb is built from today's sources (the bundle cached by its sources, installers/linux/
package_tools.py) and installed by dpkg into a root of its own under ``--work``; a station is
set up with the installed program. Each run spawns the program through a link (as
/usr/bin/counter-app is one) with ``COUNTER_APP_STARTUP_PROBE=1`` on a real X server (Xvfb,
started here): wall time from spawn to the ``first-paint`` line (timed by the parent), the CPU the
process had used then (its ``time.process_time()``: every thread), and the kernel's CPU count
for the whole process until it exited (``os.wait4``). The same for ``.venv/bin/counter-app gui``.

*Cold* runs first evict the program's files from the page cache (``posix_fadvise
DONTNEED`` on every file of the installed bundle, or of the virtualenv and the sources: no root
needed and no other process's cache dropped); *warm* runs follow each other. Shared system
libraries (Qt's X11 and GL libraries in /usr/lib) stay cached in both: every desktop uses them.
The load average is sampled before and after: read the wall times with it.

    .venv/bin/python bench/bench_bundle_start.py --runs 10 --cold-runs 5 --write-docs
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installers" / "linux"))

from package_tools import (  # noqa: E402
    build_bundle,
    build_deb,
    dpkg_root,
    installed_program,
    source_digest,
    start_xvfb,
)

from bench_startup import Run, spawn  # noqa: E402
from docs_section import put_section  # noqa: E402
from measure import load_average, load_text, pct  # noqa: E402

VENV_APP = Path(sys.executable).parent / "counter-app"
PASSWORD = "admin-pass-123"
STATION = ["setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2"]
TARGET_MS = 1000.0  # issue 17: the installed bundle to the login window < 1 s


def evict(folders: Iterable[Path]) -> int:
    """Drop these files' pages from the page cache; the number of bytes asked to go."""
    total = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                total += os.fstat(fd).st_size
            finally:
                os.close(fd)
    return total


def resident_bytes(folder: Path) -> int | None:
    """How much of the folder's files is in the page cache (util-linux fincore), or None."""
    files = [str(p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    try:
        done = subprocess.run(
            ["fincore", "--bytes", "--noheadings", "--output", "RES", *files],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return sum(int(line) for line in done.stdout.split())


def prepare(work: Path) -> tuple[Path, Path, float, float, int]:
    """The installed program (a link to it), the station's home, build and install seconds,
    and the .deb's size."""
    started = time.perf_counter()
    bundle = build_bundle()
    deb = build_deb(bundle, work / "deb")
    built = time.perf_counter() - started
    root = work / "root"
    subprocess.run(["rm", "-rf", str(root)], check=True)
    started = time.perf_counter()
    done = dpkg_root(root, "-i", str(deb))
    if done.returncode:
        raise RuntimeError(done.stderr)
    installed = time.perf_counter() - started
    link = work / "bin" / "counter-app"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(installed_program(root))
    home = work / "home"
    if not (home / "data").exists():
        env = dict(os.environ, COUNTER_APP_HOME=str(home))
        setup = subprocess.run(
            [str(link), *STATION, "--password-stdin"],
            env=env,
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            check=False,
        )
        if setup.returncode:
            raise RuntimeError(setup.stderr)
    return link, home, built, installed, deb.stat().st_size


def _env(home: Path, display: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COUNTER_APP_", "QT_")) and k not in ("WAYLAND_DISPLAY",)
    }
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", COUNTER_APP_HOME=str(home))
    env.update(COUNTER_APP_LANG="ar", COUNTER_APP_STARTUP_PROBE="1")
    return env


def stats(runs: list[Run]) -> dict[str, float]:
    walls = [r.marks["first-paint"][0] for r in runs]
    cpus = [r.marks["first-paint"][1] for r in runs]
    exits = [r.cpu_ms for r in runs]
    return {
        "n": len(runs),
        "wall_p50": pct(walls, 0.5),
        "wall_p95": pct(walls, 0.95),
        "cpu_p50": pct(cpus, 0.5),
        "cpu_p95": pct(cpus, 0.95),
        "exit_cpu_p50": pct(exits, 0.5),
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    link, home, built, installed, deb_size = prepare(work)
    program_dir = installed_program(link.parent.parent / "root").parent
    bundle_bytes = sum(
        p.stat().st_size for p in program_dir.rglob("*") if p.is_file() and not p.is_symlink()
    )
    server, display = start_xvfb()
    venv_files = [Path(sys.prefix) / "lib", ROOT / "src", ROOT / "resources"]
    plans = {
        "installed bundle (/usr/bin/counter-app)": ([str(link)], [program_dir]),
        "virtualenv (.venv/bin/counter-app gui)": ([str(VENV_APP), "gui"], venv_files),
    }
    rows: dict[str, dict[str, list[Run]]] = {n: {"cold": [], "warm": []} for n in plans}
    env = _env(home, display)
    try:
        load_before = load_average()
        for _ in range(args.cold_runs):  # interleaved: a burst of load spreads over both
            for name, (cmd, files) in plans.items():
                evict(files)
                rows[name]["cold"].append(spawn(cmd, env))
        # What one cold start (to the paint, and on to its exit) reads of the bundle.
        bundle_cmd = plans["installed bundle (/usr/bin/counter-app)"][0]
        evict([program_dir])
        spawn(bundle_cmd, env)
        read = resident_bytes(program_dir)
        for cmd, _files in plans.values():
            spawn(cmd, env)  # warm the cache
        for _ in range(args.runs):
            for name, (cmd, _files) in plans.items():
                rows[name]["warm"].append(spawn(cmd, env))
        load_after = load_average()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "load": [load_before, load_after],
        "digest": source_digest(),
        "build_s": built,
        "install_s": installed,
        "deb_bytes": deb_size,
        "bundle_bytes": bundle_bytes,
        "cold_read_bytes": read,
        "rows": [
            {"name": name, "mode": mode, **stats(runs)}
            for name, modes in rows.items()
            for mode, runs in modes.items()
            if runs
        ],
    }


def section(result: dict[str, Any]) -> str:
    load = load_text(result["load"][0], result["load"][1])
    cold = result.get("cold_read_bytes")
    read = "-" if cold is None else f"{cold / 1e6:.0f}"
    lines = [
        "## Installed bundle start-up (issue 17)",
        "",
        "`bench/bench_bundle_start.py`: the Debian package built from the sources "
        "(PyInstaller one-folder bundle), installed by dpkg into a root of its own, a station "
        "set up; then the installed program, started through a link as `/usr/bin/counter-app` "
        "is one, and `.venv/bin/counter-app gui` in the same run, to the login window's first "
        "paint on Xvfb (Qt's xcb plugin). Wall: spawn to the `first-paint` line, timed by the "
        "parent; CPU: the process's own `time.process_time()` then (all threads); CPU to exit: "
        "the kernel's count (`os.wait4`). *Cold*: the program's files (the bundle; or the "
        "virtualenv and the sources) evicted from the page cache before each run "
        "(`posix_fadvise DONTNEED`), system libraries left cached. Target: first paint of the "
        f"installed bundle < {TARGET_MS:.0f} ms. Times in ms.",
        "",
        f"{result['when']}, {result['cpus']} CPUs, 1-minute load average {load}; "
        f"package {result['deb_bytes'] / 1e6:.0f} MB (gzip), bundle "
        f"{result['bundle_bytes'] / 1e6:.0f} MB installed, of which a cold start reads "
        f"{read} MB (util-linux `fincore` after one cold run); built (bundle and package) in "
        f"{result['build_s']:.0f} s, installed by dpkg in {result['install_s']:.1f} s:",
        "",
        "| launcher | cache | runs | first paint wall p50 / p95 | CPU at paint p50 / p95 "
        "| CPU to exit p50 | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        bundle = row["name"].startswith("installed")
        verdict = ("ok" if row["wall_p50"] < TARGET_MS else "**miss**") if bundle else "-"
        lines.append(
            f"| {row['name']} | {row['mode']} | {row['n']} | {row['wall_p50']:.0f} / "
            f"{row['wall_p95']:.0f} | {row['cpu_p50']:.0f} / {row['cpu_p95']:.0f} | "
            f"{row['exit_cpu_p50']:.0f} | {verdict} |"
        )
    lines += [
        "",
        "Reproduce: `.venv/bin/python bench/bench_bundle_start.py --runs 10 --cold-runs 5 "
        "--write-docs` (builds the bundle when the sources changed: a minute or more).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10, help="warm runs of each launcher")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold runs of each launcher")
    parser.add_argument(
        "--work", default=str(Path(tempfile.gettempdir()) / "bench-bundle-start"), help="root"
    )
    parser.add_argument("--save", help="write the results as JSON here")
    parser.add_argument("--saved", help="report this --save run instead of measuring again")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    result = json.loads(Path(args.saved).read_text("utf-8")) if args.saved else measure(args)
    text = section(result)
    print(text)
    if args.save:
        Path(args.save).write_text(json.dumps(result, indent=1), "utf-8")
    if args.write_docs:
        put_section(ROOT / "docs" / "BENCHMARKS.md", text, after="## Start-up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
