"""A receipt is not a cover sheet: it carries the same receipt number in the same codes, but no
cover mark. Found inside another request's paper file (the citizen handed in a receipt, or a
photocopy of one), it and the pages after it wait in the unfiled queue: never under the number's
own request, never under the request of the cover before it. Real receipts from the station."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFilter
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.scanning.covers import read_page
from counter_app.services.context import Actor
from counter_app.services.printing import render_document
from counter_app.services.scan_filing import import_scan
from tests.conftest import Station
from tests.scanning.conftest import NewRequest
from tests.scanning.scanstack import DPI, StackMaker, bind_pdf, render_grey

NOT_A_COVER = "number_without_mark"


def _on_the_glass(printed: Image.Image) -> Image.Image:
    """A small printout (an 80 mm receipt) lying on an A4 scanner glass."""
    sheet = Image.new("L", (1654, 2339), 255)
    sheet.paste(printed.crop((0, 0, printed.width, min(printed.height, 2200))), (500, 60))
    return sheet


def _photocopy(printed: Image.Image) -> Image.Image:
    """Shrunk to 94 %, shifted, grey paper, toner a little smeared."""
    small = printed.resize((printed.width * 94 // 100, printed.height * 94 // 100))
    copy = Image.new("L", printed.size, 255)
    copy.paste(small, (60, 40))
    return copy.filter(ImageFilter.GaussianBlur(0.8)).point(lambda v: 40 + v * 170 // 255)


def _receipt(station: Station, ref: str, paper: str) -> Image.Image:
    pdf = render_document(station.ctx, station.clerk, "receipt", ref, paper=paper, language="ar")
    page = render_grey(pdf)[0]
    return _on_the_glass(page) if paper == "80mm" else _photocopy(page)


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_a_receipt_inside_a_paper_file_files_nothing_after_it(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker, paper: str
) -> None:
    """[cover of A, a page, receipt of B, a page]: page 2 under A, pages 3-4 unfiled."""
    one, two = new_request(), new_request()
    receipt = _receipt(station, two, paper)
    reading = read_page(receipt)
    assert (reading.receipt_no, reading.problem, reading.code) == (None, NOT_A_COVER, two)

    scans = [
        stacks.cover_scan(one),
        stacks.document_scan(0),
        stacks.scanner.scan(receipt),
        stacks.document_scan(1),
    ]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="receipt.pdf")
    assert result.status == "partial"
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(one, [2])]
    assert [(p.page, p.reason, p.code) for p in result.unfiled] == [
        (3, NOT_A_COVER, two),
        (4, NOT_A_COVER, two),
    ]
    assert result.message_text() == (
        f"Page 3 carries receipt number {two} but is not a cover sheet (a receipt or a copy "
        "of one?); it and the pages after it wait in the unfiled queue"
    )


def _legacy_cover(number: str) -> Image.Image:
    """A cover printed before the mark existed: the number as Code128 and QR, no mark."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    Code128(number, barWidth=0.5 * mm, barHeight=24 * mm).drawOn(canvas, 30 * mm, 220 * mm)
    qr = QrCodeWidget(number)
    drawing = Drawing(40 * mm, 40 * mm)
    drawing.add(qr)
    renderPDF.draw(drawing, canvas, 30 * mm, 160 * mm)
    canvas.showPage()
    canvas.save()
    image = render_grey(buf.getvalue())[0]
    image.info["dpi"] = (DPI, DPI)
    return image


def test_a_cover_printed_before_the_mark_existed_waits_for_a_person(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    """Accepted cost of requiring the mark: a person assigns such pages by hand."""
    one = new_request()
    scans = [stacks.scanner.scan(_legacy_cover(one)), stacks.document_scan(0)]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="legacy.pdf")
    assert result.status == "unfiled" and result.filed == []
    assert [(p.page, p.reason, p.code) for p in result.unfiled] == [
        (1, NOT_A_COVER, one),
        (2, NOT_A_COVER, one),
    ]
