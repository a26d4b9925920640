"""Starting the desktop application: database, language, login, main window.

counter-app gui        (or counter-app-desktop, without a console window on Windows)

The login window comes first. On a set-up station whose file is at this program's schema and
not marked damaged (the everyday start), what the login shows (the station, the language) is
read on a plain sqlite3 connection (store/glance.py) and the store itself (SQLAlchemy, the
models, about 0.4 s of CPU to load) is opened on a worker thread once the window has painted,
while the clerk types; signing in waits for it. Any other file (new, to be upgraded, damaged,
not set up) is opened the full way before the window, which says what is wrong, as always.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.domain.errors import CounterError
from counter_app.logs import log_uncaught, setup_logging
from counter_app.paths import APP_NAME, AppPaths, secure_start
from counter_app.services.context import Actor, AppContext, StationInfo
from counter_app.store.glance import glance
from counter_app.store.integrity import DailyCheck, refuse_if_damaged
from counter_app.ui.display import display_problem
from counter_app.ui.env import error_text
from counter_app.ui.login import LoginDialog, OpeningContext
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import install_translator, tr
from counter_app.ui.theme import apply_theme

_IMPORTED = time.perf_counter()
PROBE_ENV = "COUNTER_APP_STARTUP_PROBE"
LANGUAGES = ("ar", "en")  # as the ui.language setting allows (services/settings.py)
# The store is opened at the login window's first paint; if no paint came by then (a window
# started minimised), this long after the start; at the latest, when someone signs in.
OPEN_AT_THE_LATEST_MS = 3000

if TYPE_CHECKING:
    from counter_app.services.scan_station import HotFolderWatcher
    from counter_app.sync.worker import SyncWorker
    from counter_app.ui.env import UiEnv


def apply_language(app: QApplication, language: str, cache_dir: Path) -> None:
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    install_translator(app, language, cache_dir)


def window_settings(paths: AppPaths) -> QSettings:
    """Window geometry in the app's own config folder (portable installs and tests included)."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)


