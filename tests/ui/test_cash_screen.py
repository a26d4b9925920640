"""The "Cash of the day" screen on the hand-computed day of tests/cash_sample.py: the whole day
for the head of the center, his own payments for a clerk (and the screen says so), an empty
day, the day picked, the exports written to a path (the file dialog is the only part not
driven here) and a target that cannot take the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from counter_app.domain.roles import Role
from counter_app.services.context import Actor
from counter_app.ui.env import UiEnv
from counter_app.ui.screens.cash import CashScreen
from counter_app.ui.screens.registry import screen_classes
from tests import cash_sample
from tests.cash_sample import Clock, make_cash_day
from tests.conftest import Station
from tests.test_exports_pdf import pages_text


@pytest.fixture
def day(station: Station) -> cash_sample.CashDay:
    return make_cash_day(station.ctx, station.admin, station.clerk, Clock(station.clock.now))


def _screen(ui_env: UiEnv, actor: Actor) -> CashScreen:
    ui_env.actor = actor
    screen = CashScreen(ui_env)
    screen.activate()
    return screen


def _cells(screen: CashScreen, model: object, column: int) -> list[str]:
    m = screen.model if model == "payments" else screen.totals_model
    return [m.index(r, column).data() for r in range(m.rowCount())]


def test_for_clerks_and_supervisors_in_supervision_with_a_free_shortcut() -> None:
    assert CashScreen.roles == frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
    assert CashScreen.group == "supervision"
    classes = screen_classes()
    assert CashScreen in classes
    shortcuts = [cls.shortcut for cls in classes if cls.shortcut]
    assert shortcuts.count("Ctrl+M") == 1 and len(shortcuts) == len(set(shortcuts))


def test_the_head_of_the_center_sees_the_whole_day_with_its_totals(
    ui_env: UiEnv, station: Station, day: cash_sample.CashDay, opened: list[str]
) -> None:
    screen = _screen(ui_env, station.admin)
    assert screen.chosen_day() == cash_sample.DAY  # today, the center's local day
    assert _cells(screen, "payments", 1) == day.receipts
    assert _cells(screen, "payments", 0) == ["09:10", "09:45", "10:20", "11:05", "12:30", "14:15"]
    assert _cells(screen, "payments", 2)[0] == "السجل العدلي"  # the service's name
    assert _cells(screen, "payments", 6) == [f"{p[3]:,}" for p in cash_sample.PAID]
    assert screen.scope.isHidden() and screen.empty.isHidden()
    items = _cells(screen, "totals", 1)
    assert items == [
        "إيصال مصرف",
        "كوة المصرف بالمركز",
        "سامر الكيلاني",
        "ليلى حداد",
        "مجموع اليوم",
    ]
    assert _cells(screen, "totals", 2) == ["4", "2", "3", "3", "6"]
    assert _cells(screen, "totals", 3) == ["20,000", "13,000", "18,000", "15,000", "33,000"]
    bold = screen.totals_model.index(4, 3).data(Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()
    assert "33,000" in screen.summary.text() and "ل.س" in screen.summary.text()
    assert all(b.isEnabled() for b in screen.export_buttons.values())
    # A payment opens its request.
    screen._open(screen.model.index(2, 0))
    assert opened == [day.receipts[2]]


def test_a_clerk_sees_his_own_payments_and_is_told_so(
    ui_env: UiEnv, station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    screen = _screen(ui_env, day.clerk2)
    assert _cells(screen, "payments", 1) == [day.receipts[i] for i in (1, 3, 5)]
    assert not screen.scope.isHidden() and "clerk2" in screen.scope.text()
    assert _cells(screen, "totals", 3) == ["5,000", "10,000", "15,000", "15,000"]
    assert "15,000" in screen.summary.text()
    # His sheet says the same.
    out = tmp_path / "mine.pdf"
    screen.export("pdf", out)
    assert screen.last_export == out
    text = pages_text(out)[0]
    assert day.receipts[1] in text and day.receipts[0] not in text and "33,000" not in text
    assert screen.default_name("pdf") == "cash-MZH-2026-11-22-clerk2.pdf"


def test_another_day_and_an_empty_day(
    ui_env: UiEnv, station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    screen = _screen(ui_env, station.admin)
    screen.day.setDate(QDate(2026, 11, 21))  # the evening before: one payment
    assert screen.report is not None and screen.report.day == dt.date(2026, 11, 21)
    assert _cells(screen, "totals", 3)[-1] == "5,000" and screen.model.rowCount() == 1
    screen.day.setDate(QDate(2026, 11, 1))
    assert screen.model.rowCount() == 0 and not screen.empty.isHidden()
    assert _cells(screen, "totals", 3) == ["0", "0", "0"]  # two methods, no clerk, the day
    assert screen.message.isHidden()  # an empty day is not an error
    out = tmp_path / "empty.csv"
    screen.export("csv", out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [r for r in rows[1:] if r[1]] == [] and rows[-1][4] == "0"
    screen.today_button.click()
    assert screen.chosen_day() == cash_sample.DAY and screen.model.rowCount() == 6


def test_an_unwritable_target_is_an_inline_error_and_nothing_is_written(
    ui_env: UiEnv, station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    screen = _screen(ui_env, station.admin)
    screen.export("pdf", tmp_path / "missing" / "cash.pdf")
    assert not screen.message.isHidden()
    assert "غير موجود" in screen.message.text() and screen.message.property("role") == "error"
    assert screen.last_export is None and not (tmp_path / "missing").exists()


def test_reception_is_refused_inline(ui_env: UiEnv, station: Station) -> None:
    """Not in reception's navigation; should the screen be reached, the service refuses."""
    reception = replace(station.clerk, role=Role.RECEPTION)
    screen = _screen(ui_env, reception)
    assert not screen.message.isHidden() and screen.message.property("role") == "error"
    assert screen.report is None and not any(b.isEnabled() for b in screen.export_buttons.values())
