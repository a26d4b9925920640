"""A report as CSV: one table, the rows then the totals, for a spreadsheet or a script.

UTF-8 with a byte order mark: Excel takes a CSV without one for the machine's ANSI code page and
shows Arabic as mojibake; LibreOffice and Python's csv module (encoding "utf-8-sig") read it
either way. Numbers are plain (no thousands separator, a point for decimals), so they load as
numbers; an empty cell is a figure that does not exist (no request completed).
"""

from __future__ import annotations

import csv
import io

from counter_app.domain.report_model import CountRow, Report
from counter_app.exports.common import CODE, GROUPING_NAMES, NUMBER_COLUMNS, TOTAL, label
from counter_app.i18n import Translator

BOM = "\ufeff"


def header(report: Report, tr: Translator) -> list[str]:
    return [
        tr(CODE),
        tr(GROUPING_NAMES[report.grouping]),
        *(tr(c.msgid) for c in NUMBER_COLUMNS),
    ]


def _cells(row: CountRow) -> list[str]:
    out = []
    for column in NUMBER_COLUMNS:
        value = column.value(row)
        out.append("" if value is None else str(value))
    return out


def csv_text(report: Report, language: str) -> str:
    """The report's table as CSV text, starting with the byte order mark; write it as UTF-8.
    Rows end in CRLF, as RFC 4180 and Excel want."""
    tr = Translator.for_language(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(report, tr))
    for row in report.rows:
        writer.writerow([row.key, label(row, tr.language, tr), *_cells(row)])
    writer.writerow(["", tr(TOTAL), *_cells(report.totals)])
    return BOM + buffer.getvalue()
