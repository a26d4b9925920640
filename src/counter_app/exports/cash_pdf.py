"""The day's cash sheet on A4 paper, portrait, for the clerk and the head of the center to sign:
the center, the day, every payment of the day, the totals per payment method, per clerk and
overall, and two signature blocks.

Set like the report's PDF (exports/pdf_common.py): Arabic shaped and reordered by the printing
layer (printing/text.py), the table's heading repeated on every page, a page break never
inside a line, "page n of m" at the foot. In Arabic the table reads from the right.

A day without payments is a sheet all the same: the table's heading, "No payments were
recorded on this day." and zero totals, signed to say the drawer was empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.errors import N_
from counter_app.exports.cash_common import (
    BY_CLERK,
    BY_METHOD,
    NOTHING,
    ONLY_OWN,
    OVERALL,
    TITLE,
    WEEKDAY_NAMES,
    amount_text,
    clerk_totals,
    method_word,
    paid_local,
)
from counter_app.exports.pdf_common import Col, Table, plain, render_pdf, section_heading
from counter_app.i18n import Translator
from counter_app.printing.layout import Block, Flow, Paper
from counter_app.printing.text import Typesetter, ltr
from counter_app.services.cash_sheet import CashHeading
from counter_app.services.payments import CashReport

PAGE_WIDTH, PAGE_HEIGHT = A4
PAGE = Paper("a4", PAGE_WIDTH, PAGE_HEIGHT, 14 * mm)
TEXT_SIZE = 8.5  # eight columns across a portrait A4 stay readable at arm's length
HEAD_SIZE = 7.5


def _table(flow: Flow, columns: Sequence[Col]) -> Table:
    """The report's table (same rules, stripes and repeated heading) in the sheet's sizes."""
    return Table(flow, columns, text_size=TEXT_SIZE, head_size=HEAD_SIZE)


def _num(ts: Typesetter, text: str) -> str:
    """A figure, a time or a code kept left to right inside an Arabic line."""
    return ltr(text) if text and ts.rtl else text


def _heading(flow: Flow, text: str) -> None:
    section_heading(flow, text, 4 * mm)


def _signatures(flow: Flow, tr: Translator, clerk_name: str) -> None:
    """Two signature blocks side by side: the clerk on the reading-start side, the head of
    the center on the other; a label, then a line to write on, for the name and the
    signature. The clerk's name is printed when the sheet is one clerk's."""
    ts = flow.ts
    size = 10.0
    step = 9 * mm
    gap = 12 * mm
    half = (flow.width - gap) / 2
    start_box = (flow.right - half, flow.right) if ts.rtl else (flow.left, flow.left + half)
    end_box = (flow.left, flow.left + half) if ts.rtl else (flow.right - half, flow.right)
    blocks = (
        (start_box, tr(N_("The clerk")), clerk_name),
        (end_box, tr(N_("Head of the center")), ""),
    )
    lines = (tr(N_("Name")), tr(N_("Signature")))
    label_w = max(ts.width(text, size) for text in lines) + 3 * mm

    def draw(c: Canvas, top: float) -> None:
        for (left, right), title, name in blocks:
            ts.draw_line(
                c, title, left=left, right=right, baseline=top - size, size=size, bold=True
            )
            for i, label in enumerate(lines):
                base = top - size - step * (i + 1)
                ts.draw_line(c, label, left=left, right=right, baseline=base, size=size)
                # The line to write on runs from after the label to the block's far edge.
                line_left, line_right = (
                    (left, right - label_w) if ts.rtl else (left + label_w, right)
                )
                c.saveState()
                c.setLineWidth(0.6)
                c.line(line_left, base - 1.5, line_right, base - 1.5)
                c.restoreState()
                if i == 0 and name:
                    ts.draw_line(
                        c, name, left=line_left, right=line_right, baseline=base + 1, size=size
                    )

    flow.blocks.append(Block(size + step * len(lines) + 3 * mm, draw))


def _document(
    report: CashReport, heading: CashHeading | None, tr: Translator, tz: dt.tzinfo | None
) -> Flow:
    ts = Typesetter.for_language(tr.language)
    code = heading.center_code if heading else ""
    flow = Flow(
        ts, PAGE, plain(tr(TITLE), day=report.day.isoformat()) + (f" {code}" if code else "")
    )
    if heading is not None:
        flow.text(heading.center_name, size=16, bold=True, align="center")
        flow.text(plain(tr(N_("Center code {code}")), code=ltr(code)), size=9, align="center")
    flow.text(plain(tr(TITLE), day=ltr(report.day.isoformat())), size=13, bold=True, align="center")
    flow.text(tr(WEEKDAY_NAMES[report.day.weekday()]), size=11, align="center")
    flow.rule()
    if heading is not None:
        moment = heading.generated_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        local = moment.astimezone(tz) if tz is not None else moment.astimezone()
        flow.field(tr(N_("Generated at")), ltr(local.strftime("%Y-%m-%d %H:%M")), label_share=0.2)
    if report.only_clerk is not None:
        flow.text(plain(tr(ONLY_OWN), user=ltr(report.only_clerk)), size=9)
    flow.spacer(2 * mm)

    # Weights in points at 8.5 pt (scaled to the page): a receipt number (88 pt), the bank
    # desk's words (66 pt) and a bank receipt number of 14 characters each on one line; the
    # service's name takes what is left and wraps.
    table = _table(
        flow,
        [
            Col(tr(N_("No.")), 22),
            Col(tr(N_("Time")), 32),
            Col(tr(N_("Receipt number")), 93),
            Col(tr(N_("Service")), 92, numeric=False),
            Col(tr(N_("Method")), 75, numeric=False),
            Col(tr(N_("Bank receipt number")), 70),
            Col(tr(N_("Clerk")), 68, numeric=False),
            Col(tr(N_("Amount (SYP)")), 50),
        ],
    )
    rows = []
    for number, p in enumerate(report.payments, start=1):
        service = heading.service_name(p.service_code, tr.language) if heading else p.service_code
        rows.append(
            [
                _num(ts, str(number)),
                _num(ts, paid_local(p, tz).strftime("%H:%M")),
                _num(ts, p.receipt_no),
                service,
                tr(method_word(p.method.value)),
                _num(ts, p.bank_receipt_no or ""),
                p.clerk,
                _num(ts, amount_text(p.amount_syp)),
            ]
        )
    total = ["", "", "", tr(OVERALL), "", "", "", _num(ts, amount_text(report.total_syp))]
    table.add(rows, total=total)
    if not report.payments:
        flow.spacer(1 * mm)
        flow.text(tr(NOTHING), size=9.5)

    _heading(flow, tr(BY_METHOD))
    methods = _table(
        flow,
        [
            Col(tr(N_("Method")), 3.0, numeric=False),
            Col(tr(N_("Payments")), 1.2),
            Col(tr(N_("Amount (SYP)")), 1.6),
        ],
    )
    methods.add(
        [
            [
                tr(method_word(m)),
                _num(ts, str(report.counts.get(m, 0))),
                _num(ts, amount_text(amount)),
            ]
            for m, amount in report.by_method.items()
        ],
        total=[
            tr(N_("Total")),
            _num(ts, str(len(report.payments))),
            _num(ts, amount_text(report.total_syp)),
        ],
    )

    _heading(flow, tr(BY_CLERK))
    clerks = _table(
        flow,
        [
            Col(tr(N_("Clerk")), 3.0, numeric=False),
            Col(tr(N_("Payments")), 1.2),
            Col(tr(N_("Amount (SYP)")), 1.6),
        ],
    )
    per_clerk = clerk_totals(report)
    clerks.add(
        [
            [c.name, _num(ts, str(c.payments)), _num(ts, amount_text(c.amount_syp))]
            for c in per_clerk
        ],
        total=[
            tr(N_("Total")),
            _num(ts, str(len(report.payments))),
            _num(ts, amount_text(report.total_syp)),
        ],
    )

    flow.spacer(4 * mm)
    flow.field(
        tr(OVERALL),
        plain(tr(N_("{amount} SYP")), amount=ltr(amount_text(report.total_syp))),
        size=12,
        label_share=0.3,
    )
    # The day's total and the signatures on one page: a signature alone on a last page
    # would sign no figure.
    flow.blocks[-1].keep_with_next = True
    flow.spacer(12 * mm)
    flow.blocks[-1].keep_with_next = True
    # A sheet of one clerk's payments is his to sign: his name is printed on the line.
    clerk_name = per_clerk[0].name if len(per_clerk) == 1 else ""
    _signatures(flow, tr, clerk_name)
    return flow


def cash_pdf_bytes(
    report: CashReport,
    language: str,
    tz: dt.tzinfo | None = None,
    heading: CashHeading | None = None,
) -> bytes:
    """The sheet as a PDF. ``tz``: the center's zone for the times (the machine's if None)."""
    tr = Translator.for_language(language)
    flow = _document(report, heading, tr, tz)
    code = heading.center_code if heading else ""
    footer = f"{code}  {report.day.isoformat()}".strip()
    return render_pdf(flow, PAGE, tr, footer)
