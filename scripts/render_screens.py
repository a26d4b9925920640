"""Render every main screen, in Arabic and in English, to PNGs in docs/screenshots/.

A station is set up in a temporary folder with a few requests in different states, the real
main window is built for an admin (who sees every screen) in the app's theme (font, palette,
style sheet) at the counter monitor's 1366x768, and each screen is grabbed offscreen.

    python scripts/render_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from screens_common import (
    COUNTER,
    ROOT,
    arguments,
    each_language,
    main_window,
    set_language,
    shoot,
    start_app,
    temporary_station,
)

SIZE = COUNTER


def archive_sample(ctx: Any, admin: Any, receipts: list[str]) -> None:
    """A day's files handed to the archive (one still expected), registered and boxed."""
    from counter_app.services.archive_boxes import add_box, file_in_box
    from counter_app.services.diwan import register_request
    from counter_app.services.handover_batches import create_batch, open_batch, receive_file

    batch = create_batch(ctx, admin)
    open_batch(ctx, admin, batch.batch_no)
    for receipt in receipts[:3]:
        receive_file(ctx, admin, batch.batch_no, receipt)
    add_box(ctx, admin, "B-2026-014", shelf="رف ٣ - أ", label="بيانات قيد فردي")
    add_box(ctx, admin, "B-2026-015", shelf="رف ٣ - ب", label="شكاوى")
    for receipt, box in ((receipts[0], "B-2026-014"), (receipts[1], "B-2026-014")):
        register_request(ctx, admin, receipt)
        file_in_box(ctx, admin, receipt, box)
    register_request(ctx, admin, receipts[2], subject="شكوى تأخير معاملة")
    # A scanned stack: a stray page first (it waits in the unfiled queue), then two requests.
    sys.path.insert(0, str(ROOT))
    from tests.scanning.scanstack import StackMaker

    from counter_app.services.scan_filing import import_scan

    stack = StackMaker(seed=5).stack([(None, 1), (receipts[0], 2), (receipts[1], 1)])
    import_scan(ctx, admin, stack.pdf, filename="scanner-0412.pdf", source="hotfolder")


def select_first(window: Any) -> None:
    from counter_app.ui.screens.lookup import select_row

    select_row(window.screens["scan"].table, 0)


def batch_of(ctx: Any, admin: Any) -> str:
    from counter_app.services.handover_batches import list_batches

    return list_batches(ctx, admin, side="archive")[0].batch_no


def render(language: str, out: Path, dashboard_db: Path | None = None) -> None:
    app = start_app()
    from counter_app.services.catalog import active_catalog
    from counter_app.services.intake import IntakeInput, submit_request
    from counter_app.services.requests import change_status
    from counter_app.services.sample import sample_fields, sample_station
    from counter_app.ui.login import LoginDialog
    from counter_app.ui.operations import Operations

    with temporary_station() as station:
        ctx = station.ctx
        admin = sample_station(ctx, "screens-123")["admin"]
        catalog = active_catalog(ctx)
        people = [
            ("01020304050", "فاطمة عبد الله الأحمد", "0933123456", "MOI-INDIVIDUAL-STATEMENT"),
            ("02030405060", "إبراهيم مصطفى الحلبي", "0944555666", "GEH-PROPERTY-DATA"),
            ("03040506070", "ريم الشامي", "0955111222", "MOI-FAMILY-STATEMENT"),
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
        archive_sample(ctx, admin, receipts)
        from counter_app.services.printing import queue_print

        queue_print(ctx, admin, "slip", "GEH-SITE-PLAN", note="الكوة 7")  # the reception's slip
        set_language(app, station, language)
        with ctx.store.read() as s:
            current = ctx.station(s)
        ops = Operations(synchronous=True)
        login = LoginDialog(ctx, current, ops, language)
        login.resize(480, 260)
        login.show()
        app.processEvents()
        login.grab().save(str(out / f"ui-login-{language}.png"))
        window = main_window(station, admin, language, SIZE, ops)

        def lookup() -> None:
            window.search.setText("فاطمه")
            window._global_search()

        def scan() -> None:
            window.go("scan")
            select_first(window)

        shots: dict[str, Callable[[], object]] = {
            "reception": lambda: window.go("reception"),
            "intake": lambda: window.start_intake("GEH-PROPERTY-DATA"),
            "lookup": lookup,
            "request": lambda: window.open_request(receipts[0]),
            # Submitted: every status step offered, the action bar in two rows.
            "request-submitted": lambda: window.open_request(receipts[1]),
            "complaints": lambda: window.go("complaints"),
            "calls": lambda: window.go("calls"),
            "printing": lambda: window.go("printing"),
            "settings": lambda: window.go("settings"),
            "handover": lambda: window.scanned(batch_of(ctx, admin)),
            "scan": scan,
            "unfiled": lambda: window.go("unfiled"),
            "diwan": lambda: window.go("diwan"),
            "boxes": lambda: window.go("boxes"),
            "reports": lambda: window.go("reports"),
        }
        for name, show in shots.items():
            show()
            shoot(app, window, out / f"ui-{name}-{language}.png")
            window.search.clear()  # the lookup's query is not left in every later shot
        window.close()
        ctx.close()
        if dashboard_db is not None:  # a supervisor's window on a year of history
            from dashboard_sample import shoot as shoot_dashboard

            print(shoot_dashboard(app, language, dashboard_db, out, SIZE))


def main() -> None:
    parser = arguments()
    parser.add_argument("--dashboard-db", type=Path, help="made by dashboard_sample if not given")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        if args.dashboard_db is None:  # generated before any Qt application: it forks
            from dashboard_sample import generate_station

            args.dashboard_db = generate_station(Path(folder) / "dashboard")
        if args.language:
            render(args.language, args.out, args.dashboard_db)
            return
        each_language(__file__, args.out, "--dashboard-db", str(args.dashboard_db))


if __name__ == "__main__":
    main()
