"""QtPrintBackend through Qt's print-to-PDF mode (no printer needed), offscreen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen import canvas

from counter_app.printing.backends.base import PrinterState, PrintFailed
from counter_app.printing.backends.qtprint import (
    NO_SUCH_PRINTER,
    UNREADABLE,
    QtPrintBackend,
)
from tests.printing.test_backends_cups import C_ENV, GOOD, cups_out, sample_pdf

__all__ = ["cups_out"]  # the fixture (skips without CUPS, fails in CI), shared with the CUPS tests

# Before pytest-qt creates the application: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGES = [(A4, "PAGE-ONE"), (landscape(A5), "PAGE-TWO")]


def two_page_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for size, value in PAGES:
        c.setPageSize(size)
        c.setFont("Helvetica", 16)
        c.drawString(40, size[1] - 60, value)
        code128.Code128(value, barHeight=50, barWidth=1.4).drawOn(c, 40, size[1] - 160)
        c.showPage()
    c.save()
    return buf.getvalue()


def _pages(path: Path) -> list[tuple[float, float, list[str]]]:
    """Each page's size in points and the barcodes read from it."""
    doc = pdfium.PdfDocument(path)
    try:
        result = []
        for page in doc:
            image = page.render(scale=150 / 72).to_pil()
            codes = [b.text for b in zxingcpp.read_barcodes(image)]
            result.append((*page.get_size(), codes))
        return result
    finally:
        doc.close()


@pytest.mark.usefixtures("qapp")
def test_two_pages_of_their_own_size(tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    QtPrintBackend().send_to_file(out, two_page_pdf(), title="two pages")
    pages = _pages(out)
    assert len(pages) == 2
    for (width, height, codes), (size, value) in zip(pages, PAGES, strict=True):
        assert width == pytest.approx(size[0], abs=1.5)
        assert height == pytest.approx(size[1], abs=1.5)
        assert codes == [value]  # painted, and sharp enough to scan


@pytest.mark.usefixtures("qapp")
def test_copies_repeat_the_document_when_the_output_cannot(tmp_path: Path) -> None:
    # Qt's PDF output has no copy count of its own, so the backend sends the pages twice.
    out = tmp_path / "copies.pdf"
    QtPrintBackend().send_to_file(out, two_page_pdf(), title="copies", copies=2)
    assert [codes for *_, codes in _pages(out)] == [["PAGE-ONE"], ["PAGE-TWO"]] * 2


@pytest.mark.usefixtures("qapp")
def test_unreadable_pdf_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "never.pdf"
    with pytest.raises(PrintFailed) as failed:
        QtPrintBackend().send_to_file(out, b"not a pdf", title="x")
    assert failed.value.reason == UNREADABLE
    assert not out.exists()


@pytest.mark.usefixtures("qapp")
def test_unknown_printer() -> None:
    backend = QtPrintBackend()
    assert backend.status("CSC no such printer").state is PrinterState.OFFLINE
    with pytest.raises(PrintFailed) as failed:
        backend.send("CSC no such printer", two_page_pdf(), title="x")
    assert failed.value.reason == NO_SUCH_PRINTER
    assert all(p.backend == "qt" for p in backend.printers())


def test_importing_the_module_needs_no_qt() -> None:
    code = (
        "import sys, counter_app.printing.backends.qtprint\n"
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.usefixtures("qapp")
def test_prints_through_the_spooler_qt_sees(cups_out: Path) -> None:
    """Qt's way to a system spooler (on Windows the only one), checked on CUPS's cups-pdf."""
    token = "Q" + uuid.uuid4().hex[:12]
    backend = QtPrintBackend()
    assert GOOD in [p.name for p in backend.printers()]
    job = backend.send(GOOD, sample_pdf(f"MARKER {token}", token), title=f"qt {token}")
    assert job.job_id is None  # Qt does not tell the spooler's job id
    output = _wait_for_output(cups_out, token)
    try:
        doc = pdfium.PdfDocument(output)
        assert len(doc) == 1
        assert doc[0].get_size() == pytest.approx(A4, abs=1.5)
        image = doc[0].render(scale=200 / 72).to_pil()
        assert token in [b.text for b in zxingcpp.read_barcodes(image)]
        doc.close()
    finally:
        output.unlink()


def _wait_for_output(folder: Path, token: str, timeout: float = 60) -> Path:
    """The file named after the title, once the queue has nothing left to do (cups-pdf writes
    it in place, so it exists before it is complete)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.iterdir() if token in p.name and p.suffix == ".pdf"]
        pending = subprocess.run(
            ["lpstat", "-o", GOOD], capture_output=True, text=True, env=C_ENV, check=False
        ).stdout
        if found and not pending.strip():
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no output titled {token} in {folder}")


@pytest.mark.usefixtures("qapp")
def test_a_failure_mid_document_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = pdfium.PdfPage.render
    calls: list[int] = []

    def failing_second_page(self: pdfium.PdfPage, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise MemoryError("no memory for page 2")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(pdfium.PdfPage, "render", failing_second_page)
    out = tmp_path / "half.pdf"
    with pytest.raises(MemoryError):
        QtPrintBackend().send_to_file(out, two_page_pdf(), title="half")
    assert not out.exists()
