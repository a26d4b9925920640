"""The PDF export: its text read back by pdfium (Chrome's engine) as letters in reading order,
its pages, and its table's heading repeated on every page of a long table."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from counter_app.exports import write_report
from tests.report_sample import sample_report

REPORT = sample_report()
_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"))


def pages_text(path: Path) -> list[str]:
    """Each page's text as copied: no bidi controls, spaces collapsed, NFC; never
    presentation forms (the shaped glyphs copy as the letters they are)."""
    doc = pdfium.PdfDocument(path)
    try:
        out = []
        for page in doc:
            text = page.get_textpage().get_text_range().translate(_CONTROLS)
            assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text), "presentation forms"
            out.append(unicodedata.normalize("NFC", re.sub(r"[ \t]+", " ", text)))
        return out
    finally:
        doc.close()


def test_arabic_pdf_reads_as_written(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    write_report(REPORT, "pdf", out, "ar")
    assert out.read_bytes().startswith(b"%PDF")
    text = "\n".join(pages_text(out))
    for value in (
        "مركز خدمة المواطن في المزة",
        "2026-11-01",
        "2026-11-30",
        "تقرير النشاط",
        "بيان قيد فردي",
        "المجموع",
        "MZH-02-26-001200-11",
        "رئيس المركز",
        "التوقيع",
    ):
        assert value in text, (value, text)
    total_line = next(line for line in text.splitlines() if "المجموع" in line)
    for figure in ("487", "477", "402", "94.1"):
        assert figure in total_line, total_line


def test_english_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    write_report(REPORT, "pdf", out, "en")
    text = "\n".join(pages_text(out))
    for value in ("Activity report", "From 2026-11-01 to 2026-11-30", "Total", "Head of center"):
        assert value in text, (value, text)
    assert REPORT.center_name in text  # the center's own name stays Arabic


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_long_table_repeats_its_heading_on_every_page(language: str, tmp_path: Path) -> None:
    report = sample_report(rows=90)
    out = tmp_path / "long.pdf"
    write_report(report, "pdf", out, language)
    pages = pages_text(out)
    assert len(pages) >= 3
    # A heading's first word: the headings wrap in their narrow columns, and an engine may
    # read a wrapped heading's lines in another order.
    heading = "المحالة" if language == "ar" else "Forwarded"
    # The table's pages: up to the one where the chart starts (its bars repeat the names).
    chart = "الطلبات المستلمة حسب" if language == "ar" else "Requests received, by"
    first_chart = next(i for i, p in enumerate(pages) if chart in p)
    table_pages = pages[: first_chart + 1]
    assert len(table_pages) >= 3
    assert table_pages and all(heading in p for p in table_pages)
    assert sum(p.count(heading) for p in pages) >= 3
    whole = "\n".join(pages)
    for row in (report.rows[0], report.rows[-1]):
        assert (row.label_ar if language == "ar" else row.label_en) in whole
    assert f"{len(pages)}" in pages[-1]


@pytest.mark.parametrize("engine", ["poppler", "pdfium", "mupdf"])
def test_every_viewer_copies_the_arabic_report_as_read(engine: str, tmp_path: Path) -> None:
    """Evince/Okular (poppler), Chrome/Edge (pdfium), SumatraPDF (mupdf): as the receipts."""
    import shutil

    from tests.printing.test_copy_text import ENGINES, copied, has

    tool = {"poppler": "pdftotext", "mupdf": "mutool"}.get(engine)
    if tool and shutil.which(tool) is None:
        pytest.skip(f"{tool} is missing")
    out = tmp_path / "r.pdf"
    write_report(REPORT, "pdf", out, "ar")
    text = copied(out.read_bytes(), ENGINES[engine])
    for value in (
        REPORT.center_name,
        "تقرير النشاط",
        "2026-11-01",
        "2026-11-30",
        "المجموع",
        "487",
        "بيان قيد فردي",
        "MZH-02-26-001200-11",
    ):
        assert has(text, value), (engine, value, text)
