"""The intake screen shows a wrong clock in a banner (issue 12.11); the lookup screen says when
its list is cut and how a tolerant hit matched (issue 12, search)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.services.intake import submit_request
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens import lookup
from counter_app.ui.screens.intake import IntakeScreen
from counter_app.ui.screens.lookup import LookupScreen
from tests.conftest import Station
from tests.test_intake import _intake
from tests.ui.keys_lookup import submit


def _intake_screen(env: UiEnv, qtbot: QtBot) -> IntakeScreen:
    screen = IntakeScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    QApplication.processEvents()
    return screen


def test_a_right_clock_shows_no_banner(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    submit(station)
    screen = _intake_screen(ui_env, qtbot)
    assert not screen.clock_banner.isVisible()


def test_a_clock_behind_the_newest_record_shows_a_banner_and_still_saves(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    submit(station)
    station.clock.advance(days=-400)
    screen = _intake_screen(ui_env, qtbot)
    assert screen.clock_banner.isVisible()
    text = screen.clock_banner.text()
    assert text.startswith("تحذير") and "ساعة هذا الحاسوب" in text and "2026-11-22" in text
    screen._show_clock(None)  # the clock set right: the next check hides it
    assert not screen.clock_banner.isVisible()
    saved = submit_request(station.ctx, station.clerk, _intake(station, national_id="09090909090"))
    screen._saved(saved)  # the screen after a save made with the wrong clock
    assert saved.clock_warning is not None and screen.clock_banner.isVisible()


@pytest.fixture
def namesakes(station: Station) -> None:
    for i, name in enumerate(("محمد سامر الخطيب", "محمد علي الحلبي", "محمد حسن الشامي")):
        submit(station, nid=f"0{i + 1:010d}", name=name, code="MOI-INDIVIDUAL-STATEMENT")


def test_a_cut_list_says_so(
    ui_env: UiEnv, namesakes: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup, "LIMIT", 2)
    screen = LookupScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.search_now("محمد")
    assert screen.model.rowCount() == 2
    assert "يُعرض 2 من أصل 3" in screen.kind_label.text()
    received = screen.model.index(0, 6).data()  # "date time" kept in order in an RTL cell
    assert received.startswith("\u2066") and received.endswith("\u2069")
    screen.search_now("محمد علي")
    assert "من أصل" not in screen.kind_label.text()


def test_a_tolerant_hit_says_how_it_matched(ui_env: UiEnv, namesakes: None, qtbot: QtBot) -> None:
    screen = LookupScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.search_now("محمد علي الحلبى")
    assert screen.model.rowCount() == 1
    last = screen.model.columnCount() - 1
    assert screen.model.headerData(last, Qt.Orientation.Horizontal) == tr("Match")
    assert screen.model.index(0, last).data() == ""  # as typed (ى folds to ي)
    screen.search_now("محمد علي الحلبا")
    assert screen.model.index(0, last).data() == tr("one letter different") == "بفارق حرف واحد"
