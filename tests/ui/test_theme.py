"""The desktop's one look (ui/theme.py): the shipped font, the focus ring on every focusable
widget, status as coloured labels, the navigation grouped by task, the window within a
1366x768 monitor, and no style set anywhere but on the application."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counter_app.domain.roles import Role
from counter_app.ui import theme
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow, group_of
from counter_app.ui.models import STATUS_ROLE, Column, RowsModel, install_status_delegates
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.registry import screen_classes
from tests.ui.keys import press

UI = Path(__file__).resolve().parents[2] / "src" / "counter_app" / "ui"


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The theme on the test application, and the plain look back afterwards (the other
    test modules share this QApplication)."""
    style, font, palette = qapp.style().name(), QFont(qapp.font()), qapp.palette()
    theme.apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setFont(font)
    qapp.setPalette(palette)


def count_near(image: QImage, color: str, tolerance: int = 24) -> int:
    """Pixels of ``image`` within ``tolerance`` (per channel) of ``color``."""
    want = QColor(color)
    found = 0
    for y in range(image.height()):
        for x in range(image.width()):
            got = image.pixelColor(x, y)
            if (
                abs(got.red() - want.red()) <= tolerance
                and abs(got.green() - want.green()) <= tolerance
                and abs(got.blue() - want.blue()) <= tolerance
            ):
                found += 1
    return found


def test_the_shipped_arabic_font_is_the_applications(themed: QApplication) -> None:
    assert {"Noto Sans Arabic", "Noto Sans"} <= set(theme.load_fonts())  # from resources/fonts
    font = themed.font()
    assert font.families()[:2] == ["Noto Sans Arabic", "Noto Sans"]
    assert font.pointSize() == theme.BODY_PT >= 11  # read at arm's length
    label = QLabel("بيان فردي")
    assert label.fontInfo().family() == "Noto Sans Arabic"
    assert "QLabel#screen-title" in themed.styleSheet()
    assert "QLabel#section-title" in themed.styleSheet()


@dataclass
class Focusable:
    name: str
    make: Callable[[], QWidget]


def _table() -> QTableView:
    model: RowsModel[str] = RowsModel([Column("n", lambda s: s)])
    model.set_rows(["أ", "ب", "ج"])
    view = QTableView()
    view.setModel(model)
    view.setCurrentIndex(model.index(1, 0))  # the current item is drawn with the focus
    return view


def _list() -> QListWidget:
    widget = QListWidget()
    widget.addItems(["الاستقبال", "طلب جديد"])
    widget.setCurrentRow(0)
    return widget


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["عربي", "English"])
    return combo


FOCUSABLE = [
    Focusable("line edit", lambda: QLineEdit("01020304050")),
    Focusable("combo box", _combo),
    Focusable("push button", lambda: QPushButton("طباعة")),
    Focusable("primary button", lambda: theme.mark_primary(QPushButton("حفظ"))),
    Focusable("table", _table),
    Focusable("list", _list),
    Focusable("check box", lambda: QCheckBox("حفظ نسخة")),
    Focusable("radio button", lambda: QRadioButton("نسخة")),
    Focusable("date edit", lambda: QDateEdit(QDate(2026, 12, 7))),
    Focusable("spin box", lambda: QSpinBox()),
    Focusable("plain text", lambda: QPlainTextEdit("ملاحظة")),
]


@pytest.mark.parametrize("case", FOCUSABLE, ids=[c.name for c in FOCUSABLE])
def test_focus_is_always_visible(themed: QApplication, qtbot: QtBot, case: Focusable) -> None:
    """The same widget drawn without and with the keyboard focus: the focused one carries the
    amber ring (a colour nothing else uses), the other none of it."""
    window = QWidget()
    window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    layout = QVBoxLayout(window)
    other = QPushButton("x")  # somewhere else for the focus to be
    widget = case.make()
    layout.addWidget(widget)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.resize(320, 200)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    before = widget.grab().toImage()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    after = widget.grab().toImage()
    assert count_near(before, theme.FOCUS) == 0
    assert count_near(after, theme.FOCUS) >= 40  # a ring, not a stray pixel


