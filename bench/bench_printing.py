"""Receipt rendering speed, against a floor measured in the same run.

    PYTHONPATH=src python bench/bench_printing.py [--samples 500] [--json OUT]

- *Receipt PDF (80 mm, with barcode), warm*: ``render_receipt`` of a realistic receipt (two
  documents, Arabic). Floor: reportlab drawing the same visual lines, already shaped and
  ordered, with the same fonts and the same barcode, into a PDF of the same size: what is left
  is the layout (shaping, bidi, wrapping, font runs) that this project adds.
- *First receipt after start*: a fresh process imports the modules, then times its first
  receipt, which registers the fonts (loaded once per process).
Results are printed as markdown rows for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

FIRST = """
import sys, time
sys.path.insert(0, {src!r}); sys.path.insert(0, {root!r})
from counter_app.i18n import Translator
from counter_app.printing.documents.receipt import render_receipt
from tests.printing.test_documents import RECEIPT
tr = Translator.for_language("ar")
t = time.perf_counter()
render_receipt(RECEIPT, tr)
print((time.perf_counter() - t) * 1000)
"""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from reportlab.pdfgen.canvas import Canvas
    from tests.printing.test_documents import RECEIPT

    from counter_app.i18n import Translator
    from counter_app.printing.documents.receipt import render_receipt

    tr = Translator.for_language("ar")
    pdf = render_receipt(RECEIPT, tr)
    # The floor draws the visual runs the app drew (recorded once), each run whole with
    # drawString: the glyphs at the same places, without the reading order and the marks
    # that make the text copy as read (printing/copy.py).
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from counter_app.printing import text as typeset

    recorded: list[tuple[float, float, str, str, float]] = []
    original = typeset.Typesetter.draw_line

    def record(
        self: typeset.Typesetter,
        canvas: Canvas,
        line: str,
        *,
        left: float,
        right: float,
        baseline: float,
        size: float,
        bold: bool = False,
        align: typeset.Align = "start",
    ) -> None:
        original(
            self, canvas, line, left=left, right=right, baseline=baseline, size=size,
            bold=bold, align=align,
        )  # fmt: skip
        face = self.fonts.face(bold)
        visual = "".join(char for char, _ in typeset._placed(line, self.rtl))
        total = typeset._width(face, visual, size)
        if align == "center":
            x = left + (right - left - total) / 2
        elif (align == "start") == self.rtl:
            x = right - total
        else:
            x = left
        for chunk, font in typeset.runs(face, visual):
            recorded.append((x, baseline, chunk, font, size))
            x += stringWidth(chunk, font, size)

    typeset.Typesetter.draw_line = record  # type: ignore[method-assign]
    render_receipt(RECEIPT, tr)
    typeset.Typesetter.draw_line = original  # type: ignore[method-assign]
    from reportlab.graphics.barcode.code128 import Code128

    def floor() -> bytes:
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=(226.77, 600), invariant=True, pageCompression=0)
        for x, y, text, font, size in recorded:
            c.setFont(font, size)
            c.drawString(x, y, text)
        Code128(RECEIPT.receipt_no, barWidth=0.7, barHeight=40).drawOn(c, 10, 400)
        c.showPage()
        c.save()
        return buf.getvalue()

    for _ in range(30):
        render_receipt(RECEIPT, tr)
        floor()
    app_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(args.samples):
        t = time.perf_counter()
        render_receipt(RECEIPT, tr)
        app_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        floor()
        floor_ms.append((time.perf_counter() - t) * 1000)
    firsts = []
    code = FIRST.format(src=str(ROOT / "src"), root=str(ROOT))
    for _ in range(7):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        firsts.append(float(out.stdout.strip()))
    result = {
        "receipt_app_p50": pct(app_ms, 0.5),
        "receipt_app_p95": pct(app_ms, 0.95),
        "receipt_floor_p50": pct(floor_ms, 0.5),
        "receipt_floor_p95": pct(floor_ms, 0.95),
        "first_receipt_median": pct(firsts, 0.5),
        "first_receipt_max": max(firsts),
        "pdf_bytes": len(pdf),
    }
    r = result
    print(
        f"| Receipt PDF, 80 mm with barcode, warm | {r['receipt_app_p50']:.2f} | "
        f"{r['receipt_app_p95']:.2f} | {r['receipt_floor_p50']:.2f} | "
        f"{r['receipt_floor_p95']:.2f} | "
        f"{r['receipt_app_p95'] / r['receipt_floor_p95']:.2f}x | p95 < 10 ms |"
    )
    print(
        f"| First receipt after start (fonts registered) | median {r['first_receipt_median']:.0f}"
        f" ms, max {r['first_receipt_max']:.0f} ms | < 300 ms |"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
