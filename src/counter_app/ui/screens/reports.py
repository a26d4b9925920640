"""Reports: the center's figures over a period, for the supervisor and the admin.

The period is two local dates (both included) or a quick choice (today, this week from
Sunday, this month, last month, this year); the table counts per service, agency, category,
status, clerk or station, with the totals as its last line, beside a bar chart of the requests
received per line and a line of the received, ready and delivered per day, week or month.
The report shown can be exported as CSV, XLSX or PDF (exports/): the file is the same figures
the screen shows, written off the GUI thread like the report itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.domain.report_model import Bucket, CountRow, Grouping, Report
from counter_app.domain.roles import Role
from counter_app.exports.common import (
    BUCKET_NAMES,
    GROUPING_NAMES,
    NUMBER_COLUMNS,
    TOTAL,
    NumberColumn,
    number_text,
)
from counter_app.exports.common import label as row_label
from counter_app.i18n import Translator
from counter_app.services import reports as report_service
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_today
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table
from counter_app.ui.theme import mark_primary, screen_title
from counter_app.ui.widgets.charts import BarChart, LineChart

# Quick periods: key, msgid. Weeks start on Sunday, as the report's weekly buckets do.
QUICK = (
    ("", N_("Choose a period…")),
    ("today", N_("Today")),
    ("week", N_("This week")),
    ("month", N_("This month")),
    ("last_month", N_("Last month")),
    ("year", N_("This year")),
)
FILTERS = {
    "csv": N_("CSV files (*.csv)"),
    "xlsx": N_("Excel workbooks (*.xlsx)"),
    "pdf": N_("PDF documents (*.pdf)"),
}
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
FIGURE_WIDTH = 104  # px: a figure column, its heading wrapped


def quick_period(key: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates of a quick choice, both included, ending today except for last month."""
    if key == "today":
        return today, today
    if key == "week":
        # Python's weekday: Monday 0 ... Sunday 6; days since the last Sunday.
        return today - dt.timedelta(days=(today.weekday() + 1) % 7), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if key == "year":
        return today.replace(month=1, day=1), today
    raise ValueError(key)


