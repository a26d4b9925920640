"""Codes sized for their paper: on the 80 mm thermal roll every code is 4 printer dots a module
(bars and spaces on the dot grid) with 10-module quiet zones, cover sheets carry their mark, QR
and Code128, and a document is refused before any job exists on a printer that would shrink
it."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from counter_app.domain.errors import ValidationError
from counter_app.i18n import Translator
from counter_app.printing.codes import code128_widths
from counter_app.printing.documents.box_label import BoxLabelData, render_box_label
from counter_app.printing.documents.cover import CoverData, render_cover
from counter_app.printing.documents.handover import HandoverData, HandoverItem, render_handover
from counter_app.printing.documents.receipt import render_receipt
from counter_app.printing.raster import pdf_to_raster
from counter_app.printing.registry import Printers
from counter_app.scanning.marks import find_marks
from counter_app.services import printing
from counter_app.store.models import PrintJob
from tests.conftest import Station
from tests.printing.readback import codes
from tests.printing.test_documents import RECEIPT
from tests.printing.test_print_queue import _request
from tests.scanning.scanstack import render_grey

TR = Translator.for_language("ar")
TZ = ZoneInfo("Asia/Damascus")
# H2 makes receipt numbers one character longer: the layout must hold that too.
LONGER = "MZHABC-02-26-000123456-47"
COVER = CoverData(LONGER, "مركز", "بيان قيد فردي", "Statement", "فاطمة", RECEIPT.received_at, 2, TZ)
HANDOVER = HandoverData(
    "HO-MZH-02-261122-01-S",
    "مركز",
    "MZH-02",
    "سامر",
    dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC),
    TZ,
    [HandoverItem(RECEIPT.receipt_no, "فاطمة", "بيان", "Statement")],
)

THERMAL = {
    "receipt": lambda: render_receipt(RECEIPT, TR),
    "receipt-longer": lambda: render_receipt(
        RECEIPT.__class__(**{**RECEIPT.__dict__, "receipt_no": LONGER}), TR
    ),
    "cover": lambda: render_cover(COVER, TR, paper="80mm"),
    "handover": lambda: render_handover(HANDOVER, TR, paper="80mm"),
    "box_label": lambda: render_box_label(BoxLabelData("B-2026-01", "A-3", "", "مركز"), TR),
}


def _runs_along(image: Image.Image, code: zxingcpp.Barcode) -> list[tuple[bool, int]]:
    """(black, length) runs on the line through the middle of a Code128: the white before its
    first bar, every bar and space, the white after its last bar."""
    p = code.position
    pixels, width = image.tobytes(), image.width
    if code.orientation in (90, -90, 270):
        x = (p.top_left.x + p.bottom_left.x + p.top_right.x + p.bottom_right.x) // 4
        line = [pixels[y * width + x] < 128 for y in range(image.height)]
        lo, hi = sorted((p.top_left.y, p.top_right.y))
    else:
        y = (p.top_left.y + p.bottom_left.y + p.top_right.y + p.bottom_right.y) // 4
        line = [pixels[y * width + x] < 128 for x in range(width)]
        lo, hi = sorted((p.top_left.x, p.top_right.x))
    runs, starts, at = [], [], 0
    for black, group in itertools.groupby(line):
        runs.append((black, len(list(group))))
        starts.append(at)
        at += runs[-1][1]
    bars = [i for i, (black, _) in enumerate(runs) if black and lo - 4 <= starts[i] <= hi + 4]
    return runs[bars[0] - 1 : bars[-1] + 2]


@pytest.mark.parametrize("name", sorted(THERMAL))
def test_every_code_on_the_thermal_roll_is_four_dots_a_module(name: str) -> None:
    raster = pdf_to_raster(THERMAL[name]())[0].convert("L")
    found = zxingcpp.read_barcodes(raster)
    code128 = [b for b in found if b.format == zxingcpp.BarcodeFormat.Code128]
    assert len(code128) == 1, [b.text for b in found]
    runs = _runs_along(raster, code128[0])
    inner = runs[1:-1]  # between the two quiet zones
    # 4 dots a module, every bar and space a whole number of modules, nothing thinner.
    assert inner and {length % 4 for _, length in inner} == {0}
    assert sum(length for _, length in inner) == 4 * sum(code128_widths(code128[0].text))
    assert runs[0][1] >= 40 and runs[-1][1] >= 40  # 10 modules of white each side
    if name != "box_label":  # a short box code still fits across the roll
        assert code128[0].orientation in (90, -90, 270)
    assert all(b.text == code128[0].text for b in found)


@pytest.mark.parametrize("paper", ["a4", "a5", "80mm"])
def test_a_cover_carries_its_mark_its_qr_code_and_its_code128(paper: str) -> None:
    pdf = render_cover(COVER, TR, paper=paper)
    assert sorted(codes(pdf)[0]) == [("Code128", LONGER), ("QRCode", LONGER)]
    zbar = {(s.type, s.data.decode()) for s in pyzbar.decode(render_grey(pdf)[0])}
    assert zbar == {("CODE128", LONGER), ("QRCODE", LONGER)}  # the second decoder too
    if paper == "80mm":
        page = pdf_to_raster(pdf)[0].convert("L")
        page.info["dpi"] = (576 / (80 / 25.4),) * 2
    else:
        page = render_grey(pdf)[0]
        page.info["dpi"] = (200, 200)
    assert len(find_marks(page)) == 1


def test_a_sheet_document_is_refused_on_a_thermal_printer_before_any_job(
    station: Station, tmp_path: Path
) -> None:
    """Today a cover sent to an ESC/POS printer came out as a shrunk A4 nobody could scan."""
    receipt = _request(station)
    printers = Printers(pdf_folder=tmp_path / "printed")
    thermal = f"escpos:file://{tmp_path / 'roll.bin'}"
    for kind, paper in (("cover", "a4"), ("receipt", "a5"), ("cover", None)):
        with pytest.raises(ValidationError) as refused:
            printing.print_document(
                station.ctx, printers, station.clerk, kind, receipt, printer=thermal, paper=paper
            )
        assert "80 mm roll" in refused.value.message
    with station.ctx.store.read() as session:
        assert session.query(PrintJob).count() == 0
    assert not (tmp_path / "roll.bin").exists()
    # On its roll the cover prints, and so does the receipt.
    for kind in ("cover", "receipt"):
        job = printing.print_document(
            station.ctx, printers, station.clerk, kind, receipt, printer=thermal, paper="80mm"
        )
        assert job.state == "sent"


def test_a_retry_on_a_thermal_printer_is_refused_for_a_sheet_job(
    station: Station, tmp_path: Path
) -> None:
    receipt = _request(station)
    printers = Printers(pdf_folder=tmp_path / "printed")
    job = printing.queue_print(
        station.ctx, station.clerk, "cover", receipt, printer="pdf:", paper="a4"
    )
    with pytest.raises(ValidationError):
        printing.retry_job(
            station.ctx, printers, station.clerk, job.id, printer="escpos:file:///dev/null"
        )
    assert printing.list_jobs(station.ctx, station.admin)[0].printer == "pdf:"
