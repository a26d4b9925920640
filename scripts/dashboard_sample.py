"""The dashboard's screenshots (docs/screenshots/ui-dashboard-{ar,en}.png, and -weeks- with the
weekly line's tab) on a year of generated history, for scripts/render_screens.py.

A dashboard of four requests shows nothing of what it is for, so this one reads a station
database made by bench/generate.py (the benchmark's generator, at a small size: a year of
requests from the two centers' six stations, the same statuses, due dates, holidays and
after-hours receipts), signed in as a supervisor, with the clock one minute after the
newest step in it (the generator's "now" falls outside office hours as often as not).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = 20_000
SEED = 7


def generate_station(folder: Path, requests: int = REQUESTS) -> Path:
    """A year of history in ``folder``; the database's path. Call before any QApplication
    exists: the generator forks its workers."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate  # type: ignore[import-not-found]  # bench/generate.py, not a package

    generate.generate(folder, requests, SEED, years=1, force=True, log=lambda _line: None)
    return folder / str(generate.DB_NAME)


def shoot(app: Any, language: str, database: Path, out: Path, size: tuple[int, int]) -> Path:
    """The main window of a supervisor on ``database``, on the dashboard, saved as PNG."""
    from PySide6.QtCore import QSettings
    from sqlalchemy import text

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.users import add_user
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations

    home = database.parent / f"home-{language}"
    ctx = AppContext.open(AppPaths(home / "data", home / "cache", home / "logs"), database)
    try:
        with ctx.store.read() as session:
            newest = session.execute(text("SELECT max(at) FROM request_events")).scalar_one()
            admin = ctx.actor(session, "admin")
            known = session.execute(
                text("SELECT 1 FROM users WHERE username = 'supervisor1'")
            ).first()
        now = dt.datetime.fromisoformat(str(newest)).replace(tzinfo=dt.UTC)
        ctx.clock = lambda: now + dt.timedelta(minutes=1)
        if known is None:
            add_user(
                ctx,
                admin,
                username="supervisor1",
                role="supervisor",
                password="screens-supervisor-1",
                full_name="رئيسة المركز",
            )
        with ctx.store.read() as session:
            supervisor = ctx.actor(session, "supervisor1")
        env = UiEnv(
            ctx,
            supervisor,
            Operations(synchronous=True),
            Printers(pdf_folder=home / "printed"),
            Events(),
            language,
            lambda _r: None,
        )
        window = MainWindow(env, QSettings(str(home / "w.ini"), QSettings.Format.IniFormat))
        env.open_request = window.open_request
        window.resize(*size)
        window.show()
        window.go("dashboard")
        for _ in range(5):
            app.processEvents()
        path = out / f"ui-dashboard-{language}.png"
        window.grab().save(str(path))
        # The weekly line, behind the charts' third tab.
        screen = window.screens["dashboard"]
        screen.charts.setCurrentWidget(screen.weeks_chart)  # type: ignore[attr-defined]
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / f"ui-dashboard-weeks-{language}.png"))
        window.close()
        return path
    finally:
        ctx.close()
