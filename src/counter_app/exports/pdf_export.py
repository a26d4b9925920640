"""A report on A4 paper for the head of the center to sign: the center and the period, the
table (its heading repeated on every page), a bar chart of the requests received, the time
limits kept, the overdue list, the complaints, and a signature block.

Arabic is set by the printing layer (printing/text.py: shaped, wrapped in logical order,
reordered per line, copyable as letters); this module only places lines and rules. Landscape:
thirteen figures a row stay readable at 7.5 pt beside a service's full name. In Arabic the
table reads from the right: the name is the rightmost column, as in the desktop and the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.errors import N_, N_n
from counter_app.domain.report_model import Report
from counter_app.exports.common import (
    COMPLAINTS,
    GROUPING_NAMES,
    NUMBER_COLUMNS,
    OVERDUE,
    TITLE,
    TOTAL,
    label,
    local_moment,
    number_text,
)
from counter_app.exports.pdf_common import (
    RULE,
    Col,
    Table,
    plain,
    render_pdf,
    section_heading,
)
from counter_app.i18n import Translator
from counter_app.printing.layout import Block, Flow, Paper
from counter_app.printing.text import Typesetter, ltr

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
PAGE = Paper("a4-landscape", PAGE_WIDTH, PAGE_HEIGHT, 14 * mm)
BAR = HexColor("#2f5d8a")
TEXT_SIZE = 7.5
HEAD_SIZE = 6.5
OVERDUE_SHOWN = 40  # the rest are in the workbook and on the desktop's list


def _table(flow: Flow, columns: Sequence[Col]) -> Table:
    return Table(flow, columns, text_size=TEXT_SIZE, head_size=HEAD_SIZE)


def _num(ts: Typesetter, value: int | float | None, kind: str = "int") -> str:
    text = number_text(value, kind)
    return ltr(text) if text and ts.rtl else text


def _bars(flow: Flow, report: Report, tr: Translator) -> None:
    """Received per row, one horizontal bar each, the name on the reading-start side."""
    ts = flow.ts
    biggest = max((row.received for row in report.rows), default=0)
    if biggest == 0:
        return
    name_w, value_w, gap = flow.width * 0.28, 12 * mm, 2 * mm
    room = flow.width - name_w - value_w - 2 * gap
    size = TEXT_SIZE
    for row in report.rows:
        lines = ts.wrap(label(row, tr.language, tr), size, name_w - ts.width("…", size))
        name = lines[0] + ("…" if len(lines) > 1 else "")  # the full name is in the table
        length = room * row.received / biggest
        value = _num(ts, row.received)

        def draw(
            c: Canvas, top: float, name: str = name, length: float = length, value: str = value
        ) -> None:
            if ts.rtl:
                name_box = (flow.right - name_w, flow.right)
                edge = flow.right - name_w - gap
                bar_left = edge - length
                value_box = (bar_left - gap - value_w, bar_left - gap)
            else:
                name_box = (flow.left, flow.left + name_w)
                edge = flow.left + name_w + gap
                bar_left = edge
                value_box = (edge + length + gap, edge + length + gap + value_w)
            ts.draw_line(
                c, name, left=name_box[0], right=name_box[1], baseline=top - size - 1, size=size
            )
            c.saveState()
            c.setFillColor(BAR)
            c.rect(bar_left, top - size - 2.5, max(length, 0.8), size + 1, stroke=0, fill=1)
            c.setStrokeColor(RULE)
            c.setLineWidth(0.5)
            c.line(edge, top, edge, top - size * 1.6)
            c.restoreState()
            ts.draw_line(
                c, value, left=value_box[0], right=value_box[1], baseline=top - size - 1, size=size
            )

        flow.blocks.append(Block(size * 1.6, draw))


def _heading(flow: Flow, text: str) -> None:
    section_heading(flow, text, 3 * mm)


def _document(report: Report, tr: Translator, tz: dt.tzinfo | None) -> Flow:
    ts = Typesetter.for_language(tr.language)
    flow = Flow(ts, PAGE, f"{tr(TITLE)} {report.center_code} {report.period.start}")
    ar = tr.language == "ar"
    flow.text(report.center_name, size=16, bold=True, align="center")
    flow.text(
        plain(tr(N_("Center code {code}")), code=ltr(report.center_code)), size=9, align="center"
    )
    flow.text(tr(TITLE), size=13, bold=True, align="center")
    period = plain(
        tr(N_("From {start} to {end}")),
        start=ltr(report.period.start.isoformat()),
        end=ltr(report.period.end.isoformat()),
    )
    flow.text(period, size=11, align="center")
    flow.rule()
    moment = local_moment(report, tz).strftime("%Y-%m-%d %H:%M")
    flow.field(tr(N_("Grouped by")), tr(GROUPING_NAMES[report.grouping]), label_share=0.18)
    flow.field(tr(N_("Generated at")), ltr(moment), label_share=0.18)
    flow.spacer(2 * mm)

    name_col = Col(tr(GROUPING_NAMES[report.grouping]), 3.4, numeric=False)
    table = _table(flow, [name_col] + [Col(tr(c.msgid), 1.0) for c in NUMBER_COLUMNS])

    def figures(row: object) -> list[str]:
        return [_num(ts, c.value(row), c.kind) for c in NUMBER_COLUMNS]  # type: ignore[arg-type]

    table.add(
        [[label(row, tr.language, tr), *figures(row)] for row in report.rows],
        total=[tr(TOTAL), *figures(report.totals)],
    )

    if not report.rows:
        flow.text(tr(N_("Nothing received in this period")), size=9)
    if report.rows and report.totals.received:
        _heading(
            flow,
            plain(
                tr(N_("Requests received, by {grouping}")),
                grouping=tr(GROUPING_NAMES[report.grouping]),
            ),
        )
        _bars(flow, report, tr)

    _heading(flow, tr(N_("Time limits")))
    t = report.totals
    done = t.on_time + t.late
    pct = number_text(t.on_time_pct, "pct") if t.on_time_pct is not None else "-"
    # The share kept apart from the counts: "402 of 427 (94.1%)" in one right-to-left line
    # lets the bidi pass join "427 (" to the percentage and swap them.
    flow.field(
        tr(N_("Completed on time")),
        plain(tr(N_("{on_time} of {done}")), on_time=ltr(str(t.on_time)), done=ltr(str(done))),
        label_share=0.3,
    )
    flow.field(
        tr(N_("On time %")), ltr(pct + "%" if t.on_time_pct is not None else pct), label_share=0.3
    )
    flow.field(tr(N_("Overdue at the end")), ltr(str(t.overdue_at_end)), label_share=0.3)
    flow.field(
        plain(
            tr.tr_n(N_n("Due within {n} working days"), report.due_soon_days),
            n=ltr(str(report.due_soon_days)),
        ),
        ltr(str(len(report.due_soon))),
        label_share=0.3,
    )
    flow.field(
        tr(N_("Turnaround in working days (p50 / p90)")),
        ltr(
            f"{number_text(t.turnaround_p50, 'days') or '-'} / "
            f"{number_text(t.turnaround_p90, 'days') or '-'}"
        ),
        label_share=0.3,
    )
    if report.calls.calls or report.calls.notifications:
        flow.field(
            tr(N_("Calls and messages")),
            plain(
                tr(N_("{calls} calls, {sms} SMS")),
                calls=ltr(str(sum(report.calls.calls.values()))),
                sms=ltr(str(sum(report.calls.notifications.values()))),
            ),
            label_share=0.3,
        )

    if report.overdue:
        _heading(flow, tr(OVERDUE))
        late = _table(
            flow,
            [
                Col(tr(N_("Receipt number")), 2.2, numeric=False),
                Col(tr(N_("Service")), 4.0, numeric=False),
                Col(tr(N_("Status")), 1.6, numeric=False),
                Col(tr(N_("Received on")), 1.4),
                Col(tr(N_("Due date")), 1.4),
                Col(tr(N_("Working days late")), 1.2),
            ],
        )
        late.add(
            [
                [
                    ltr(item.receipt_no),
                    item.service_ar if ar else item.service_en,
                    tr(item.status),
                    ltr(item.received_on.isoformat()),
                    ltr(item.due_date.isoformat()),
                    _num(ts, item.working_days_late),
                ]
                for item in report.overdue[:OVERDUE_SHOWN]
            ]
        )
        if len(report.overdue) > OVERDUE_SHOWN:
            more = len(report.overdue) - OVERDUE_SHOWN
            flow.text(
                plain(
                    tr(N_("and {n} more (in the workbook and on the desktop)")), n=ltr(str(more))
                ),
                size=8,
            )

    if report.complaints:
        _heading(flow, tr(COMPLAINTS))
        complaints = _table(
            flow,
            [
                Col(tr(N_("Complaint type")), 4.0, numeric=False),
                Col(tr(N_("Complaints received")), 1.2),
                Col(tr(N_("Complaints answered")), 1.2),
                Col(tr(N_("Outcomes")), 4.0, numeric=False),
            ],
        )
        comma = "، " if ar else ", "
        complaints.add(
            [
                [
                    row.label_ar if ar else row.label_en,
                    _num(ts, row.received),
                    _num(ts, row.answered),
                    comma.join(f"{tr(key)} {_num(ts, n)}" for key, n in row.outcomes.items()),
                ]
                for row in report.complaints
            ],
            total=[
                tr(TOTAL),
                _num(ts, sum(r.received for r in report.complaints)),
                _num(ts, sum(r.answered for r in report.complaints)),
                "",
            ],
        )

    flow.spacer(12 * mm)
    flow.blocks[-1].keep_with_next = True
    flow.text(
        tr(
            N_(
                "Head of center: ____________________   Signature: ______________   "
                "Date: ______________"
            )
        ),
        size=10.5,
    )
    return flow


def pdf_bytes(report: Report, language: str, tz: dt.tzinfo | None = None) -> bytes:
    tr = Translator.for_language(language)
    flow = _document(report, tr, tz)
    footer = f"{report.center_code}  {report.period.start} / {report.period.end}"
    return render_pdf(flow, PAGE, tr, footer)
