"""Render every main screen, in Arabic and in English, to PNGs in docs/screenshots/.

A station is set up in a temporary folder with a few requests in different states, the real
main window is built for an admin (who sees every screen), and each screen is grabbed offscreen.

    python scripts/render_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_fields(svc: object) -> dict[str, str]:
    """Plausible values for a service's required fields."""
    from counter_app.domain.catalog import FieldType, Service

    assert isinstance(svc, Service)
    text = {
        FieldType.TEXT: "المزة",
        FieldType.NATIONAL_ID: "01020304050",
        FieldType.PHONE: "0944123456",
        FieldType.DATE: "2020-05-01",
        FieldType.ORGANIZATION: "جمعية البر الخيرية",
    }
    out = {}
    for f in svc.fields:
        if not f.required:
            continue
        if f.type is FieldType.CHOICE:
            out[f.key] = f.choices[0].value
        elif f.type is FieldType.NUMBER:
            out[f.key] = str(int(f.min if f.min is not None else 1))
        else:
            out[f.key] = text[f.type]
    return out


def render(language: str, out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "src"))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from counter_app.paths import AppPaths
    from counter_app.printing.registry import Printers
    from counter_app.services.catalog import active_catalog
    from counter_app.services.context import AppContext
    from counter_app.services.intake import IntakeInput, submit_request
    from counter_app.services.requests import change_status
    from counter_app.services.setup import setup_station
    from counter_app.services.users import add_user
    from counter_app.ui.app import apply_language
    from counter_app.ui.env import Events, UiEnv
    from counter_app.ui.login import LoginDialog
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.operations import Operations

    app = QApplication([])
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTER_APP_HOME"] = home
        paths = AppPaths.default()
        ctx = AppContext.open(paths)
        setup_station(
            ctx,
            center_code="MZH",
            center_name="مركز خدمة المواطن - المزة",
            station_no=2,
            admin_username="admin",
            admin_password="screens-123",
        )
        with ctx.store.read() as s:
            admin = ctx.actor(s, "admin")
        add_user(
            ctx,
            admin,
            username="clerk1",
            role="clerk",
            password="screens-123",
            full_name="سامر الكيلاني",
        )
        catalog = active_catalog(ctx)
        people = [
            ("01020304050", "فاطمة عبد الله الأحمد", "0933123456", "MOI-INDIVIDUAL-STATEMENT"),
            ("02030405060", "إبراهيم مصطفى الحلبي", "0944555666", "GEH-PROPERTY-DATA"),
            ("03040506070", "ريم الشامي", "0955111222", "MOSAL-COMPLAINT-DELAY"),
            ("04050607080", "خالد المصري", "0988777666", "MOI-CRIMINAL-RECORD"),
        ]
        receipts = []
        for nid, name, phone, code in people:
            svc = catalog.service(code)
            assert svc is not None
            receipts.append(
                submit_request(
                    ctx,
                    admin,
                    IntakeInput(
                        code,
                        nid,
                        name,
                        phone,
                        sample_fields(svc),
                        {d.type: "copy_kept" for d in svc.documents},
                    ),
                ).receipt_no
            )
        change_status(ctx, admin, receipts[0], "ready")
        change_status(ctx, admin, receipts[3], "forwarded")
        apply_language(app, language, paths.data_dir / "cache")
        with ctx.store.read() as s:
            station = ctx.station(s)
        ops = Operations(synchronous=True)
        login = LoginDialog(ctx, station, ops, language)
        login.resize(480, 260)
        login.show()
        app.processEvents()
        login.grab().save(str(out / f"ui-login-{language}.png"))
        env = UiEnv(
            ctx,
            admin,
            ops,
            Printers(pdf_folder=paths.data_dir / "printed"),
            Events(),
            language,
            lambda _r: None,
        )
        window = MainWindow(env, QSettings(str(Path(home) / "w.ini"), QSettings.Format.IniFormat))
        env.open_request = window.open_request
        window.resize(1280, 800)
        window.show()
        shots = {
            "reception": lambda: window.go("reception"),
            "intake": lambda: window.start_intake("GEH-PROPERTY-DATA"),
            "lookup": lambda: (window.search.setText("فاطمه"), window._global_search()),
            "request": lambda: window.open_request(receipts[0]),
            "complaints": lambda: window.go("complaints"),
            "calls": lambda: window.go("calls"),
            "printing": lambda: window.go("printing"),
            "settings": lambda: window.go("settings"),
        }
        for name, show in shots.items():
            show()
            for _ in range(5):
                app.processEvents()
            path = out / f"ui-{name}-{language}.png"
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
