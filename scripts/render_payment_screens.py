"""Screenshots of the fee on the desktop (issue 16), in Arabic and English, at the counter
monitor's 1366x768: the request view of an unpaid fee with its "Record payment" dialog open,
and the same request once paid at a bank.

    python scripts/render_payment_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
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
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
    from PySide6.QtWidgets import QApplication

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.catalog import active_catalog
    from counter_app.services.context import AppContext
    from counter_app.services.intake import IntakeInput, submit_request
    from counter_app.services.sample import sample_fields, sample_station
    from counter_app.ui.app import apply_language
    from counter_app.ui.dialogs.payment import PaymentDialog
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations
    from counter_app.ui.screens.request_view import RequestScreen
    from counter_app.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        paths = AppPaths.default()
        ctx = AppContext.open(paths)
        clerk = sample_station(ctx, "screens-123")["clerk1"]
        svc = active_catalog(ctx).service("GEH-PROPERTY-DATA")
        assert svc is not None
        receipt = submit_request(
            ctx,
            clerk,
            IntakeInput(
                svc.code,
                "02030405060",
                "إبراهيم مصطفى الحلبي",
                "0944555666",
                sample_fields(svc),
                {d.type: "copy_kept" for d in svc.documents_for(sample_fields(svc))},
            ),
        ).receipt_no
        apply_language(app, language, paths.data_dir / "cache")
        env = UiEnv(
            ctx,
            clerk,
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
        window.open_request(receipt)
        for _ in range(5):
            app.processEvents()
        screen = window.findChild(RequestScreen)
        assert screen is not None
        screen.buttons["pay"].click()
        dialog = screen.dialog
        assert isinstance(dialog, PaymentDialog)
        dialog.number.setText("CBS-118452")
        for _ in range(5):
            app.processEvents()
        # The window with the (window-modal) dialog drawn over it where it opened.
        shot = QPixmap(window.grab())
        painter = QPainter(shot)
        at = window.mapFromGlobal(dialog.mapToGlobal(dialog.rect().topLeft()))
        painter.drawPixmap(at, dialog.grab())
        painter.setPen(QPen(QColor("#555555"), 2))  # offscreen dialogs have no frame
        painter.drawRect(at.x(), at.y(), dialog.width(), dialog.height())
        painter.end()
        shot.save(str(out / f"ui-payment-dialog-{language}.png"))
        dialog.accept()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / f"ui-request-paid-{language}.png"))
        print(out / f"ui-payment-dialog-{language}.png", out / f"ui-request-paid-{language}.png")
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