def _status_view(statuses: list[str]) -> tuple[QTableView, RowsModel[str]]:
    model: RowsModel[str] = RowsModel(
        [Column("receipt", lambda s: f"R-{s}"), Column("status", theme.status_text, status=str)]
    )
    model.set_rows(statuses)
    view = QTableView()
    view.setModel(model)
    view.resize(420, 200)
    return view, model


def test_the_status_column_is_painted_in_the_status_colour(
    themed: QApplication, qtbot: QtBot
) -> None:
    view, model = _status_view(["ready", "rejected", "unknown-word"])
    qtbot.addWidget(view)
    assert model.data(model.index(0, 1), STATUS_ROLE) == "ready"
    assert model.data(model.index(0, 0), STATUS_ROLE) is None  # only the status column
    assert install_status_delegates(view) == 1
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()

    def cell(row: int, column: int) -> QImage:
        rect = view.visualRect(model.index(row, column))
        return image.copy(rect)

    ready_bg, _ = theme.STATUS_COLORS["ready"]
    rejected_bg, _ = theme.STATUS_COLORS["rejected"]
    assert count_near(cell(0, 1), ready_bg, 6) > 100
    assert count_near(cell(1, 1), rejected_bg, 6) > 100
    assert count_near(cell(1, 1), ready_bg, 6) == 0
    assert count_near(cell(0, 0), ready_bg, 6) == 0  # the receipt cell is not coloured
    for bg, _fg in theme.STATUS_COLORS.values():  # a value with no colour: plain text
        assert count_near(cell(2, 1), bg, 2) < 40  # (a label is hundreds of pixels)


def test_status_badge_for_a_screens_header(themed: QApplication, qtbot: QtBot) -> None:
    badge = theme.status_badge("needs_info")
    qtbot.addWidget(badge)
    badge.show()
    qtbot.waitExposed(badge)
    assert badge.objectName() == "status-badge" and badge.property("status") == "needs_info"
    assert badge.text() == theme.status_text("needs_info") != "needs_info"  # translated
    background, _ = theme.STATUS_COLORS["needs_info"]
    assert count_near(badge.grab().toImage(), background, 6) > 100
    theme.show_status(badge, None)
    assert badge.text() == "" and badge.property("status") is None
    assert count_near(badge.grab().toImage(), background, 6) == 0


