"""Paper handover between the counter and the archive.

The counter sends the day's paper files in a batch with a printed slip. The archive clerk
scans the slip's barcode (the batch opens), then each file's cover sheet (the file is ticked
as received, or recorded as extra when it is not on the slip), and closes the batch: files
not received are recorded as missing. Both sides see the discrepancies here.

Scans arrive from the barcode gun through the window (``take_scan``) or are typed into the
scan field and confirmed with Enter.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.batch_number import BatchNumber
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.roles import GRANTS, Permission
from counter_app.services.handover_batches import (
    BatchFileView,
    BatchSummary,
    BatchView,
    ReceiveResult,
    close_batch,
    create_batch,
    list_batches,
    open_batch,
    pending_handover,
    receive_file,
    show_batch,
)
from counter_app.services.printing import PrintJobView, print_document
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table

LIMIT = 200
SCAN_LIMIT = 40


def batch_state_text(state: str) -> str:
    return {
        "sent": tr("Sent"),
        "receiving": tr("Receiving"),
        "closed": tr("Closed"),
    }.get(state, state)


def file_state_text(state: str) -> str:
    return {
        "expected": tr("Expected"),
        "received": tr("Arrived"),
        "missing": tr("Missing"),
        "extra": tr("Extra (not on the slip)"),
    }.get(state, state)


def is_batch_number(code: str) -> bool:
    try:
        BatchNumber.parse(code)
    except ValidationError:
        return False
    return True


class HandoverScreen(Screen):
    key: ClassVar[str] = "handover"
    group: ClassVar[str] = "archive"
    title: ClassVar[str] = N_("Archive handover")
    shortcut: ClassVar[str | None] = "F9"

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        role = env.actor.role
        self.may_send = role in GRANTS[Permission.SEND_HANDOVER]
        self.may_receive = role in GRANTS[Permission.RECEIVE_HANDOVER]
        self.latest = Latest()
        self.current: BatchView | None = None
        tz = env.ctx.calendar.tz
        english = env.language == "en"

        self.batches: RowsModel[BatchSummary] = RowsModel(
            [
                Column(tr("Batch"), lambda b: b.batch_no),
                Column(tr("Station"), lambda b: b.station),
                Column(tr("Day"), lambda b: b.business_day.isoformat()),
                Column(tr("State"), lambda b: batch_state_text(b.state)),
                Column(tr("Files"), lambda b: str(b.listed)),
                Column(tr("Arrived"), lambda b: str(b.received)),
                Column(tr("Missing"), lambda b: str(b.missing)),
                Column(tr("Extra"), lambda b: str(b.extra)),
            ],
            marked=lambda b: b.has_discrepancies,
            mark_tip=tr("Files are missing or extra"),
            parent=self,
        )
        self.batch_table = make_table(self.batches)
        self.batch_table.setObjectName("batch-list")
        self.files: RowsModel[BatchFileView] = RowsModel(
            [
                Column(tr("Receipt number"), lambda f: f.receipt_no),
                Column(tr("Name"), lambda f: f.citizen_name or ""),
                Column(
                    tr("Service"),
                    lambda f: (f.service_name_en if english else f.service_name_ar) or "",
                ),
                Column(tr("State"), lambda f: file_state_text(f.state)),
                Column(tr("Arrived at"), lambda f: local_time(f.received_at, tz)),
            ],
            marked=lambda f: f.state in ("missing", "extra"),
            mark_tip=tr("Missing or extra file"),
            parent=self,
        )
        self.file_table = make_table(self.files)
        self.file_table.setObjectName("batch-files")

        self.pending_label = QLabel()
        self.pending_label.setObjectName("handover-pending")
        self.new_button = QPushButton(tr("Send today's files (new batch)"))
        self.new_button.setObjectName("handover-new")
        self.new_button.clicked.connect(self.new_batch)
        self.new_button.setVisible(self.may_send)
        self.batch_title = QLabel()
        self.batch_title.setObjectName("batch-title")
        self.scan = QLineEdit()
        self.scan.setObjectName("handover-scan")
        self.scan.setMaxLength(SCAN_LIMIT)
        self.scan.setPlaceholderText(
            tr("Scan the slip, then each cover sheet")
            if self.may_receive
            else tr("Scan or type a batch number")
        )
        self.scan.returnPressed.connect(self._typed)
        self.open_button = QPushButton(tr("Start receiving"))
        self.open_button.setObjectName("handover-open")
        self.open_button.clicked.connect(self.start_receiving)
        self.close_button = QPushButton(tr("Close batch"))
        self.close_button.setObjectName("handover-close")
        self.close_button.clicked.connect(self.close_current)
        for button in (self.open_button, self.close_button):
            button.setVisible(self.may_receive)
        self.print_button = QPushButton(tr("Print slip"))
        self.print_button.setObjectName("handover-print")
        self.print_button.clicked.connect(self.print_slip)
        self.message = QLabel()
        self.message.setObjectName("handover-message")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.pending_label, 1)
        top.addWidget(self.new_button)
        actions = QHBoxLayout()
        actions.addWidget(self.scan, 1)
        for button in (self.open_button, self.close_button, self.print_button):
            actions.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.batch_title)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.file_table, 1)
        # Batches above, the chosen batch's files below: both tables need the full width.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.batch_table)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.setTabOrder(self.scan, self.batch_table)
        self.batch_table.activated.connect(lambda i: self._select(self.batches.row(i)))
        self.batch_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._select(self.batches.row(current))
        )
        self.file_table.activated.connect(self._open_file)
        self._enable()

    # loading ------------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx, actor = self.latest.next(), self.env.ctx, self.env.actor
        archive = self.may_receive

        def work() -> tuple[list[BatchSummary], int | None]:
            batches = list_batches(
                ctx, actor, side="archive" if archive else "counter", limit=LIMIT
            )
            pending = len(pending_handover(ctx, actor)) if self.may_send else None
            return batches, pending

        self.env.ops.run(
            work, lambda r: self._show(seq, *r), lambda e: self._error(e), progress=False
        )

    def _show(self, seq: int, batches: list[BatchSummary], pending: int | None) -> None:
        if not self.latest.is_current(seq):
            return
        self.batches.set_rows(batches)
        if pending is not None:
            self.pending_label.setText(
                tr_n("{n} files of today not handed over yet", pending).format(n=pending)
            )
        if self.current is not None:
            self._load(self.current.batch_no)
        self._enable()

    def _select(self, summary: BatchSummary | None) -> None:
        if summary is not None and (self.current is None or summary.uuid != self.current.uuid):
            self._load(summary.batch_no)

    def _load(self, batch_no: str) -> None:
        ctx, actor = self.env.ctx, self.env.actor
        self.env.ops.run(lambda: show_batch(ctx, actor, batch_no), self.show_batch, self._error)

    def show_batch(self, view: BatchView) -> None:
        self.current = view
        self.batch_title.setText(
            tr("Batch {batch} from {station}: {state}").format(
                batch=view.batch_no, station=view.station, state=batch_state_text(view.state)
            )
        )
        self.files.set_rows(view.files)
        self._enable()

    def _enable(self) -> None:
        state = self.current.state if self.current else None
        self.open_button.setEnabled(state == "sent")
        self.close_button.setEnabled(state == "receiving")
        self.print_button.setEnabled(self.current is not None)

    # actions ------------------------------------------------------------------------------
    def take_scan(self, code: str) -> bool:
        """A scanned or typed code: a slip opens its batch; a cover sheet ticks its file in the
        batch being received. Anything else is left to the window (it opens the request)."""
        text = code.strip()
        if not text:
            return False
        if is_batch_number(text):
            self.scan.clear()
            if self.may_receive:
                self.run_reporting(
                    self.message,
                    lambda: open_batch(self.env.ctx, self.env.actor, text),
                    self._opened,
                )
            else:
                self._load(text)
            return True
        if self.may_receive and self.current is not None and self.current.state == "receiving":
            batch = self.current.batch_no
            self.scan.clear()
            self.run_reporting(
                self.message,
                lambda: receive_file(self.env.ctx, self.env.actor, batch, text),
                self._received,
            )
            return True
        return False

    def _typed(self) -> None:
        if not self.take_scan(self.scan.text()):
            self.message.setText(tr("Scan the handover slip first to open its batch."))

    def start_receiving(self) -> None:
        if self.current is not None:
            batch = self.current.batch_no
            self.run_reporting(
                self.message, lambda: open_batch(self.env.ctx, self.env.actor, batch), self._opened
            )

    def _opened(self, view: BatchView) -> None:
        self.show_batch(view)
        self.message.setText(
            tr("Receiving batch {batch}: scan each file's cover sheet.").format(batch=view.batch_no)
        )
        self.refresh()

    def _received(self, result: ReceiveResult) -> None:
        self.show_batch(result.batch)
        words = []
        for item in result.scanned:
            if item.outcome == "extra":
                words.append(
                    tr("{receipt} is not on this slip: recorded as extra").format(
                        receipt=item.receipt_no
                    )
                )
            else:
                words.append(tr("{receipt} received").format(receipt=item.receipt_no))
        extra = any(i.outcome == "extra" for i in result.scanned)
        self.say(self.message, " · ".join(words), alarm=extra)
        self.refresh()

    def close_current(self) -> None:
        if self.current is None:
            return
        batch = self.current.batch_no

        def closed(view: BatchView) -> None:
            self.show_batch(view)
            if view.has_discrepancies:
                text = tr("Batch closed: {missing} missing, {extra} extra.")
                self.say(
                    self.message, text.format(missing=view.missing, extra=view.extra), alarm=True
                )
            else:
                self.say(self.message, tr("Batch closed: every file was received."))
            self.refresh()

        self.run_reporting(
            self.message, lambda: close_batch(self.env.ctx, self.env.actor, batch), closed
        )

    def new_batch(self) -> None:
        env = self.env

        def made(view: BatchView) -> None:
            self.show_batch(view)
            self.message.setText(
                tr_n(
                    "Batch {batch} with {n} files: print the slip and send it with them.",
                    view.listed,
                ).format(batch=view.batch_no, n=view.listed)
            )
            self.refresh()
            self.print_slip()

        self.run_reporting(self.message, lambda: create_batch(env.ctx, env.actor), made)

    def print_slip(self) -> None:
        if self.current is None:
            return
        env, batch = self.env, self.current.batch_no

        def sent(job: PrintJobView) -> None:
            env.events.print_queue_changed.emit()
            self.message.setText(
                tr("Sent to {printer} (print job {job}).").format(printer=job.printer, job=job.id)
            )

        self.run_reporting(
            self.message,
            lambda: print_document(env.ctx, env.printers, env.actor, "handover", batch),
            sent,
        )

    def _open_file(self) -> None:
        item = self.files.row(self.file_table.currentIndex())
        if item is not None and item.request_uuid is not None:
            self.env.open_request(item.receipt_no)

    def _error(self, exc: BaseException) -> None:
        self.show_error(self.message, exc)
