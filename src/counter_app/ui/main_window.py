"""The main window: navigation by role, one search box, the barcode gun, the status bar.

It owns no business logic: it places the screens, routes "open this request" to the request
screen, and asks before a half-typed intake is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from counter_app.memory import give_back_large_blocks
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.registry import screen_classes
from counter_app.ui.status_bar import StatusBar


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
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        for cls in screen_classes():
            if env.actor.role not in cls.roles:
                continue
            screen = cls(env)
            self.screens[cls.key] = screen
            self.stack.addWidget(screen)
            if cls.in_navigation:
                label = tr(cls.title) + (f"  ({cls.shortcut})" if cls.shortcut else "")
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, cls.key)
                self.nav.addItem(item)
            if cls.shortcut:
                shortcut = QShortcut(QKeySequence(cls.shortcut), self)
                shortcut.activated.connect(self._goer(cls.key))
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
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.status.refresh()

    # navigation -------------------------------------------------------------------------
    def _goer(self, key: str) -> Callable[[], object]:
        return lambda: self.go(key)

    def go(self, key: str) -> bool:
        screen = self.screens.get(key)
        if screen is None or not self._may_leave(screen):
            return False
        self.stack.setCurrentWidget(screen)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key and self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        screen.activate()
        return True

    def _nav_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.go(str(item.data(Qt.ItemDataRole.UserRole)))

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

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
            self.resize(1280, 800)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
