"""A supervision report (domain/report_model.Report) written as CSV, XLSX or PDF, and the
day's cash sheet (services/payments.CashReport) as CSV or PDF (``write_cash``).

``write_report`` is what the CLI (``counter-app report --format ... --out FILE``) and the
desktop's Reports screen call. The file appears whole or not at all: it is made in memory,
written to a temporary file in the target's folder and renamed over the target
(counter_protocol/durable.py), so a full disk or a crash never leaves half a report where the
old one was. A target that cannot be written is a translated ValidationError on field "out".
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.report_model import Report
from counter_app.exports.csv_export import csv_text
from counter_app.exports.files import write_whole

if TYPE_CHECKING:  # the services load with the command that uses them, not with exports
    from counter_app.services.cash_sheet import CashHeading
    from counter_app.services.payments import CashReport

__all__ = ["FORMATS", "cash_bytes", "csv_text", "report_bytes", "write_cash", "write_report"]

FORMATS = ("csv", "xlsx", "pdf")


def report_bytes(report: Report, fmt: str, language: str, tz: dt.tzinfo | None = None) -> bytes:
    """The file's content. ``tz``: the center's zone for "generated at" (the machine's when
    None). PDF and XLSX libraries are imported only when asked for (the CLI starts lean)."""
    if fmt == "csv":
        return csv_text(report, language).encode("utf-8")
    if fmt == "xlsx":
        from counter_app.exports.xlsx_export import xlsx_bytes

        return xlsx_bytes(report, language, tz)
    if fmt == "pdf":
        from counter_app.exports.pdf_export import pdf_bytes

        return pdf_bytes(report, language, tz)
    raise ValidationError(
        N_("Unknown export format {fmt}; choose csv, xlsx or pdf"), field="format", fmt=fmt
    )


def write_report(
    report: Report, fmt: str, out: Path, language: str, *, tz: dt.tzinfo | None = None
) -> None:
    """Write ``report`` to ``out`` as ``fmt`` (csv | xlsx | pdf) in ``language`` (ar | en).

    The target is checked before any work (a folder, a missing folder, no write permission:
    ValidationError, field "out", nothing written); an existing file is replaced whole."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValidationError(
            N_("Unknown export format {fmt}; choose csv, xlsx or pdf"), field="format", fmt=fmt
        )
    out = Path(os.path.expanduser(str(out)))
    check_target(out)
    write_whole(out, report_bytes(report, fmt, language, tz))


def check_target(out: Path) -> None:
    """Refuse, before a report is made, a target that cannot take the file."""
    if out.is_dir():
        raise ValidationError(
            N_("{path} is a folder; give a file name to export to"), field="out", path=str(out)
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(N_("The folder {path} does not exist"), field="out", path=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError(
            N_("The folder {path} cannot be written to"), field="out", path=str(folder)
        )


CASH_FORMATS = ("csv", "pdf")


def cash_bytes(
    report: CashReport,
    fmt: str,
    language: str,
    tz: dt.tzinfo | None = None,
    heading: CashHeading | None = None,
) -> bytes:
    """The day's cash sheet (services/payments.cash_report) as CSV or PDF; ``heading`` gives
    the center and the services' names (services/cash_sheet), without it codes are shown."""
    if fmt == "csv":
        from counter_app.exports.cash_csv import cash_csv_text

        return cash_csv_text(report, language, tz, heading).encode("utf-8")
    if fmt == "pdf":
        from counter_app.exports.cash_pdf import cash_pdf_bytes

        return cash_pdf_bytes(report, language, tz, heading)
    raise ValidationError(
        N_("Unknown format {fmt} for the cash report; choose csv or pdf"), field="format", fmt=fmt
    )


def write_cash(
    report: CashReport,
    fmt: str,
    out: Path,
    language: str,
    tz: dt.tzinfo | None = None,
    *,
    heading: CashHeading | None = None,
) -> None:
    """Write the day's cash sheet to ``out`` as ``fmt`` (csv | pdf), whole or not at all, as
    write_report does: a target that cannot take it is refused before any work (field
    "out"), a failure while writing leaves nothing behind and the old file as it was."""
    fmt = fmt.lower()
    if fmt not in CASH_FORMATS:
        raise ValidationError(
            N_("Unknown format {fmt} for the cash report; choose csv or pdf"),
            field="format",
            fmt=fmt,
        )
    out = Path(os.path.expanduser(str(out)))
    check_target(out)
    write_whole(out, cash_bytes(report, fmt, language, tz, heading))
