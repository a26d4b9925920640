"""Scans shown in the browser: a page of a stored file (PDF, or a JPEG/PNG/TIFF scan) drawn as
a PNG on the server, so an officer never downloads a citizen's papers and no PDF viewer runs in
the page (the CSP allows images from this server only).

The file is whatever a station uploaded: its kind is read from its first bytes, never from the
name or type the station claimed; a file that is neither a PDF nor an image Pillow opens is
"not viewable" (0 pages). Sizes are bounded both ways: a PDF page is drawn at most at
``MAX_WIDTH`` pixels wide (a poster-sized page is scaled down, never drawn at 200 dpi), and an
image larger than ``MAX_PIXELS`` is refused before it is decoded (a decompression bomb).
Rendering takes CPU for ~50-200 ms: callers run it on a worker thread. PDFium is not
thread-safe, not even across documents, and pypdfium2 does not serialise calls: every use of
it in HQ holds ``PDFIUM_LOCK`` (one PDF page drawn at a time per process; images, drawn by
Pillow, only share ``MAX_DRAWING``).
"""

from __future__ import annotations

import io
import threading
import warnings
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

MAX_WIDTH = 1400  # pixels: readable on a 1366 screen's scan column, small enough to send
PDF_DPI = 150  # a scan's text stays sharp at this density; higher only grows the PNG
MAX_PIXELS = 60_000_000  # an A3 page at 600 dpi is ~70 M: scans larger are not scans
MAX_PAGES = 500  # a counter's scan is a few pages; a larger file is shown up to here
# Two pages drawn at once per process: a person leafing through a scan is never blocked long
# by another's, and many open pages cannot take every core of the server.
MAX_DRAWING = 2
_DRAWING = threading.BoundedSemaphore(MAX_DRAWING)
PDFIUM_LOCK = threading.RLock()
MAX_REMEMBERED = 10_000  # page counts kept (a few hundred kilobytes)
_COUNTS: dict[str, int] = {}
_COUNTS_LOCK = threading.Lock()


class NotViewable(Exception):
    """The file is not a PDF or an image that can be drawn (or the page does not exist)."""


def _kind(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    return "pdf" if head.startswith(b"%PDF-") else "image"


def page_count(path: Path) -> int:
    """How many pages the file shows (0: it cannot be shown). Files are named by their
    SHA-256 and never change: the answer is remembered, so a request page does not wait
    for PDFium (held by a page being drawn) to count pages it counted before."""
    key = str(path)
    with _COUNTS_LOCK:
        known = _COUNTS.get(key)
    if known is not None:
        return known
    try:
        n = _count(path)
    except OSError:
        return 0  # unreadable now (moved, permissions): asked again next time
    with _COUNTS_LOCK:
        if len(_COUNTS) >= MAX_REMEMBERED:
            _COUNTS.clear()
        _COUNTS[key] = n
    return n


def _count(path: Path) -> int:
    """The file's pages; 0 when it is no PDF or image that can be drawn. OSError passes."""
    try:
        if _kind(path) == "pdf":
            with PDFIUM_LOCK:
                pdf = pdfium.PdfDocument(path)
                try:
                    return min(len(pdf), MAX_PAGES)
                finally:
                    pdf.close()
        with _open_image(path) as img:
            return min(getattr(img, "n_frames", 1), MAX_PAGES)
    except (pdfium.PdfiumError, NotViewable, Image.DecompressionBombError, ValueError):
        return 0
    except OSError as exc:
        if isinstance(exc, UnidentifiedImageError):
            return 0  # not an image Pillow knows: never viewable
        raise


def render_png(path: Path, page: int) -> bytes:
    """Page ``page`` (1-based) of the file as PNG bytes; NotViewable when there is none."""
    if not 1 <= page <= MAX_PAGES:
        raise NotViewable(page)
    with _DRAWING:
        return _render(path, page)


def _render(path: Path, page: int) -> bytes:
    try:
        img = _pdf_page(path, page - 1) if _kind(path) == "pdf" else _image_page(path, page - 1)
        out = io.BytesIO()
        # Level 3: a page in ~20 ms (gray) instead of ~120 (level 6), for a few more kilobytes.
        _compact(img).save(out, "PNG", optimize=False, compress_level=3)
        return out.getvalue()
    except (OSError, pdfium.PdfiumError, Image.DecompressionBombError, ValueError, EOFError):
        raise NotViewable(page) from None


GRAY_TOLERANCE = 24  # channel difference (0-255) below which a pixel is scanner-noise gray


def _compact(img: Image.Image) -> Image.Image:
    """A colour page with no colour in it (most scans: black on white paper) as gray: a third
    of the pixels to compress and send. A page with a stamp or a photo stays in colour."""
    if img.mode != "RGB":
        return img
    small = img.reduce(8)  # enough to see a stamp; ~1/64 of the work
    r, g, b = small.split()
    spread = max(_most(ImageChops.difference(x, y)) for x, y in ((r, g), (g, b), (r, b)))
    return img.convert("L") if spread <= GRAY_TOLERANCE else img


def _most(band: Image.Image) -> int:
    extrema = band.getextrema()  # (least, most) for one band
    most = extrema[1] if isinstance(extrema, tuple) else 255
    return int(most) if isinstance(most, (int, float)) else 255


def _pdf_page(path: Path, index: int) -> Image.Image:
    with PDFIUM_LOCK:
        return _pdf_page_locked(path, index)


def _pdf_page_locked(path: Path, index: int) -> Image.Image:
    pdf = pdfium.PdfDocument(path)
    try:
        if index >= len(pdf):
            raise NotViewable(index + 1)
        pdf_page = pdf[index]
        try:
            width_pt = max(1.0, pdf_page.get_width())
            scale = min(PDF_DPI / 72, MAX_WIDTH / width_pt)
            bitmap = pdf_page.render(scale=scale, may_draw_forms=True)
            try:
                drawn: Image.Image = bitmap.to_pil().copy()  # the bitmap's memory is freed below
                return drawn
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    finally:
        pdf.close()


def _open_image(path: Path) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; the size is checked here instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        img = Image.open(path)
    width, height = img.size
    if width * height > MAX_PIXELS:
        img.close()
        raise NotViewable(0)
    return img


def _image_page(path: Path, index: int) -> Image.Image:
    with _open_image(path) as img:
        if index >= getattr(img, "n_frames", 1):
            raise NotViewable(index + 1)
        img.seek(index)
        frame = ImageOps.exif_transpose(img)  # a phone photo stands the way it was taken
        if frame.mode not in ("1", "L", "RGB"):
            frame = frame.convert("RGB")
        if frame.width > MAX_WIDTH:
            height = max(1, round(frame.height * MAX_WIDTH / frame.width))
            frame = frame.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
        return frame.copy()
