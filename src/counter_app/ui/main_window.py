"""The main window: navigation by role grouped by task, one search box, the barcode gun, the
status bar.

It owns no business logic: it places the screens, routes "open this request" to the request
screen, and asks before a half-typed intake is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.memory import give_back_large_blocks
from counter_app.ui import theme
from counter_app.ui.env import UiEnv
from counter_app.ui.models import install_status_delegates
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.registry import screen_classes
from counter_app.ui.status_bar import StatusBar

# The navigation's groups, by task, in this order; a group no screen of the role falls in is
# not shown (a clerk sees no Supervision).
NAV_GROUPS: tuple[tuple[str, str], ...] = (
    ("counter", N_("Counter")),
    ("archive", N_("Archive")),
    ("supervision", N_("Supervision")),
    ("station", N_("Station")),
)
# Where a screen goes when its class does not say (Screen.group set on the class wins).
GROUP_BY_KEY: dict[str, str] = {
    "handover": "archive",
    "scan": "archive",
    "unfiled": "archive",
    "diwan": "archive",
    "boxes": "archive",
    "dashboard": "supervision",
    "reports": "supervision",
    "settings": "station",
}


def group_of(cls: type[Screen]) -> str:
    """The screen's navigation group: its own class attribute, else by key, else "counter"."""
    for klass in cls.__mro__:
        if klass is Screen:
            break
        if "group" in vars(klass):
            return str(vars(klass)["group"])
    return GROUP_BY_KEY.get(cls.key, Screen.group)


