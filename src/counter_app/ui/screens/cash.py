"""Cash of the day: every fee paid on a local day, with its totals, saved as the sheet to sign.

The head of the center (VIEW_REPORTS) sees the whole day; a clerk sees his own payments, to
count his desk at closing, and the screen says so (services/payments.cash_report decides).
The day is picked with a date edit (today by default, the center's local day); the table lists
the payments (Enter or a double click opens the request), the totals per method and per clerk
below it. "Export PDF" writes the A4 sheet with the signature lines, "Export CSV" the same
figures for a spreadsheet (exports.write_cash), off the GUI thread like the report itself.

Not through the print queue: its jobs are documents of a request, a batch or a box
(services/printing.KINDS), rendered again from the store at each retry; a day's sheet is
printed from the saved PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.domain.roles import Role
from counter_app.exports.cash_common import (
    BY_CLERK,
    BY_METHOD,
    NOTHING,
    ONLY_OWN,
    OVERALL,
    amount_text,
    clerk_totals,
    method_word,
    paid_local,
)
from counter_app.services import cash_sheet as cash_service
from counter_app.services.cash_sheet import CashHeading
from counter_app.services.payments import CashReport, PaymentRecord
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_today, ltr
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table
from counter_app.ui.theme import mark_primary, screen_title, set_role

FILTERS = {"pdf": N_("PDF documents (*.pdf)"), "csv": N_("CSV files (*.csv)")}
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FIT = QHeaderView.ResizeMode.ResizeToContents
_SHARE = QHeaderView.ResizeMode.Stretch
_FIGURE = int((Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True)
class TotalLine:
    """A line of the totals table: what it totals, its payments, its amount."""

    kind: str  # translated: "Totals by payment method"... ("" on the day's line)
    item: str
    payments: int
    amount_syp: int
    last: bool = False  # the day's total, in bold


def total_lines(report: CashReport) -> list[TotalLine]:
    """The methods' lines, the clerks' lines, the day's line; a group's name is written on
    its first line only (the table reads as two small tables and a total)."""
    lines = [
        TotalLine(tr(BY_METHOD) if i == 0 else "", tr(method_word(m)), report.counts.get(m, 0), a)
        for i, (m, a) in enumerate(report.by_method.items())
    ]
    lines += [
        TotalLine(tr(BY_CLERK) if i == 0 else "", c.name, c.payments, c.amount_syp)
        for i, c in enumerate(clerk_totals(report))
    ]
    lines.append(TotalLine("", tr(OVERALL), len(report.payments), report.total_syp, last=True))
    return lines


class _FiguresModel(RowsModel[Any]):
    """Figures centred under their headings; ``bold_last``: the last line (a total) in bold."""

    def __init__(self, *args: Any, figures: frozenset[int], bold_last: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.figures = figures
        self.bold_last = bold_last
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == _ALIGN and index.column() in self.figures:
            return _FIGURE
        if role == _FONT and self.bold_last and self.rows and index.row() == len(self.rows) - 1:
            return self._bold_font
        return super().data(index, role)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class CashScreen(Screen):
    key: ClassVar[str] = "cash"
    title: ClassVar[str] = N_("Cash of the day")
    shortcut: ClassVar[str | None] = "Ctrl+M"
    roles: ClassVar[frozenset[Role]] = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
    group: ClassVar[str] = "supervision"

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.report: CashReport | None = None
        self.heading: CashHeading | None = None
        self.last_export: Path | None = None

        self.day = QDateEdit()
        self.day.setObjectName("cash-day")
        self.day.setCalendarPopup(True)
        # Left to right before the format (see reports.py: a right-to-left date edit reverses
        # the format's sections when it is set).
        self.day.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(_qdate(self.today()))
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.today_button = QPushButton(tr("Today"))
        self.today_button.setObjectName("cash-today")
        self.today_button.clicked.connect(lambda: self.day.setDate(_qdate(self.today())))
        self.show_button = mark_primary(QPushButton(tr("Refresh")))
        self.show_button.setObjectName("cash-show")
        self.show_button.clicked.connect(self.refresh)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in FILTERS:
            button = QPushButton(tr("Export {format}").format(format=fmt.upper()))
            button.setObjectName(f"cash-export-{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button

        day_label = QLabel(tr("Day"))
        day_label.setBuddy(self.day)
        controls = QHBoxLayout()
        controls.addWidget(day_label)
        controls.addWidget(self.day)
        controls.addWidget(self.today_button)
        controls.addWidget(self.show_button)
        controls.addStretch(1)
        for button in self.export_buttons.values():
            controls.addWidget(button)

        self.scope = QLabel()
        self.scope.setObjectName("cash-scope")
        self.scope.setWordWrap(True)
        set_role(self.scope, "note")
        self.message = QLabel()
        self.message.setObjectName("cash-message")
        self.message.setWordWrap(True)
        self.message.hide()

        tz = env.ctx.calendar.tz
        language = env.language
        payment_columns: list[Column[PaymentRecord]] = [
            Column(tr("Time"), lambda p: paid_local(p, tz).strftime("%H:%M")),
            Column(tr("Receipt number"), lambda p: p.receipt_no),
            Column(tr("Service"), self._service),
            Column(tr("Method"), lambda p: tr(method_word(p.method.value))),
            Column(tr("Bank receipt number"), lambda p: p.bank_receipt_no or ""),
            Column(tr("Clerk"), lambda p: p.clerk),
            Column(tr("Amount (SYP)"), lambda p: amount_text(p.amount_syp)),
        ]
        self._language = language
        self.model = _FiguresModel(
            payment_columns, figures=frozenset({0, 6}), bold_last=False, parent=self
        )
        self.table = make_table(self.model)
        self.table.setObjectName("cash-table")
        self.table.activated.connect(self._open)
        self.empty = QLabel(tr(NOTHING))
        self.empty.setObjectName("cash-empty")
        set_role(self.empty, "note")
        self.empty.hide()

        total_columns: list[Column[TotalLine]] = [
            Column(tr("Totals"), lambda t: t.kind),
            Column(tr("Item"), lambda t: t.item),
            Column(tr("Payments"), lambda t: str(t.payments)),
            Column(tr("Amount (SYP)"), lambda t: amount_text(t.amount_syp)),
        ]
        self.totals_model = _FiguresModel(
            total_columns, figures=frozenset({2, 3}), bold_last=True, parent=self
        )
        self.totals = make_table(self.totals_model)
        self.totals.setObjectName("cash-totals")
        # The names as wide as they are, the two figures sharing the rest (no empty strip).
        header = self.totals.horizontalHeader()
        for column, mode in enumerate((_FIT, _FIT, _SHARE, _SHARE)):
            header.setSectionResizeMode(column, mode)
        self.summary = QLabel()
        self.summary.setObjectName("cash-summary")
        self.summary.setWordWrap(True)
        big = self.summary.font()
        big.setPointSize(big.pointSize() + 4)
        big.setBold(True)
        self.summary.setFont(big)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)

        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 3)
        bottom.addWidget(self.summary, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(tr("Cash of the day")))
        layout.addLayout(controls)
        layout.addWidget(self.scope)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)
        self._enable()

    # the day --------------------------------------------------------------------------------
    def today(self) -> dt.date:
        return local_today(self.env.ctx.clock(), self.env.ctx.calendar.tz)

    def chosen_day(self) -> dt.date:
        return _pydate(self.day.date())

    def activate(self) -> None:
        self.refresh()  # payments arrive all day: the screen is counted afresh each time

    def refresh(self) -> None:
        day = self.chosen_day().isoformat()
        seq, env = self.latest.next(), self.env
        self.message.hide()
        self.env.ops.run(
            lambda: cash_service.cash_sheet(env.ctx, env.actor, day),
            lambda sheet: self._show(seq, *sheet),
            lambda exc: self._failed(seq, exc),
            label=tr("Counting the day's payments…"),
            parent=self,
        )

    def _service(self, payment: PaymentRecord) -> str:
        if self.heading is None:
            return payment.service_code
        return self.heading.service_name(payment.service_code, self._language)

    def _show(self, seq: int, report: CashReport, heading: CashHeading) -> None:
        if not self.latest.is_current(seq):
            return
        self.report, self.heading = report, heading
        self.model.set_rows(report.payments)
        self.empty.setVisible(not report.payments)
        self.totals_model.set_rows(total_lines(report))
        # Tall enough for every line of a usual day (two methods, a few clerks, the total)
        # without a scroll bar; the payments' table gives way, it scrolls anyway.
        rows = sum(self.totals.rowHeight(r) for r in range(self.totals_model.rowCount()))
        frame = 2 * self.totals.frameWidth()
        header = self.totals.horizontalHeader().sizeHint().height()
        self.totals.setMinimumHeight(min(rows + header + frame + 2, 330))
        if report.only_clerk is not None:
            self.scope.setText(tr(ONLY_OWN).format(user=report.only_clerk))
            self.scope.show()
        else:
            self.scope.hide()
        self.summary.setText(
            tr(OVERALL)
            + "\n"
            + tr("{amount} SYP").format(amount=ltr(amount_text(report.total_syp)))
        )
        self._enable()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if self.latest.is_current(seq):
            self.show_error(self.message, exc)

    def _enable(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.report is not None)

    def _open(self, index: QModelIndex) -> None:
        payment = self.model.row(index)
        if payment is not None:
            self.env.open_request(payment.receipt_no)

    # exports -------------------------------------------------------------------------------
    def default_name(self, fmt: str) -> str:
        if self.report is None:
            return f"cash.{fmt}"
        code = self.heading.center_code if self.heading else "center"
        who = f"-{self.report.only_clerk}" if self.report.only_clerk else ""
        return f"cash-{code}-{self.report.day.isoformat()}{who}.{fmt}"

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Write the day shown as ``fmt``; without ``path`` the clerk chooses the file."""
        report, heading = self.report, self.heading
        if report is None:
            return
        language, tz = self.env.language, self.env.ctx.calendar.tz

        def write(target: Path) -> None:
            from counter_app.exports import write_cash  # reportlab loads here

            write_cash(report, fmt, target, language, tz, heading=heading)

        self.save_export(
            self.message,
            fmt,
            path,
            write,
            title=tr("Save the cash sheet"),
            name=self.default_name(fmt),
            file_filter=tr(FILTERS[fmt]),
            saved=tr("Cash sheet saved: {path}"),
            progress=tr("Writing the cash sheet…"),
            show_now=True,
        )
