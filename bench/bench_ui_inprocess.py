"""In-process parts of bench_ui.py (they need one QApplication)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # measure.py, busy_counter.py


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def intake_ready(rounds: int) -> tuple[Any, Any]:
    """Signed in -> main window built -> intake form of a service on screen; wall and GUI-thread
    CPU (measure.Series) of the app and of its floor."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow, QStackedWidget

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations
    from measure import Sample, Series

    app = _app()
    home = tempfile.mkdtemp()
    os.environ["COUNTER_APP_HOME"] = home
    ctx = AppContext.open(AppPaths.default())
    clerk = sample_station(ctx, "bench-pass-1")["clerk1"]
    app_ms, floor_ms = Series(), Series()
    for i in range(rounds + 1):
        c0, start = time.thread_time_ns(), time.perf_counter_ns()
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
        elapsed = Sample(time.perf_counter_ns() - start, time.thread_time_ns() - c0)
        env.ops.wait()
        window.close()
        c0, start = time.thread_time_ns(), time.perf_counter_ns()
        bare = QMainWindow()
        bare.setCentralWidget(QStackedWidget())
        bare.show()
        app.processEvents()
        floor = Sample(time.perf_counter_ns() - start, time.thread_time_ns() - c0)
        bare.close()
        if i:  # the first round pays for imports: that is the cold start's share
            app_ms.add(elapsed)
            floor_ms.add(floor)
    ctx.close()
    shutil.rmtree(home, ignore_errors=True)
    return app_ms, floor_ms


def _thread_cpu_ms() -> dict[str, float]:
    """CPU time of every Python thread of this process, by name (Linux: the thread's own CPU
    clock, read from outside it without stopping it)."""
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        if thread.ident is None:
            continue
        try:
            clock = time.pthread_getcpuclockid(thread.ident)
            out[thread.name] = out.get(thread.name, 0.0) + time.clock_gettime_ns(clock) / 1e6
        except (OSError, ProcessLookupError, AttributeError):
            continue  # ended meanwhile
    return out


def _role(name: str) -> str:
    """A thread's job, from its name (pool threads carry a number)."""
    if name == "MainThread":
        return "GUI thread"
    for prefix, role in (
        ("counter-op", "search (operation pool)"),
        ("counter-sync", "sync worker"),
        ("counter-push", "sync push sender"),
        ("counter-hot-folder", "hot-folder filing"),
        ("bench-dropper", "scanner (bench)"),
    ):
        if name.startswith(prefix):
            return role
    return name


class _Beats:
    """How late a 5 ms timer fires: the GUI thread's longest stall. A beat later than
    ``blame_ms`` records which threads ran (their CPU time) while the GUI thread waited."""

    def __init__(self, blame_ms: float = 20.0) -> None:
        self.blame_ms = blame_ms
        self.blame: dict[str, float] = {}  # role -> CPU ms run during late beats
        self.late_beats = 0
        self.lateness: list[float] = []
        self.reset()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.worst_ms = 0.0
        self.cpu = _thread_cpu_ms()

    def beat(self) -> None:
        now = time.perf_counter()
        late = (now - self.last) * 1000 - 5
        self.worst_ms = max(self.worst_ms, late)
        self.lateness.append(late)
        cpu = _thread_cpu_ms()
        if late > self.blame_ms:
            self.late_beats += 1
            for name, ms in cpu.items():
                ran = ms - self.cpu.get(name, ms)
                if ran > 0.5:
                    role = _role(name)
                    self.blame[role] = self.blame.get(role, 0.0) + ran
        self.cpu = cpu
        self.last = now


NAMES = [
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
]


def search_as_you_type(db: Path, *, rounds: int = 3, busy: Any = None) -> dict[str, Any]:
    """Type names into the lookup screen on the big database, one key every 120 ms, with the
    screen's real background operations; ``busy``: a started BusyCounter (sync and hot folder
    in this process). Returns wall from the last key to the results shown, thread CPU of every
    search (the worker thread's, half-typed names included) and of every results fill on the
    GUI thread, the GUI event loop's lateness, and which threads ran during the late beats."""
    from PySide6.QtCore import QTimer
    from sqlalchemy import text

    import counter_app.ui.screens.lookup as lookup
    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.operations import Operations
    from counter_app.ui.screens.lookup import LookupScreen
    from measure import Sample, Series

    app = _app()
    home = Path(tempfile.mkdtemp())
    ctx = AppContext.open(AppPaths(home / "d", home / "c", home / "l"), db, upgrade=False)
    with ctx.store.read() as s:
        user = s.execute(text("SELECT username FROM users WHERE role='clerk' LIMIT 1")).scalar()
        actor = ctx.actor(s, str(user))
    env = UiEnv(
        ctx, actor, Operations(), Printers(pdf_folder=home), Events(), "ar", lambda _r: None
    )
    searches, fills = Series(), Series()
    real_search = lookup.search

    def timed_search(*a: Any, **kw: Any) -> Any:  # on the operation's worker thread
        c0, w0 = time.thread_time_ns(), time.perf_counter_ns()
        try:
            return real_search(*a, **kw)
        finally:
            searches.add(Sample(time.perf_counter_ns() - w0, time.thread_time_ns() - c0))

    lookup.search = timed_search  # type: ignore[assignment]
    screen = LookupScreen(env)
    real_show = screen._show

    def timed_show(*a: Any, **kw: Any) -> None:  # on the GUI thread
        c0, w0 = time.thread_time_ns(), time.perf_counter_ns()
        real_show(*a, **kw)
        screen.table.viewport().repaint()  # painted now, as the next event would: cells included
        fills.add(Sample(time.perf_counter_ns() - w0, time.thread_time_ns() - c0))

    screen._show = timed_show  # type: ignore[method-assign]
    screen.resize(1200, 700)
    screen.show()
    shown: list[float] = []
    worst: list[float] = []
    beats = _Beats()
    probe = QTimer(screen)
    probe.setInterval(5)
    probe.timeout.connect(beats.beat)
    gui_cpu0 = time.thread_time()
    load0 = os.getloadavg()
    started = time.perf_counter()
    pending0 = busy.pending() if busy is not None else 0
    probe.start()
    try:
        for name in NAMES * rounds:
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
    finally:
        probe.stop()
        lookup.search = real_search  # type: ignore[assignment]
        env.ops.wait()
        ctx.close()
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {
        "shown_ms": shown,
        "stall_ms": worst,
        "search": searches.stats(),
        "fill": fills.stats(),
        "gui_cpu_share": (time.thread_time() - gui_cpu0) / elapsed,
        "load": [load0[0], os.getloadavg()[0]],
        "late_beats": beats.late_beats,
        "beats": len(beats.lateness),
        "blame_ms": dict(sorted(beats.blame.items(), key=lambda kv: -kv[1])),
        "seconds": elapsed,
    }
    if busy is not None:
        result["busy"] = {**busy.stats(), "outbox_pending_at_start": pending0}
    return result