class _Holder(QWidget):
    """Holds a screen at the scroll area's size, down to the screen's minimum size. Without
    it the scroll area would size a screen with word-wrapped labels at its preferred height
    for the width (QLayout.heightForWidth), scrolling screens that fit."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.screen_ = screen
        screen.setParent(self)

    def minimumSizeHint(self) -> QSize:
        """The screen's minimum where it fits the room; where it does not (it will scroll
        that way anyway), its preferred size, so its fields are not squeezed to their
        minimum heights."""
        minimum, preferred = self.screen_.minimumSizeHint(), self.screen_.sizeHint()
        parent = self.parentWidget()
        room = parent.size() if parent is not None else minimum
        width = minimum.width()
        if width > room.width():
            width = max(width, preferred.width())
        height = minimum.height()
        if height > room.height():
            height = max(height, preferred.height())
        return QSize(width, height)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.screen_.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # The screen's size hints changed (polished by the style sheet, rows loaded): this
        # widget has no layout to pass that on, so the scroll area is told here.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            viewport = self.parentWidget()
            area = viewport.parentWidget() if viewport is not None else None
            if area is not None:
                QApplication.postEvent(area, QEvent(QEvent.Type.LayoutRequest))
        return super().event(event)


def scrolled(screen: Screen) -> QScrollArea:
    """A screen in a scroll area: a screen taller or wider than the counter's 1366x768
    monitor (the settings' long form) scrolls instead of pushing the window off the screen."""
    area = QScrollArea()
    area.setObjectName(f"scroll-{screen.key}")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(_Holder(screen))
    return area


class MainWindow(QMainWindow):
    def __init__(self, env: UiEnv, settings: QSettings) -> None:
        super().__init__()
        # The window runs all day: scan pages and PDFs freed go back to the system instead of
        # staying in the allocator's heaps (memory.py; bench/bench_soak.py measures it).
        give_back_large_blocks()
        self.env, self.settings = env, settings
        self.setObjectName("main-window")
        self.setWindowTitle(tr("Citizen Service Center"))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        self.areas: dict[str, QScrollArea] = {}
        grouped: dict[str, list[QListWidgetItem]] = {}
        for cls in screen_classes():
            if env.actor.role not in cls.roles:
                continue
            screen = cls(env)
            self.screens[cls.key] = screen
            self.areas[cls.key] = scrolled(screen)
            self.stack.addWidget(self.areas[cls.key])
            if cls.in_navigation:
                label = tr(cls.title) + (f"  ({cls.shortcut})" if cls.shortcut else "")
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, cls.key)
                grouped.setdefault(group_of(cls), []).append(item)
            if cls.shortcut:
                shortcut = QShortcut(QKeySequence(cls.shortcut), self)
                shortcut.activated.connect(self._goer(cls.key))
        known = [g for g, _ in NAV_GROUPS]
        names = dict(NAV_GROUPS)
        # A group no one declared yet (a new screen's) comes last, under its own name.
        for group in known + [g for g in grouped if g not in known]:
            if group in grouped:
                self.nav.addItem(theme.group_header(tr(names.get(group, group)), group))
                for item in grouped[group]:
                    self.nav.addItem(item)
        # As wide as its longest entry, no wider: the screens keep the room.
        self.nav.ensurePolished()  # sizes with the style sheet's padding
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Status columns of every table drawn as coloured labels (models.StatusDelegate).
        for screen in self.screens.values():
            install_status_delegates(screen)
        for screen in self.screens.values():
            start = getattr(screen, "start_intake", None)
            if start is not None and "intake" in self.screens:
                start.connect(self.start_intake)
        self.nav.currentItemChanged.connect(self._nav_changed)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.search = QLineEdit()
        self.search.setObjectName("global-search")
        self.search.setPlaceholderText(
            tr("Search: receipt number, national number, phone or name (Ctrl+F)")
        )
        self.search.returnPressed.connect(self._global_search)
        bar = QToolBar()
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.addWidget(self.search)
        self.addToolBar(bar)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.activated.connect(self.search.setFocus)
        self.status = StatusBar(env, self)
        self.setStatusBar(self.status)
        self._restore_geometry()
        first = self.first_screen_row()
        if first is not None:
            self.nav.setCurrentRow(first)
        self.status.refresh()

    def first_screen_row(self) -> int | None:
        """The row of the screen the window opens on: one that declares itself first for the
        actor's role (``first_for``: the dashboard for a supervisor), else the first in the
        navigation (reception for a clerk)."""
        role = self.env.actor.role
        wanted = next(
            (k for k, s in self.screens.items() if role in getattr(s, "first_for", ())), None
        )
        first: int | None = None
        for row in range(self.nav.count()):
            key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
            if key and key == wanted:
                return row
            if key and first is None:
                first = row
        return first

    def nav_groups(self) -> dict[str, list[str]]:
        """The navigation as shown: each group's screen keys, in order."""
        out: dict[str, list[str]] = {}
        current: list[str] = []
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            group = item.data(theme.GROUP_ROLE)
            if group:
                current = out.setdefault(str(group), [])
            else:
                current.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    # navigation -------------------------------------------------------------------------
    def _goer(self, key: str) -> Callable[[], object]:
        return lambda: self.go(key)

    def go(self, key: str) -> bool:
        screen = self.screens.get(key)
        if screen is None or not self._may_leave(screen):
            return False
        self.stack.setCurrentWidget(self.areas[key])
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key and self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        screen.activate()
        return True

    def _nav_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if key:
            self.go(str(key))

    def current_screen(self) -> Screen | None:
        area = self.stack.currentWidget()
        holder = area.widget() if isinstance(area, QScrollArea) else None
        return holder.screen_ if isinstance(holder, _Holder) else None

    def start_intake(self, service_code: str) -> None:
        from counter_app.ui.screens.intake import IntakeScreen

        screen = self.screens.get("intake")
        if not isinstance(screen, IntakeScreen):
            return
        if screen.has_unsaved_input() and not self.confirm_discard():
            return
        if self.go("intake"):
            screen.start(service_code)

    def scanned(self, code: str) -> None:
        """A barcode from the gun: the screen in front may take it (the archive ticking cover
        sheets); a handover slip opens its batch; anything else opens the request."""
        from counter_app.ui.screens.handover_batches import is_batch_number

        current = self.current_screen()
        if current is not None and current.take_scan(code):
            return
        if is_batch_number(code):
            handover = self.screens.get("handover")
            if handover is not None and self.go("handover"):
                handover.take_scan(code)
            return
        self.open_request(code)

    def open_request(self, ref: str) -> None:
        from counter_app.ui.screens.request_view import RequestScreen

        screen = self.screens.get("request")
        if isinstance(screen, RequestScreen) and self.go("request"):
            screen.show_request(ref)

    def _global_search(self) -> None:
        from counter_app.ui.screens.lookup import LookupScreen

        text = self.search.text().strip()
        screen = self.screens.get("lookup")
        if text and isinstance(screen, LookupScreen) and self.go("lookup"):
            screen.search_now(text)

    # leaving with unsaved input -----------------------------------------------------------
    def _unsaved(self) -> bool:
        intake = self.screens.get("intake")
        check = getattr(intake, "has_unsaved_input", None)
        return bool(check and check())

    def _may_leave(self, target: Screen) -> bool:
        current = self.current_screen()
        if current is None or current is target or current.key != "intake":
            return True
        return not self._unsaved() or self.confirm_discard()

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Unsaved request"),
            tr("The request being entered is not saved. Discard it?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unsaved() and not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.env.ops.wait(10_000)
        event.accept()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            # The counter's monitor is 1366x768: open at that size, within the screen's room.
            room = self.screen().availableGeometry()
            self.resize(min(1366, room.width()), min(768, room.height()))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
