"""The call list: requests ready, needing information or rejected, oldest first, what HQ's SMS
did (sent, failed, not sent and why), and what happened when the counter phoned.

The clerk selects a row, optionally writes a note ("will come tomorrow"), and records the
outcome with one button. Enter (or a double click) opens the request.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.domain.roles import Role
from counter_app.services.calls import CallItem, call_list, record_call
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row

LIMIT = 500


def outcome_text(outcome: str | None) -> str:
    """A call outcome in words (the stored value is a key)."""
    if outcome == "called":
        return tr("Called")
    if outcome == "no_answer":
        return tr("No answer")
    if outcome == "collected":
        return tr("Collected")
    return outcome or ""


def sms_text(state: str | None) -> str:
    """What HQ's SMS for the request's step did, in words; empty when none was reported."""
    if state == "sent":
        return tr("SMS sent")
    if state == "failed":
        return tr("SMS failed")
    if state == "opted_out":
        return tr("SMS not sent: opted out")
    if state == "no_phone":
        return tr("SMS not sent: no phone")
    return state or ""


class CallListScreen(Screen):
    key: ClassVar[str] = "calls"
    group: ClassVar[str] = "counter"
    title: ClassVar[str] = N_("Call list")
    shortcut: ClassVar[str | None] = "F7"
    roles: ClassVar[frozenset[Role]] = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        tz = env.ctx.calendar.tz
        english = env.language == "en"
        self.model: RowsModel[CallItem] = RowsModel(
            [
                Column(tr("Receipt number"), lambda i: i.receipt_no),
                Column(tr("Name"), lambda i: i.name),
                Column(tr("Phone"), lambda i: i.phone or ""),
                Column(
                    tr("Service"), lambda i: i.service_name_en if english else i.service_name_ar
                ),
                Column(tr("Status"), lambda i: tr(i.status), status=lambda i: i.status),
                Column(tr("Since"), lambda i: local_time(i.ready_at, tz)),
                Column(tr("SMS"), lambda i: sms_text(i.sms_state)),
                Column(tr("Calls"), lambda i: str(i.attempts)),
                Column(tr("Last call"), lambda i: outcome_text(i.last_outcome)),
                Column(tr("Called at"), lambda i: local_time(i.last_call_at, tz)),
            ],
            marked=lambda i: i.sms_state == "failed",  # the counter must phone: no SMS went
            parent=self,
        )
        self.table = make_table(self.model)
        self.table.setObjectName("call-list")
        self.table.activated.connect(self._open)
        self.count_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setObjectName("calls-error")
        self.error_label.hide()
        self.note = QLineEdit()
        self.note.setObjectName("call-note")
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(tr("Note (optional)"))
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        for outcome, text, shortcut in (
            ("called", tr("Called"), "Ctrl+1"),
            ("no_answer", tr("No answer"), "Ctrl+2"),
            ("collected", tr("Collected"), "Ctrl+3"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"call-{outcome}")
            button.setShortcut(shortcut)
            button.setToolTip(shortcut)
            button.clicked.connect(lambda _c=False, o=outcome: self.record(o))
            bar.addWidget(button)
            self.buttons[outcome] = button
        self.open_button = QPushButton(tr("Open"))
        self.open_button.setObjectName("call-open")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.setTabOrder(self.table, self.note)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        env.events.request_changed.connect(self._request_changed)
        self._enable()

    def _request_changed(self, _receipt: str) -> None:
        # Hidden, it waits for ``activate``: on a station of a million requests the list
        # costs ~180 ms of a worker's CPU (tens of thousands ready, sorted), and every save
        # and print elsewhere would pay it, holding the GIL against the GUI thread.
        if self.isVisible():
            self.refresh()

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx, actor = self.latest.next(), self.env.ctx, self.env.actor
        self.env.ops.run(
            lambda: call_list(ctx, actor, limit=LIMIT),
            lambda items: self._show(seq, items),
            lambda exc: self._failed(seq, exc),
            parent=self,
        )

    def _show(self, seq: int, items: list[CallItem]) -> None:
        if not self.latest.is_current(seq):
            return
        keep = self.selected()
        self.model.set_rows(items)
        self.count_label.setText(tr_n("{n} requests to call", len(items)).format(n=len(items)))
        rows = [i.receipt_no for i in items]
        if rows:
            target = keep.receipt_no if keep else None
            select_row(self.table, rows.index(target) if target in rows else 0)
        self._enable()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if self.latest.is_current(seq):
            self.show_error(self.error_label, exc)

    def selected(self) -> CallItem | None:
        return self.model.row(self.table.currentIndex())

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (*self.buttons.values(), self.open_button):
            button.setEnabled(chosen)

    def record(self, outcome: str) -> None:
        item = self.selected()
        if item is None:
            return
        env, note = self.env, self.note.text()
        self.error_label.hide()

        def done(_result: object) -> None:
            self.note.clear()
            self.refresh()

        self.env.ops.run(
            lambda: record_call(env.ctx, env.actor, item.receipt_no, outcome, note or None),
            done,
            lambda exc: self.show_error(self.error_label, exc),
            parent=self,
        )

    def _open(self, index: QModelIndex) -> None:
        item = self.model.row(index)
        if item is not None:
            self.env.open_request(item.receipt_no)
