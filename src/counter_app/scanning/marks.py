"""Finding the cover sheet's mark on a scanned page (see ``printing/codes.py``).

The mark is a 7 x 7 square of 3 mm modules: black ring, white ring, black 3 x 3 centre. Any
line through its centre crosses black-white-black-white-black in widths 1:1:3:1:1, whatever
the page's orientation (upside down, turned by 90 degrees, a few degrees of skew), and at
3 mm a module that survives a 100 dpi fax, blur and toner spread that leave no barcode
readable. A QR code's corner squares have the same shape but modules of 1 mm or less, so
a size window tells them apart.

Cheap on purpose (it runs on every page): the page is shrunk to ~4 px a module, cut at an
Otsu threshold, and each row and each column is searched for the 1:1:3:1:1 runs with one
regular expression (C speed). A mark is where a row hit and a column hit cross, each found on
at least two neighbouring lines; hits closer than the mark's size are one mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image

MODULE_MM = 3.0
_PX_PER_MODULE = 4.0
# Module sizes accepted, relative to a 3 mm module at the page's resolution: a photocopy at
# 71 % or 141 %, and an 80 mm cover (printed at 90 % by a 72 mm thermal head) in between.
_SIZE_RANGE = (0.6, 1.6)
# Runs of black (1) and white (0), five in a row starting at a run boundary.
_FIVE = re.compile(rb"(?<!1)(?=(1+)(0+)(1+)(0+)(1+)(?!1))")
_ASSUMED_DPI = 200.0


@dataclass(frozen=True)
class Mark:
    x: float  # centre, in pixels of the page image
    y: float
    module: float  # pixels


def _otsu(image: Image.Image) -> int:
    hist = image.histogram()
    total = sum(hist)
    weighted = sum(i * h for i, h in enumerate(hist))
    best, best_t, below, below_w = -1.0, 128, 0, 0
    for t in range(256):
        below += hist[t]
        below_w += t * hist[t]
        if below == 0 or below == total:
            continue
        mean_b, mean_f = below_w / below, (weighted - below_w) / (total - below)
        between = below * (total - below) * (mean_b - mean_f) ** 2
        if between > best:
            best, best_t = between, t
    # A blank page has no two classes: keep the cut where grain cannot make solid black.
    return min(max(best_t, 64), 170)


def _hits(
    rows: bytes, width: int, height: int, lo: float, hi: float
) -> list[tuple[float, int, float]]:
    """(centre along the line, line index, module) for every 1:1:3:1:1 run on every line."""
    found = []
    for line in range(height):
        row = rows[line * width : (line + 1) * width]
        if b"1" not in row:
            continue
        for match in _FIVE.finditer(row):
            runs = [len(g) for g in match.groups()]
            module = sum(runs) / 7
            if not lo <= module <= hi:
                continue
            tolerance = module * 0.6
            if all(
                abs(r - m * module) <= tolerance * m**0.5
                for r, m in zip(runs, (1, 1, 3, 1, 1), strict=True)
            ):
                start = match.start()
                found.append((start + runs[0] + runs[1] + runs[2] / 2, line, module))
    return found


def _confirmed(hits: list[tuple[float, int, float]]) -> list[tuple[float, int, float]]:
    """Hits with another hit on a neighbouring line at about the same place (noise rarely
    lines up twice)."""
    by_line: dict[int, list[float]] = {}
    for centre, line, _ in hits:
        by_line.setdefault(line, []).append(centre)
    return [
        (c, line, m)
        for c, line, m in hits
        if any(abs(c - o) <= m for near in (line - 1, line + 1) for o in by_line.get(near, ()))
    ]


def find_marks(image: Image.Image) -> list[Mark]:
    """The cover marks on a grey page image (its ``info["dpi"]`` or 200 dpi assumed)."""
    dpi = _page_dpi(image)
    module_px = MODULE_MM / 25.4 * dpi
    factor = max(1, round(module_px / _PX_PER_MODULE))
    small = image.convert("L").reduce(factor) if factor > 1 else image.convert("L")
    expected = module_px / factor
    lo, hi = expected * _SIZE_RANGE[0], expected * _SIZE_RANGE[1]
    cut = _otsu(small)
    binary = small.point([49 if v < cut else 48 for v in range(256)])  # b"1" black, b"0" white
    width, height = binary.size
    across = _confirmed(_hits(binary.tobytes(), width, height, lo, hi))
    down = _confirmed(
        _hits(binary.transpose(Image.Transpose.TRANSPOSE).tobytes(), height, width, lo, hi)
    )
    marks: list[Mark] = []
    for cx, row, module in across:
        for cy, col, module2 in down:
            if abs(cx - col) <= 1.5 * module and abs(cy - row) <= 1.5 * module:
                x, y, m = (cx + col) / 2, (cy + row) / 2, (module + module2) / 2
                if not any(abs(x - k.x) <= 7 * m and abs(y - k.y) <= 7 * m for k in marks):
                    marks.append(Mark(x, y, m))
    return [Mark(k.x * factor, k.y * factor, k.module * factor) for k in marks]


def _page_dpi(image: Image.Image) -> float:
    raw = image.info.get("dpi")
    try:
        dpi = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else _ASSUMED_DPI
