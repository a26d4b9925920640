"""Render the intake form filled in, in Arabic and in English, to docs/screenshots/:

- ui-intake-card-{ar,en}.png: certifying a personal record card (MOAD-ID-CARD-CERTIFICATION)
  with the case "first issue" chosen: the documents of that case only;
- ui-intake-fee-{ar,en}.png: an individual statement (a fee of 3,000 SYP) paid at a bank, its
  receipt number typed.

The same setting as scripts/render_screens.py (a temporary station, the real main window in
the app's theme at the counter monitor's 1366x768, grabbed offscreen); the window is taller
here so the whole form, down to the fee, is in one picture.

    python scripts/render_intake_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1366, 1500)  # the counter monitor's width; tall enough for the whole form


def render(language: str, out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from counter_app.domain.payment import PaymentMethod
    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.ui.app import apply_language
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations
    from counter_app.ui.screens.intake import IntakeScreen
    from counter_app.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        paths = AppPaths.default()
        ctx = AppContext.open(paths)
        clerk = sample_station(ctx, "screens-123")["clerk1"]
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
        window.resize(*SIZE)
        window.show()
        intake = window.screens["intake"]
        assert isinstance(intake, IntakeScreen)

        def citizen(nid: str, name: str, phone: str) -> None:
            for field, value in zip(intake.citizen.inputs(), (nid, name, phone), strict=True):
                field.set_raw(value)

        def choose(key: str, value: str) -> None:
            field = next(f for f in intake.fields if f.key == key)
            field.set_raw(value)

        def shoot(name: str) -> None:
            for _ in range(5):
                app.processEvents()
            path = out / f"ui-intake-{name}-{language}.png"
            window.grab().save(str(path))
            print(path)

        window.start_intake("MOAD-ID-CARD-CERTIFICATION")
        citizen("01020304050", "فاطمة عبد الله الأحمد", "0933123456")
        choose("case", "first_issue")
        choose("employer", "وزارة التربية")
        rows = intake.checklist.shown()
        rows[0].toggle()  # the ID card seen; the rest still to confirm
        shoot("card")

        intake.reset(keep_citizen=False)
        window.start_intake("MOI-INDIVIDUAL-STATEMENT")
        citizen("02030405060", "إبراهيم مصطفى الحلبي", "0944555666")
        choose("purpose", "travel")
        intake.checklist.tick_all()
        fee = intake.fee
        fee.method.setCurrentIndex(fee.method.findData(PaymentMethod.BANK_RECEIPT.value))
        fee.receipt.set_raw("CB-458812")
        intake.save_button.setFocus()
        shoot("fee")
        intake.reset(keep_citizen=False)  # nothing unsaved: closing asks nothing
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
