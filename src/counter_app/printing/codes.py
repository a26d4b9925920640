"""Machine-readable marks on printed documents: Code128, QR and the cover sheet's mark.

Each is drawn here, module by module, instead of through reportlab's barcode widgets, so that
every bar and every QR module starts and ends on the printer's dot grid: on a 203 dpi thermal
head a bar that straddles dots prints one dot wider or narrower depending on where it falls,
and one dot is a third of a 3-dot module. ``pitch`` is one printer dot in PDF points (0 for
sheet printers, whose 600 dpi grid is fine enough to ignore).

The cover mark is a square "finder" of 7 x 7 large modules (black ring, white ring, black
3 x 3 centre, like a QR code's corner squares but 3 mm a module): at fax quality the codes
are gone but a 21 mm bull's eye is not, so a scan can tell "a cover sheet I cannot read" from
an ordinary page (``scanning/marks.py`` finds it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.layout import PAPERS, Block, Flow, Paper

QUIET_MODULES = 10  # Code128 quiet zone each side (ISO/IEC 15417 asks for 10 modules)
QR_QUIET_MODULES = 4  # ISO/IEC 18004
MARK_MODULE = 3 * mm
MARK_MODULES = 7  # 1 black, 1 white, 3 black, 1 white, 1 black
MARK_QUIET = 1  # modules of white kept around the mark


def code128_widths(value: str) -> list[int]:
    """Alternating bar and space widths in modules, bar first (start to stop, no quiet zones)."""
    code: Any = Code128(value, barWidth=1, quiet=False)  # reportlab is untyped
    code.validate()
    code.encode()
    # reportlab spells a bar of n modules as the n-th capital letter, a space as lower case.
    return [ord(ch.lower()) - ord("a") + 1 for ch in code.decompose()]


_RUN_OF_FIVE = re.compile("0{5,}|1{5,}")
_FINDER_LIKE = "10111010000"  # the one pattern (and direction) reportlab's rule 3 scores


def _runs_penalty(lines: Sequence[str]) -> int:
    """Rule 1: a run of n >= 5 modules of one colour costs n - 2 (lines searched as one)."""
    runs = _RUN_OF_FIVE.findall("|".join(lines))
    return sum(map(len, runs)) - 2 * len(runs)


def _finder_penalty(lines: Sequence[str]) -> int:
    """Rule 3 as reportlab scores it: 40 per non-overlapping match in a row, starting before
    the last place it could start (its scan stops one short). Its column pass compares
    tuples with a list, which never match: columns score nothing, here too."""
    score = 0
    size = len(_FINDER_LIKE)
    for line in lines:
        last = len(line) - size
        j = line.find(_FINDER_LIKE, 0, last - 1 + size)
        while j != -1:
            score += 40
            j = line.find(_FINDER_LIKE, j + size, last - 1 + size)
    return score


def _lost_points(rows: Sequence[int], count: int) -> int:
    """reportlab's ``QRUtil.getLostPoint`` of a matrix given as one integer per row (the
    leftmost module the highest bit), on strings and integers instead of module by module."""
    lines = [format(row, f"0{count}b") for row in rows]
    columns = ["".join(column) for column in zip(*lines, strict=True)]
    score = _runs_penalty(lines + columns)
    # Rule 2: 3 for each 2 x 2 block of one colour.
    inner = (1 << (count - 1)) - 1
    for upper, lower in itertools.pairwise(rows):
        same = ~(upper ^ lower)
        flat = ~(upper ^ (upper >> 1))
        score += 3 * (same & (same >> 1) & flat & inner).bit_count()
    score += _finder_penalty(lines)
    # Rule 4: the share of dark modules away from half.
    dark = sum(row.bit_count() for row in rows)
    return score + 10 * (abs(100 * dark // (count * count) - 50) // 5)


def _row_bits(modules: Sequence[Sequence[bool]]) -> list[int]:
    return [int("".join("1" if dark else "0" for dark in row), 2) for row in modules]


def lost_points(modules: Sequence[Sequence[bool]]) -> int:
    """The penalty reportlab chooses a QR mask by (``QRUtil.getLostPoint``), the same number."""
    return _lost_points(_row_bits(modules), len(modules))


@dataclass(frozen=True)
class _Layout:
    """What every code of one version shares: its function patterns (finders, timing,
    alignment; format and version areas blank, as in the layout reportlab scores masks on),
    where its data modules go, in order, and which of them each mask pattern inverts; rows
    as integers, the leftmost module the highest bit."""

    count: int
    patterns: tuple[int, ...]
    positions: tuple[tuple[int, int], ...]  # (column, row) of each data bit
    masks: tuple[tuple[int, ...], ...]


@cache
def _layout(version: int) -> _Layout:
    qr: Any = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    count = qr.moduleCount = version * 4 + 17
    qr.modules = [[False] * count for _ in range(count)]
    qr.setupPositionProbePattern(0, 0)
    qr.setupPositionProbePattern(count - 7, 0)
    qr.setupPositionProbePattern(0, count - 7)
    qr.setupPositionAdjustPattern()
    qr.setupTimingPattern()
    qr.setupTypeInfo(True, 0)
    if version >= 7:
        qr.setupTypeNumber(True)
    positions = tuple(qr.dataPosIterator())
    data = [0] * count
    for col, row in positions:
        data[row] |= 1 << (count - 1 - col)
    patterns = tuple(row & ~taken for row, taken in zip(_row_bits(qr.modules), data, strict=True))
    masks = []
    for pattern in range(8):
        inverts = qrencoder.QRUtil.maskPattern[pattern]
        rows = [0] * count
        for col, row in positions:
            if inverts(row, col):
                rows[row] |= 1 << (count - 1 - col)
        masks.append(tuple(rows))
    return _Layout(count, patterns, positions, tuple(masks))


class _QRCode(qrencoder.QRCode):
    """reportlab's encoder, laid out and masked on integers: the data bits are placed once
    (reportlab places them again for each of the eight masks it tries), each mask is an XOR
    of the data modules it inverts, each candidate is scored by ``_lost_points``, the same
    numbers as reportlab's. So the same mask and the same code (tests/printing compare them
    module by module), without the module-by-module Python (2.5 ms a code)."""

    def make(self) -> None:
        """The layout with the best mask, and its format (and version) information written
        over the blank modules the scored layout kept for them, as reportlab's ``make``."""
        if self.version is None:
            self.version = cast(Any, self).calculate_version()
        pattern, rows = self._best_mask()
        count = self.moduleCount = len(rows)
        self.modules = [
            [bool(row >> (count - 1 - col) & 1) for col in range(count)] for row in rows
        ]
        self.setupTypeInfo(False, pattern)
        if self.version >= 7:
            self.setupTypeNumber(False)

    def getBestMaskPattern(self) -> int:
        return self._best_mask()[0]

    def _best_mask(self) -> tuple[int, list[int]]:
        layout = _layout(self.version)
        count = layout.count
        if self.dataCache is None:
            self.dataCache = cast(Any, qrencoder.QRCode).createData(
                self.version, self.errorCorrectLevel, self.dataList
            )
        plain = list(layout.patterns)
        # reportlab's mapData: bit i of the data (most significant bit of each byte first)
        # at position i; positions past the data stay light before masking.
        for (col, row), byte_bit in zip(
            layout.positions, range(8 * len(self.dataCache)), strict=False
        ):
            if self.dataCache[byte_bit >> 3] & (0x80 >> (byte_bit & 7)):
                plain[row] |= 1 << (count - 1 - col)
        best, pattern, chosen = 0, 0, plain
        for mask in range(8):
            rows = [row ^ inverted for row, inverted in zip(plain, layout.masks[mask], strict=True)]
            lost = _lost_points(rows, count)
            if mask == 0 or best > lost:
                best, pattern, chosen = lost, mask, rows
        return pattern, chosen


