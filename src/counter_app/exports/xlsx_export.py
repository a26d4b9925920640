"""A report as an Excel workbook (openpyxl): the table with its header block and a bar chart,
the overdue and due-soon lists, the complaints, and the series of days, weeks or months.

In Arabic every sheet is right to left (the first column at the right, as on paper). Figures
are numbers with number formats, dates are dates, so the workbook sorts, sums and filters.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from counter_app.domain.errors import N_
from counter_app.domain.report_model import CountRow, Report
from counter_app.exports.common import (
    BUCKET_NAMES,
    CODE,
    COMPLAINTS,
    GROUPING_NAMES,
    NUMBER_COLUMNS,
    TITLE,
    TOTAL,
    label,
    late_lists,
    local_moment,
    outcome_keys,
)
from counter_app.i18n import Translator

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="F1F1F1")
THIN = Side(style="thin", color="999999")
TOP_LINE = Border(top=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
FORMATS = {"int": "0", "pct": "0.0%", "days": "0.0"}
DATE_FORMAT = "yyyy-mm-dd"
CellValue = str | int | float | dt.date | None
TABLE_ROW = 8  # the table's heading row on the first sheet, below the header block


def _number(row: CountRow, kind: str, value: int | float | None) -> int | float | None:
    # A percentage is stored as a fraction with a percent format: Excel then shows 93.5% and
    # computes with 0.935, as it does with any percentage typed in.
    if value is None:
        return None
    return round(value / 100, 4) if kind == "pct" else value


def _head(ws: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = WRAP


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _sheet(wb: Workbook, title: str, rtl: bool, first: bool = False) -> Worksheet:
    ws = wb.active if first else wb.create_sheet()
    assert ws is not None
    # Sheet names may not hold : \ / ? * [ ] and are limited to 31 characters.
    ws.title = "".join(c for c in title if c not in ":\\/?*[]")[:31]
    ws.sheet_view.rightToLeft = rtl
    return ws


def _main_sheet(wb: Workbook, report: Report, tr: Translator, tz: dt.tzinfo | None) -> None:
    ar = tr.language == "ar"
    ws = _sheet(wb, tr(TITLE), ar, first=True)
    ws["A1"] = f"{report.center_name} ({report.center_code})"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = tr(TITLE)
    ws["A2"].font = BOLD
    header_block: list[tuple[str, CellValue]] = [
        (tr(N_("Period from")), report.period.start),
        (tr(N_("Period to")), report.period.end),
        (tr(N_("Grouped by")), tr(GROUPING_NAMES[report.grouping])),
        (tr(N_("Generated at")), local_moment(report, tz).replace(tzinfo=None)),
    ]
    for offset, (name, value) in enumerate(header_block):
        name_cell = ws.cell(row=3 + offset, column=1, value=name)
        name_cell.font = BOLD
        cell = ws.cell(row=3 + offset, column=2, value=value)
        cell.alignment = Alignment(horizontal="left" if not ar else "right")
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    titles = [tr(CODE), tr(GROUPING_NAMES[report.grouping])]
    titles += [tr(c.msgid) for c in NUMBER_COLUMNS]
    _head(ws, TABLE_ROW, titles)
    ws.row_dimensions[TABLE_ROW].height = 45
    rows = [(row.key, label(row, tr.language, tr), row) for row in report.rows]
    rows.append(("", tr(TOTAL), report.totals))
    for index, (key, name, row) in enumerate(rows):
        r = TABLE_ROW + 1 + index
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=name)
        for col, column in enumerate(NUMBER_COLUMNS, start=3):
            cell = ws.cell(row=r, column=col, value=_number(row, column.kind, column.value(row)))
            cell.number_format = FORMATS[column.kind]
    total_row = TABLE_ROW + len(rows)
    for col in range(1, len(titles) + 1):
        total = ws.cell(row=total_row, column=col)
        total.font = BOLD
        total.fill = TOTAL_FILL
        total.border = TOP_LINE
    _widths(ws, [18, 42] + [13] * len(NUMBER_COLUMNS))
    ws.freeze_panes = f"C{TABLE_ROW + 1}"
    if report.rows:
        _chart(ws, report, tr, total_row, len(titles))


def _chart(ws: Worksheet, report: Report, tr: Translator, total_row: int, width: int) -> None:
    """A native bar chart of the received column, one bar per row (not the totals): Excel
    and LibreOffice draw it themselves, in the reader's language, and keep it live."""
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: long service names stay readable on the axis
    chart.style = 10
    chart.title = tr(NUMBER_COLUMNS[0].msgid)
    chart.legend = None
    data = Reference(ws, min_col=3, min_row=TABLE_ROW, max_row=total_row - 1)
    names = Reference(ws, min_col=2, min_row=TABLE_ROW + 1, max_row=total_row - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(names)
    chart.height = max(7.5, 0.6 * len(report.rows) + 2)
    chart.width = 22
    chart.y_axis.majorGridlines = None
    # openpyxl 3.1 hides the axes unless told (delete defaults to True in its writer).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, ws.cell(row=total_row + 3, column=2).coordinate)


def _late_sheet(wb: Workbook, report: Report, tr: Translator) -> None:
    ar = tr.language == "ar"
    ws = _sheet(wb, tr(N_("Overdue and due soon")), ar)
    titles = [
        tr(N_("List")),
        tr(N_("Receipt number")),
        tr(N_("Service")),
        tr(N_("Citizen")),
        tr(N_("Status")),
        tr(N_("Received on")),
        tr(N_("Due date")),
        tr(N_("Working days late")),
    ]
    _head(ws, 1, titles)
    for index, (which, item) in enumerate(late_lists(report), start=2):
        values: list[CellValue] = [
            tr(which),
            item.receipt_no,
            item.service_ar if ar else item.service_en,
            item.citizen_name,
            tr(item.status),
            item.received_on,
            item.due_date,
            item.working_days_late,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=index, column=col, value=value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int):
                cell.number_format = "0"
    _widths(ws, [14, 26, 40, 30, 16, 14, 14, 12])
    ws.freeze_panes = "A2"


def _complaints_sheet(wb: Workbook, report: Report, tr: Translator) -> None:
    ar = tr.language == "ar"
    ws = _sheet(wb, tr(COMPLAINTS), ar)
    outcomes = outcome_keys(report)
    titles = [
        tr(CODE),
        tr(N_("Complaint type")),
        tr(N_("Complaints received")),
        tr(N_("Complaints answered")),
    ]
    titles += [tr(key) for key in outcomes]
    _head(ws, 1, titles)
    for index, row in enumerate(report.complaints, start=2):
        values: list[CellValue] = [
            row.service_code,
            row.label_ar if ar else row.label_en,
            row.received,
            row.answered,
        ]
        values += [row.outcomes.get(key, 0) for key in outcomes]
        for col, value in enumerate(values, start=1):
            ws.cell(row=index, column=col, value=value)
    if report.complaints:
        r = len(report.complaints) + 2
        ws.cell(row=r, column=2, value=tr(TOTAL))
        sums = [
            sum(c.received for c in report.complaints),
            sum(c.answered for c in report.complaints),
        ]
        sums += [sum(c.outcomes.get(key, 0) for c in report.complaints) for key in outcomes]
        for col, value in enumerate(sums, start=3):
            ws.cell(row=r, column=col, value=value)
        for col in range(1, len(titles) + 1):
            ws.cell(row=r, column=col).font = BOLD
            ws.cell(row=r, column=col).border = TOP_LINE
    _widths(ws, [22, 40] + [14] * (len(titles) - 2))
    ws.freeze_panes = "A2"


def _series_sheet(wb: Workbook, report: Report, tr: Translator) -> None:
    ws = _sheet(wb, tr(BUCKET_NAMES[report.bucket]), tr.language == "ar")
    titles = [
        tr(N_("Starting")),
        tr(NUMBER_COLUMNS[0].msgid),
        tr(N_("Became ready")),
        tr(N_("Delivered to the citizen")),
    ]
    _head(ws, 1, titles)
    for index, point in enumerate(report.series, start=2):
        ws.cell(row=index, column=1, value=point.start).number_format = DATE_FORMAT
        ws.cell(row=index, column=2, value=point.received)
        ws.cell(row=index, column=3, value=point.ready)
        ws.cell(row=index, column=4, value=point.delivered)
    _widths(ws, [14, 16, 16, 16])
    ws.freeze_panes = "A2"


def xlsx_bytes(report: Report, language: str, tz: dt.tzinfo | None = None) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    tr = Translator.for_language(language)
    wb = Workbook()
    _main_sheet(wb, report, tr, tz)
    _late_sheet(wb, report, tr)
    _complaints_sheet(wb, report, tr)
    _series_sheet(wb, report, tr)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
