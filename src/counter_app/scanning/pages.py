"""Scanned files (PDF, TIFF, JPEG, PNG) opened for filing: their pages as grey images for
barcode reading, and any run of their pages as a new PDF, without re-encoding PDF pages.

Everything a scanner or a person could drop is checked before any page is used: empty, too
large, cut off, password-protected, not a picture of paper at all. Each refusal is a
``ScanRefused`` with a translatable message; the caller keeps the file in quarantine.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, UnidentifiedImageError

from counter_app.domain.errors import N_, CounterError, N_n
from counter_app.printing.raster import PDFIUM_LOCK

MAX_SCAN_BYTES = 200 * 1024 * 1024  # a 500-page stack at 200 dpi JPEG is ~150 MB
MAX_PAGES = 1000
RENDER_DPI = 200
# Below this a "scan" is an icon or a pixel, not a sheet of paper (an ID card at 150 dpi is
# ~500 x 320 px; a 1x1 px or 256 px icon is refused).
MIN_SIDE_PX = 300
MIN_SIDE_INCH = 1.0
MAX_PAGE_PIXELS = 80_000_000  # A3 at 600 dpi is 70 MP; beyond that it is not a scan
_RENDER_PIXELS = 24_000_000  # A3 at 300 dpi; larger pages are rendered at a lower dpi
_ASSUMED_DPI = 200.0  # images without a (sane) resolution tag

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "tiff": "image/tiff",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


class ScanRefused(CounterError):
    """This file cannot be filed as it is; it is kept in quarantine, never deleted."""


def sniff(data: bytes) -> str | None:
    """The file's kind from its first bytes (names and extensions lie)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in data[:1024]:  # the header may follow a little junk (PDF 1.7, 7.5.2)
        return "pdf"
    return None


def check_size(size: int) -> None:
    """Refuse by size alone, before a byte is read."""
    if size == 0:
        raise ScanRefused(N_("The file is empty (0 bytes)"))
    if size > MAX_SCAN_BYTES:
        raise ScanRefused(
            N_("The file is too large ({size} bytes; at most {limit})"),
            size=size,
            limit=MAX_SCAN_BYTES,
        )


