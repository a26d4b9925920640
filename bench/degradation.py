"""Do the printed codes survive printing and scanning? Every document kind, through its real
document code, printed at its printer's resolution, degraded, decoded by zxing-cpp and zbar.

    PYTHONPATH=src python bench/degradation.py [--samples 100] [--write-docs]

- *Printing*: the PDF from ``printing/documents`` rendered the way its printer makes it: an
  80 mm roll through ``printing/raster.pdf_to_raster`` (576 dots, 203 dpi, 1-bit, what the
  ESC/POS backend sends), A4/A5 sheets at 300 dpi cut to 1-bit (a laser printer). *Ink
  spread*: every black dot grows by one printer dot on every side (a 3 x 3 dilation at the
  printer's resolution: a bar 2 dots wider, a space 2 dots narrower).
- *Scanning* at 150 dpi (always), and singly or all together: Gaussian blur (0.8 px), grain
  (sigma 12), JPEG quality 40, a rotation of 2-4 degrees either way, a 1-bit threshold.
- *Decoding*: zxing-cpp (``read_barcodes``, Code128 and QR) and zbar (pyzbar, Code128 and
  QR). A document counts as read when a code on it gives its number; a *wrong* number is any
  decoded text that is not the number printed. For covers the app's own reading
  (``scanning.covers.read_page``) also says whether the page is known as a cover at all
  (by its number or, unreadable, by its mark).

Each sample is another number (other bars), another angle and other grain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from docs_section import put_section  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DOCS = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Printed codes after printing and scanning"

import pypdfium2 as pdfium  # noqa: E402
import zxingcpp  # noqa: E402
from PIL import Image, ImageChops, ImageFilter  # noqa: E402
from pyzbar import pyzbar  # noqa: E402

from counter_app.domain.archive_box import parse_box_code  # noqa: E402
from counter_app.domain.batch_number import BatchNumber  # noqa: E402
from counter_app.domain.errors import ValidationError  # noqa: E402
from counter_app.domain.receipt import ReceiptNumber, is_valid  # noqa: E402
from counter_app.i18n import Translator  # noqa: E402
from counter_app.printing.documents.box_label import BoxLabelData, render_box_label  # noqa: E402
from counter_app.printing.documents.cover import CoverData, render_cover  # noqa: E402
from counter_app.printing.documents.handover import (  # noqa: E402
    HandoverData,
    HandoverItem,
    render_handover,
)
from counter_app.printing.documents.receipt import ReceiptData, render_receipt  # noqa: E402
from counter_app.printing.raster import pdf_to_raster  # noqa: E402
from counter_app.scanning.covers import read_page  # noqa: E402

TR = Translator.for_language("ar")
TZ = ZoneInfo("Asia/Damascus")
AT = dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)
SCAN_DPI = 150
BLUR_PX = 0.8  # a 150 dpi scanner's optics: about a pixel of spread
GRAIN = 12  # per-pixel noise, as tests/scanning/scanstack.py's scanner (14 at 200 dpi)
THERMAL_DPI = 203.2
SHEET_DPI = 300
TARGETS = {"cover": 0.99, "receipt": 0.97, "handover": 0.97, "box_label": 0.97}
CONDITIONS = ("150 dpi", "blur", "grain", "JPEG 40", "rotated", "1-bit", "ink spread", "all")


def _receipt(number: str) -> bytes:
    data = ReceiptData(
        number, "مركز خدمة المواطن - المزة", "MZH-02", "MOI-INDIVIDUAL-STATEMENT",
        "بيان قيد فردي", "Individual civil-registry statement", "وزارة الداخلية",
        "Ministry of Interior", "فاطمة عبد الله الأحمد", "01020304050", "0933123456", AT,
        dt.date(2026, 11, 23), 3000, "سامر الكيلاني", "K7QM-2XJD", TZ,
    )  # fmt: skip
    return render_receipt(data, TR, paper="80mm")


def _cover(paper: str) -> Callable[[str], bytes]:
    def make(number: str) -> bytes:
        data = CoverData(number, "مركز خدمة المواطن - المزة", "بيان قيد فردي", "Statement",
                         "فاطمة عبد الله الأحمد", AT, 2, TZ)  # fmt: skip
        return render_cover(data, TR, paper=paper)

    return make


def _handover(paper: str) -> Callable[[str], bytes]:
    def make(number: str) -> bytes:
        items = [HandoverItem("MZH-02-26-000123-7", "فاطمة", "بيان", "Statement")] * 3
        data = HandoverData(number, "مركز", "MZH-02", "سامر", AT, TZ, items)
        return render_handover(data, TR, paper=paper)

    return make


def _box_label(number: str) -> bytes:
    return render_box_label(BoxLabelData(number, "A-3", "2026", "مركز"), TR, paper="80mm")


# (name, target group, paper, make PDF from a number, make the i-th number)
DOCUMENTS: list[tuple[str, str, str, Callable[[str], bytes], Callable[[int], str]]] = [
    ("Receipt, 80 mm roll", "receipt", "80mm", _receipt, lambda i: _number(i)),
    ("Cover sheet, A4", "cover", "a4", _cover("a4"), lambda i: _number(i)),
    ("Cover sheet, A5", "cover", "a5", _cover("a5"), lambda i: _number(i)),
    ("Cover sheet, 80 mm roll", "cover", "80mm", _cover("80mm"), lambda i: _number(i)),
    ("Handover slip, A4", "handover", "a4", _handover("a4"), lambda i: _batch(i)),
    ("Handover slip, 80 mm roll", "handover", "80mm", _handover("80mm"), lambda i: _batch(i)),
    ("Box label, 80 mm roll", "box_label", "80mm", _box_label, lambda i: f"B-2026-{i + 1:03d}"),
]


def _number(i: int) -> str:
    return str(ReceiptNumber("MZH", 2 + i % 7, 26, 1 + i * 7919 % 999_999))


def _batch(i: int) -> str:
    return str(BatchNumber("MZH", 2, dt.date(2026, 1, 1) + dt.timedelta(days=i % 300), 1 + i % 9))


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def accepts(text: str) -> bool:
        try:
            parse(text)
        except ValidationError:
            return False
        return True

    return accepts


# What the app does with a decoded text of each kind: a wrong text it accepts is a wrong
# number; one it refuses (check character, shape) is garbled, sent to a person.
ACCEPTS: dict[str, Callable[[str], bool]] = {
    "receipt": is_valid,
    "cover": is_valid,
    "handover": _parses(BatchNumber.parse),
    "box_label": _parses(parse_box_code),
}


def printed(pdf: bytes, paper: str, spread: bool) -> tuple[Image.Image, float]:
    """The page as it leaves the printer (grey, 0 = black) and the printer's dpi."""
    if paper == "80mm":
        page, dpi = pdf_to_raster(pdf)[0].convert("L"), THERMAL_DPI
    else:
        doc = pdfium.PdfDocument(pdf)
        try:
            grey = doc[0].render(scale=SHEET_DPI / 72, grayscale=True).to_pil()
        finally:
            doc.close()
        page, dpi = grey.point(lambda v: 0 if v < 128 else 255), float(SHEET_DPI)
    return (page.filter(ImageFilter.MinFilter(3)) if spread else page), dpi


