"""Receipt rasterisation for ESC/POS thermal printers, against its floor.

    PYTHONPATH=src python bench/bench_raster.py [--runs 300] [--warmup 20] [--width 576 --width 512]

The document is a realistic receipt made here with reportlab: an 80 mm x 200 mm roll page with
Arabic (shaped, right-to-left) and Latin text and a Code128 barcode. ``pdf_to_raster`` (open the
PDF, render every page in grey, threshold to 1 bit) is measured warm, against a floor measured
in the same run: pypdfium2 opening the same bytes and rendering the same page to a PIL image of
the same size with default options and no conversion. App and floor samples are interleaved in
random order so both see the same CPU state. Prints one markdown row per width, in the columns
of docs/BENCHMARKS.md, with thread CPU time (what the target is judged on) beside wall time and
the load average; bench/bench_printing.py --write-docs puts them in the Printing section.
"""

from __future__ import annotations

import argparse
import gc
import io
import platform
import random
import sys
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Series, load_average, load_text, timed

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


def measure(
    app: Callable[[], object], base: Callable[[], object], runs: int, warmup: int
) -> tuple[Series, Series]:
    """App and floor interleaved in random order, so both see the same CPU state."""
    for _ in range(warmup):
        app()
        base()
    app_series, floor_series = Series(), Series()
    gc.collect()
    for _ in range(runs):
        pair = [(app, app_series), (base, floor_series)]
        random.shuffle(pair)
        for func, into in pair:
            into.add(timed(func)[1])
    return app_series, floor_series


def run(runs: int = 300, warmup: int = 20, widths: Sequence[int] = (576, 512)) -> list[str]:
    """The markdown lines (a comment and a table) of docs/BENCHMARKS.md's raster rows."""
    pdf = receipt_pdf()
    load_before = load_average()
    lines = [
        "| Operation | CPU p50 (ms) | CPU p95 (ms) | wall p50 (ms) | wall p95 (ms) "
        "| floor CPU p50 | floor CPU p95 | ratio CPU p95 | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for width in widths:
        (image,) = pdf_to_raster(pdf, width_dots=width)
        assert image.width == width and image.mode == "1", image
        app, base = measure(
            partial(pdf_to_raster, pdf, width_dots=width),
            partial(floor, pdf, width),
            runs,
            warmup,
        )
        a, f = app.stats(), base.stats()
        verdict = "pass" if a["cpu_p95"] < TARGET_P95_MS else "FAIL"
        lines.append(
            f"| Receipt PDF to 1-bit raster, 80x200 mm at {width} dots ({image.width}x"
            f"{image.height}) | {a['cpu_p50']:.3f} | {a['cpu_p95']:.3f} | {a['wall_p50']:.3f} "
            f"| {a['wall_p95']:.3f} | {f['cpu_p50']:.3f} | {f['cpu_p95']:.3f} "
            f"| {a['cpu_p95'] / f['cpu_p95']:.2f}x | CPU p95 < {TARGET_P95_MS:g} ms | {verdict} |"
        )
    load = load_text(load_before, load_average())
    comment = (
        f"<!-- raster: Python {platform.python_version()} {platform.machine()}, "
        f"pypdfium2 {metadata.version('pypdfium2')}, pillow {metadata.version('pillow')}, "
        f"PDF {len(pdf)} bytes, {runs} runs after {warmup} warm-up, load average {load} -->"
    )
    return [comment, *lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--width", type=int, action="append", help="dots (default 576 and 512)")
    args = parser.parse_args()
    print("\n".join(run(args.runs, args.warmup, args.width or [576, 512])))


if __name__ == "__main__":
    main()
