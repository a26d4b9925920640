"""The supervisor's dashboard screen and its charts: refreshed off the GUI thread, a row opens
its request, the charts drawn right to left in Arabic."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.domain.roles import Role
from counter_app.services.dashboard import dashboard_snapshot
from counter_app.services.requests import change_status
from counter_app.ui import operations
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens import dashboard as screen_module
from counter_app.ui.screens.dashboard import DashboardScreen
from counter_app.ui.widgets.charts import BarChart, LineChart, series_color
from tests.conftest import Station
from tests.ui.keys_lookup import submit


@pytest.fixture
def supervisor_env(ui_env: UiEnv, station: Station) -> UiEnv:
    ui_env.actor = station.admin  # an admin sees the dashboard like a supervisor
    return ui_env


def _overdue(station: Station) -> tuple[str, str]:
    """Two requests taken on Sunday 22, one answered; ten days later the other is overdue and
    a third, taken that day, is due soon."""
    late = submit(station, nid="01010101010", name="سلمى الشامي")
    done = submit(station, nid="02020202020", name="رامي الحلبي")
    change_status(station.ctx, station.clerk, done, "ready")
    station.clock.advance(days=10)
    soon = submit(station, nid="03030303030", name="هالة يوسف", code="GEH-PROPERTY-DATA")
    return late, soon


@pytest.fixture
def screen(supervisor_env: UiEnv, station: Station, qtbot: QtBot) -> Iterator[DashboardScreen]:
    screen = DashboardScreen(supervisor_env)
    qtbot.addWidget(screen)
    screen.resize(1100, 650)
    screen.show()
    yield screen


def test_who_sees_it() -> None:
    assert DashboardScreen.roles == frozenset({Role.SUPERVISOR, Role.ADMIN})
    assert (DashboardScreen.key, DashboardScreen.group) == ("dashboard", "supervision")
    assert DashboardScreen.shortcut == "Ctrl+D"


def test_tiles_charts_and_lists(screen: DashboardScreen, station: Station, qtbot: QtBot) -> None:
    late, soon = _overdue(station)
    screen.activate()
    snap = screen.snapshot
    assert snap is not None
    assert screen.tiles["received"].value.text() == "1"  # today: the third one
    assert screen.tiles["overdue_now"].value.text() == "1"
    assert screen.tiles["overdue_now"].value.property("role") == "error"  # an alarm
    assert screen.tiles["calls_to_make"].value.text() == "1"
    assert screen.tiles["last_push"].value.text() == tr("Not enrolled")
    assert [r.receipt_no for r in screen.overdue_model.rows] == [late]
    assert [r.receipt_no for r in screen.soon_model.rows] == [soon]
    assert screen.lists.tabText(0) == tr("Overdue ({n})").format(n="1")
    # This month (December) holds only the third request: its service's Arabic name, 1.
    assert [b.key for b in snap.by_service] == ["GEH-PROPERTY-DATA"]
    assert screen.service_chart.rows() == [(snap.by_service[0].label_ar, 1.0)]
    assert len(snap.weeks) == 12 and screen.error_label.isHidden()


def test_enter_or_double_click_opens_the_request(
    screen: DashboardScreen, station: Station, opened: list[str], qtbot: QtBot
) -> None:
    late, soon = _overdue(station)
    screen.activate()
    table = screen.overdue_table
    table.setFocus()
    table.setCurrentIndex(screen.overdue_model.index(0, 0))
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert opened == [late]
    screen.lists.setCurrentIndex(1)
    table = screen.soon_table
    rect = table.visualRect(screen.soon_model.index(0, 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [late, soon]


def test_the_overdue_and_due_soon_tiles_bring_their_list(
    screen: DashboardScreen, station: Station, qtbot: QtBot
) -> None:
    _late, soon = _overdue(station)
    screen.activate()
    QTest.mouseClick(screen.tiles["due_soon"], Qt.MouseButton.LeftButton)
    assert screen.lists.currentWidget() is screen.soon_table
    assert screen.soon_model.row(screen.soon_table.currentIndex()).receipt_no == soon  # type: ignore[union-attr]
    QTest.mouseClick(screen.tiles["overdue_now"], Qt.MouseButton.LeftButton)
    assert screen.lists.currentWidget() is screen.overdue_table
    QTest.mouseClick(screen.tiles["received"], Qt.MouseButton.LeftButton)  # not a list's
    assert screen.lists.currentWidget() is screen.overdue_table


def test_a_clerk_gets_a_translated_refusal(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = DashboardScreen(ui_env)  # ui_env's actor is the clerk
    qtbot.addWidget(screen)
    screen.activate()
    assert not screen.error_label.isHidden()
    message = screen.error_label.text()
    assert "clerk1" in message and "not allowed" not in message  # said in Arabic
    assert screen.snapshot is None and not screen.running


def test_the_refresh_runs_off_the_gui_thread(
    supervisor_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In production env.ops runs the snapshot on a worker thread; the screen shows it when it
    comes back, and a second refresh asked meanwhile is not started on top of it."""
    supervisor_env.ops = operations.Operations()  # the desktop's, not the tests' synchronous one
    gate = threading.Event()
    threads: list[int] = []
    real = dashboard_snapshot

    def slow(ctx: Any, actor: Any) -> Any:
        threads.append(threading.get_ident())
        gate.wait(5)
        return real(ctx, actor)

    monkeypatch.setattr(screen_module, "dashboard_snapshot", slow)
    screen = DashboardScreen(supervisor_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()  # returns at once: the GUI thread is not held
    assert screen.running and screen.snapshot is None
    assert screen.updated_label.text() == tr("Updating…")
    screen.refresh_button.click()  # ignored while one runs
    gate.set()
    qtbot.waitUntil(lambda: screen.snapshot is not None, timeout=10_000)
    assert threads and threading.get_ident() not in threads
    assert len(threads) == 1 and not screen.running
    supervisor_env.ops.wait()


def test_refreshes_every_minute_only_while_shown(screen: DashboardScreen, qtbot: QtBot) -> None:
    screen.activate()
    assert screen.timer.isActive() and screen.timer.interval() == 60_000
    asked: list[int] = []
    screen.refresh = lambda: asked.append(1)  # type: ignore[method-assign]
    screen.timer.timeout.emit()
    assert asked == [1]
    screen.hide()
    assert not screen.timer.isActive()
    screen._tick()  # a tick already queued when it was hidden
    assert asked == [1]


# charts ---------------------------------------------------------------------------------


def _color_at(image: QImage, x: float, y: float) -> QColor:
    return image.pixelColor(QPoint(round(x), round(y)))


def _near(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 30


@pytest.mark.parametrize(
    "direction", [Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight]
)
def test_bars_grow_from_the_reading_side(direction: Qt.LayoutDirection, qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.setLayoutDirection(direction)
    chart.resize(500, 220)
    chart.set_data([("بيان عائلي", 120), ("بيان فردي", 60), ("خدمات أخرى", 30)], muted_rows=[2])
    image = chart.grab().toImage()
    fill = series_color(chart.palette(), 0)
    bars = chart.bar_geometry()
    rtl = direction == Qt.LayoutDirection.RightToLeft
    # The longest bar is twice the second, and both start at the same edge.
    assert bars[0].width() == pytest.approx(2 * bars[1].width(), rel=0.02)
    if rtl:
        assert bars[0].right() == bars[1].right() and bars[0].right() > chart.width() / 2
        inside, outside = bars[1].right() - 3, bars[1].left() - 40
    else:
        assert bars[0].left() == bars[1].left() and bars[0].left() < chart.width() / 2
        inside, outside = bars[1].left() + 3, bars[1].right() + 40
    y = bars[1].center().y()
    assert _near(_color_at(image, inside, y), fill)
    assert not _near(_color_at(image, outside, y), fill)
    # The "others" bar in the muted colour, not the series colour.
    muted = chart.palette().color(QPalette.ColorRole.Mid)
    assert _near(_color_at(image, bars[2].center().x(), bars[2].center().y()), muted)
    # Right to left: the labels' letters are drawn right of the bars.
    if rtl:
        dark = [
            x
            for x in range(round(bars[0].right()) + 4, chart.width() - 4)
            if _color_at(image, x, bars[0].center().y()).lightness() < 120
        ]
        assert dark


def test_an_empty_bar_chart_says_so(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data([], empty_text="لا طلبات")
    assert chart.bar_geometry() == []
    chart.resize(300, 150)
    chart.grab()  # paints the message without failing
    with pytest.raises(ValueError):
        chart.set_data([("x", -1)])


def test_the_line_runs_right_to_left_in_arabic(qtbot: QtBot) -> None:
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    chart.resize(520, 300)
    labels = ["6/9", "13/9", "20/9", "27/9"]
    chart.set_data(labels, [("مستلمة", [10, 20, 30, 40]), ("جاهزة", [5, 5, 5, 5])])
    received, ready = chart.points()
    # Oldest on the right, newest on the left; higher values higher up.
    assert received[0].x() > received[-1].x()
    assert received[-1].y() < received[0].y()
    assert ready[0].y() == pytest.approx(ready[-1].y())
    image = chart.grab().toImage()
    p = received[-1]
    assert _near(_color_at(image, p.x(), p.y()), series_color(chart.palette(), 0))
    second = series_color(chart.palette(), 1)
    assert not _near(second, series_color(chart.palette(), 0))
    with pytest.raises(ValueError):
        chart.set_data(labels, [("x", [1, 2])])
