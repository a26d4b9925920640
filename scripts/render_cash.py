"""The day's cash sheet (issue 16) rendered for docs/screenshots/, in Arabic and English: the
A4 PDF as a PNG (cash-pdf-ar/en.png) and the "Cash of the day" screen of the desktop at the
counter monitor's 1366x768 in the app's theme (ui-cash-ar/en.png), on the hand-computed day
of tests/cash_sample.py.

    python scripts/render_cash.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1366, 768)


def render(language: str, out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import pypdfium2 as pdfium
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from tests.cash_sample import Clock, make_cash_day

    from counter_app.exports import write_cash
    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.cash_sheet import cash_sheet
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.ui.app import apply_language
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations
    from counter_app.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        paths = AppPaths.default()
        ctx = AppContext.open(paths)
        clock = Clock(dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC))
        ctx.clock = clock  # set before the station: the sample's times only move forward
        users = sample_station(ctx, "screens-123")
        make_cash_day(ctx, users["admin"], users["clerk1"], clock)

        report, heading = cash_sheet(ctx, users["admin"], "today")
        pdf = Path(home) / "cash.pdf"
        write_cash(report, "pdf", pdf, language, ctx.calendar.tz, heading=heading)
        doc = pdfium.PdfDocument(pdf)
        try:
            image = doc[0].render(scale=110 / 72).to_pil()
            path = out / f"cash-pdf-{language}.png"
            image.save(path)
            print(path)
        finally:
            doc.close()

        apply_language(app, language, paths.data_dir / "cache")
        env = UiEnv(
            ctx,
            users["admin"],
            Operations(synchronous=True),
            Printers(pdf_folder=paths.data_dir / "printed"),
            Events(),
            language,
            lambda _r: None,
        )
        window = MainWindow(env, QSettings(str(Path(home) / "w.ini"), QSettings.Format.IniFormat))
        env.open_request = window.open_request
        window.resize(*SIZE)
        window.show()
        window.go("cash")
        for _ in range(5):
            app.processEvents()
        path = out / f"ui-cash-{language}.png"
        window.grab().save(str(path))
        print(path)
        window.close()
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", choices=("ar", "en"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.language:
        render(args.language, args.out)
        return
    for language in ("ar", "en"):  # one process each: a Qt app has one layout direction
        subprocess.run(
            [sys.executable, __file__, "--out", str(args.out), "--language", language], check=True
        )


if __name__ == "__main__":
    main()
