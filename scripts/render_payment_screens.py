"""Screenshots of the fee on the desktop (issue 16), in Arabic and English, at the counter
monitor's 1366x768: the request view of an unpaid fee with its "Record payment" dialog open,
and the same request once paid at a bank.

    python scripts/render_payment_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

from pathlib import Path

from screens_common import (
    COUNTER,
    main_window,
    run,
    set_language,
    settle,
    start_app,
    temporary_station,
)

SIZE = COUNTER


def render(language: str, out: Path) -> None:
    app = start_app()
    from PySide6.QtGui import QColor, QPainter, QPen, QPixmap

    from counter_app.services.catalog import active_catalog
    from counter_app.services.intake import IntakeInput, submit_request
    from counter_app.services.sample import sample_fields, sample_station
    from counter_app.ui.dialogs.payment import PaymentDialog
    from counter_app.ui.screens.request_view import RequestScreen

    with temporary_station() as station:
        ctx = station.ctx
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
        set_language(app, station, language)
        window = main_window(station, clerk, language, SIZE)
        window.open_request(receipt)
        settle(app)
        screen = window.findChild(RequestScreen)
        assert screen is not None
        screen.buttons["pay"].click()
        dialog = screen.dialog
        assert isinstance(dialog, PaymentDialog)
        dialog.number.setText("CBS-118452")
        settle(app)
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
        settle(app)
        window.grab().save(str(out / f"ui-request-paid-{language}.png"))
        print(out / f"ui-payment-dialog-{language}.png", out / f"ui-request-paid-{language}.png")
        window.close()
        ctx.close()


if __name__ == "__main__":
    run(render, __file__)
