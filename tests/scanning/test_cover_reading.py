"""A page joins the previous request only when it is positively not a cover sheet: a cover
whose codes are unreadable (fax quality), garbled, or shared with a second cover sends itself
and the pages after it to the unfiled queue. Real cover PDFs, degraded the way paper is."""

from __future__ import annotations

import io

from PIL import Image, ImageFilter
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.domain.receipt import ReceiptNumber
from counter_app.i18n import Translator
from counter_app.printing.documents.cover import render_cover
from counter_app.scanning.covers import read_codes, read_page
from counter_app.scanning.marks import find_marks
from counter_app.services.context import Actor
from counter_app.services.scan_filing import import_scan
from tests.conftest import Station
from tests.scanning.conftest import NewRequest
from tests.scanning.scanstack import (
    DPI,
    StackMaker,
    bind_pdf,
    cover_data,
    cover_pdf,
    document_pdf,
    render_grey,
)


def _jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("L").save(buf, "JPEG", quality=75, dpi=(DPI, DPI))
    return buf.getvalue()


def fax(pdf: bytes) -> Image.Image:
    """A page sent by fax: 100 dpi, smeared, cut to black and white, printed again at DPI."""
    low = render_grey(pdf, 100)[0].filter(ImageFilter.GaussianBlur(2.2))
    bits = low.point(lambda v: 0 if v < 150 else 255)
    return bits.resize((bits.width * DPI // 100, bits.height * DPI // 100))


def _with_dpi(image: Image.Image) -> Image.Image:
    image.info["dpi"] = (DPI, DPI)
    return image


def test_a_fax_quality_cover_is_known_by_its_mark_alone() -> None:
    page = _with_dpi(fax(cover_pdf(str(ReceiptNumber("MZH", 2, 26, 9)))))
    assert read_codes(page, cover=True) == []  # every code is gone...
    assert len(find_marks(page)) == 1  # ...the mark is not
    reading = read_page(page)
    assert reading.is_cover and reading.receipt_no is None and reading.code is None


def test_a_fax_quality_cover_never_files_the_next_citizens_papers_under_the_previous(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    """The stack of issue 12: [cover 1, a page, cover 2 at fax quality, a page]."""
    one, two = new_request(), new_request()
    scans = [
        stacks.cover_scan(one),
        stacks.document_scan(0),
        _jpeg(fax(cover_pdf(two))),
        stacks.document_scan(1),
    ]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="fax.pdf")
    assert result.status == "partial"
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(one, [2])]
    assert [(p.page, p.reason, p.code) for p in result.unfiled] == [
        (3, "unreadable_cover", None),
        (4, "unreadable_cover", None),
    ]
    assert result.message_text() == (
        "The cover sheet on page 3 cannot be read; "
        "it and the pages after it wait in the unfiled queue"
    )


def _code_page(text: str) -> Image.Image:
    """A sheet with one Code128 of ``text``: what a decoder returns when it garbles a cover."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    Code128(text, barWidth=0.5 * mm, barHeight=20 * mm).drawOn(canvas, 30 * mm, 200 * mm)
    canvas.showPage()
    canvas.save()
    return render_grey(buf.getvalue())[0]


def test_a_garbled_code_is_a_cover_that_cannot_be_read(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one = new_request()
    garbled = "MZH-02.26-. PR"  # the shape of what zxing once made of a damaged cover
    scans = [stacks.cover_scan(one), stacks.document_scan(0), _jpeg(_code_page(garbled))]
    scans.append(stacks.document_scan(1))
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="garbled.pdf")
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(one, [2])]
    assert [(p.page, p.reason, p.code) for p in result.unfiled] == [
        (3, "unreadable_cover", garbled),
        (4, "unreadable_cover", garbled),
    ]
    assert result.message_text() == (
        f"The cover sheet on page 3 does not carry one valid receipt number ({garbled}); "
        "it and the pages after it wait in the unfiled queue"
    )


def test_a_page_with_a_foreign_barcode_still_joins_its_request(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    """A product's EAN-like number on a citizen's paper is positively not a cover."""
    one = new_request()
    scans = [stacks.cover_scan(one), _jpeg(_code_page("4006381333931"))]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="foreign.pdf")
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(one, [2])]


def test_a_fax_cover_first_in_the_stack_is_unreadable_not_missing(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    two = new_request()
    scans = [_jpeg(fax(cover_pdf(two))), stacks.document_scan(0)]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="first.pdf")
    assert result.filed == []
    assert [p.reason for p in result.unfiled] == ["unreadable_cover", "unreadable_cover"]


def test_upside_down_and_photocopied_covers_are_read(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one, two = new_request(), new_request()
    upside_down = render_grey(cover_pdf(one))[0].rotate(180)
    printed = render_grey(cover_pdf(two))[0]
    # A photocopy: shrunk to 94 %, shifted, grey paper, toner a little smeared.
    small = printed.resize((printed.width * 94 // 100, printed.height * 94 // 100))
    copy = Image.new("L", printed.size, 255)
    copy.paste(small, (60, 40))
    copy = copy.filter(ImageFilter.GaussianBlur(0.8)).point(lambda v: 40 + v * 170 // 255)
    scans = [
        stacks.scanner.scan(upside_down),
        stacks.document_scan(0),
        stacks.scanner.scan(copy),
        stacks.document_scan(1),
    ]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="turned.pdf")
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(one, [2]), (two, [4])]


def _two_covers(first: str, second: str) -> Image.Image:
    """Two 80 mm cover labels on one sheet on the glass; the second smeared unreadable."""
    tr = Translator.for_language("ar")
    left = render_grey(render_cover(cover_data(first), tr, paper="80mm"))[0]
    right = fax(render_cover(cover_data(second), tr, paper="80mm"))
    sheet = Image.new("L", (1654, 2339), 255)
    sheet.paste(left, (40, 40))
    sheet.paste(right.crop((0, 0, *left.size)), (60 + left.width, 40))
    return sheet


def test_two_covers_on_one_page_file_nothing(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one, two = new_request(), new_request()
    scans = [stacks.scanner.scan(_two_covers(one, two)), stacks.document_scan(0)]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="two.pdf")
    assert result.filed == []
    assert [(p.reason, p.code) for p in result.unfiled] == [
        ("unreadable_cover", one),
        ("unreadable_cover", one),
    ]


def test_documents_and_other_printouts_carry_no_cover_mark() -> None:
    """No false covers: the generator's citizen papers, receipts and slips have no mark."""
    for number in range(4):
        assert find_marks(_with_dpi(render_grey(document_pdf(number))[0])) == []
