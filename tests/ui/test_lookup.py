"""Find a request: one box, four kinds of query, Arabic folding, stale answers dropped."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.ui.env import UiEnv
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.lookup import DEBOUNCE_MS, LookupScreen
from tests.conftest import Station
from tests.ui.keys_lookup import press, submit, type_text

PEOPLE = [
    ("01020304050", "فاطمة عبد الله الأحمد", "0933123456"),
    ("02030405060", "إبراهيم مصطفى الحلبي", "0944555666"),
    ("03040506070", "Rasha Al-Qabbani", "0955111222"),
]


@pytest.fixture
def saved(station: Station) -> dict[str, str]:
    return {
        nid: submit(station, nid=nid, name=name, phone=phone, code="MOI-INDIVIDUAL-STATEMENT")
        for nid, name, phone in PEOPLE
    }


def _screen(env: UiEnv, qtbot: QtBot) -> LookupScreen:
    screen = LookupScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def _receipts(screen: LookupScreen) -> list[str]:
    return [h.receipt_no for h in screen.model.rows]


def test_a_scanned_receipt_opens_its_request(
    ui_env: UiEnv, saved: dict[str, str], opened: list[str], qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot)
    receipt = saved["01020304050"]
    type_text(screen.box, receipt.lower())
    assert not screen.timer.isActive()  # a number is not searched while it is typed
    press(screen.box, Qt.Key.Key_Return)
    assert opened == [receipt]
    assert _receipts(screen) == [receipt]
    assert tr("by receipt number") in screen.kind_label.text()


def test_national_number_in_arabic_indic_digits_and_phone(
    ui_env: UiEnv, saved: dict[str, str], opened: list[str], qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot)
    type_text(screen.box, "٠٢٠٣٠٤٠٥٠٦٠")
    press(screen.box, Qt.Key.Key_Enter)
    assert _receipts(screen) == [saved["02030405060"]]
    assert tr("by national number") in screen.kind_label.text()
    assert screen.model.data(screen.model.index(0, 1)) == "إبراهيم مصطفى الحلبي"
    assert screen.model.data(screen.model.index(0, 5)) == tr("submitted") == "مقدَّم"
    assert screen.model.data(screen.model.index(0, 6)) == "\u20662026-11-22 09:30\u2069"  # Damascus
    screen.search_now("+963 944 555 666")
    assert screen.box.text() == "+963 944 555 666"
    assert _receipts(screen) == [saved["02030405060"]]
    assert tr("by phone number") in screen.kind_label.text()
    assert opened == []  # only a receipt number opens directly


@pytest.mark.parametrize(
    ("query", "nid"),
    [("ابراهيم مصطفي", "02030405060"), ("فاطمه عبدالله", "01020304050"), ("rasha", "03040506070")],
)
def test_names_are_searched_as_typed_with_folding(
    ui_env: UiEnv, saved: dict[str, str], qtbot: QtBot, query: str, nid: str
) -> None:
    screen = _screen(ui_env, qtbot)
    type_text(screen.box, query)
    assert screen.box.text() == query
    assert screen.timer.isActive() and screen.timer.interval() == DEBOUNCE_MS
    assert screen.model.rowCount() == 0  # nothing yet: the pause has not passed
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=3000)
    assert _receipts(screen) == [saved[nid]]
    assert tr("by name") in screen.kind_label.text()


def test_enter_or_double_click_on_a_result_opens_it(
    ui_env: UiEnv, saved: dict[str, str], opened: list[str], qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot)
    screen.search_now("فاطمة")
    assert opened == []  # a name never opens by itself
    press(screen.box, Qt.Key.Key_Down)
    assert screen.table.hasFocus() or screen.table.currentIndex().row() == 0
    press(screen.table, Qt.Key.Key_Return)
    assert opened == [saved["01020304050"]]
    rect = screen.table.visualRect(screen.model.index(0, 1))
    QTest.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1  # one click selects; it does not open
    QTest.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [saved["01020304050"]] * 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "اكتب نصاً للبحث عنه"),
        ("ب" * 201, "الحد الأقصى لعدد محارف نص البحث هو 200"),
        ("12345", "12345 ليس رقماً وطنياً"),
    ],
)
def test_bad_queries_are_explained_inline(
    ui_env: UiEnv, saved: dict[str, str], qtbot: QtBot, query: str, message: str
) -> None:
    screen = _screen(ui_env, qtbot)
    screen.search_now("فاطمة")
    assert screen.model.rowCount() == 1 and screen.error_label.isHidden()
    screen.search_now(query)
    assert not screen.error_label.isHidden()
    assert message in screen.error_label.text()
    assert screen.model.rowCount() == 0  # old results never stand under a new query


def test_the_table_speaks_arabic(ui_env: UiEnv, saved: dict[str, str], qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    screen.search_now("ابراهيم")
    assert screen.model.rowCount() == 1
    assert screen.model.headerData(0, Qt.Orientation.Horizontal) == "رقم الإيصال"
    assert screen.model.headerData(5, Qt.Orientation.Horizontal) == "الحالة"


class DeferredOps(Operations):
    """Answers arrive only when the test says, in the order it chooses."""

    def __init__(self) -> None:
        super().__init__(synchronous=True)
        self.pending: list[tuple[Callable[[], Any], Callable[[Any], None] | None]] = []

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **_kw: Any,
    ) -> None:
        self.pending.append((work, on_done))

    def finish(self, index: int) -> None:
        work, on_done = self.pending[index]
        result = work()
        if on_done:
            on_done(result)


def test_a_late_answer_never_overwrites_a_newer_one(
    ui_env: UiEnv, saved: dict[str, str], opened: list[str], qtbot: QtBot
) -> None:
    ops = DeferredOps()
    screen = _screen(dataclasses.replace(ui_env, ops=ops), qtbot)
    screen.search_now("فاطمة")  # slow (say)
    screen.search_now(saved["02030405060"])  # newer
    ops.finish(1)
    assert _receipts(screen) == [saved["02030405060"]]
    ops.finish(0)  # the old answer arrives last and is dropped
    assert _receipts(screen) == [saved["02030405060"]]
    assert tr("by receipt number") in screen.kind_label.text()
    assert opened == [saved["02030405060"]]


def test_clearing_the_box_drops_results_and_answers_in_flight(
    ui_env: UiEnv, saved: dict[str, str], qtbot: QtBot
) -> None:
    ops = DeferredOps()
    screen = _screen(dataclasses.replace(ui_env, ops=ops), qtbot)
    screen.search_now("فاطمة")
    screen.box.clear()
    screen._edited("")
    ops.finish(0)
    assert screen.model.rowCount() == 0 and screen.kind_label.text() == ""


def test_overdue_rows_stand_out_and_english_shows_english_names(
    ui_env: UiEnv, station: Station, saved: dict[str, str], qtbot: QtBot
) -> None:
    station.clock.advance(days=60)
    ui_env.language = "en"
    screen = _screen(ui_env, qtbot)
    screen.search_now("فاطمة")
    assert screen.model.is_marked(0)
    brush = screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    service = screen.model.data(screen.model.index(0, 4))
    assert service and service.isascii()  # the English name of the service


def test_results_follow_a_status_change(
    ui_env: UiEnv, station: Station, saved: dict[str, str], opened: list[str], qtbot: QtBot
) -> None:
    from counter_app.services.requests import change_status

    screen = _screen(ui_env, qtbot)
    screen.search_now("فاطمة")
    receipt = saved["01020304050"]
    change_status(station.ctx, station.clerk, receipt, "ready")
    ui_env.events.request_changed.emit(receipt)
    assert screen.model.rows[0].status == "ready"
    assert opened == []  # refreshing never opens anything


def test_an_answer_typed_past_is_not_painted(
    ui_env: UiEnv, saved: dict[str, str], qtbot: QtBot
) -> None:
    ops = DeferredOps()
    screen = _screen(dataclasses.replace(ui_env, ops=ops), qtbot)
    screen.box.setText("فاطم")
    screen._run("فاطم", open_single=False)
    screen.box.setText("فاطمة")  # the next key: its search is due after the debounce
    screen.timer.start()
    ops.finish(0)
    assert screen.model.rowCount() == 0 and screen.query == ""
    screen.timer.stop()
    screen._run("فاطمة", open_single=False)
    ops.finish(1)
    assert _receipts(screen) == [saved["01020304050"]] and screen.query == "فاطمة"