def _process_age_ms() -> float:
    """Milliseconds since the kernel started this process (Linux: /proc, 10 ms ticks), so the
    interpreter's own start-up counts; elsewhere since this module was imported."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, in ticks
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED) * 1000


def probe_line(what: str) -> None:
    """``first-paint wall_ms=... cpu_ms=...`` on stdout (CPU of every thread of the process)."""
    sys.stdout.write(
        f"{what} wall_ms={_process_age_ms():.0f} cpu_ms={time.process_time() * 1000:.0f}\n"
    )
    sys.stdout.flush()


class FirstPaint(QObject):
    """Calls each callback once, from the event loop, right after ``widget``'s first paint."""

    def __init__(self, widget: QWidget, *callbacks: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.callbacks = list(callbacks)
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.callbacks:
            self.widget.removeEventFilter(self)
            for callback in self.callbacks:
                QTimer.singleShot(0, callback)  # after this paint has been drawn
            self.callbacks = []
        return False


def _open_store(paths: AppPaths, database: Path | None) -> AppContext:
    """On a worker thread, behind the login window: the store, and the module signing in
    needs (pure Python; nothing here touches Qt)."""
    ctx = AppContext.open(paths, database)
    try:
        refuse_if_damaged(ctx.store.path)  # quick_check at open may just have found damage
        ctx.station_info()
        import counter_app.services.users  # noqa: F401  (signing in: argon2, the models)
    except BaseException:
        ctx.close()
        raise
    return ctx


def _language(stored: dict[str, str]) -> str:
    """The ui.language setting as stored (its default when unset or unreadable)."""
    try:
        value = json.loads(stored.get("ui.language", '"ar"'))
    except ValueError:
        return "ar"
    return value if value in LANGUAGES else "ar"


def run(argv: Sequence[str], *, database: Path | None = None, language: str | None = None) -> int:
    if QApplication.instance() is None:
        # Qt aborts (134) without a display or its X11 libraries, blaming a plugin: say it first.
        problem = display_problem(_translate_later(language))
        if problem:
            sys.stderr.write(problem + "\n")
            return 2
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    # The look (shipped Arabic font, palette, style sheet) before the first window: the login
    # is drawn in it too. About 15 ms: four font files registered, one style sheet parsed.
    apply_theme(app)
    paths = AppPaths.default()
    secure_start(paths)  # umask 077, owner-only folders (citizen data)
    setup_logging(paths)
    sys.excepthook = log_uncaught
    cache = paths.data_dir / "cache"
    probe = os.environ.get(PROBE_ENV, "")
    ops = Operations()
    seen = glance(database or paths.database)
    opening: OpeningContext | None = None
    after_paint: list[Callable[[], None]] = []
    if seen is not None and seen[0].station is not None and seen[0].damaged is None:
        # The everyday start: the login now, the store behind it.
        found, stored = seen
        assert found.station is not None
        lang = language or os.environ.get("COUNTER_APP_LANG") or _language(stored)
        apply_language(app, lang, cache)
        station = StationInfo(
            found.station.center_code, found.station.center_name, found.station.station_no
        )

        def open_store() -> None:
            ops.run(
                lambda: pending.run(lambda: _open_store(paths, database)),
                on_error=open_failed,
                progress=False,
            )

        def open_failed(_exc: BaseException) -> None:
            login.reject()  # opening.wait() below raises the error, said as the full way does

        opening = pending = OpeningContext(open_store)
        login = LoginDialog(pending, station, ops, lang)
        after_paint.append(pending.start)
        QTimer.singleShot(OPEN_AT_THE_LATEST_MS, pending.start)
    else:
        opened: AppContext | None = None
        try:
            ctx = opened = AppContext.open(paths, database)
            from counter_app.services.settings import get_setting

            lang = language or os.environ.get("COUNTER_APP_LANG") or get_setting(ctx, "ui.language")
            apply_language(app, lang, cache)
            station = ctx.station_info()
            # A file marked damaged (by any process): say so and name `db restore` instead of
            # letting a clerk work on into refused saves.
            refuse_if_damaged(ctx.store.path)
        except CounterError as exc:
            if opened is not None:
                opened.close()
            apply_language(app, language or "ar", cache)
            QMessageBox.critical(
                None, tr("Citizen Service Center"), error_text(exc, language or "ar")
            )
            return 2
        login = LoginDialog(ctx, station, ops, lang)
    # The probe first: what it reports is the start-up until the paint, not what follows it.
    if probe:
        after_paint.insert(0, _probe(login, probe, opening))
    if after_paint:
        FirstPaint(login, *after_paint)
    accepted = login.exec() and login.actor is not None
    if opening is not None:
        if not opening.started:
            return 0  # closed before the store was asked for
        try:
            ctx = opening.wait()
        except CounterError as exc:
            QMessageBox.critical(None, tr("Citizen Service Center"), error_text(exc, lang))
            return 2
    if not accepted:
        ctx.close()
        return 0
    assert login.actor is not None
    return _work(app, paths, ctx, login.actor, ops, station, lang)


def _translate_later(language: str | None) -> Callable[[str], str]:
    """The CLI's translator, read only if there is something to say (display_problem)."""

    def translate(text: str) -> str:
        from counter_app.i18n import Translator

        return Translator.for_language(language)(text)

    return translate


def _probe(login: LoginDialog, probe: str, opening: OpeningContext | None) -> Callable[[], None]:
    """COUNTER_APP_STARTUP_PROBE (bench/bench_startup.py): ``1`` prints ``first-paint ...`` at
    the login window's first paint and closes it; ``ready`` also waits until signing in needs
    no more waiting (the store open) and prints ``login-ready ...`` before closing."""

    def painted() -> None:
        probe_line("first-paint")
        if probe != "ready" or opening is None:
            login.close()
            return
        poll = QTimer(login)
        poll.setInterval(5)

        def look() -> None:
            if opening.done:
                poll.stop()
                probe_line("login-ready")
                login.close()

        poll.timeout.connect(look)
        poll.start()

    return painted


def _work(
    app: QApplication,
    paths: AppPaths,
    ctx: AppContext,
    actor: Actor,
    ops: Operations,
    station: StationInfo,
    lang: str,
) -> int:
    """After the login: the main window, the idle lock, the background workers."""
    # Imported after login: the screens and the printing stack (reportlab) are not needed to
    # show the login window, and loading them first would make every start slower.
    from counter_app.printing.registry import Printers
    from counter_app.services.printing import recover_interrupted
    from counter_app.services.settings import get_setting
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.idle import IdleLock
    from counter_app.ui.main_window import MainWindow

    # What the program itself needs to run (no person's use case: services/settings.get_setting).
    settings: dict[str, Any] = {
        name: get_setting(ctx, name)
        for name in ("ui.idle_lock_seconds", "backup.keep", "archive.hot_folder")
    }
    env = UiEnv(
        ctx=ctx,
        actor=actor,
        ops=ops,
        printers=Printers(pdf_folder=paths.data_dir / "printed"),
        events=Events(),
        language=lang,
        open_request=lambda _ref: None,
    )
    recover_interrupted(ctx)
    window = MainWindow(env, window_settings(paths))
    env.open_request = window.open_request
    lock = IdleLock(int(settings["ui.idle_lock_seconds"]), lambda: relock(window, env, station))
    app.installEventFilter(lock)
    from counter_app.ui.barcode import BarcodeWedge

    wedge = BarcodeWedge(window.scanned)
    app.installEventFilter(wedge)
    sync = start_sync(ctx)
    daily_check = DailyCheck(
        ctx.store.path, backups=paths.backups, keep=int(settings["backup.keep"])
    )
    daily_check.start()
    hot_folder = start_hot_folder(ctx, env.actor, str(settings["archive.hot_folder"]))
    window.show()
    code = app.exec()
    for worker in (sync, hot_folder):
        if worker is not None:
            worker.stop(timeout=10)
    daily_check.stop()
    ctx.close()
    return code


def start_hot_folder(ctx: AppContext, actor: Actor, folder: str) -> HotFolderWatcher | None:
    """File what a network scanner drops in the configured folder, for an archive clerk (or
    supervisor, admin) logged in here; like sync, on a thread that never touches Qt."""
    from counter_app.domain.roles import GRANTS, Permission
    from counter_app.services.scan_station import HotFolderWatcher

    if not folder or actor.role not in GRANTS[Permission.MANAGE_ARCHIVE]:
        return None
    watcher = HotFolderWatcher(ctx, actor, Path(folder))
    watcher.start()
    return watcher


def start_sync(ctx: AppContext) -> SyncWorker | None:
    """Push and pull with HQ on a background thread while the window is open, when this
    station is enrolled. The worker records its health in the store; the status bar reads it
    from there, so the worker never touches Qt."""
    from counter_app.services.nightly_schedule import desktop_nightly_due
    from counter_app.services.sync_state import read_sync_health
    from counter_app.sync.enroll import client_for
    from counter_app.sync.worker import SyncWorker

    if not read_sync_health(ctx).enrolled:
        return None
    # The nightly run too, when the day's is still to do (the PC may be off at night).
    worker = SyncWorker(ctx, lambda: client_for(ctx), nightly_due=lambda: desktop_nightly_due(ctx))
    worker.start()
    return worker


def relock(window: QWidget, env: UiEnv, station: StationInfo) -> None:
    """Hide the data behind the login of the same clerk; a wrong password keeps it locked."""
    window.hide()
    dialog = LoginDialog(env.ctx, station, env.ops, env.language, locked_user=env.actor.username)
    if dialog.exec() and dialog.actor is not None:
        window.show()
    else:
        window.close()


def main() -> None:
    sys.exit(run(sys.argv))
