"""The call list: ready requests, outcomes recorded with one key, Enter opens the request."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counter_app.domain.roles import Role
from counter_app.services.calls import call_list
from counter_app.services.handover import deliver_request
from counter_app.services.requests import change_status
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.call_list import CallListScreen, outcome_text
from tests.conftest import Station
from tests.ui.keys_lookup import press, submit, type_text


def _ready(station: Station) -> tuple[str, str]:
    first = submit(station)
    second = submit(station, nid="06060606060", name="سامي الحلبي", phone="0955000222")
    for receipt in (first, second):
        change_status(station.ctx, station.clerk, receipt, "ready")
        station.clock.advance(minutes=5)
    return first, second


def _screen(env: UiEnv, qtbot: QtBot) -> CallListScreen:
    screen = CallListScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def test_who_sees_the_call_list() -> None:
    assert CallListScreen.roles == frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
    assert (CallListScreen.key, CallListScreen.shortcut) == ("calls", "F7")


def test_ready_requests_oldest_first(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    first, second = _ready(station)
    submit(station, nid="05050505050")  # not ready: not on the list
    screen = _screen(ui_env, qtbot)
    assert [i.receipt_no for i in screen.model.rows] == [first, second]
    assert screen.model.data(screen.model.index(0, 2)) == "0944000111"
    assert screen.model.data(screen.model.index(0, 4)) == tr("ready")
    assert screen.model.data(screen.model.index(0, 5)) == "2026-11-22 09:30"  # ready since
    assert screen.model.data(screen.model.index(0, 6)) == ""  # no SMS reported by HQ
    assert screen.model.data(screen.model.index(0, 7)) == "0"
    assert screen.selected() is not None and screen.selected().receipt_no == first  # type: ignore[union-attr]


def test_outcomes_are_recorded_with_a_note(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    _first, second = _ready(station)
    screen = _screen(ui_env, qtbot)
    screen.table.selectRow(1)
    type_text(screen.note, "سيحضر غداً")
    QTest.mouseClick(screen.buttons["no_answer"], Qt.MouseButton.LeftButton)
    item = screen.model.rows[1]
    assert item.receipt_no == second and item.attempts == 1
    assert item.last_outcome == "no_answer"
    assert screen.model.data(screen.model.index(1, 8)) == outcome_text("no_answer")
    assert screen.note.text() == ""  # the note went with the call
    assert screen.selected() == item  # the clerk stays on the same row
    with station.ctx.store.read() as s:
        note = s.execute(text("SELECT note FROM call_attempts")).scalar_one()
    assert note == "سيحضر غداً"
    screen.buttons["called"].click()
    screen.buttons["collected"].click()
    again = {i.receipt_no: i for i in call_list(station.ctx, station.admin)}[second]
    assert again.attempts == 3 and again.last_outcome == "collected"
    assert screen.model.data(screen.model.index(1, 8)) == outcome_text("collected")
    assert screen.error_label.isHidden()


def test_open_by_button_or_enter(
    ui_env: UiEnv, station: Station, opened: list[str], qtbot: QtBot
) -> None:
    first, second = _ready(station)
    screen = _screen(ui_env, qtbot)
    screen.open_button.click()
    screen.table.selectRow(1)
    press(screen.table, Qt.Key.Key_Return)
    assert opened == [first, second]


def test_a_handover_elsewhere_refreshes_the_list(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    first, second = _ready(station)
    screen = _screen(ui_env, qtbot)
    deliver_request(station.ctx, station.clerk, first)
    ui_env.events.request_changed.emit(first)
    assert [i.receipt_no for i in screen.model.rows] == [second]


def test_a_hidden_list_reads_nothing_until_shown(
    ui_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every save and print elsewhere says a request changed: a hidden call list must not
    read its (on a big station, 180 ms) list each time; it reads it when shown."""
    from counter_app.ui.screens import call_list as screen_module

    first, second = _ready(station)
    reads: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return call_list(*args, **kwargs)

    monkeypatch.setattr(screen_module, "call_list", counted)
    screen = CallListScreen(ui_env)
    qtbot.addWidget(screen)
    for _ in range(5):
        ui_env.events.request_changed.emit(first)
    assert reads == []
    screen.show()
    screen.activate()
    assert len(reads) == 1
    assert [i.receipt_no for i in screen.model.rows] == [first, second]
    deliver_request(station.ctx, station.clerk, first)
    ui_env.events.request_changed.emit(first)  # shown: refreshed at once
    assert len(reads) == 2
    assert [i.receipt_no for i in screen.model.rows] == [second]


def test_nothing_to_call(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    assert screen.model.rowCount() == 0
    assert not any(b.isEnabled() for b in screen.buttons.values())
    assert not screen.open_button.isEnabled()


def test_a_request_no_longer_ready_is_explained(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    first, _second = _ready(station)
    screen = _screen(ui_env, qtbot)
    deliver_request(station.ctx, station.clerk, first)  # on another station; no refresh yet
    screen.buttons["called"].click()
    assert not screen.error_label.isHidden() and screen.error_label.text()
