"""Receipt and batch numbers are drawn in the order they are printed, also where a right-to-left
line starts with them (a handover slip's checkbox lines: "1. MZH-02-26-000123-7 — name").

Read back from where each glyph lands, not from the copied text: mupdf's structured text gives
every glyph's x position (the /ActualText marks that make copying work do not move glyphs), and
the glyphs of one line sorted left to right must contain the number as printed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.i18n import Translator
from counter_app.printing.documents.common import new_flow
from counter_app.printing.documents.handover import HandoverData, HandoverItem, render_handover
from counter_app.printing.text import ltr

TZ = ZoneInfo("Asia/Damascus")
# A current number, a legacy one (one check character) and a legacy one ending in '*', which
# the bidi algorithm moves to the front when it is not kept left to right.
NUMBERS = ["MZH-02-26-000124-52", "MZH-02-26-000123-7", "MZH-02-26-000125-*"]
_CHAR = re.compile(r'<char quad="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*c="([^"]*)"')


def drawn_lines(pdf: bytes) -> list[str]:
    """Each line of the first page as its glyphs sorted left to right."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        stext = subprocess.run(
            ["mutool", "draw", "-F", "stext", "-o", "-", str(path), "1"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    rows: dict[int, list[tuple[float, str]]] = {}
    for x, y, char in _CHAR.findall(stext):
        rows.setdefault(round(float(y)), []).append((float(x), html.unescape(char)))
    return ["".join(c for _, c in sorted(row)) for _, row in sorted(rows.items())]


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_the_handover_slips_checkbox_lines_draw_each_number_as_printed(paper: str) -> None:
    items = [
        HandoverItem(n, "فاطمة عبد الله الأحمد", "بيان قيد فردي", "Statement") for n in NUMBERS
    ]
    at = dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)
    data = HandoverData("HO-MZH-02-261122-01-38", "مركز", "MZH-02", "سامر", at, TZ, items)
    lines = drawn_lines(render_handover(data, Translator.for_language("ar"), paper=paper))
    for index, number in enumerate(NUMBERS, start=1):
        # Right to left: the box, "1.", then the number; so left to right it ends with ".1".
        (line,) = [line for line in lines if line.endswith(f" .{index}")]
        assert line.endswith(f"— {number} .{index}"), (number, line)
    assert any("HO-MZH-02-261122-01-38" in line for line in lines)


@pytest.mark.parametrize("number", NUMBERS)
def test_an_arabic_line_starting_with_a_number_draws_it_as_printed(number: str) -> None:
    flow = new_flow("ar", "80mm", "t")
    flow.text(f"{ltr(number)} — فاطمة")
    flow.checkbox(f"{ltr(number)} — فاطمة")
    # Arabic letters left to right are the word backwards.
    assert [line for line in drawn_lines(flow.render()) if line] == [f"ةمطاف — {number}"] * 2


def test_the_reader_sees_a_reordered_number() -> None:
    """The check above can fail: a number not kept left to right, ending in '*', is drawn with
    its check character in front."""
    flow = new_flow("ar", "80mm", "t")
    flow.text(f"{NUMBERS[2]} — فاطمة")
    assert drawn_lines(flow.render()) == ["ةمطاف — *-MZH-02-26-000125"]
