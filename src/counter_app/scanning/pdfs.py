"""PDFs made from scans: unfiled pages merged into one document, a scanner's pictures bound
into one file, page thumbnails for the unfiled queue."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdfium2 as pdfium

from counter_app.domain.errors import N_
from counter_app.printing.raster import PDFIUM_LOCK
from counter_app.scanning.pages import ScanRefused, open_scan


def thumbnail(pdf: bytes, *, width: int = 200, page: int = 0) -> bytes:
    """A PNG of one page of a stored PDF, ``width`` pixels wide (for the unfiled queue)."""
    if not 16 <= width <= 2000:
        raise ValueError(f"thumbnail width must be 16-2000, not {width}")
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            sheet = doc[page]
            try:
                image = sheet.render(scale=width / sheet.get_width(), grayscale=True).to_pil()
            finally:
                sheet.close()
        finally:
            doc.close()
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """One PDF of every page of ``parts``, in order (unfiled pages assigned together)."""
    with PDFIUM_LOCK:
        out = pdfium.PdfDocument.new()
        try:
            for data in parts:
                part = pdfium.PdfDocument(data)
                try:
                    out.import_pages(part)
                finally:
                    part.close()
            buf = io.BytesIO()
            out.save(buf)
            return buf.getvalue()
        finally:
            out.close()


def pictures_to_pdf(pictures: Sequence[bytes]) -> bytes:
    """One PDF of scanned pictures (a scanner's pages), each checked like an imported file."""
    if not pictures:
        raise ScanRefused(N_("The file has no pages"))
    with PDFIUM_LOCK:
        out = pdfium.PdfDocument.new()
        try:
            for data in pictures:
                with open_scan(data) as scan:
                    out.import_pages(scan.pdf_document())
            buf = io.BytesIO()
            out.save(buf)
            return buf.getvalue()
        finally:
            out.close()