def _figure(column: NumberColumn) -> Callable[[CountRow], str]:
    return lambda row: number_text(column.value(row), column.kind)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class _TotalsModel(RowsModel[CountRow]):
    """The report's lines with its totals as the last one, in bold."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        # The headings are short sentences ("Received in the period"): wrapped over two or
        # three lines over narrow figure columns, so the table fits the screen's width.
        if role == _ALIGN and orientation == Qt.Orientation.Horizontal:
            return int((Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap).value)
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == _FONT and self.rows and index.row() == len(self.rows) - 1:
            return self._bold_font
        return super().data(index, role)


class ReportsScreen(Screen):
    key: ClassVar[str] = "reports"
    title: ClassVar[str] = N_("Reports")
    shortcut: ClassVar[str | None] = "Ctrl+R"
    roles: ClassVar[frozenset[Role]] = frozenset({Role.SUPERVISOR, Role.ADMIN})
    group: ClassVar[str] = "supervision"

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.report: Report | None = None
        self.last_export: Path | None = None
        self._translator = Translator.for_language(env.language)

        self.start = QDateEdit()
        self.start.setObjectName("report-from")
        self.end = QDateEdit()
        self.end.setObjectName("report-to")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            # Dates read left to right in an Arabic window too. The direction must be set
            # before the format: a date edit laid out right to left reverses the format's
            # sections when it is set (2026-11-01 was shown 01-11-2026).
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.quick = QComboBox()
        self.quick.setObjectName("report-quick")
        for key, msgid in QUICK:
            self.quick.addItem(tr(msgid), key)
        self.quick.activated.connect(lambda _i: self._quick_chosen())
        self.grouping = QComboBox()
        self.grouping.setObjectName("report-grouping")
        for grouping, msgid in GROUPING_NAMES.items():
            self.grouping.addItem(tr(msgid), grouping.value)
        self.bucket = QComboBox()
        self.bucket.setObjectName("report-bucket")
        for bucket, msgid in BUCKET_NAMES.items():
            self.bucket.addItem(tr(msgid), bucket.value)
        self.bucket.setCurrentIndex(list(BUCKET_NAMES).index(Bucket.WEEK))
        self.show_button = mark_primary(QPushButton(tr("Show report")))
        self.show_button.setObjectName("report-show")
        self.show_button.clicked.connect(self.refresh)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in FILTERS:
            button = QPushButton(tr("Export {format}").format(format=fmt.upper()))
            button.setObjectName(f"report-export-{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button

        # Two rows of controls, the exports at the end of the second: the table and the
        # charts keep the height of a 1366x768 counter monitor.
        form = QGridLayout()
        form.addWidget(QLabel(tr("Period from")), 0, 0)
        form.addWidget(self.start, 0, 1)
        form.addWidget(QLabel(tr("Period to")), 0, 2)
        form.addWidget(self.end, 0, 3)
        form.addWidget(self.quick, 0, 4)
        form.addWidget(QLabel(tr("Grouped by")), 1, 0)
        form.addWidget(self.grouping, 1, 1)
        form.addWidget(QLabel(tr("Buckets")), 1, 2)
        form.addWidget(self.bucket, 1, 3)
        form.addWidget(self.show_button, 1, 4)
        form.setColumnStretch(5, 1)
        exports = QHBoxLayout()
        for button in self.export_buttons.values():
            exports.addWidget(button)
        form.addLayout(exports, 1, 6)

        self.summary = QLabel()
        self.summary.setObjectName("report-summary")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("report-message")
        self.message.setWordWrap(True)

        language = env.language
        columns: list[Column[CountRow]] = [
            Column(tr(GROUPING_NAMES[Grouping.SERVICE]), self._row_name),
        ]
        columns += [Column(tr(c.msgid), _figure(c)) for c in NUMBER_COLUMNS]
        self._language = language
        self.model = _TotalsModel(columns, parent=self)
        self.table = make_table(self.model)
        self.table.setObjectName("report-table")
        self.table.setWordWrap(True)
        self.bars = BarChart()
        self.bars.setObjectName("report-bars")
        self.line = LineChart()
        self.line.setObjectName("report-line")
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.bars)
        charts.addWidget(self.line)
        # The table and the charts each get the screen's whole height, one tab each: below
        # one another at 768 pixels both were too short to read.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report-tabs")
        self.tabs.addTab(self.table, tr("Table"))
        self.tabs.addTab(charts, tr("Charts"))

        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(tr("Reports")))
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.message.hide()

        self.set_period("month")
        self._enable()

    # the period ----------------------------------------------------------------------------
    def today(self) -> dt.date:
        return local_today(self.env.ctx.clock(), self.env.ctx.calendar.tz)

    def set_period(self, key: str) -> None:
        start, end = quick_period(key, self.today())
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))

    def _quick_chosen(self) -> None:
        key = str(self.quick.currentData() or "")
        if key:
            self.set_period(key)
            self.refresh()

    def period(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    # the report ----------------------------------------------------------------------------
    def activate(self) -> None:
        if self.report is None:
            self.refresh()

    def refresh(self) -> None:
        start, end = self.period()
        grouping = Grouping(str(self.grouping.currentData()))
        bucket = Bucket(str(self.bucket.currentData()))
        seq, env = self.latest.next(), self.env
        self.message.hide()
        self.env.ops.run(
            lambda: report_service.build_report(
                env.ctx,
                env.actor,
                start=start.isoformat(),
                end=end.isoformat(),
                grouping=grouping,
                bucket=bucket,
            ),
            lambda report: self._show(seq, report),
            lambda exc: self._failed(seq, exc),
            label=tr("Computing the report…"),
            parent=self,
        )

    def _row_name(self, row: CountRow) -> str:
        if self.report is not None and row is self.report.totals:
            return tr(TOTAL)
        return row_label(row, self._language, self._translator)

    def _show(self, seq: int, report: Report) -> None:
        if not self.latest.is_current(seq):
            return
        self.report = report
        # The first column's title follows the grouping (set_rows resets the header too).
        self.model.columns[0] = Column(tr(GROUPING_NAMES[report.grouping]), self._row_name)
        self.model.set_rows([*report.rows, report.totals])
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 300))
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, FIGURE_WIDTH)
        header = self.table.horizontalHeader()
        header.setMinimumHeight(3 * header.fontMetrics().lineSpacing() + 12)
        names = [self._row_name(row) for row in report.rows]
        self.bars.set_data(
            [(name, row.received) for name, row in zip(names, report.rows, strict=True)],
            title=tr("Received in the period"),
            empty_text=tr("Nothing received in this period"),
        )
        self.line.set_data(
            [point.start.isoformat() for point in report.series],
            [
                (tr("Received in the period"), [p.received for p in report.series]),
                (tr("Became ready"), [p.ready for p in report.series]),
                (tr("Delivered to the citizen"), [p.delivered for p in report.series]),
            ],
            title=tr(BUCKET_NAMES[report.bucket]),
            empty_text=tr("Nothing received in this period"),
        )
        totals = report.totals
        # The sign inside the value: an isolated "94.1" would leave "%" to the Arabic
        # sentence, which puts it on the number's other side.
        pct = (
            f"{number_text(totals.on_time_pct, 'pct')}%" if totals.on_time_pct is not None else "-"
        )
        self.summary.setText(
            tr(
                "{start} to {end}: {received} received, on time {pct}, "
                "{overdue} overdue, {soon} due soon"
            ).format(
                start=report.period.start.isoformat(),
                end=report.period.end.isoformat(),
                received=totals.received,
                pct=pct,
                overdue=len(report.overdue),
                soon=len(report.due_soon),
            )
        )
        self._enable()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if self.latest.is_current(seq):
            self.show_error(self.message, exc)

    def _enable(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.report is not None)

    # exports -------------------------------------------------------------------------------
    def default_name(self, fmt: str) -> str:
        if self.report is None:
            return f"report.{fmt}"
        period = self.report.period
        return f"report-{self.report.center_code}-{period.start}-{period.end}.{fmt}"

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Write the report shown as ``fmt``; without ``path`` the clerk chooses the file."""
        report = self.report
        if report is None:
            return
        language, tz = self.env.language, self.env.ctx.calendar.tz

        def write(target: Path) -> None:
            from counter_app.exports import write_report  # reportlab and openpyxl load here

            write_report(report, fmt, target, language, tz=tz)

        self.save_export(
            self.message,
            fmt,
            path,
            write,
            title=tr("Export the report"),
            name=self.default_name(fmt),
            file_filter=tr(FILTERS[fmt]),
            saved=tr("Report saved: {path}"),
            progress=tr("Writing the report…"),
        )
