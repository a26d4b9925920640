"""The clerk's receipt, end to end: saved request -> print queue -> CUPS -> cups-pdf -> the PDF
that comes out the other side still carries the receipt number (scanned) and the Arabic text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from counter_app.printing.backends.cups import CupsBackend
from counter_app.printing.registry import Printers
from counter_app.services import printing
from tests.conftest import Station
from tests.printing.test_backends_cups import BROKEN, GOOD, _output_of, cups_out  # noqa: F401
from tests.printing.test_print_queue import _request


def _page_image(pdf: bytes) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def test_receipt_printed_through_the_spooler(station: Station, cups_out: Path) -> None:  # noqa: F811
    receipt = _request(station)
    printers = Printers(pdf_folder=station.ctx.paths.data_dir / "printed")
    job = printing.print_document(
        station.ctx, printers, station.clerk, "receipt", receipt, printer=f"cups:{GOOD}", paper="a5"
    )
    assert job.state == "sent"
    with station.ctx.store.read() as s:
        from counter_app.store.models import PrintJob

        stored = s.get(PrintJob, job.id)
        assert stored is not None and stored.printer_job_id
        cups_job = stored.printer_job_id
    assert CupsBackend().wait_done(cups_job, timeout=60)
    output = _output_of(cups_out, "no-token-in-title", cups_job)
    try:
        # Ghostscript in cups-pdf re-embeds the fonts without their Unicode map, so text
        # extraction cannot see the Arabic; what can be checked is that our Arabic font went
        # through (no substitution), the paper size held, and the barcode still scans.
        text = subprocess.run(
            ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert receipt in text
        fonts = subprocess.run(
            ["pdffonts", str(output)], capture_output=True, text=True, check=True
        ).stdout
        assert "NotoSansArabic" in fonts and "NotoSans-Bold" in fonts
        came_out = _page_image(output.read_bytes())
        expected = _page_image(
            printing.render_document(
                station.ctx, station.clerk, "receipt", receipt, paper="a5", language="ar"
            )
        )
        # The queue printed on A5 (CUPS rounds A5 to whole points: a pixel or two wider).
        assert abs(came_out.size[0] - expected.size[0]) <= 4
        assert abs(came_out.size[1] - expected.size[1]) <= 4
        assert receipt in [b.text for b in zxingcpp.read_barcodes(came_out)]
    finally:
        output.unlink()


def test_a_rejecting_printer_keeps_the_job(station: Station, cups_out: Path) -> None:  # noqa: F811
    receipt = _request(station)
    printers = Printers(pdf_folder=station.ctx.paths.data_dir / "printed")
    try:
        printing.print_document(
            station.ctx, printers, station.clerk, "receipt", receipt, printer=f"cups:{BROKEN}"
        )
    except printing.PrintError as exc:
        assert "not accepting" in exc.render()
    else:
        raise AssertionError("a rejecting printer must fail")
    [job] = printing.list_jobs(station.ctx, station.admin, pending_only=True)
    assert job.state == "failed" and "not accepting" in (job.last_error or "")
