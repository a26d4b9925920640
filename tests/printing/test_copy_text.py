"""Text copied out of every printed document, by the three PDF engines people use: poppler
(pdftotext; Evince, Okular), pdfium (Chrome, Edge) and mupdf (mutool; SumatraPDF). A receipt
number, a name, a phone and a service must come out as read, in Arabic letters (U+0600 block),
not presentation forms, and not in display order."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.batch_number import BatchNumber
from counter_app.domain.receipt import ReceiptNumber
from counter_app.i18n import Translator
from counter_app.printing.copy import for_pdfium, pdfium_reading
from counter_app.printing.documents.box_label import BoxLabelData, render_box_label
from counter_app.printing.documents.cover import CoverData, render_cover
from counter_app.printing.documents.handover import HandoverData, HandoverItem, render_handover
from counter_app.printing.documents.receipt import render_receipt
from counter_app.printing.documents.slip import SlipData, SlipDocument, render_slip
from counter_app.printing.text import Typesetter
from tests.printing.test_documents import RECEIPT

TZ = ZoneInfo("Asia/Damascus")
NAME = "فاطمة عبد الله الأحمد"  # "الله" and "الأ" are ligatures: several letters in one glyph
SERVICE = "بيان قيد فردي"
PHONE = "0933***456"  # as masked on paper
_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"))


def poppler(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def mupdf(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["mutool", "draw", "-F", "txt", "-o", "-", str(path)],
            capture_output=True,
            check=True,
        ).stdout.decode()


def pdfium_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


ENGINES = {"poppler": poppler, "pdfium": pdfium_text, "mupdf": mupdf}


@pytest.fixture(params=sorted(ENGINES))
def extract(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if request.param == "mupdf" and shutil.which("mutool") is None:
        pytest.skip("mutool is missing: apt install mupdf-tools (scripts/_env.sh does)")
    return ENGINES[request.param]


def copied(pdf: bytes, extract) -> str:  # type: ignore[no-untyped-def]
    """As a person sees it pasted: bidi controls (invisible) dropped, runs of spaces as one."""
    text = extract(pdf).translate(_CONTROLS)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms copied"
    return re.sub(r"[ \t]+", " ", text)


def has(text: str, value: str) -> bool:
    return value in text or value in unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("paper", ["80mm", "a4"])
def test_receipt_copies_as_read(extract, paper: str) -> None:  # type: ignore[no-untyped-def]
    text = copied(render_receipt(RECEIPT, Translator.for_language("ar"), paper=paper), extract)
    for value in (RECEIPT.receipt_no, NAME, PHONE, SERVICE, "MZH-02", "2026-11-23"):
        assert has(text, value), (value, text)
    assert has(text, "(الأصل مفقود)"), text  # brackets drawn mirrored copy as written


def test_cover_slip_handover_and_label_copy_as_read(extract) -> None:  # type: ignore[no-untyped-def]
    tr = Translator.for_language("ar")
    cover = render_cover(
        CoverData(
            RECEIPT.receipt_no, "مركز", SERVICE, "Statement", NAME, RECEIPT.received_at, 2, TZ
        ),
        tr,
    )
    text = copied(cover, extract)
    assert has(text, RECEIPT.receipt_no) and has(text, NAME) and has(text, SERVICE), text
    slip = render_slip(
        SlipData(
            "مركز",
            "MOI-CRIMINAL-RECORD",
            SERVICE,
            "Statement",
            "وزارة الداخلية",
            "Ministry of Interior",
            2,
            5000,
            [SlipDocument("البطاقة الشخصية", "Identity card", "original_seen")],
        ),
        tr,
    )
    text = copied(slip, extract)
    assert has(text, SERVICE) and has(text, "MOI-CRIMINAL-RECORD") and has(text, "البطاقة الشخصية")
    numbers = [str(ReceiptNumber("MZH", 2, 26, seq)) for seq in (1, 123, 4567)]
    items = [HandoverItem(number, NAME, SERVICE, "Statement") for number in numbers]
    slip_no = str(BatchNumber("MZH", 2, dt.date(2026, 11, 22), 1))
    handover = render_handover(
        HandoverData(slip_no, "مركز", "MZH-02", "سامر", RECEIPT.received_at, TZ, items), tr
    )
    text = copied(handover, extract)
    assert has(text, slip_no), text
    for item in items:  # "1. MZH-02-26-000001-30 — name — service": a mixed line
        assert has(text, item.receipt_no) and has(text, f"{NAME} — {SERVICE}"), text
    label = render_box_label(
        BoxLabelData("BOX-2026-0042", "A-3", "ملفات الأحوال المدنية", "مركز"), tr
    )
    text = copied(label, extract)
    assert has(text, "BOX-2026-0042") and has(text, "ملفات الأحوال المدنية"), text


@pytest.mark.parametrize(
    "line",
    [
        "رقم الإيصال MZH-02-26-000123-52",
        "الهاتف 0933***456",
        "• وكالة: معفى منها (الأصل مفقود)",
        "1. MZH-02-26-000123-52 — سلمى — بيان",
        "Individual civil-registry statement",
        "3,000 ل.س",
    ],
)
@pytest.mark.parametrize("backwards", [False, True])
def test_pdfium_text_is_what_pdfium_turns_into_the_line(line: str, backwards: bool) -> None:
    assert pdfium_reading(for_pdfium(line, backwards=backwards), backwards=backwards) == line


def _documents(tr: Translator) -> dict[str, Callable[[], bytes]]:
    numbers = [str(ReceiptNumber("MZH", 2, 26, seq)) for seq in (1, 123, 4567)]
    items = [HandoverItem(number, NAME, SERVICE, "Statement") for number in numbers]
    slip_no = str(BatchNumber("MZH", 2, dt.date(2026, 11, 22), 1))
    slip = SlipData(
        "مركز",
        "MOI-CRIMINAL-RECORD",
        SERVICE,
        "Statement",
        "وزارة الداخلية",
        "Ministry of Interior",
        2,
        5000,
        [SlipDocument("البطاقة الشخصية (صورة)", "Identity card (copy)", "original_seen")],
        ["اسم الأم"],
        ["Mother's name"],
    )
    cover = CoverData(
        RECEIPT.receipt_no, "مركز", SERVICE, "Statement", NAME, RECEIPT.received_at, 2, TZ
    )
    handover = HandoverData(slip_no, "مركز", "MZH-02", "سامر", RECEIPT.received_at, TZ, items)
    label = BoxLabelData("BOX-2026-0042", "A-3", "ملفات الأحوال المدنية", "مركز")
    return {
        "receipt 80 mm": lambda: render_receipt(RECEIPT, tr),
        "receipt A4": lambda: render_receipt(RECEIPT, tr, paper="a4"),
        "cover": lambda: render_cover(cover, tr),
        "slip": lambda: render_slip(slip, tr),
        "handover": lambda: render_handover(handover, tr),
        "box label": lambda: render_box_label(label, tr),
    }


def _flat(text: str) -> str:
    """Compared as read: no bidi controls, no vowel marks (the print drops them), one space."""
    text = unicodedata.normalize("NFC", text.translate(_CONTROLS))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("engine", ["pdfium", "mupdf"])
def test_every_line_copies_as_read(
    engine: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line drawn on every document, labels, values, checklists and sentences, comes
    out as it reads in Chrome's and mupdf's text. (mupdf starts a new output line where a
    left-to-right run sits inside right-to-left text: its line breaks are ignored here.)"""
    if engine == "mupdf" and shutil.which("mutool") is None:
        pytest.skip("mutool is missing: apt install mupdf-tools (scripts/_env.sh does)")
    drawn: list[str] = []
    draw_line = Typesetter.draw_line

    def spy(self: Typesetter, canvas: Canvas, line: str, **kwargs: Any) -> None:
        drawn.append(line)
        draw_line(self, canvas, line, **kwargs)

    monkeypatch.setattr(Typesetter, "draw_line", spy)
    for kind, render in _documents(Translator.for_language(language)).items():
        drawn.clear()
        text = ENGINES[engine](render())
        text = _flat(text.replace("\n", "") if engine == "mupdf" else text)
        missing = [line for line in map(_flat, drawn) if line and line not in text]
        assert not missing, (kind, missing, text)


def test_chrome_finds_the_number_and_the_name_and_copies_a_box() -> None:
    """Find in page (FPDFText_FindStart) and a copied area (get_text_bounded), as Chrome."""
    doc = pdfium.PdfDocument(render_receipt(RECEIPT, Translator.for_language("ar")))
    try:
        page = doc[0]
        text = page.get_textpage()
        width, height = page.get_size()
        boxed = _flat(text.get_text_bounded(0, 0, width, height))
        for value in (RECEIPT.receipt_no, NAME, PHONE, SERVICE):
            assert value in boxed, (value, boxed)
            assert text.search(value).get_next() is not None, value
    finally:
        doc.close()