def qr_matrix(value: str, level: str = "M") -> list[list[bool]]:
    """The QR code of ``value`` as rows of dark (True) modules, no quiet zone."""
    qr: Any = _QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(value)
    qr.make()
    return [[bool(dark) for dark in row] for row in qr.modules]


def _fill(x: float, y: float, w: float, h: float, inset: float) -> str:
    # PDFium fills axis-aligned rectangles without anti-aliasing and takes in any pixel an
    # edge touches: an edge a hair past a dot boundary (PDF numbers have 4 decimals) would add
    # a whole dot. Pulling each edge in by a fiftieth of a dot keeps every bar to its dots.
    # (reportlab's rect(..., stroke=0, fill=1), written here: a code is a few hundred.)
    return f"n {fp_str(x + inset, y + inset, w - 2 * inset, h - 2 * inset)} re f"


def _filled(c: Canvas, rects: list[str]) -> None:
    """The rectangles filled black, the graphics state kept around them (q/Q)."""
    c.addLiteral("q\n0 0 0 rg\n" + "\n".join(rects) + "\nQ")


def snap(value: float, pitch: float) -> float:
    """``value`` rounded to a whole number of printer dots (unchanged without a grid)."""
    return round(value / pitch) * pitch if pitch else value


def draw_code128(
    c: Canvas,
    widths: Sequence[int],
    *,
    x: float,
    y: float,
    module: float,
    height: float,
    along: bool = False,
    pitch: float = 0.0,
) -> None:
    """Bars from (x, y), the lower-left corner of the first bar. ``along``: the code runs
    down the page (bars horizontal, ``height`` their length), first bar at the top.

    Bars are printed at their full width, not a dot short to make up for ink spread: that was
    tried and measured (bench/degradation.py), and with bars thinner than spaces zxing-cpp
    read skewed scans as other texts with a valid checksum ('B72026#P06' for B-2026-006) and
    zbar lost QR codes; four dots a module leave a space two dots even after spread."""
    rects = []
    offset = 0
    for index, width in enumerate(widths):
        if index % 2 == 0:
            if along:
                rects.append(
                    _fill(x, y - (offset + width) * module, height, width * module, pitch / 50)
                )
            else:
                rects.append(_fill(x + offset * module, y, width * module, height, pitch / 50))
        offset += width
    _filled(c, rects)


