"""The XLSX export opened with openpyxl and compared with the report, cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from counter_app.exports import write_report
from counter_app.exports.xlsx_export import TABLE_ROW
from counter_app.i18n import Translator
from tests.report_sample import FIGURES, sample_report

REPORT = sample_report()


def _day(value: object) -> dt.date:
    assert isinstance(value, dt.datetime), value
    return value.date()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_workbook_holds_the_report(language: str, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_report(REPORT, "xlsx", out, language, tz=ZoneInfo("Asia/Damascus"))
    wb = openpyxl.load_workbook(out)
    tr = Translator.for_language(language)
    ws = wb.worksheets[0]
    assert isinstance(ws, Worksheet)
    assert all(sheet.sheet_view.rightToLeft is (language == "ar") for sheet in wb.worksheets)
    assert REPORT.center_name in ws["A1"].value and "MZH" in ws["A1"].value
    assert _day(ws["B3"].value) == REPORT.period.start
    assert _day(ws["B4"].value) == REPORT.period.end
    assert ws["B6"].value == dt.datetime(2026, 12, 1, 9, 30)  # 06:30 UTC in Damascus
    assert ws.cell(TABLE_ROW, 3).value == tr("Received in the period")
    assert ws.cell(TABLE_ROW, 3).font.bold
    for offset, row in enumerate(REPORT.rows, start=1):
        r = TABLE_ROW + offset
        assert ws.cell(r, 1).value == row.key
        assert ws.cell(r, 2).value == (row.label_ar if language == "ar" else row.label_en)
        assert [ws.cell(r, 3 + i).value for i in range(len(FIGURES))] == [
            getattr(row, f) for f in FIGURES
        ]
        pct = ws.cell(r, 13)
        assert pct.number_format == "0.0%" and pct.value == pytest.approx(
            (row.on_time_pct or 0) / 100
        )
        assert ws.cell(r, 14).value == row.turnaround_p50
        assert ws.cell(r, 3).number_format == "0"
    total = TABLE_ROW + len(REPORT.rows) + 1
    assert ws.cell(total, 2).value == tr("Total") and ws.cell(total, 2).font.bold
    assert [ws.cell(total, 3 + i).value for i in range(len(FIGURES))] == [
        getattr(REPORT.totals, f) for f in FIGURES
    ]
    assert ws.column_dimensions["B"].width > 30
    assert len(ws._charts) == 1  # type: ignore[attr-defined]  # the bar chart of the received column

    late = wb.worksheets[1]
    listed = list(late.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in listed] == [i.receipt_no for i in REPORT.overdue + REPORT.due_soon]
    assert listed[0][0] == tr("Overdue") and listed[-1][0] == tr("Due soon")
    assert _day(listed[0][6]) == REPORT.overdue[0].due_date and listed[0][7] == 12

    complaints = wb.worksheets[2]
    rows = list(complaints.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [40, 31, 71] and [r[3] for r in rows] == [31, 20, 51]

    series = wb.worksheets[3]
    points = list(series.iter_rows(min_row=2, values_only=True))
    assert [(_day(p[0]), p[1]) for p in points] == [(s.start, s.received) for s in REPORT.series]


def test_arabic_headings(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_report(REPORT, "xlsx", out, "ar")
    wb = openpyxl.load_workbook(out)
    assert wb.worksheets[2].title == "الشكاوى"
    ws = wb.worksheets[0]
    assert ws.cell(TABLE_ROW, 3).value == "المستلمة خلال الفترة"
    assert ws.cell(TABLE_ROW + len(REPORT.rows) + 1, 2).value == "المجموع"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_an_empty_period_exports_an_empty_report(fmt: str, tmp_path: Path) -> None:
    """Nothing taken in the period: the table is its totals line of zeros, no chart."""
    from dataclasses import replace

    from counter_app.domain.report_model import CountRow

    empty = replace(
        REPORT,
        rows=(),
        totals=CountRow("", "", ""),
        series=(),
        overdue=(),
        due_soon=(),
        complaints=(),
    )
    out = tmp_path / f"empty.{fmt}"
    write_report(empty, fmt, out, "ar")
    if fmt == "xlsx":
        ws = openpyxl.load_workbook(out).worksheets[0]
        assert isinstance(ws, Worksheet)
        assert ws.cell(TABLE_ROW + 1, 2).value == "المجموع" and ws.cell(TABLE_ROW + 1, 3).value == 0
        assert ws._charts == []  # type: ignore[attr-defined]
    elif fmt == "csv":
        lines = out.read_bytes().decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and lines[1].startswith(",المجموع,0,")
    else:
        from tests.test_exports_pdf import pages_text

        assert "لم يُستلم شيء في هذه الفترة" in "\n".join(pages_text(out))