def scanned(page: Image.Image, dpi: float, steps: set[str], rng: random.Random) -> Image.Image:
    size = (round(page.width * SCAN_DPI / dpi), round(page.height * SCAN_DPI / dpi))
    # Paper is not white under a scanner lamp, nor toner black; a margin of table around.
    small = page.resize(size, Image.Resampling.BILINEAR).point(lambda v: 25 + v * 210 // 255)
    image = Image.new("L", (small.width + 60, small.height + 60), 235)
    image.paste(small, (30, 30))
    if "rotated" in steps:
        angle = rng.uniform(2, 4) * rng.choice((-1, 1))
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=235)
    if "blur" in steps:
        image = image.filter(ImageFilter.GaussianBlur(BLUR_PX))
    if "grain" in steps:
        noise = Image.effect_noise(image.size, GRAIN)  # around 128
        image = ImageChops.add(image, noise, scale=1.0, offset=-128)
    if "JPEG 40" in steps:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=40)
        image = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if "1-bit" in steps:
        image = image.point(lambda v: 0 if v < 128 else 255)
    image.info["dpi"] = (SCAN_DPI, SCAN_DPI)
    return image


_ZX = (zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode)
_ZB = [pyzbar.ZBarSymbol.CODE128, pyzbar.ZBarSymbol.QRCODE]


def decode(image: Image.Image) -> dict[str, list[str]]:
    zx = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(list(_ZX)))]
    zb = [s.data.decode("latin-1") for s in pyzbar.decode(image, symbols=_ZB)]
    return {"zxing": zx, "zbar": zb}


