"""The day's cash sheet as CSV: one table, a line per payment, then the totals.

UTF-8 with a byte order mark (spreadsheet programs then show Arabic; see csv_export.py), rows
ending in CRLF, amounts as plain whole numbers so they load as numbers. A total line has no
receipt number: its kind is in the Service column ("Total by payment method", "Total by
clerk", "Total of the day") and the method or the clerk it totals in their own columns, so a
script takes the payments as the lines with a receipt number and the totals as the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from counter_app.domain.errors import N_
from counter_app.exports.cash_common import (
    BY_CLERK,
    BY_METHOD,
    OVERALL,
    clerk_totals,
    method_word,
    paid_local,
)
from counter_app.exports.csv_export import BOM
from counter_app.i18n import Translator
from counter_app.services.cash_sheet import CashHeading
from counter_app.services.payments import CashReport

HEADER = (
    N_("Paid at"),
    N_("Receipt number"),
    N_("Code"),
    N_("Service"),
    N_("Amount (SYP)"),
    N_("Method"),
    N_("Bank receipt number"),
    N_("Clerk"),
    N_("Username"),
)


def cash_csv_text(
    report: CashReport, language: str, tz: dt.tzinfo | None, heading: CashHeading | None = None
) -> str:
    """The sheet as CSV text, starting with the byte order mark; write it as UTF-8."""
    tr = Translator.for_language(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([tr(h) for h in HEADER])
    for p in report.payments:
        name = heading.service_name(p.service_code, tr.language) if heading else p.service_code
        writer.writerow(
            [
                paid_local(p, tz).strftime("%Y-%m-%d %H:%M"),
                p.receipt_no,
                p.service_code,
                name,
                p.amount_syp,
                tr(method_word(p.method.value)),
                p.bank_receipt_no or "",
                p.clerk,
                p.actor,
            ]
        )
    for method, amount in report.by_method.items():
        writer.writerow(["", "", "", tr(BY_METHOD), amount, tr(method_word(method)), "", "", ""])
    for clerk in clerk_totals(report):
        writer.writerow(
            ["", "", "", tr(BY_CLERK), clerk.amount_syp, "", "", clerk.name, clerk.username]
        )
    writer.writerow(["", "", "", tr(OVERALL), report.total_syp, "", "", "", ""])
    return BOM + buffer.getvalue()
