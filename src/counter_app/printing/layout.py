"""A small top-down layout for printed documents: blocks of known height on a paper.

Roll paper (80 mm) has no page height: the page is as tall as its content, so a long checklist
makes a longer receipt instead of being cut off. Sheet paper (A5, A4) breaks between blocks;
text is added one line per block so that any paragraph can break across pages.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.text import Align, Typesetter

Draw = Callable[[Canvas, float], None]  # draws a block whose top edge is at the given y


# An 80 mm thermal head at 203 dpi has 576 dots; the ESC/POS raster maps the page width onto
# exactly these (printing/raster.py), so one dot is 80 mm / 576 of the PDF page.
THERMAL_DOTS = 576


@dataclass(frozen=True)
class Paper:
    name: str
    width: float
    height: float | None  # None: a roll, as long as the content
    margin: float
    pitch: float = 0.0  # one printer dot in points; 0: a sheet printer (600 dpi, no grid)
    module: float = 0.5 * mm  # narrowest bar or QR module a code gets on this paper


PAPERS = {
    # 4 dots a module (0.5 mm): with a dot of ink spread each side a space keeps 2 dots; at 3
    # dots it kept 1 and 150 dpi scans lost the codes (bench/degradation.py, BENCHMARKS.md).
    "80mm": Paper(
        "80mm", 80 * mm, None, 4 * mm, 80 * mm / THERMAL_DOTS, 4 * 80 * mm / THERMAL_DOTS
    ),
    "a5": Paper("a5", A5[0], A5[1], 12 * mm),
    "a4": Paper("a4", A4[0], A4[1], 18 * mm),
}


@dataclass
class Block:
    height: float
    draw: Draw
    keep_with_next: bool = False


@dataclass
class Flow:
    ts: Typesetter
    paper: Paper
    title: str = ""
    blocks: list[Block] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.paper.margin

    @property
    def right(self) -> float:
        return self.paper.width - self.paper.margin

    @property
    def width(self) -> float:
        return self.right - self.left

    def text(
        self,
        text: str,
        *,
        size: float = 9,
        bold: bool = False,
        align: Align = "start",
        leading: float = 1.35,
    ) -> None:
        step = size * leading
        for line in self.ts.wrap(text, size, self.width, bold):
            self.blocks.append(Block(step, self._line(line, size, bold, align, step)))

    def number(self, text: str, *, size: float) -> None:
        """A code's number in large bold type on one line: smaller type rather than a number
        broken across lines (a 6-letter center and a 9-digit sequence on the roll)."""
        while size > 8 and self.ts.width(text, size, True) > self.width:
            size -= 1
        self.text(text, size=size, bold=True, align="center")

    def checkbox(self, text: str, *, size: float = 8.5) -> None:
        """An empty square to tick by hand on the reading-start side, the text wrapped beside."""
        step = size * 1.35
        side = size * 0.8
        indent = side + 1.5 * mm
        lines = self.ts.wrap(text, size, self.width - indent)
        box_x = self.right - side if self.ts.rtl else self.left
        left, right = (
            (self.left, self.right - indent) if self.ts.rtl else (self.left + indent, self.right)
        )

        def draw(c: Canvas, top: float) -> None:
            c.saveState()
            c.setLineWidth(0.7)
            c.rect(box_x, top - size * 0.95, side, side)
            c.restoreState()
            for i, line in enumerate(lines):
                self.ts.draw_line(
                    c, line, left=left, right=right, baseline=top - size - step * i, size=size
                )

        self.blocks.append(Block(step * len(lines), draw))

    def field(self, label: str, value: str, *, size: float = 9, label_share: float = 0.36) -> None:
        """``label`` in bold on the reading-start side, ``value`` wrapped beside it."""
        step = size * 1.35
        gap = 2 * mm
        label_w = self.width * label_share
        labels = self.ts.wrap(label, size, label_w, bold=True)
        values = self.ts.wrap(value, size, self.width - label_w - gap)
        rows = max(len(labels), len(values))
        if self.ts.rtl:
            label_box = (self.right - label_w, self.right)
            value_box = (self.left, self.right - label_w - gap)
        else:
            label_box = (self.left, self.left + label_w)
            value_box = (self.left + label_w + gap, self.right)

        def draw(c: Canvas, top: float) -> None:
            for i in range(rows):
                base = top - step * i - size
                if i < len(labels):
                    self.ts.draw_line(
                        c,
                        labels[i],
                        left=label_box[0],
                        right=label_box[1],
                        baseline=base,
                        size=size,
                        bold=True,
                    )
                if i < len(values):
                    self.ts.draw_line(
                        c,
                        values[i],
                        left=value_box[0],
                        right=value_box[1],
                        baseline=base,
                        size=size,
                    )

        self.blocks.append(Block(step * rows, draw))

    def rule(self, *, dashed: bool = False, space: float = 2 * mm) -> None:
        def draw(c: Canvas, top: float) -> None:
            c.saveState()
            c.setLineWidth(0.6)
            if dashed:
                c.setDash(2, 2)
            c.line(self.left, top - space / 2, self.right, top - space / 2)
            c.restoreState()

        self.blocks.append(Block(space, draw))

    def spacer(self, height: float) -> None:
        self.blocks.append(Block(height, lambda _c, _top: None))

    def image(self, data: bytes, *, max_height: float = 16 * mm) -> None:
        """A centred picture (the center's logo), scaled to fit; unreadable data is skipped
        by the caller's validation, not here."""
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
        scale = min(max_height / h, self.width / w)
        width, height = w * scale, h * scale

        def draw(c: Canvas, top: float) -> None:
            c.drawImage(
                reader,
                self.left + (self.width - width) / 2,
                top - height,
                width,
                height,
                mask="auto",
            )

        self.blocks.append(Block(height + 1 * mm, draw))

    def _line(self, line: str, size: float, bold: bool, align: Align, step: float) -> Draw:
        def draw(c: Canvas, top: float) -> None:
            self.ts.draw_line(
                c,
                line,
                left=self.left,
                right=self.right,
                baseline=top - size,
                size=size,
                bold=bold,
                align=align,
            )

        return draw

    def render(self) -> bytes:
        """The PDF. The blocks are drawn once: rendering takes them out of the flow. Their
        drawing functions refer to the flow, so a flow holding them would be a reference
        cycle left for the garbage collector (some 300 objects a receipt, a collection of
        the young generation every print job or so); taken out, they are freed at once."""
        blocks, self.blocks = self.blocks, []
        buf = io.BytesIO()
        margin = self.paper.margin
        if self.paper.height is None:
            height = sum(b.height for b in blocks) + 2 * margin
            if self.paper.pitch:  # whole dots, so positions snapped to dots from either edge
                height = math.ceil(height / self.paper.pitch) * self.paper.pitch
            canvas = Canvas(
                buf, pagesize=(self.paper.width, height), invariant=True, pageCompression=0
            )
            canvas.setTitle(self.title)
            top = height - margin
            for block in blocks:
                block.draw(canvas, top)
                top -= block.height
            canvas.showPage()
        else:
            canvas = Canvas(
                buf,
                pagesize=(self.paper.width, self.paper.height),
                invariant=True,
                pageCompression=0,
            )
            canvas.setTitle(self.title)
            top = self.paper.height - margin
            for block in blocks:
                if top - block.height < margin and top < self.paper.height - margin:
                    canvas.showPage()
                    top = self.paper.height - margin
                block.draw(canvas, top)
                top -= block.height
            canvas.showPage()
        _ascii_page_streams(canvas)
        canvas.save()
        return buf.getvalue()


def _ascii_page_streams(canvas: Canvas) -> None:
    """Each page's operators as bytes. reportlab keeps them as text and encodes them at save
    through its PDFDocEncoding codec, a charmap in Python that took 3.6 ms for a receipt's
    50 KB; operators (text is drawn as glyph codes in hex) are ASCII, the same bytes in both."""
    for page in canvas._doc.Pages.pages:  # type: ignore[attr-defined]  # reportlab's own
        stream = getattr(page, "stream", None)
        if isinstance(stream, str) and stream.isascii():
            page.stream = stream.encode("ascii")