def run(samples: int, seed: int = 7, only: str = "") -> dict[str, Any]:
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    for name, group, paper, make, number_of in DOCUMENTS:
        if only and only.lower() not in name.lower():
            continue
        counts = {
            c: {"zxing": 0, "zbar": 0, "wrong": 0, "garbled": 0, "cover": 0} for c in CONDITIONS
        }
        examples: list[str] = []
        for i in range(samples):
            number = number_of(i)
            pdf = make(number)
            clean, dpi = printed(pdf, paper, spread=False)
            inked, _ = printed(pdf, paper, spread=True)
            for condition in CONDITIONS:
                steps = {condition} if condition != "all" else set(CONDITIONS)
                page = inked if "ink spread" in steps else clean
                image = scanned(page, dpi, steps, rng)
                found = decode(image)
                cell = counts[condition]
                for decoder, texts in found.items():
                    cell[decoder] += number in texts
                    for text in texts:
                        if text == number:
                            continue
                        accepted = ACCEPTS[group](text)
                        cell["wrong" if accepted else "garbled"] += 1
                        word = "WRONG" if accepted else "refused"
                        examples.append(f"{decoder} {condition}: {text!r} for {number} ({word})")
                if group == "cover":
                    cell["cover"] += read_page(image).is_cover
        results[name] = {"group": group, "samples": samples, "counts": counts}
        results[name]["wrong_texts"] = examples[:5]
    return results


def markdown(results: dict[str, Any], cpu_s: float, wall_s: float, label: str) -> str:
    from importlib.metadata import version

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    lines = [
        SECTION + (f" ({label})" if label else ""),
        "",
        f"Measured by `bench/degradation.py` (Python {platform.python_version()}, zxing-cpp "
        f"{version('zxing-cpp')}, pyzbar {version('pyzbar')}, pypdfium2 {version('pypdfium2')},"
        f" Pillow {version('pillow')}). Each cell: documents of that kind whose number was read "
        "by zxing-cpp / by zbar, of the samples; *wrong*: decoded texts, not the printed "
        "number, that the app would take (a valid receipt or batch number, a box code); "
        "*garbled*: other decoded texts, which the app refuses (both decoders). Targets: "
        "covers >= 99 %, receipts and slips >= 97 % for each decoder, 0 wrong numbers.",
        "",
        "| Document | " + " | ".join(CONDITIONS) + " | wrong | garbled | result |",
        "|---|" + "---:|" * len(CONDITIONS) + "---:|---:|---|",
    ]
    for name, res in results.items():
        n, counts = res["samples"], res["counts"]
        target = TARGETS[res["group"]]
        cells, wrong, garbled, ok = [], 0, 0, True
        for condition in CONDITIONS:
            c = counts[condition]
            wrong += c["wrong"]
            garbled += c["garbled"]
            ok &= min(c["zxing"], c["zbar"]) >= target * n
            cover = f" (cover {c['cover']})" if res["group"] == "cover" else ""
            cells.append(f"{c['zxing']} / {c['zbar']}{cover}")
        ok &= wrong == 0
        lines.append(
            f"| {name} (n = {n}) | " + " | ".join(cells)
            + f" | {wrong} | {garbled} | {'pass' if ok else '**miss**'} |"
        )  # fmt: skip
    wrong_texts = [f"{name}: {t}" for name, r in results.items() for t in r["wrong_texts"]]
    if wrong_texts:
        lines += [
            "",
            "Texts decoded that were not the printed number: " + "; ".join(wrong_texts) + ".",
        ]
    lines += [
        "",
        f"CPU time {cpu_s:.0f} s, wall time {wall_s:.0f} s"
        + (
            f", load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on "
            f"{os.cpu_count()} CPUs at the end"
            if load
            else ""
        )
        + ". *(cover n)*: the app's own reading (`scanning.covers.read_page`) knew the page "
        "as a cover sheet, by its number or, unreadable, by its mark: such a page and the pages "
        "after it go to the unfiled queue, never under the previous request.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100, help="per document kind")
    parser.add_argument("--label", default="", help="added to the section title")
    parser.add_argument("--only", default="", help="documents whose name contains this")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    wall, cpu = time.perf_counter(), time.process_time()
    results = run(args.samples, only=args.only)
    section = markdown(results, time.process_time() - cpu, time.perf_counter() - wall, args.label)
    print(section)
    if args.write_docs:
        put_section(DOCS, section, after="## Archive scanning")


if __name__ == "__main__":
    main()
