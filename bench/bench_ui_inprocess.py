"""In-process parts of bench_ui.py (they need one QApplication)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def intake_ready(rounds: int) -> tuple[list[float], list[float]]:
    """Signed in -> main window built -> intake form of a service on screen."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow, QStackedWidget

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations

    app = _app()
    home = tempfile.mkdtemp()
    os.environ["COUNTER_APP_HOME"] = home
    ctx = AppContext.open(AppPaths.default())
    clerk = sample_station(ctx, "bench-pass-1")["clerk1"]
    app_ms, floor_ms = [], []
    for i in range(rounds + 1):
        start = time.perf_counter()
        env = UiEnv(
            ctx,
            clerk,
            Operations(),
            Printers(pdf_folder=Path(home)),
            Events(),
            "ar",
            lambda _r: None,
        )
        window = MainWindow(
            env, QSettings(str(Path(home) / f"w{i}.ini"), QSettings.Format.IniFormat)
        )
        window.show()
        window.start_intake("GEH-PROPERTY-DATA")
        app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        env.ops.wait()
        window.close()
        start = time.perf_counter()
        bare = QMainWindow()
        bare.setCentralWidget(QStackedWidget())
        bare.show()
        app.processEvents()
        floor = (time.perf_counter() - start) * 1000
        bare.close()
        if i:  # the first round pays for imports: that is the cold start's share
            app_ms.append(elapsed)
            floor_ms.append(floor)
    ctx.close()
    shutil.rmtree(home, ignore_errors=True)
    return app_ms, floor_ms


class _Beats:
    """How late a 5 ms timer fires: the GUI thread's longest stall."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.worst_ms = 0.0

    def beat(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self.last) * 1000 - 5)
        self.last = now


def search_as_you_type(db: Path) -> tuple[list[float], list[float]]:
    """Type names into the lookup screen on the big database, with real background work."""
    from PySide6.QtCore import QTimer

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.operations import Operations
    from counter_app.ui.screens.lookup import LookupScreen

    app = _app()
    home = Path(tempfile.mkdtemp())
    ctx = AppContext.open(AppPaths(home / "d", home / "c", home / "l"), db, upgrade=False)
    with ctx.store.read() as s:
        from sqlalchemy import text

        user = s.execute(text("SELECT username FROM users WHERE role='clerk' LIMIT 1")).scalar()
        actor = ctx.actor(s, str(user))
    env = UiEnv(
        ctx, actor, Operations(), Printers(pdf_folder=home), Events(), "ar", lambda _r: None
    )
    screen = LookupScreen(env)
    screen.resize(1200, 700)
    screen.show()
    names = [
        "محمد الخطيب",
        "فاطمه عبدالله",
        "احمد الحلبي",
        "علي",
        "مريم الشامي",
        "خالد المصري",
        "عبد الرحمن",
        "سلمى",
        "ابراهيم مصطفي",
        "رشا القباني",
    ] * 3
    shown: list[float] = []
    worst: list[float] = []
    beats = _Beats()
    probe = QTimer(screen)
    probe.setInterval(5)
    probe.timeout.connect(beats.beat)
    probe.start()
    for name in names:
        screen.box.clear()
        screen._edited("")
        beats.reset()
        for i in range(1, len(name) + 1):
            screen.box.setText(name[:i])
            screen._edited(name[:i])
            if i == len(name):
                break  # the clock runs from the last key
            until = time.perf_counter() + 0.12
            while time.perf_counter() < until:
                app.processEvents()
        last_key = time.perf_counter()
        deadline = last_key + 5
        while screen.query != name and time.perf_counter() < deadline:
            app.processEvents()
        shown.append((time.perf_counter() - last_key) * 1000)
        worst.append(beats.worst_ms)
    probe.stop()
    env.ops.wait()
    ctx.close()
    return shown, worst
