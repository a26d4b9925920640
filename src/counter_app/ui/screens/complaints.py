"""Complaints (F6): start a complaint (the intake form serves them; their fields come from the
catalog) and follow the complaints already received, overdue ones marked.

Keys: Enter on a complaint service starts it (as "New complaint", Ctrl+N); Enter or a
double-click on a received complaint opens it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.catalog import Catalog, Category
from counter_app.domain.errors import N_
from counter_app.domain.roles import Role
from counter_app.domain.status import OPEN_STATUSES
from counter_app.services.catalog import active_catalog, offered_services
from counter_app.services.complaint_answers import answered_receipts
from counter_app.services.lists import requests_by_category
from counter_app.services.search import SearchHit
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time, local_today
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.theme import set_role
from counter_app.ui.widgets import localized, on_enter_or_double_click

OPEN = frozenset(s.value for s in OPEN_STATUSES)


class ComplaintsScreen(Screen):
    key = "complaints"
    group = "counter"
    title = N_("Complaints")
    shortcut = "F6"
    roles = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})

    start_intake = Signal(str)

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.catalog: Catalog | None = None
        self._latest = Latest()
        self._answered: dict[str, dt.datetime] = {}  # receipt -> when HQ's answer came
        self.services = QListWidget()
        self.services.setObjectName("complaint-services")
        self.services.setMaximumHeight(160)
        self.new_button = QPushButton(tr("New complaint"))
        self.new_button.setObjectName("new-complaint")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.setAutoDefault(True)
        self.open_only = QCheckBox(tr("Open complaints only"))
        self.open_only.setObjectName("open-only")
        self.open_only.setChecked(True)
        self.model: RowsModel[SearchHit] = RowsModel(
            self._columns(), marked=self.is_overdue, mark_tip=tr("overdue"), parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("complaints")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.hide()
        # Said instead of an empty list: the Mazzeh center takes no complaint service.
        self.none_offered = QLabel(tr("This center takes no complaints."))
        self.none_offered.setObjectName("no-complaint-services")
        set_role(self.none_offered, "note")
        self.none_offered.hide()
        top = QHBoxLayout()
        top.addWidget(self.services, 1)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        heading = QLabel(tr("Complaint services"))
        heading.setBuddy(self.services)
        column.addWidget(heading)
        column.addLayout(top)
        column.addWidget(self.none_offered)
        column.addWidget(self.open_only)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        self.new_button.clicked.connect(self.new_complaint)
        on_enter_or_double_click(self.services, self.new_complaint)
        on_enter_or_double_click(self.table, self.open_current)
        self.open_only.toggled.connect(self.refresh)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_complaint)
        env.events.request_changed.connect(self._request_changed)
        QWidget.setTabOrder(self.services, self.new_button)
        QWidget.setTabOrder(self.new_button, self.open_only)
        QWidget.setTabOrder(self.open_only, self.table)

    def _columns(self) -> list[Column[SearchHit]]:
        tz = self.env.ctx.calendar.tz

        def status(hit: SearchHit) -> str:
            word = tr(hit.status)
            return f"{word} — {tr('overdue')}" if self.is_overdue(hit) else word

        return [
            Column(tr("Receipt"), lambda h: h.receipt_no),
            Column(tr("Name"), lambda h: h.name),
            Column(tr("Service"), self._service_name),
            Column(tr("Status"), status, status=lambda h: h.status),
            Column(tr("Received"), lambda h: local_time(h.received_at, tz)),
            Column(tr("Due date"), lambda h: h.due_date.isoformat()),
            Column(tr("Answered"), self._answered_on),
        ]

    def _answered_on(self, hit: SearchHit) -> str:
        at = self._answered.get(hit.receipt_no)
        return local_time(at, self.env.ctx.calendar.tz) if at is not None else "—"

    def _service_name(self, hit: SearchHit) -> str:
        svc = self.catalog.service(hit.service_code) if self.catalog else None
        if svc is None:
            return hit.service_name_ar
        return localized(self.env.language, svc.name_ar, svc.name_en)

    def is_overdue(self, hit: SearchHit) -> bool:
        today = local_today(self.env.ctx.clock(), self.env.ctx.calendar.tz)
        return hit.status in OPEN and hit.due_date < today

    # loading -------------------------------------------------------------------------------
    def activate(self) -> None:
        if self.catalog is None:
            ctx = self.env.ctx
            self.env.ops.run(
                # The catalog names every complaint a request may be of (the tracking table);
                # the list offers only this center's (a Mazzeh station takes no Social Affairs
                # complaint, and intake would refuse it).
                lambda: (active_catalog(ctx), {s.code for s in offered_services(ctx)}),
                self._loaded,
                lambda exc: self.show_error(self.message, exc),
            )
        else:
            self.refresh()
        self.services.setFocus()

    def _loaded(self, loaded: tuple[Catalog, set[str]]) -> None:
        catalog, offered = loaded
        self.catalog = catalog
        self.services.clear()
        for svc in catalog.services:
            if svc.active and svc.category is Category.COMPLAINT and svc.code in offered:
                name = localized(self.env.language, svc.name_ar, svc.name_en)
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, svc.code)
                self.services.addItem(item)
        if self.services.count():
            self.services.setCurrentRow(0)
        takes_complaints = self.services.count() > 0
        self.services.setVisible(takes_complaints)
        self.new_button.setEnabled(takes_complaints)
        self.none_offered.setVisible(not takes_complaints)
        self.refresh()

    def refresh(self) -> None:
        """Reload the tracking table (the newest complaints first, a few hundred at most)."""
        seq = self._latest.next()
        open_only = self.open_only.isChecked()
        ctx, actor = self.env.ctx, self.env.actor

        def load() -> tuple[list[SearchHit], dict[str, dt.datetime]]:
            rows = requests_by_category(ctx, actor, Category.COMPLAINT.value, open_only=open_only)
            return rows, answered_receipts(ctx, actor, [r.receipt_no for r in rows])

        self.env.ops.run(
            load,
            lambda done: self._show(seq, *done),
            lambda exc: self.show_error(self.message, exc),
        )

    def _show(self, seq: int, rows: list[SearchHit], answered: dict[str, dt.datetime]) -> None:
        if self._latest.is_current(seq):
            self.message.hide()
            self._answered = answered
            self.model.set_rows(rows)

    def _request_changed(self, _receipt: str) -> None:
        if self.isVisible():  # otherwise ``activate`` refreshes when the screen is shown
            self.refresh()

    # actions -------------------------------------------------------------------------------
    def new_complaint(self) -> None:
        item = self.services.currentItem()
        if item is not None:
            self.start_intake.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_current(self) -> None:
        hit = self.model.row(self.table.currentIndex())
        if hit is not None:
            self.env.open_request(hit.receipt_no)
