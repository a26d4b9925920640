"""The day's cash sheet (issue 16) rendered for docs/screenshots/, in Arabic and English: the
A4 PDF as a PNG (cash-pdf-ar/en.png) and the "Cash of the day" screen of the desktop at the
counter monitor's 1366x768 in the app's theme (ui-cash-ar/en.png), on the hand-computed day
of tests/cash_sample.py.

    python scripts/render_cash.py [--out docs/screenshots]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from screens_common import (
    COUNTER,
    ROOT,
    main_window,
    run,
    set_language,
    shoot,
    start_app,
    temporary_station,
)

SIZE = COUNTER


def render(language: str, out: Path) -> None:
    app = start_app()
    sys.path.insert(0, str(ROOT))
    import pypdfium2 as pdfium
    from tests.cash_sample import Clock, make_cash_day

    from counter_app.exports import write_cash
    from counter_app.services.cash_sheet import cash_sheet
    from counter_app.services.sample import sample_station

    with temporary_station() as station:
        ctx = station.ctx
        clock = Clock(dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC))
        ctx.clock = clock  # set before the station: the sample's times only move forward
        users = sample_station(ctx, "screens-123")
        make_cash_day(ctx, users["admin"], users["clerk1"], clock)

        report, heading = cash_sheet(ctx, users["admin"], "today")
        pdf = station.home / "cash.pdf"
        write_cash(report, "pdf", pdf, language, ctx.calendar.tz, heading=heading)
        doc = pdfium.PdfDocument(pdf)
        try:
            image = doc[0].render(scale=110 / 72).to_pil()
            path = out / f"cash-pdf-{language}.png"
            image.save(path)
            print(path)
        finally:
            doc.close()

        set_language(app, station, language)
        window = main_window(station, users["admin"], language, SIZE)
        window.go("cash")
        shoot(app, window, out / f"ui-cash-{language}.png")
        window.close()
        ctx.close()


if __name__ == "__main__":
    run(render, __file__)
