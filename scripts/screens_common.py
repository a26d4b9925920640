"""What the screenshot scripts (render_screens, render_intake_screens, render_payment_screens,
render_cash) share: the Qt application in the app's theme, offscreen; a station in a
temporary folder; the real main window for one user in one language; a grab saved as a PNG;
and one process per language (a Qt application has one layout direction).

Kept in one place so every screenshot is taken the same way: a change to the window's set-up
or the theme reaches all of docs/screenshots/.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COUNTER = (1366, 768)  # the counter's monitor


def start_app() -> Any:
    """The Qt application (offscreen unless told otherwise) in the app's theme; the sources
    under src/ importable."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    return app


@dataclass
class Station:
    home: Path  # COUNTER_APP_HOME, removed at the end
    paths: Any  # counter_app.paths.AppPaths
    ctx: Any  # counter_app.services.context.AppContext, open


@contextmanager
def temporary_station() -> Iterator[Station]:
    """A fresh station's store in a temporary folder (the caller closes ``ctx``)."""
    from counter_app.paths import AppPaths
    from counter_app.services.context import AppContext

    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        paths = AppPaths.default()
        yield Station(Path(home), paths, AppContext.open(paths))


def set_language(app: Any, station: Station, language: str) -> None:
    from counter_app.ui.app import apply_language

    apply_language(app, language, station.paths.data_dir / "cache")


def main_window(
    station: Station,
    actor: Any,
    language: str,
    size: tuple[int, int],
    ops: Any = None,
) -> Any:
    """The real main window for ``actor``, shown at ``size``; its operations run in the
    calling thread (a grab sees their result) unless ``ops`` is given."""
    from PySide6.QtCore import QSettings

    from counter_app.printing.registry import Printers
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations

    env = UiEnv(
        station.ctx,
        actor,
        ops if ops is not None else Operations(synchronous=True),
        Printers(pdf_folder=station.paths.data_dir / "printed"),
        Events(),
        language,
        lambda _r: None,
    )
    settings = QSettings(str(station.home / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(env, settings)
    env.open_request = window.open_request
    window.resize(*size)
    window.show()
    return window


def settle(app: Any) -> None:
    """Let queued layouts and repaints run before a grab."""
    for _ in range(5):
        app.processEvents()


def shoot(app: Any, widget: Any, path: Path) -> Path:
    """``widget`` grabbed, once settled, into ``path`` (printed)."""
    settle(app)
    widget.grab().save(str(path))
    print(path)
    return path


def each_language(script: str, out: Path, *extra: str) -> None:
    """``script`` run again for Arabic, then English, in a process each."""
    for language in ("ar", "en"):
        subprocess.run(
            [sys.executable, script, "--out", str(out), "--language", language, *extra],
            check=True,
        )


def arguments() -> argparse.ArgumentParser:
    """The options every screenshot script takes: where the PNGs go, and the one language
    of a child process (without it, the script runs itself for each)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", choices=("ar", "en"))
    return parser


def run(render: Callable[[str, Path], None], script: str) -> None:
    """A script's main: ``render`` for the language asked, else for both, a process each."""
    args = arguments().parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.language:
        render(args.language, args.out)
        return
    each_language(script, args.out)