def draw_qr(
    c: Canvas,
    matrix: Sequence[Sequence[bool]],
    *,
    x: float,
    top: float,
    module: float,
    pitch: float = 0.0,
) -> None:
    """The matrix with its top-left module at (x, top); runs of dark modules in a row are one
    rectangle, so no anti-aliased hairline appears between neighbours."""
    rects = []
    for r, row in enumerate(matrix):
        start = None
        for col, dark in enumerate([*row, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                rects.append(
                    _fill(
                        x + start * module,
                        top - (r + 1) * module,
                        (col - start) * module,
                        module,
                        pitch / 50,
                    )
                )
                start = None
    _filled(c, rects)


def draw_cover_mark(c: Canvas, *, x: float, top: float, module: float = MARK_MODULE) -> None:
    """The 7 x 7-module finder with its top-left corner at (x, top)."""
    side = MARK_MODULES * module
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.rect(x, top - side, side, side, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x + module, top - side + module, side - 2 * module, side - 2 * module, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.rect(x + 2 * module, top - side + 2 * module, 3 * module, 3 * module, stroke=0, fill=1)
    c.restoreState()


# -- the blocks documents add to a Flow --------------------------------------------------------

SHEET_EDGE = 5 * mm  # a sheet printer leaves this unprinted; a quiet zone may lie in it
SHEET_MIN_MODULE = 0.4 * mm  # 2.4 px at 150 dpi: below this a sheet code is refused
ROLL_QR_DOTS = 6  # 0.75 mm on the roll; at 5 dots zbar lost 1 in 2 after spread and scan
SHEET_QR_MODULE = 1 * mm


class CodeTooLong(ValueError):
    """The code cannot be printed on this paper at a size a scanner reads."""


def _sheet_module(paper: Paper, modules: int) -> float:
    room = min(paper.width - 2 * SHEET_EDGE, paper.width * modules / (modules + 2 * QUIET_MODULES))
    module = min(paper.module, room / modules)
    if module < SHEET_MIN_MODULE:
        raise CodeTooLong(f"{modules} modules do not fit on {paper.name}")
    return module


def barcode(flow: Flow, value: str, *, height: float = 14 * mm, qr: bool = False) -> None:
    """Code128 of ``value`` at the paper's module, with 10-module quiet zones.

    On a roll a code too long to cross it at 4 dots a module runs along the roll instead (the
    roll has no length limit); ``qr`` then adds the QR code beside it, where the paper would
    otherwise stay blank, and under a code across the paper. On sheets the module shrinks down
    to 0.4 mm to fit, never below.
    """
    widths = code128_widths(value)
    modules = sum(widths)
    paper = flow.paper
    if not paper.pitch:
        module = _sheet_module(paper, modules)
    elif (modules + 2 * QUIET_MODULES) * paper.module <= paper.width:
        module = paper.module
    else:
        _along(flow, value, widths, qr=qr)
        return
    pitch = paper.pitch

    def draw(c: Canvas, top: float) -> None:
        x = snap((paper.width - modules * module) / 2, pitch)
        y = snap(top - height - 1 * mm, pitch)
        draw_code128(c, widths, x=x, y=y, module=module, height=height, pitch=pitch)

    flow.blocks.append(Block(height + 2 * mm, draw))
    if qr:
        _qr_block(flow, value)


def _qr_block(flow: Flow, value: str) -> None:
    """The QR code of ``value`` centred, its quiet zone inside the block."""
    paper = flow.paper
    matrix = qr_matrix(value)
    module = qr_module_for(paper)
    side = len(matrix) * module

    def draw(c: Canvas, top: float) -> None:
        x = snap((paper.width - side) / 2, paper.pitch)
        y = snap(top - QR_QUIET_MODULES * module, paper.pitch)
        draw_qr(c, matrix, x=x, top=y, module=module, pitch=paper.pitch)

    flow.blocks.append(Block(side + 2 * QR_QUIET_MODULES * module, draw))


def _along(flow: Flow, value: str, widths: list[int], *, qr: bool) -> None:
    paper = flow.paper
    module, pitch = paper.module, paper.pitch
    modules = sum(widths)
    matrix = qr_matrix(value) if qr else []
    qr_module = ROLL_QR_DOTS * pitch
    qr_side = (len(matrix) + 2 * QR_QUIET_MODULES) * qr_module if qr else 0.0
    bar_room = flow.width - qr_side
    length = min(40 * mm, bar_room - 4 * mm)
    span = (modules + 2 * QUIET_MODULES) * module

    def draw(c: Canvas, top: float) -> None:
        first = snap(top - QUIET_MODULES * module - pitch / 2, pitch)
        x = snap(flow.left + (bar_room - length) / 2, pitch)
        draw_code128(c, widths, x=x, y=first, module=module, height=length, along=True, pitch=pitch)
        if matrix:
            qr_x = snap(flow.right - qr_side + QR_QUIET_MODULES * qr_module, pitch)
            qr_top = snap(top - (span - len(matrix) * qr_module) / 2, pitch)
            draw_qr(c, matrix, x=qr_x, top=qr_top, module=qr_module, pitch=pitch)

    flow.blocks.append(Block(span + pitch, draw))


def qr_module_for(paper: Paper) -> float:
    return ROLL_QR_DOTS * paper.pitch if paper.pitch else SHEET_QR_MODULE


def cover_band(flow: Flow, value: str) -> None:
    """The cover mark on the left, the QR code of ``value`` on the right, each with its
    quiet zone (upside down they swap sides; both read in any orientation)."""
    paper = flow.paper
    pitch = paper.pitch
    matrix = qr_matrix(value)
    qr_module = qr_module_for(paper)
    mark_module = snap(MARK_MODULE, pitch)
    mark_side = (MARK_MODULES + 2 * MARK_QUIET) * mark_module
    qr_side = (len(matrix) + 2 * QR_QUIET_MODULES) * qr_module
    height = max(mark_side, qr_side)

    def draw(c: Canvas, top: float) -> None:
        mark_top = snap(top - (height - MARK_MODULES * mark_module) / 2, pitch)
        mark_x = snap(max(flow.left, MARK_QUIET * mark_module), pitch)
        draw_cover_mark(c, x=mark_x, top=mark_top, module=mark_module)
        qr_x = snap(flow.right - (len(matrix) + QR_QUIET_MODULES) * qr_module, pitch)
        qr_top = snap(top - (height - len(matrix) * qr_module) / 2, pitch)
        draw_qr(c, matrix, x=qr_x, top=qr_top, module=qr_module, pitch=pitch)

    flow.blocks.append(Block(height, draw))


# Printers that map the page width onto a roll (printing/raster.py): only roll paper survives.
ROLL_BACKENDS = ("escpos",)


def survives(paper: str, backend: str) -> bool:
    """Whether a document laid out for ``paper`` keeps readable codes on a ``backend`` printer."""
    return backend not in ROLL_BACKENDS or PAPERS[paper].height is None
