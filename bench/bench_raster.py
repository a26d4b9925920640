"""Receipt rasterisation for ESC/POS thermal printers, against its floor.

    PYTHONPATH=src python bench/bench_raster.py [--runs 300] [--warmup 20] [--width 576 --width 512]

The document is a realistic receipt made here with reportlab: an 80 mm x 200 mm roll page with
Arabic (shaped, right-to-left) and Latin text and a Code128 barcode. ``pdf_to_raster`` (open the
PDF, render every page in grey, threshold to 1 bit) is measured warm, against a floor measured
in the same run: pypdfium2 opening the same bytes and rendering the same page to a PIL image of
the same size with default options and no conversion. App and floor samples are interleaved in
random order so both see the same CPU state. Prints one markdown row per width, in the columns
of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gc
import io
import math
import platform
import random
import time
from collections.abc import Callable, Sequence
from functools import partial
from importlib import metadata
from pathlib import Path

import arabic_reshaper
import pypdfium2 as pdfium
from bidi import get_display
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from counter_app.printing.raster import pdf_to_raster

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "resources" / "fonts"
TARGET_P95_MS = 50.0

ARABIC_LINES = (
    "مركز خدمة المواطن",
    "إيصال استلام طلب",
    "الخدمة: تجديد جواز السفر",
    "الاسم: محمد أحمد الخطيب",
    "الرقم الوطني: 01020304050",
    "الهاتف: 0933123456",
    "الوثائق المستلمة: صورة الهوية، صورتان شخصيتان",
    "موعد التسليم المتوقع: 2026-12-03",
    "يرجى الاحتفاظ بهذا الإيصال لاستلام المعاملة",
)


def receipt_pdf(height_mm: float = 200) -> bytes:
    for name, file in (("Arabic", "NotoSansArabic-Regular.ttf"), ("Latin", "NotoSans-Regular.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    width, height = 80 * mm, height_mm * mm
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(width, height))
    y = height - 12 * mm
    for line in ARABIC_LINES * 2:
        pdf.setFont("Arabic", 10)
        pdf.drawRightString(width - 4 * mm, y, get_display(arabic_reshaper.reshape(line)))
        y -= 6 * mm
    pdf.setFont("Latin", 9)
    for line in ("Receipt MZH-02-26-000123-52", "Counter 2  -  2026-11-22 09:30", "Fee: 0 SYP"):
        pdf.drawString(4 * mm, y, line)
        y -= 5 * mm
    barcode = Code128("MZH-02-26-000123-52", barWidth=0.3 * mm, barHeight=12 * mm, quiet=True)
    barcode.drawOn(pdf, (width - barcode.width) / 2, 10 * mm)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def floor(pdf: bytes, width_dots: int) -> None:
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    page.render(scale=(width_dots - 1e-6) / page.get_width()).to_pil()
    page.close()
    doc.close()


def percentile(sorted_ns: Sequence[int], q: float) -> float:
    """Nearest-rank percentile, in milliseconds (as bench/run.py)."""
    rank = max(1, math.ceil(q * len(sorted_ns)))
    return sorted_ns[rank - 1] / 1e6


def measure(
    app: Callable[[], object], base: Callable[[], object], runs: int, warmup: int
) -> tuple[list[int], list[int]]:
    for _ in range(warmup):
        app()
        base()
    app_ns: list[int] = []
    floor_ns: list[int] = []
    gc.collect()
    for _ in range(runs):
        pair = [(app, app_ns), (base, floor_ns)]
        random.shuffle(pair)
        for func, into in pair:
            start = time.perf_counter_ns()
            func()
            into.append(time.perf_counter_ns() - start)
    return sorted(app_ns), sorted(floor_ns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--width", type=int, action="append", help="dots (default 576 and 512)")
    args = parser.parse_args()
    pdf = receipt_pdf()
    widths = args.width or [576, 512]
    print(
        f"<!-- Python {platform.python_version()} {platform.machine()}, "
        f"pypdfium2 {metadata.version('pypdfium2')}, pillow {metadata.version('pillow')}, "
        f"PDF {len(pdf)} bytes, {args.runs} runs after {args.warmup} warm-up -->"
    )
    print(
        "| Operation | app p50 (ms) | app p95 (ms) | app p99 (ms) | floor p50 (ms) "
        "| floor p95 (ms) | ratio p50 | ratio p95 | target | result |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for width in widths:
        (image,) = pdf_to_raster(pdf, width_dots=width)
        assert image.width == width and image.mode == "1", image
        app_ns, floor_ns = measure(
            partial(pdf_to_raster, pdf, width_dots=width),
            partial(floor, pdf, width),
            args.runs,
            args.warmup,
        )
        a50, a95, a99 = (percentile(app_ns, q) for q in (0.50, 0.95, 0.99))
        f50, f95 = percentile(floor_ns, 0.50), percentile(floor_ns, 0.95)
        verdict = "pass" if a95 < TARGET_P95_MS else "FAIL"
        print(
            f"| Receipt PDF to 1-bit raster, 80x200 mm at {width} dots ({image.width}x"
            f"{image.height}) | {a50:.3f} | {a95:.3f} | {a99:.3f} | {f50:.3f} | {f95:.3f} "
            f"| {a50 / f50:.2f}x | {a95 / f95:.2f}x | p95 < {TARGET_P95_MS:g} ms | {verdict} |"
        )


if __name__ == "__main__":
    main()
