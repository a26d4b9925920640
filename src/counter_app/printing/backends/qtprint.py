"""System printers through Qt: the way to the Windows spooler (and any printer Qt sees).

Each PDF page is rasterised with pdfium at the printer's resolution (at most 300 dpi: plenty
for text and barcodes, and a page stays a few tens of MB) and painted edge to edge on a page of
the PDF page's own size, so the document's layout is the only layout. Qt is imported inside the
methods: importing this module, or choosing another backend, never needs Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from counter_app.domain.errors import N_
from counter_app.printing.backends.base import PrinterInfo, PrinterState, PrintFailed, SentJob
from counter_app.printing.raster import PDFIUM_LOCK

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

NO_SUCH_PRINTER = N_("The printer does not exist")
REJECTED = N_("The printer rejected the job")
UNREADABLE = N_("The document cannot be printed")

MAX_DPI = 300
_app: QGuiApplication | None = None  # kept referenced: Qt must not outlive its application


def _ensure_app() -> None:
    """Printing needs a Qt GUI application; the desktop UI has one, a service or a test may
    not. Without a display Qt would abort the whole process, so headless Linux goes offscreen."""
    global _app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([sys.argv[0] if sys.argv else "counter-app"])


def _open(pdf: bytes) -> pdfium.PdfDocument:
    """The whole document is checked before anything reaches the printer."""
    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PrintFailed(UNREADABLE, str(exc)) from exc
    if len(doc) == 0:
        doc.close()
        raise PrintFailed(UNREADABLE, "the PDF has no pages")
    return doc


@contextmanager
def _document(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    # pdfium is not thread-safe: the thermal raster and this backend share one lock.
    with PDFIUM_LOCK:
        doc = _open(pdf)
        try:
            yield doc
        finally:
            doc.close()


def _set_page(printer: QPrinter, width_pt: float, height_pt: float) -> None:
    """The printer page takes the PDF page's size and orientation, with no margins."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize

    landscape = width_pt > height_pt
    short, long = sorted((width_pt, height_pt))
    # QPageSize describes paper upright; a landscape page is upright paper turned.
    size = QPageSize(
        QSizeF(short, long), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    if not printer.setPageLayout(layout):
        # A driver that refuses the size still gets the page, scaled onto its own paper.
        printer.setPageOrientation(orientation)


def _paint(printer: QPrinter, doc: pdfium.PdfDocument, copies: int) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPrintSupport import QPrinter

    printer.setFullPage(True)  # paint from the paper's edge: the PDF carries its own margins
    printer.setCopyCount(copies)
    # Qt passes copies to the driver when it can; otherwise the pages are sent that many times.
    repeat = 1 if printer.supportsMultipleCopies() and printer.copyCount() == copies else copies
    dpi = min(printer.resolution(), MAX_DPI)
    first_width, first_height = doc[0].get_size()
    _set_page(printer, first_width, first_height)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(REJECTED, "the printer could not start a job")
    try:
        for n in range(repeat * len(doc)):
            page = doc[n % len(doc)]
            width, height = page.get_size()
            if n > 0:
                _set_page(printer, width, height)
                printer.newPage()
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            data = image.tobytes()
            qimage = QImage(
                data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888
            )
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), qimage)
            page.close()
    except BaseException:
        printer.abort()  # nothing half-printed reaches the spooler
        painter.end()
        raise
    if not painter.end():
        raise PrintFailed(REJECTED, "the printer did not accept the job")


class QtPrintBackend:
    """Printers listed by Qt (the Windows spooler, or CUPS on Linux), and Qt's own PDF output."""

    name = "qt"

    def printers(self) -> list[PrinterInfo]:
        from PySide6.QtPrintSupport import QPrinterInfo

        _ensure_app()
        return [self._info(p) for p in QPrinterInfo.availablePrinters()]

    def status(self, printer: str) -> PrinterInfo:
        from PySide6.QtPrintSupport import QPrinterInfo

        _ensure_app()
        info = QPrinterInfo.printerInfo(printer)
        if info.isNull():
            return PrinterInfo(printer, self.name, PrinterState.OFFLINE, NO_SUCH_PRINTER)
        return self._info(info)

    def _info(self, info: QPrinterInfo) -> PrinterInfo:
        from PySide6.QtPrintSupport import QPrinter

        states = {
            QPrinter.PrinterState.Idle: PrinterState.READY,
            QPrinter.PrinterState.Active: PrinterState.BUSY,
            QPrinter.PrinterState.Aborted: PrinterState.ERROR,
            QPrinter.PrinterState.Error: PrinterState.ERROR,
        }
        state = states.get(info.state(), PrinterState.UNKNOWN)
        detail = info.description() if info.description() != info.printerName() else ""
        return PrinterInfo(info.printerName(), self.name, state, detail, info.isDefault())

    def send(self, printer: str, pdf: bytes, *, title: str, copies: int = 1) -> SentJob:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        _ensure_app()
        info = QPrinterInfo.printerInfo(printer)
        if info.isNull():
            raise PrintFailed(NO_SUCH_PRINTER, printer, state=PrinterState.OFFLINE)
        with _document(pdf) as doc:
            qprinter = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            qprinter.setDocName(title)
            _paint(qprinter, doc, copies)
        return SentJob(printer)  # Qt does not report the spooler's job id

    def send_to_file(self, path: Path, pdf: bytes, *, title: str, copies: int = 1) -> None:
        """Qt's "print to PDF file": the same painting as ``send``, written to ``path``. It lets
        CI check pages and sizes without a printer."""
        from PySide6.QtPrintSupport import QPrinter

        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        _ensure_app()
        with _document(pdf) as doc:
            qprinter = QPrinter(QPrinter.PrinterMode.HighResolution)
            qprinter.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            qprinter.setOutputFileName(str(path))
            qprinter.setDocName(title)
            try:
                _paint(qprinter, doc, copies)
            except BaseException:
                # Qt's abort leaves the pages painted so far in the file: no half documents.
                Path(path).unlink(missing_ok=True)
                raise