class ScannedFile:
    """An opened scan. Not thread-safe; PDFium calls hold the process-wide PDFium lock."""

    kind: str
    page_count: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]

    def page_image(self, index: int) -> Image.Image:
        """Page ``index`` as an 8-bit grey image at about RENDER_DPI."""
        raise NotImplementedError

    def compose(self, indices: Sequence[int]) -> bytes:
        """A new PDF holding these pages, in this order."""
        with PDFIUM_LOCK:
            source = self.pdf_document()
            out = pdfium.PdfDocument.new()
            try:
                out.import_pages(source, list(indices))
                buf = io.BytesIO()
                out.save(buf)
                return buf.getvalue()
            finally:
                out.close()

    def pdf_document(self) -> Any:
        """Every page as one pypdfium2 document (made on first use for pictures); callers
        hold PDFIUM_LOCK."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> ScannedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_scan(data: bytes) -> ScannedFile:
    """Open and check a scanned file; raises ScanRefused with the reason."""
    check_size(len(data))
    kind = sniff(data)
    if kind is None:
        raise ScanRefused(N_("The file is not a PDF, TIFF, JPEG or PNG scan"))
    if kind == "pdf":
        return _PdfScan(data)
    return _ImageScan(data, kind)


class _PdfScan(ScannedFile):
    def __init__(self, data: bytes) -> None:
        self.kind = "pdf"
        # A scanner writes %%EOF last: without it the file was cut off (a copy interrupted, a
        # scanner that stopped). PDFium would "repair" it and show fewer pages; refuse instead.
        if b"%%EOF" not in data[-2048:]:
            raise ScanRefused(N_("The PDF file is incomplete (cut off before its end)"))
        with PDFIUM_LOCK:
            try:
                self.doc = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                    raise ScanRefused(
                        N_("The PDF file is protected by a password; scan it again without one")
                    ) from None
                raise ScanRefused(N_("The PDF file is damaged and cannot be read")) from None
            try:
                self.page_count = len(self.doc)
                self._check_pages()
            except BaseException:
                self.doc.close()
                raise

    def _check_pages(self) -> None:
        if self.page_count == 0:
            raise ScanRefused(N_("The file has no pages"))
        if self.page_count > MAX_PAGES:
            raise ScanRefused(
                N_n("The file has {n} pages; at most {limit} are taken at once"),
                n=self.page_count,
                limit=MAX_PAGES,
            )
        for index in range(self.page_count):
            width, height = self.doc.get_page_size(index)
            if min(width, height) < MIN_SIDE_INCH * 72:
                raise ScanRefused(
                    N_("Page {page} is too small to be a scanned sheet of paper"), page=index + 1
                )

    def page_image(self, index: int) -> Image.Image:
        with PDFIUM_LOCK:
            try:
                page = self.doc[index]
            except pdfium.PdfiumError:
                raise ScanRefused(
                    N_("Page {page} is damaged and cannot be read"), page=index + 1
                ) from None
            try:
                width, height = page.get_size()
                scale = RENDER_DPI / 72
                scale = min(scale, math.sqrt(_RENDER_PIXELS / max(1.0, width * height)))
                image: Image.Image = page.render(scale=scale, grayscale=True).to_pil()
            except pdfium.PdfiumError:
                raise ScanRefused(
                    N_("Page {page} is damaged and cannot be read"), page=index + 1
                ) from None
            finally:
                page.close()
        image = image if image.mode == "L" else image.convert("L")
        image.info["dpi"] = (scale * 72, scale * 72)  # the cover mark is found by its size
        return image

    def pdf_document(self) -> Any:
        return self.doc

    def close(self) -> None:
        with PDFIUM_LOCK:
            self.doc.close()


def _dpi(image: Image.Image) -> float:
    raw = image.info.get("dpi")
    try:
        dpi = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 50 <= dpi <= 1200 else _ASSUMED_DPI


class _ImageScan(ScannedFile):
    def __init__(self, data: bytes, kind: str) -> None:
        self.kind = kind
        self.data = data
        self._doc: Any = None
        try:
            self.image = Image.open(io.BytesIO(data))
            # A JPEG is one page (an MPO's second frame is a preview, not a sheet).
            self.page_count = 1 if kind == "jpeg" else getattr(self.image, "n_frames", 1)
            self.dpis = []
            for index in range(min(self.page_count, MAX_PAGES + 1)):
                self.image.seek(index)
                self.dpis.append(self._check_frame(index))
            self.image.seek(0)
        except ScanRefused:
            raise
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            raise ScanRefused(N_("The picture is damaged or cut off and cannot be read")) from None
        if self.page_count > MAX_PAGES:
            raise ScanRefused(
                N_n("The file has {n} pages; at most {limit} are taken at once"),
                n=self.page_count,
                limit=MAX_PAGES,
            )

    def _check_frame(self, index: int) -> float:
        width, height = self.image.size
        dpi = _dpi(self.image)
        if width * height > MAX_PAGE_PIXELS:
            raise ScanRefused(N_("Page {page} is too large a picture to be a scan"), page=index + 1)
        if min(width, height) < MIN_SIDE_PX or min(width, height) / dpi < MIN_SIDE_INCH:
            raise ScanRefused(
                N_("The picture is too small to be a scanned page ({width} x {height} pixels)"),
                width=width,
                height=height,
            )
        return dpi

    def _frame(self, index: int) -> Image.Image:
        # Decoding happens here, page by page: a truncated JPEG or TIFF strip fails while the
        # pages are read, before anything is filed.
        try:
            self.image.seek(index)
            frame = self.image.copy()
            frame.load()
        except (OSError, ValueError, Image.DecompressionBombError):
            raise ScanRefused(N_("The picture is damaged or cut off and cannot be read")) from None
        return frame

    def page_image(self, index: int) -> Image.Image:
        frame = self._frame(index)
        grey = frame if frame.mode == "L" else frame.convert("L")
        # Barcode reading needs ~200 dpi; a 600 dpi scan would only be slower to read.
        factor = int(self.dpis[index] // RENDER_DPI)
        image = grey.reduce(factor) if factor >= 2 else grey
        dpi = self.dpis[index] / max(1, factor)
        image.info["dpi"] = (dpi, dpi)  # the cover mark is found by its size
        return image

    def pdf_document(self) -> Any:
        if self._doc is None:
            doc = pdfium.PdfDocument.new()
            try:
                for index in range(self.page_count):
                    self._append_page(doc, index)
            except BaseException:
                doc.close()
                raise
            self._doc = doc
        return self._doc

    def _append_page(self, doc: Any, index: int) -> None:
        dpi = self.dpis[index]
        if self.kind == "jpeg":
            # The scanner's own JPEG goes into the PDF as it is: no second lossy encoding.
            width, height = self.image.size
            w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
            page = doc.new_page(w_pt, h_pt)
            picture = pdfium.PdfImage.new(doc)
            picture.load_jpeg(io.BytesIO(self.data), inline=True)
            picture.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
            page.insert_obj(picture)
            page.gen_content()
            page.close()
            return
        frame = self._frame(index)
        if frame.mode not in ("1", "L", "RGB"):
            frame = frame.convert("RGB")
        # Pillow writes bilevel pages as CCITT G4 (lossless); grey and colour as JPEG at a
        # quality where scanner noise, not the encoding, is what is left to see.
        buf = io.BytesIO()
        frame.save(buf, "PDF", resolution=dpi, quality=90)
        single = pdfium.PdfDocument(buf.getvalue())
        try:
            doc.import_pages(single)
        finally:
            single.close()

    def close(self) -> None:
        self.image.close()
        if self._doc is not None:
            with PDFIUM_LOCK:
                self._doc.close()
            self._doc = None
