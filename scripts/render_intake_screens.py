"""Render the intake form filled in, in Arabic and in English, to docs/screenshots/:

- ui-intake-card-{ar,en}.png: certifying a personal record card (MOAD-ID-CARD-CERTIFICATION)
  with the case "first issue" chosen: the documents of that case only;
- ui-intake-fee-{ar,en}.png: an individual statement (a fee of 3,000 SYP) paid at a bank, its
  receipt number typed.

The same setting as scripts/render_screens.py (a temporary station, the real main window in
the app's theme at the counter monitor's 1366x768, grabbed offscreen: scripts/screens_common.py);
the window is taller here so the whole form, down to the fee, is in one picture.

    python scripts/render_intake_screens.py [--out docs/screenshots]
"""

from __future__ import annotations

from pathlib import Path

from screens_common import main_window, run, set_language, shoot, start_app, temporary_station

SIZE = (1366, 1500)  # the counter monitor's width; tall enough for the whole form


def render(language: str, out: Path) -> None:
    app = start_app()
    from counter_app.domain.payment import PaymentMethod
    from counter_app.services.sample import sample_station
    from counter_app.ui.screens.intake import IntakeScreen

    with temporary_station() as station:
        ctx = station.ctx
        clerk = sample_station(ctx, "screens-123")["clerk1"]
        set_language(app, station, language)
        window = main_window(station, clerk, language, SIZE)
        intake = window.screens["intake"]
        assert isinstance(intake, IntakeScreen)

        def citizen(nid: str, name: str, phone: str) -> None:
            for field, value in zip(intake.citizen.inputs(), (nid, name, phone), strict=True):
                field.set_raw(value)

        def choose(key: str, value: str) -> None:
            field = next(f for f in intake.fields if f.key == key)
            field.set_raw(value)

        def take(name: str) -> None:
            shoot(app, window, out / f"ui-intake-{name}-{language}.png")

        window.start_intake("MOAD-ID-CARD-CERTIFICATION")
        citizen("01020304050", "فاطمة عبد الله الأحمد", "0933123456")
        choose("case", "first_issue")
        choose("employer", "وزارة التربية")
        rows = intake.checklist.shown()
        rows[0].toggle()  # the ID card seen; the rest still to confirm
        take("card")

        intake.reset(keep_citizen=False)
        window.start_intake("MOI-INDIVIDUAL-STATEMENT")
        citizen("02030405060", "إبراهيم مصطفى الحلبي", "0944555666")
        choose("purpose", "travel")
        intake.checklist.tick_all()
        fee = intake.fee
        fee.method.setCurrentIndex(fee.method.findData(PaymentMethod.BANK_RECEIPT.value))
        fee.receipt.set_raw("CB-458812")
        intake.save_button.setFocus()
        take("fee")
        intake.reset(keep_citizen=False)  # nothing unsaved: closing asks nothing
        window.close()
        ctx.close()


if __name__ == "__main__":
    run(render, __file__)
