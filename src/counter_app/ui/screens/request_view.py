"""One request: who, what, which documents, its whole status history, and what may be done now.

Only the actions the clerk's role allows for the current status are shown. Reasons are asked
where a status needs one; a handover asks who collects. After any action the request is read
again and ``request_changed`` tells the other screens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.catalog import Catalog
from counter_app.domain.errors import N_
from counter_app.domain.roles import GRANTS, Permission
from counter_app.domain.status import NEEDS_REASON, TRANSITIONS, Status
from counter_app.printing.documents.receipt import ReceiptPayment, payment_line
from counter_app.services.catalog import active_catalog
from counter_app.services.complaint_answers import AnswerView, request_answers
from counter_app.services.handover import deliver_request
from counter_app.services.payments import FeeState, PaymentRecord, fee_state, record_payment
from counter_app.services.printing import PrintError, PrintJobView, print_document
from counter_app.services.requests import DocumentView, EventView, RequestView, change_status
from counter_app.services.requests import show_request as load_request
from counter_app.services.scan_records import ScanView
from counter_app.ui import theme
from counter_app.ui.dialogs.handover import HandoverDialog
from counter_app.ui.dialogs.payment import PaymentDialog
from counter_app.ui.dialogs.reason import ReasonDialog, reason_dialog
from counter_app.ui.env import UiEnv
from counter_app.ui.flow import FlowLayout
from counter_app.ui.models import (
    Latest,
    RowsModel,
    document_columns,
    event_columns,
    field_rows,
    local_time,
    local_today,
    ltr,
)
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.complaint_answer_part import AnswerFiles, answer_label, show_answers
from counter_app.ui.screens.lookup import make_table
from counter_app.ui.screens.request_parts import (
    FileOpener,
    correction_text,
    scan_columns,
    scan_open_button,
)

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
# Delivered has its own dialog (who collects) and cancelled its own button (with a reason).
CANCEL = Status.CANCELLED
STATUS_BUTTONS = [
    s for s in Status if s not in (Status.SUBMITTED, Status.DELIVERED, Status.CANCELLED)
]


class RequestScreen(Screen):
    key: ClassVar[str] = "request"
    title: ClassVar[str] = N_("Request")
    in_navigation: ClassVar[bool] = False  # opened from a search, a list or a receipt scan

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.ref: str | None = None
        self.view: RequestView | None = None
        self.catalog: Catalog | None = None
        self.fee: FeeState | None = None
        self.latest = Latest()
        self.dialog: ReasonDialog | HandoverDialog | PaymentDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.receipt_label = _label("request-receipt")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.receipt_label.setFont(big)
        self.status_label = theme.status_badge(None)
        self.status_label.setObjectName("request-status")
        self.due_label = _label("request-due")
        self.message_label = _label("request-message", wrap=True)
        self.message_label.hide()  # shown with a message: no empty gap above the actions
        self.error_label = _label("request-error", wrap=True)
        self.error_label.hide()
        # Up to nine actions (a submitted request's status steps): rows that wrap, so none
        # is cut off and the screen never scrolls sideways on a 1366-pixel monitor.
        self.action_bar = FlowLayout()
        self.form = QFormLayout()
        self.documents: RowsModel[DocumentView] = RowsModel(
            document_columns(lambda: self.catalog, env.language == "en"), parent=self
        )
        self.events: RowsModel[EventView] = RowsModel(
            event_columns(env.ctx.calendar.tz, env.language), parent=self
        )
        self.scans: RowsModel[ScanView] = RowsModel(
            scan_columns(lambda: self.catalog, env.language == "en", env.ctx.calendar.tz),
            parent=self,
        )
        self.corrections_label = _label("request-corrections", wrap=True)
        self.corrections_label.hide()
        self.answers_label = answer_label()  # a complaint's answers from HQ, as plain text
        # Scans and answers' files are opened as copies (sealed where they are kept).
        self.file_opener = FileOpener(env, self, lambda e: self.show_error(self.error_label, e))
        self.answer_files = AnswerFiles(self.file_opener.open)
        self.documents_table = make_table(self.documents)
        self.scans_table = make_table(self.scans)
        self.scans_table.setObjectName("request-scans")
        self.open_scan = scan_open_button(self.scans_table, self.scans, self.file_opener)
        self.events_table = make_table(self.events)
        self.events_table.setObjectName("request-timeline")
        header = QHBoxLayout()
        header.addWidget(self.receipt_label)
        header.addStretch(1)
        header.addWidget(self.status_label)
        header.addWidget(self.due_label)
        details = QVBoxLayout()
        details.addLayout(self.form)
        details.addWidget(self.corrections_label)
        details.addWidget(self.answers_label)
        details.addWidget(self.answer_files)
        details.addStretch(1)
        papers = QVBoxLayout()
        papers.addWidget(self.documents_table, 2)
        self.scans_title = QLabel(tr("Scans filed under this request"))
        papers.addWidget(self.scans_title)
        papers.addWidget(self.scans_table, 1)
        papers.addWidget(self.open_scan, 0, Qt.AlignmentFlag.AlignLeft)  # leading (mirrored)
        middle = QHBoxLayout()
        middle.addLayout(details, 1)
        middle.addLayout(papers, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addLayout(self.action_bar)
        layout.addLayout(middle, 1)
        layout.addWidget(theme.section_title(tr("History")))
        layout.addWidget(self.events_table, 1)
        self._make_buttons()
        # "Record payment" sits under the fee it records, not in the crowded action bar (a
        # submitted request already shows eight actions at 1366 px).
        pay = self.buttons["pay"]
        self.action_bar.removeWidget(pay)
        pay_row = QHBoxLayout()
        pay_row.addWidget(pay)
        pay_row.addStretch(1)
        details.insertLayout(1, pay_row)
        env.events.request_changed.connect(self._changed_elsewhere)

    # -- loading -------------------------------------------------------------------------
    def show_request(self, ref: str) -> None:
        self.ref = ref
        self._say("")
        self.error_label.hide()
        self.refresh()

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        ref, ctx, actor, seq = self.ref, self.env.ctx, self.env.actor, self.latest.next()
        if ref is None:
            return
        self.env.ops.run(
            lambda: (
                load_request(ctx, actor, ref),
                active_catalog(ctx),
                request_answers(ctx, actor, ref),
                fee_state(ctx, actor, ref),
            ),
            lambda done: self._show(seq, *done),
            lambda exc: self._failed(seq, exc),
            parent=self,
        )

    def _changed_elsewhere(self, receipt: str) -> None:
        if self.view is not None and receipt == self.view.receipt_no:
            self.refresh()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if self.latest.is_current(seq):
            self.show_error(self.error_label, exc)

    def _show(
        self,
        seq: int,
        view: RequestView,
        catalog: Catalog,
        answers: list[AnswerView],
        fee: FeeState,
    ) -> None:
        if not self.latest.is_current(seq):
            return
        self.view, self.catalog, self.fee = view, catalog, fee
        english = self.env.language == "en"
        tz = self.env.ctx.calendar.tz
        self.receipt_label.setText(view.receipt_no)
        theme.show_status(self.status_label, view.status)
        overdue = view.overdue(local_today(self.env.ctx.clock(), tz))
        due = tr("Promised date: {date}").format(date=ltr(view.due_date.isoformat()))
        self.due_label.setText(due + (" — " + tr("Overdue") if overdue else ""))
        theme.set_role(self.due_label, "error" if overdue else None)
        while self.form.rowCount():
            self.form.removeRow(0)
        service = view.service_name_en if english else view.service_name_ar
        rows = [
            (tr("Service"), f"{service} ({view.service_code})"),
            (tr("Citizen"), view.name),
            (tr("National number"), view.national_id),
            (tr("Phone"), view.phone or "—"),
            (tr("Received"), local_time(view.received_at, tz)),
        ]
        if view.paper_ref:
            rows.append((tr("paper_ref"), view.paper_ref))
        rows += field_rows(view, catalog, english)
        # Last, just above "Record payment".
        if fee.fee_syp > 0 or fee.payment is not None:  # a free service: nothing of money
            rows.append((tr("Fee"), ltr(f"{fee.fee_syp:,}") + " " + tr("SYP")))
            rows.append((tr("Payment"), _payment_text(fee.payment)))
            if fee.payment is not None:  # its own row: a time beside a bank's number in
                # Arabic would be reordered with it
                rows.append((tr("Paid at"), local_time(fee.payment.paid_at, tz)))
        # Each value beside its label, whatever its own direction: a number or a date is a
        # left-to-right run that Qt would otherwise push to the far (left) edge in Arabic.
        beside = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
        beside |= Qt.AlignmentFlag.AlignLeft if english else Qt.AlignmentFlag.AlignRight
        for label, value in rows:
            cell = QLabel(value)
            cell.setWordWrap(True)
            cell.setAlignment(beside)
            cell.setTextInteractionFlags(cell.textInteractionFlags() | _SELECTABLE)
            self.form.addRow(label, cell)
        self.corrections_label.setText("\n".join(correction_text(c, tz) for c in view.corrections))
        self.corrections_label.setVisible(bool(view.corrections))
        show_answers(self.answers_label, answers, tz, self.env.language)
        self.answer_files.show_files(answers, self.file_opener.allowed)
        self.documents.set_rows(view.documents)
        self.scans.set_rows(view.scans)
        self.open_scan.setVisible(self.file_opener.allowed and bool(view.scans))
        none = tr("No scans are filed under this request.")
        self.scans_title.setText(tr("Scans filed under this request") if view.scans else none)
        self.events.set_rows(view.events)
        self._show_actions(view)

    # -- actions -------------------------------------------------------------------------
    def _make_buttons(self) -> None:
        self._button("reprint", tr("Reprint receipt"), lambda: self._print("receipt"), "Ctrl+P")
        self._button("print-cover", tr("Print cover sheet"), lambda: self._print("cover"))
        self._button("pay", tr("Record payment"), self._ask_payment)
        for target in STATUS_BUTTONS:
            text = tr("Mark as: {status}").format(status=tr(target.value))
            self._button(f"status-{target.value}", text, partial(self._ask_status, target))
        self._button("handover", tr("Hand over"), self._ask_handover, "Ctrl+H")
        self._button("cancel", tr("Cancel the request"), lambda: self._ask_status(CANCEL))

    def _button(
        self, name: str, text: str, slot: Callable[[], None], shortcut: str | None = None
    ) -> None:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(True)
        button.hide()
        if shortcut:
            button.setShortcut(shortcut)
            button.setToolTip(shortcut)
        button.clicked.connect(lambda _checked=False: slot())
        self.action_bar.addWidget(button)
        self.buttons[name] = button

    def _show_actions(self, view: RequestView) -> None:
        """Printing for everyone; status steps only for roles that may change a status."""
        current = Status(view.status)
        allowed = TRANSITIONS[current]
        may = self.env.actor.role in GRANTS[Permission.CHANGE_STATUS]
        shown = {"reprint", "print-cover"}
        fee = self.fee
        if (
            fee is not None
            and fee.payable
            and self.env.actor.role in GRANTS[Permission.RECORD_PAYMENT]
        ):
            shown.add("pay")
        if may:
            shown |= {f"status-{t.value}" for t in STATUS_BUTTONS if t in allowed}
            shown |= {"handover"} if current is Status.READY else set()
            shown |= {"cancel"} if Status.CANCELLED in allowed else set()
        for name, button in self.buttons.items():
            button.setVisible(name in shown)
            button.setEnabled(True)

    def available_actions(self) -> list[str]:
        return [name for name, button in self.buttons.items() if not button.isHidden()]

    def _run(self, work: Callable[[], Any], message: Callable[[Any], str]) -> None:
        view = self.view
        if view is None:
            return
        receipt = view.receipt_no
        self._say("")
        self.error_label.hide()
        for button in self.buttons.values():
            button.setEnabled(False)

        def done(result: Any) -> None:
            self._say(message(result))
            self.env.events.request_changed.emit(receipt)  # refreshes this screen too

        def failed(exc: BaseException) -> None:
            self.show_error(self.error_label, exc)
            for button in self.buttons.values():
                button.setEnabled(True)
            if isinstance(exc, PrintError):  # the job waits in the queue with its error
                self.env.events.print_queue_changed.emit()

        self.env.ops.run(work, done, failed, parent=self)

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _print(self, kind: str) -> None:
        env, receipt = self.env, self.view.receipt_no if self.view else ""

        def message(job: PrintJobView) -> str:
            env.events.print_queue_changed.emit()
            text = tr("Sent to {printer} (print job {job}).").format(
                printer=job.printer, job=job.id
            )
            if job.copy_no:
                text += " " + tr("This is copy no. {count}.").format(count=job.copy_no)
            return text

        self._run(lambda: print_document(env.ctx, env.printers, env.actor, kind, receipt), message)

    def _ask_status(self, target: Status) -> None:
        if self.view is None:
            return
        if target not in NEEDS_REASON:
            self._change(target, None)
            return
        dialog = reason_dialog(target.value, self.view.receipt_no, self)
        dialog.accepted.connect(lambda: self._change(target, dialog.reason()))
        self._open_dialog(dialog)

    def _change(self, target: Status, reason: str | None) -> None:
        env, receipt = self.env, self.view.receipt_no if self.view else ""
        self._run(
            lambda: change_status(env.ctx, env.actor, receipt, target.value, reason),
            lambda v: tr("Request {receipt} is now {status}.").format(
                receipt=v.receipt_no, status=tr(v.status)
            ),
        )

    def _ask_handover(self) -> None:
        if self.view is None:
            return
        env, receipt = self.env, self.view.receipt_no
        dialog = HandoverDialog(receipt, self.view.name, env.language, self)

        def deliver() -> RequestView:
            proxy = {"proxy_name": dialog.proxy_name, "proxy_national_id": dialog.proxy_national_id}
            return deliver_request(env.ctx, env.actor, receipt, collector=dialog.collector, **proxy)

        handed = tr("Request {receipt} was handed over.").format(receipt=receipt)
        dialog.accepted.connect(lambda: self._run(deliver, lambda _view: handed))
        self._open_dialog(dialog)

    def _ask_payment(self) -> None:
        if self.view is None or self.fee is None:
            return
        env, receipt = self.env, self.view.receipt_no
        dialog = PaymentDialog(receipt, self.fee.fee_syp, self)

        def record() -> PaymentRecord:
            return record_payment(env.ctx, env.actor, receipt, dialog.payment())

        def recorded(paid: PaymentRecord) -> str:
            return tr("Payment of request {receipt} recorded: {how}.").format(
                receipt=receipt, how=_payment_text(paid)
            )

        dialog.accepted.connect(lambda: self._run(record, recorded))
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: ReasonDialog | HandoverDialog | PaymentDialog) -> None:
        self.dialog = dialog  # the one being asked (tests fill it in)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()


def _label(name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _payment_text(paid: PaymentRecord | None) -> str:
    """The receipt's words for the payment (printing/documents/receipt.py)."""
    return payment_line(
        ReceiptPayment(paid.method.value, paid.bank_receipt_no, paid.amount_syp) if paid else None,
        tr,
    )
