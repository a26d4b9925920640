"""What the report's PDF (exports/pdf_export.py) and the day's cash sheet (exports/cash_pdf.py)
share: the striped table whose heading repeats on every page, a section heading, the page
breaks, and the pages drawn with "page n of m" and a footer line at the foot.

Kept in one place so that the two papers a center signs look alike and a fix to the table or
the page breaks reaches both.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.errors import N_
from counter_app.i18n import Translator
from counter_app.printing.layout import Block, Flow, Paper
from counter_app.printing.text import Align, ltr

FOOTER = 8 * mm  # kept free at the bottom of every page for the page number
HEAD_FILL = HexColor("#dde4ee")
STRIPE = HexColor("#f4f6f9")
RULE = HexColor("#9aa3ad")


def plain(text: str, **params: object) -> str:
    """A translated message formatted without Unicode isolates: the PDF's bidi pass
    (python-bidi's pure algorithm) knows embeddings, which ``ltr`` puts around values."""
    return str.format(str(text), **params)


@dataclass
class Row(Block):
    """A table row: on a new page its table's heading is drawn again above it."""

    heading: Block | None = None


@dataclass(frozen=True)
class Col:
    title: str
    weight: float
    numeric: bool = True


class Table:
    """Columns in reading order, laid from the right in Arabic and from the left in English.
    ``text_size`` and ``head_size``: the rows' and the heading's type in points."""

    def __init__(
        self, flow: Flow, columns: Sequence[Col], *, text_size: float, head_size: float
    ) -> None:
        self.flow, self.ts = flow, flow.ts
        self.columns = list(columns)
        self.text_size, self.head_size = text_size, head_size
        scale = flow.width / sum(c.weight for c in columns)
        self.spans: list[tuple[float, float]] = []
        used = 0.0
        for column in columns:
            width = column.weight * scale
            if self.ts.rtl:
                self.spans.append((flow.right - used - width, flow.right - used))
            else:
                self.spans.append((flow.left + used, flow.left + used + width))
            used += width

    def _cell_lines(self, texts: Sequence[str], size: float, bold: bool) -> list[list[str]]:
        return [
            self.ts.wrap(text, size, right - left - 4, bold) if text else [""]
            for text, (left, right) in zip(texts, self.spans, strict=True)
        ]

    def _block(
        self,
        texts: Sequence[str],
        *,
        size: float,
        bold: bool,
        fill: Color | None,
        line_above: bool = False,
        heading: Block | None = None,
    ) -> Row:
        cells = self._cell_lines(texts, size, bold)
        step = size * 1.3
        height = max(len(lines) for lines in cells) * step + 4
        flow, ts = self.flow, self.ts
        numeric = [c.numeric for c in self.columns]

        def draw(c: Canvas, top: float) -> None:
            c.saveState()
            if fill is not None:
                c.setFillColor(fill)
                c.rect(flow.left, top - height, flow.width, height, stroke=0, fill=1)
            c.setStrokeColor(RULE)
            c.setLineWidth(0.8 if line_above else 0.3)
            if line_above:
                c.line(flow.left, top, flow.right, top)
            c.setLineWidth(0.3)
            c.line(flow.left, top - height, flow.right, top - height)
            c.restoreState()
            for lines, (left, right), is_number in zip(cells, self.spans, numeric, strict=True):
                # Figures and the heading row's titles centered in their columns; names from
                # the reading-start side.
                align: Align = "center" if is_number or heading is None else "start"
                for i, line in enumerate(lines):
                    ts.draw_line(
                        c,
                        line,
                        left=left + 2,
                        right=right - 2,
                        baseline=top - 2 - size - step * i,
                        size=size,
                        bold=bold,
                        align=align,
                    )

        return Row(height, draw, heading=heading)

    def add(self, rows: Sequence[Sequence[str]], *, total: Sequence[str] | None = None) -> None:
        head = self._block(
            [c.title for c in self.columns], size=self.head_size, bold=True, fill=HEAD_FILL
        )
        head.keep_with_next = True
        self.flow.blocks.append(head)
        for index, texts in enumerate(rows):
            fill = STRIPE if index % 2 else None
            row = self._block(texts, size=self.text_size, bold=False, fill=fill, heading=head)
            self.flow.blocks.append(row)
        if total is not None:
            self.flow.blocks.append(
                self._block(
                    total,
                    size=self.text_size,
                    bold=True,
                    fill=None,
                    line_above=True,
                    heading=head,
                )
            )


def section_heading(flow: Flow, text: str, space: float) -> None:
    """A section's title, ``space`` below what comes before, never last on a page."""
    flow.spacer(space)
    flow.text(text, size=10.5, bold=True)
    flow.blocks[-1].keep_with_next = True


def paginate(blocks: list[Block], usable: float) -> list[list[Block]]:
    """Blocks per page: a break falls between blocks, never inside one; a block kept with
    the next moves with it; a table row opening a page has its table's heading above it."""
    pages: list[list[Block]] = [[]]
    used = 0.0
    for i, block in enumerate(blocks):
        need = block.height
        j = i
        while blocks[j].keep_with_next and j + 1 < len(blocks):
            j += 1
            need += blocks[j].height
        if pages[-1] and used + min(need, usable) > usable:
            pages.append([])
            used = 0.0
            if isinstance(block, Row) and block.heading is not None and block.heading is not block:
                pages[-1].append(block.heading)
                used += block.heading.height
        pages[-1].append(block)
        used += block.height
    return pages


def render_pdf(flow: Flow, page: Paper, tr: Translator, footer: str) -> bytes:
    """The flow as a PDF on ``page`` (a sheet: its height is set), "page n of m" at the
    reading-end side of every page's foot and ``footer`` at the reading-start side."""
    if page.height is None:
        raise ValueError("a PDF's page needs a height (a sheet, not a roll)")
    width, height = page.width, page.height
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setTitle(flow.title)
    canvas.setCreator("counter-app")
    usable = height - 2 * page.margin - FOOTER
    pages = paginate(flow.blocks, usable)
    flow.blocks = []  # drawn once; see Flow.render
    for number, blocks in enumerate(pages, start=1):
        top = height - page.margin
        for block in blocks:
            block.draw(canvas, top)
            top -= block.height
        page_text = plain(
            tr(N_("Page {page} of {pages}")), page=ltr(str(number)), pages=ltr(str(len(pages)))
        )
        flow.ts.draw_line(
            canvas,
            page_text,
            left=flow.left,
            right=flow.right,
            baseline=page.margin,
            size=7,
            align="end",
        )
        flow.ts.draw_line(
            canvas,
            ltr(footer) if flow.ts.rtl else footer,
            left=flow.left,
            right=flow.right,
            baseline=page.margin,
            size=7,
            align="start",
        )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
