"""The diwan (incoming register) of the archive: numbers per year, newest first.

The archive clerk enters a request (scanned cover sheet or typed receipt number) with a subject
and gets its register number (``1234/2026``) to write on the paper. A register number typed in
the search box finds its entry; Enter on an entry opens the request.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import GRANTS, Permission, Role
from counter_app.services.diwan import (
    SUBJECT_LIMIT,
    RegisterEntryView,
    find_register_entry,
    list_register,
    register_request,
)
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row
from counter_app.ui.theme import set_role

LIMIT = 300
REF_LIMIT = 40


class DiwanScreen(Screen):
    key: ClassVar[str] = "diwan"
    group: ClassVar[str] = "archive"
    title: ClassVar[str] = N_("Diwan register")
    shortcut: ClassVar[str | None] = "F10"
    roles: ClassVar[frozenset[Role]] = GRANTS[Permission.MANAGE_ARCHIVE]

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        tz = env.ctx.calendar.tz
        self.model: RowsModel[RegisterEntryView] = RowsModel(
            [
                Column(tr("Register number"), lambda e: e.register_no),
                Column(tr("Date"), lambda e: e.registered_on.isoformat()),
                Column(tr("Subject"), lambda e: e.subject),
                Column(tr("Receipt number"), lambda e: e.receipt_no),
                Column(tr("Name"), lambda e: e.citizen_name),
                Column(tr("Registered by"), lambda e: e.created_by),
                Column(tr("Entered at"), lambda e: local_time(e.created_at, tz)),
            ],
            parent=self,
        )
        self.table = make_table(self.model)
        self.table.setObjectName("diwan-list")
        self.table.activated.connect(self._open)
        self.year = QSpinBox()
        self.year.setObjectName("diwan-year")
        self.year.setRange(2000, 2099)
        self.year.setValue(env.ctx.clock().astimezone(tz).year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.number_box = QLineEdit()
        self.number_box.setObjectName("diwan-find")
        self.number_box.setMaxLength(REF_LIMIT)
        self.number_box.setPlaceholderText(tr("Register number, e.g. 1234/2026"))
        self.number_box.returnPressed.connect(self.find_entry)
        self.receipt = QLineEdit()
        self.receipt.setObjectName("diwan-receipt")
        self.receipt.setMaxLength(REF_LIMIT)
        self.receipt.setPlaceholderText(tr("Scan the cover sheet or type the receipt number"))
        self.subject = QLineEdit()
        self.subject.setObjectName("diwan-subject")
        self.subject.setMaxLength(SUBJECT_LIMIT)
        self.subject.setPlaceholderText(tr("Subject (default: the service's name)"))
        self.register_button = QPushButton(tr("Register"))
        self.register_button.setObjectName("diwan-register")
        self.register_button.clicked.connect(self.register)
        self.receipt.returnPressed.connect(self.subject.setFocus)
        self.subject.returnPressed.connect(self.register)
        self.message = QLabel()
        self.message.setObjectName("diwan-message")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Year")))
        top.addWidget(self.year)
        top.addWidget(self.number_box, 1)
        form = QFormLayout()
        receipt_label = QLabel(tr("Receipt number"))
        receipt_label.setBuddy(self.receipt)
        subject_label = QLabel(tr("Subject"))
        subject_label.setBuddy(self.subject)
        form.addRow(receipt_label, self.receipt)
        form.addRow(subject_label, self.subject)
        form.addRow("", self.register_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.number_box, self.table)
        QWidget.setTabOrder(self.table, self.receipt)
        QWidget.setTabOrder(self.receipt, self.subject)
        QWidget.setTabOrder(self.subject, self.register_button)

    def activate(self) -> None:
        self.refresh()
        self.receipt.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx, year = self.latest.next(), self.env.ctx, self.year.value()
        self.env.ops.run(
            lambda: list_register(ctx, self.env.actor, year=year, limit=LIMIT),
            lambda rows: self._show(seq, rows),
            lambda exc: self.show_error(self.message, exc),
            progress=False,
        )

    def _show(self, seq: int, rows: list[RegisterEntryView]) -> None:
        if self.latest.is_current(seq):
            self.model.set_rows(rows)

    def take_scan(self, code: str) -> bool:
        """A cover sheet scanned here is the request to register."""
        if not ReceiptNumber.looks_like(code):
            return False
        self.receipt.setText(code.strip())
        self.subject.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def register(self) -> None:
        env, ref, subject = self.env, self.receipt.text(), self.subject.text()

        def done(entry: RegisterEntryView) -> None:
            self.receipt.clear()
            self.subject.clear()
            set_role(self.message, None)
            self.message.setText(
                tr("{receipt} is registered as {number}: write it on the paper.").format(
                    receipt=entry.receipt_no, number=entry.register_no
                )
            )
            self.year.setValue(entry.year)
            self.refresh()
            self.receipt.setFocus(Qt.FocusReason.OtherFocusReason)

        self.message.clear()
        self.env.ops.run(
            lambda: register_request(env.ctx, env.actor, ref, subject=subject or None),
            done,
            lambda exc: self.show_error(self.message, exc),
            parent=self,
        )

    def find_entry(self) -> None:
        ctx, number = self.env.ctx, self.number_box.text()

        def found(entry: RegisterEntryView) -> None:
            set_role(self.message, None)
            self.message.setText(
                tr("{number}: {subject} ({receipt}, {name})").format(
                    number=entry.register_no,
                    subject=entry.subject,
                    receipt=entry.receipt_no,
                    name=entry.citizen_name,
                )
            )
            if entry.year != self.year.value():
                self.year.setValue(entry.year)
            rows = [r.uuid for r in self.model.rows]
            if entry.uuid in rows:
                select_row(self.table, rows.index(entry.uuid))

        self.env.ops.run(
            lambda: find_register_entry(ctx, self.env.actor, number),
            found,
            lambda exc: self.show_error(self.message, exc),
            progress=False,
        )

    def _open(self) -> None:
        entry = self.model.row(self.table.currentIndex())
        if entry is not None:
            self.env.open_request(entry.receipt_no)
