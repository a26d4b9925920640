"""The print queue: every document was recorded before it was sent, so nothing is lost when a
printer is off or out of paper. A failed job is retried (on the same or another printer); a job
interrupted while sending may have printed, so it is never resent: a numbered copy is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.printing.registry import Printers
from counter_app.services.printing import (
    RETRYABLE,
    PrintError,
    PrintJobView,
    list_jobs,
    print_document,
    retry_job,
)
from counter_app.services.settings import get_settings
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row

LIMIT = 200


def printer_addresses(printers: Printers, configured: list[str]) -> list[str]:
    """The configured printers first, then whatever the system shows; ``pdf:`` always."""
    found = list(dict.fromkeys([*configured, "pdf:"]))
    for info in printers.all_printers():
        address = (
            "pdf:" if info.backend == "pdf" and info.default else f"{info.backend}:{info.name}"
        )
        if address not in found:
            found.append(address)
    return found


def kind_text(kind: str) -> str:
    """A document kind in words ("receipt" alone is also the field name "receipt number"), as a
    label starts: the kinds' msgids are lower case because sentences embed them too."""
    text = tr("Receipt") if kind == "receipt" else tr(kind)
    return text[:1].upper() + text[1:]


def error_words(error: str | None) -> str:
    """A stored error is "reason: detail" with an English reason msgid: show it translated."""
    if not error:
        return ""
    reason, sep, detail = error.partition(": ")
    return tr(reason) + sep + detail


class PrintQueueScreen(Screen):
    key: ClassVar[str] = "printing"
    group: ClassVar[str] = "counter"
    title: ClassVar[str] = N_("Print queue")
    shortcut: ClassVar[str | None] = "F8"

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        tz = env.ctx.calendar.tz
        self.model: RowsModel[PrintJobView] = RowsModel(
            [
                Column(tr("Job"), lambda j: str(j.id)),
                Column(tr("Document"), lambda j: kind_text(j.kind)),
                Column(tr("Number"), lambda j: j.ref),
                Column(tr("Note"), lambda j: j.note or ""),
                Column(tr("Copy"), lambda j: str(j.copy_no) if j.copy_no else ""),
                Column(tr("Printer"), lambda j: j.printer),
                Column(tr("State"), lambda j: tr(j.state)),
                Column(tr("Attempts"), lambda j: str(j.attempts)),
                Column(tr("Created"), lambda j: local_time(j.created_at, tz)),
                Column(tr("Error"), lambda j: error_words(j.last_error)),
            ],
            marked=lambda j: j.state in ("failed", "interrupted"),
            parent=self,
        )
        self.table = make_table(self.model)
        self.table.setObjectName("print-jobs")
        self.pending_only = QCheckBox(tr("Waiting jobs only"))
        self.pending_only.setObjectName("pending-only")
        self.pending_only.toggled.connect(lambda _on: self.refresh())
        self.count_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setObjectName("print-message")
        self.message_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("print-error")
        self.error_label.hide()
        self.printer = QComboBox()
        self.printer.setObjectName("retry-printer")
        self.printer.setEditable(True)
        self.printer.setMinimumContentsLength(24)
        self.printer.addItem(tr("The job's printer"))
        self.retry_button = QPushButton(tr("Retry"))
        self.retry_button.setObjectName("retry")
        self.retry_button.clicked.connect(self.retry)
        self.copy_button = QPushButton(tr("Print a copy"))
        self.copy_button.setObjectName("print-copy")
        self.copy_button.clicked.connect(self.print_copy)
        top = QHBoxLayout()
        top.addWidget(self.pending_only)
        top.addStretch(1)
        top.addWidget(self.count_label)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Printer")))
        bar.addWidget(self.printer, 1)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.table.activated.connect(lambda _index: self._default_action())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        env.events.print_queue_changed.connect(self._queue_changed)
        self._enable()

    def _queue_changed(self) -> None:
        if self.isVisible():  # otherwise ``activate`` reads the jobs when the screen is shown
            self.refresh()

    def activate(self) -> None:
        self.refresh()
        self.load_printers()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx, pending = self.latest.next(), self.env.ctx, self.pending_only.isChecked()
        self.env.ops.run(
            lambda: list_jobs(ctx, self.env.actor, pending_only=pending, limit=LIMIT),
            lambda jobs: self._show(seq, jobs),
            lambda exc: self._failed(seq, exc),
            parent=self,
        )

    def _failed(self, seq: int, exc: BaseException) -> None:
        if self.latest.is_current(seq):
            self.show_error(self.error_label, exc)

    def load_printers(self) -> None:
        ctx, actor, printers = self.env.ctx, self.env.actor, self.env.printers

        def work() -> list[str]:
            settings = get_settings(ctx, actor)
            configured = [str(v) for k, v in settings.items() if k.startswith("printer.")]
            return printer_addresses(printers, configured)

        def done(addresses: list[str]) -> None:
            typed = self.printer.currentText()
            while self.printer.count() > 1:
                self.printer.removeItem(1)
            self.printer.addItems(addresses)
            self.printer.setCurrentText(typed)

        self.env.ops.run(work, done, lambda exc: self.show_error(self.error_label, exc))

    def _show(self, seq: int, jobs: list[PrintJobView]) -> None:
        if not self.latest.is_current(seq):
            return
        keep = self.selected()
        self.model.set_rows(jobs)
        waiting = sum(1 for j in jobs if j.state in (*RETRYABLE, "interrupted"))
        self.count_label.setText(tr_n("{n} jobs waiting", waiting).format(n=waiting))
        ids = [j.id for j in jobs]
        if ids:
            select_row(self.table, ids.index(keep.id) if keep and keep.id in ids else 0)
        self._enable()

    def selected(self) -> PrintJobView | None:
        return self.model.row(self.table.currentIndex())

    def chosen_printer(self) -> str | None:
        text = self.printer.currentText().strip()
        return None if not text or text == self.printer.itemText(0) else text

    def _enable(self) -> None:
        job = self.selected()
        self.retry_button.setEnabled(job is not None and job.state in RETRYABLE)
        self.copy_button.setEnabled(job is not None and job.state == "interrupted")

    def _default_action(self) -> None:
        if self.retry_button.isEnabled():
            self.retry()
        elif self.copy_button.isEnabled():
            self.print_copy()

    def retry(self) -> None:
        job, env, printer = self.selected(), self.env, self.chosen_printer()
        if job is not None and job.state in RETRYABLE:
            self._send(lambda: retry_job(env.ctx, env.printers, env.actor, job.id, printer=printer))

    def print_copy(self) -> None:
        job, env = self.selected(), self.env
        if job is None or job.state != "interrupted":
            return
        printer = self.chosen_printer() or job.printer
        self._send(
            lambda: print_document(
                env.ctx, env.printers, env.actor, job.kind, job.ref, printer=printer
            )
        )

    def _send(self, work: Callable[[], PrintJobView]) -> None:
        self.message_label.clear()
        self.error_label.hide()

        def done(sent: PrintJobView) -> None:
            self.message_label.setText(
                tr("Sent to {printer} (print job {job}).").format(printer=sent.printer, job=sent.id)
            )
            self.env.events.print_queue_changed.emit()

        def failed(exc: BaseException) -> None:
            self.show_error(self.error_label, exc)
            if isinstance(exc, PrintError):  # the job was tried and kept: show its new error
                self.env.events.print_queue_changed.emit()

        self.env.ops.run(work, done, failed, label=tr("Printing…"), parent=self)
