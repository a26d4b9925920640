"""Desktop speed: cold start, login to intake, and search-as-you-type on a 1M-request database.

    PYTHONPATH=src python bench/bench_ui.py [--db bench/out/db-1000000-seed1/counter.sqlite3]

- *Cold start to login window*: a new process runs the app's start (database opened and
  checked, translations, login dialog shown, offscreen); the parent times spawn -> "shown".
  Floor: a new process showing an empty QDialog with PySide6 alone.
- *Login to intake ready*: main window built for the signed-in clerk and the intake form of a
  service on screen. Floor: an empty QMainWindow with a QStackedWidget.
- *Search as you type* (with --db): a name typed one key every 120 ms into the lookup screen,
  real background operations; time from the last key to the results table filled, and the
  longest the GUI event loop was late (a 5 ms timer) while searching.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD_APP = """
import os, sys
sys.path.insert(0, {src!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import counter_app.ui.app as app_module
from counter_app.ui.login import LoginDialog
def shown(self):
    print("shown", flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)
    return 0
LoginDialog.exec = shown
app_module.run(["x"])
"""
CHILD_FLOOR = """
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication([])
d = QDialog(); d.show(); app.processEvents()
print("shown", flush=True)
"""


def spawn_ms(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("shown"):
            elapsed = (time.perf_counter() - start) * 1000
            proc.wait(timeout=30)
            return elapsed
    raise RuntimeError("child did not show its window")


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def cold_start(rounds: int) -> tuple[list[float], list[float]]:
    home = tempfile.mkdtemp()
    env = {**os.environ, "COUNTER_APP_HOME": home, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "counter_app",
            "setup",
            "--center",
            "MZH",
            "--center-name",
            "مركز",
            "--station",
            "2",
            "--password-stdin",
        ],
        input="bench-pass-1\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    app, floor = [], []
    for _ in range(rounds):
        app.append(spawn_ms(CHILD_APP.format(src=str(ROOT / "src")), env))
        floor.append(spawn_ms(CHILD_FLOOR, env))
    return app, floor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    app, floor = cold_start(args.rounds)
    print(
        f"| Cold start to login window | {statistics.median(app):.0f} | {max(app):.0f} "
        f"| {statistics.median(floor):.0f} | {max(floor):.0f} "
        f"| {statistics.median(app) / statistics.median(floor):.2f}x | < 1000 ms |"
    )
    sys.path.insert(0, str(ROOT / "src"))
    from bench_ui_inprocess import intake_ready, search_as_you_type  # type: ignore[import-not-found]

    ready, ready_floor = intake_ready(rounds=args.rounds)
    print(
        f"| Login to intake ready | {statistics.median(ready):.0f} | {max(ready):.0f} "
        f"| {statistics.median(ready_floor):.0f} | {max(ready_floor):.0f} "
        f"| {statistics.median(ready) / statistics.median(ready_floor):.2f}x | < 300 ms |"
    )
    if args.db:
        shown, stalls = search_as_you_type(args.db)
        print(
            f"| Search as you type on {args.db.parent.name}: last key to results | "
            f"{statistics.median(shown):.0f} | {pct(shown, 0.95):.0f} | | | | < 100 ms |"
        )
        print(
            f"| GUI event loop lateness during those searches | max {max(stalls):.0f} ms | "
            f"| | | | never > 50 ms |"
        )


if __name__ == "__main__":
    main()
