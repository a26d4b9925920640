"""Keyboard-only intake (issue 16, point 9): key presses and wall time of the commonest intake
typed on the keyboard alone, from reception to the printed receipt, in the real main window.

The path is tests/ui/keys_intake_flow.py (the test test_intake_keyboard.py drives the same one).
Operations run synchronously on the GUI thread (as in the tests), so the time includes saving
the request and printing its receipt to a PDF file; it is the machine's time, not the clerk's:
the clerk's is dominated by the key presses, which is why they are counted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_intake_keys.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.ui.keys_intake_flow

# Measured before the keyboard work: the tree of commit d1a8f10 (intake, checklist and fields
# as they were) with this bench and the path's old keys, 2026-12-07T04:01Z, 15 rounds, load
# average 8.2-8.6 on 2 CPUs: F2, "فردي", Ctrl+Enter, the number, the name and the mobile each
# followed by Enter, "س" in the purpose, Tab Tab, "ا" (original seen), Tab, "ح" (copy kept;
# "ا", original seen, is one key too), Ctrl+S.
BEFORE_PRESSES = 60
BEFORE_MEDIAN_MS = 383.0
BEFORE_CPU_MS = 130.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    load0 = os.getloadavg()[0]
    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp()
    os.environ["COUNTER_APP_HOME"] = home
    from tests.ui.keys_intake_flow import TYPED, commonest_intake

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations
    from counter_app.ui.qt_i18n import install_translator
    from counter_app.ui.screens.reception import ReceptionScreen

    install_translator(app, "ar", Path(home) / "qm")
    ctx = AppContext.open(AppPaths.default())
    try:
        clerk = sample_station(ctx, "bench-pass-1")["clerk1"]
        env = UiEnv(
            ctx,
            clerk,
            Operations(synchronous=True),
            Printers(pdf_folder=Path(home) / "printed"),
            Events(),
            "ar",
            lambda _r: None,
        )
        window = MainWindow(env, QSettings(str(Path(home) / "w.ini"), QSettings.Format.IniFormat))
        window.show()
        window.activateWindow()
        while not window.isActiveWindow():
            app.processEvents()
        times, cpus, presses = [], [], set()
        for i in range(args.rounds + 1):
            # Each round is a clerk's first search of the session: reception's search empty
            # (after an intake it still holds the last query; clearing it is not counted).
            reception = window.screens["reception"]
            assert isinstance(reception, ReceptionScreen)
            reception.search.clear()
            # A list's type-to-find joins keys less than keyboardInputInterval (400 ms) apart;
            # no clerk starts the next citizen that fast, so wait it out (not timed).
            time.sleep(QApplication.keyboardInputInterval() / 1000 + 0.05)
            result = commonest_intake(window, nid=f"0303{i:07d}")
            if i:  # the first round pays for imports and the first layout
                times.append(result.seconds * 1000)
                cpus.append(result.cpu_seconds * 1000)
                presses.add(result.presses)
        window.close()
    finally:
        ctx.close()
        shutil.rmtree(home, ignore_errors=True)
    (count,) = presses  # the same path every round: one figure
    print(
        f"keyboard-only intake, {args.rounds} rounds, load average "
        f"{load0:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    print(f"  key presses: {count} (the data itself: {TYPED}; overhead {count - TYPED})")
    print(f"  before:      {BEFORE_PRESSES} (overhead {BEFORE_PRESSES - TYPED})")
    print(
        f"  per intake: wall median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms; GUI-thread CPU median {statistics.median(cpus):.0f} ms "
        f"(before: wall median {BEFORE_MEDIAN_MS:.0f} ms, CPU median {BEFORE_CPU_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
