"""Starting the desktop application: database, language, login, main window.

counter-app gui        (or counter-app-desktop, without a console window on Windows)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.domain.errors import CounterError
from counter_app.i18n import Translator
from counter_app.logs import log_uncaught, setup_logging
from counter_app.paths import APP_NAME, AppPaths, secure_start
from counter_app.printing.registry import Printers
from counter_app.services.context import Actor, AppContext
from counter_app.services.settings import get_settings
from counter_app.store.integrity import DailyCheck, refuse_if_damaged
from counter_app.ui.display import display_problem
from counter_app.ui.env import Events, UiEnv, error_text
from counter_app.ui.idle import IdleLock
from counter_app.ui.login import LoginDialog
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import install_translator, tr

if TYPE_CHECKING:
    from counter_app.services.scan_station import HotFolderWatcher
    from counter_app.sync.worker import SyncWorker


def apply_language(app: QApplication, language: str, cache_dir: Path) -> None:
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    install_translator(app, language, cache_dir)


def window_settings(paths: AppPaths) -> QSettings:
    """Window geometry in the app's own config folder (portable installs and tests included)."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)


def run(argv: Sequence[str], *, database: Path | None = None, language: str | None = None) -> int:
    if QApplication.instance() is None:
        # Qt aborts (134) without a display or its X11 libraries, blaming a plugin: say it first.
        problem = display_problem(Translator.for_language(language))
        if problem:
            sys.stderr.write(problem + "\n")
            return 2
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    paths = AppPaths.default()
    secure_start(paths)  # umask 077, owner-only folders (citizen data)
    setup_logging(paths)
    sys.excepthook = log_uncaught
    cache = paths.data_dir / "cache"
    try:
        ctx = AppContext.open(paths, database)
        settings = get_settings(ctx)
        lang = language or os.environ.get("COUNTER_APP_LANG") or settings["ui.language"]
        apply_language(app, lang, cache)
        station = ctx.station_info()
        # A file marked damaged (by any process): say so and name `db restore` instead of
        # letting a clerk work on into refused saves.
        refuse_if_damaged(ctx.store.path)
    except CounterError as exc:
        apply_language(app, language or "ar", cache)
        QMessageBox.critical(None, tr("Citizen Service Center"), error_text(exc, language or "ar"))
        return 2
    ops = Operations()
    login = LoginDialog(ctx, station, ops, lang)
    if not login.exec() or login.actor is None:
        ctx.close()
        return 0
    env = UiEnv(
        ctx=ctx,
        actor=login.actor,
        ops=ops,
        printers=Printers(pdf_folder=paths.data_dir / "printed"),
        events=Events(),
        language=lang,
        open_request=lambda _ref: None,
    )
    # Imported after login: the screens and the printing stack (reportlab) are not needed to
    # show the login window, and loading them first would make every start slower.
    from counter_app.services.printing import recover_interrupted
    from counter_app.ui.main_window import MainWindow

    recover_interrupted(ctx)
    window = MainWindow(env, window_settings(paths))
    env.open_request = window.open_request
    lock = IdleLock(int(settings["ui.idle_lock_seconds"]), lambda: relock(window, env, station))
    app.installEventFilter(lock)
    from counter_app.ui.barcode import BarcodeWedge

    wedge = BarcodeWedge(window.scanned)
    app.installEventFilter(wedge)
    sync = start_sync(ctx)
    daily_check = DailyCheck(ctx.store.path)
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
    from counter_app.services.sync_state import sync_health
    from counter_app.sync.enroll import client_for
    from counter_app.sync.worker import SyncWorker

    if not sync_health(ctx).enrolled:
        return None
    worker = SyncWorker(ctx, lambda: client_for(ctx))
    worker.start()
    return worker


def relock(window: QWidget, env: UiEnv, station: object) -> None:
    """Hide the data behind the login of the same clerk; a wrong password keeps it locked."""
    from counter_app.services.context import StationInfo

    assert isinstance(station, StationInfo)
    window.hide()
    dialog = LoginDialog(env.ctx, station, env.ops, env.language, locked_user=env.actor.username)
    if dialog.exec() and dialog.actor is not None:
        window.show()
    else:
        window.close()


def main() -> None:
    sys.exit(run(sys.argv))