def test_every_status_has_readable_colours() -> None:
    def luminance(color: str) -> float:
        def channel(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        q = QColor(color)
        return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    assert set(theme.STATUS_COLORS) == {
        "submitted",
        "forwarded",
        "in_progress",
        "needs_info",
        "ready",
        "delivered",
        "rejected",
        "cancelled",
    }
    for background, text in theme.STATUS_COLORS.values():
        assert contrast(background, text) >= 4.5  # WCAG AA for text
    assert contrast(theme.TEXT, theme.WINDOW) >= 4.5
    assert contrast(theme.BASE, theme.PRIMARY) >= 4.5  # a primary button's label
    assert contrast(theme.FOCUS, theme.BASE) >= 3 and contrast(theme.FOCUS, theme.WINDOW) >= 3
    assert contrast(theme.FOCUS_ON_DARK, theme.PRIMARY_DARK) >= 3


class _FakeDashboard(Screen):
    """A supervision screen as the dashboard will be (its group on the class)."""

    key: ClassVar[str] = "fake-dashboard"
    group: ClassVar[str] = "supervision"
    title: ClassVar[str] = "Dashboard"
    roles: ClassVar[frozenset[Role]] = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _window(
    ui_env: UiEnv, tmp_path: Path, qtbot: QtBot, role: Role, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    classes = [*screen_classes(), _FakeDashboard]
    monkeypatch.setattr("counter_app.ui.main_window.screen_classes", lambda: classes)
    ui_env.actor = replace(ui_env.actor, role=role)
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


def test_navigation_is_grouped_by_task_per_role(
    ui_env: UiEnv, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = _window(ui_env, tmp_path, qtbot, Role.CLERK, monkeypatch).nav_groups()
    # No station settings; of supervision only the cash of the day (his own payments).
    assert list(clerk) == ["counter", "archive", "supervision"]
    assert clerk["supervision"] == ["cash"]
    assert clerk["counter"] == ["reception", "intake", "lookup", "complaints", "calls", "printing"]
    assert clerk["archive"] == ["handover"]  # the day's files handed to the archive
    supervisor = _window(ui_env, tmp_path, qtbot, Role.SUPERVISOR, monkeypatch).nav_groups()
    assert supervisor["supervision"][-1] == "fake-dashboard"
    assert all("settings" not in keys for keys in supervisor.values())
    admin = _window(ui_env, tmp_path, qtbot, Role.ADMIN, monkeypatch).nav_groups()
    assert list(admin) == ["counter", "archive", "supervision", "station"]
    assert admin["archive"] == ["handover", "scan", "unfiled", "diwan", "boxes"]
    assert admin["station"] == ["settings"]
    archive = _window(ui_env, tmp_path, qtbot, Role.ARCHIVE, monkeypatch).nav_groups()
    assert "supervision" not in archive and archive["archive"]
    # The request view is opened by the window, never listed.
    assert all("request" not in keys for keys in admin.values())


def test_group_from_the_class_else_from_the_key() -> None:
    class Reports(Screen):
        key: ClassVar[str] = "reports"  # no group of its own: placed by its key

    class Elsewhere(Screen):
        key: ClassVar[str] = "reports"
        group: ClassVar[str] = "station"  # the class wins

    assert group_of(Reports) == "supervision"
    assert group_of(Elsewhere) == "station"
    assert {group_of(cls) for cls in screen_classes()} <= {
        "counter",
        "archive",
        "supervision",
        "station",
    }


def test_group_headings_are_skipped_by_the_keyboard_and_shortcuts_still_work(
    ui_env: UiEnv, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(ui_env, tmp_path, qtbot, Role.ADMIN, monkeypatch)
    window.show()
    nav = window.nav
    header = nav.item(0)
    assert header.data(theme.GROUP_ROLE) == "counter"
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert window.current_screen() is window.screens["reception"]  # not the heading
    window.go("printing")  # the last counter screen; the archive's heading follows
    nav.setFocus()
    press(nav, Qt.Key.Key_Down)
    assert window.current_screen() is window.screens["handover"]
    press(nav, Qt.Key.Key_Up)
    assert window.current_screen() is window.screens["printing"]
    # Each screen's shortcut still opens it (F2 reception ... F11 boxes and shelves).
    shortcuts = {s.key().toString(): s for s in window.findChildren(QShortcut)}
    for key, screen in window.screens.items():
        keys = type(screen).shortcut
        if keys:
            shortcuts[QKeySequence(keys).toString()].activated.emit()
            assert window.current_screen() is screen, key


def test_the_window_fits_the_counters_1366x768_monitor(
    themed: QApplication,
    ui_env: UiEnv,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for language in ("ar", "en"):
        ui_env.language = language
        window = _window(ui_env, tmp_path, qtbot, Role.ADMIN, monkeypatch)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768, (language, hint)


# A style sheet on one widget replaces the application's for that widget and its children
# (focus ring, fonts, colours): the look could then differ screen by screen. Widgets say what
# they are (objectName, a property) and theme.py's one style sheet decides how that looks.
STYLE_CALL = re.compile(r"\.setStyleSheet\(")


def test_the_style_is_set_once_on_the_application() -> None:
    calls = {
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if STYLE_CALL.search(path.read_text(encoding="utf-8"))
    }
    assert calls == {"theme.py"}
    assert "app.setStyleSheet(" in (UI / "theme.py").read_text(encoding="utf-8")
