"""Finished PDF pages as 1-bit rasters for thermal printers, and the ESC/POS commands for them.

Thermal printers cannot shape Arabic, so the receipt is sent as a picture. The page width maps
exactly to the printer's dot width (576 dots for 80 mm heads at 203 dpi, 512 for 72 mm printable
at 180 dpi); nothing is trimmed, so what prints is the PDF the app shows and archives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

# PDFium is not thread-safe, not even across different documents, and pypdfium2 does not
# serialise calls. Anything else in the app that calls pypdfium2 should hold this lock too.
PDFIUM_LOCK = threading.RLock()
# Largest GS v 0 block sent at once: cheap printers mis-handle large raster blocks, and
# python-escpos would otherwise cut every 960 rows wherever that falls.
MAX_BLOCK_ROWS = 512

# A fixed threshold, not error diffusion: Floyd–Steinberg scatters dots along bar and glyph
# edges, which blurs Code128 module widths and thin Arabic strokes on a 203 dpi head.
_LUTS: dict[int, list[int]] = {}


def _lut(threshold: int) -> list[int]:
    lut = _LUTS.get(threshold)
    if lut is None:
        lut = _LUTS[threshold] = [0] * threshold + [255] * (256 - threshold)
    return lut


def pdf_to_raster(pdf: bytes, *, width_dots: int = 576, threshold: int = 128) -> list[Image.Image]:
    """Every page of ``pdf`` as a mode "1" image exactly ``width_dots`` wide (black = 0).

    Grey levels below ``threshold`` print black. Raises ValueError for input that is not a
    readable PDF, so a broken document is told apart from a broken printer.
    """
    if not 8 <= width_dots <= 4096:
        raise ValueError(f"width_dots must be between 8 and 4096, not {width_dots}")
    if not 1 <= threshold <= 255:
        raise ValueError(f"threshold must be between 1 and 255, not {threshold}")
    if not pdf.startswith(b"%PDF-"):
        # pdfium guesses at junk; a clear message is worth more than its error code.
        raise ValueError("not a PDF document (it does not start with %PDF-)")
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise ValueError(f"not a readable PDF document: {exc}") from exc
        try:
            return [_render_page(doc, index, width_dots, threshold) for index in range(len(doc))]
        finally:
            doc.close()


def _render_page(doc: Any, index: int, width_dots: int, threshold: int) -> Image.Image:
    page = doc[index]
    try:
        # pypdfium2 sizes the bitmap as ceil(width * scale) and stretches the page onto it; a
        # hair under the exact ratio keeps float error from producing width_dots + 1.
        scale = (width_dots - 1e-6) / page.get_width()
        bitmap = page.render(scale=scale, grayscale=True)
        grey: Image.Image = bitmap.to_pil()
        if grey.width != width_dots:  # defensive: a future pypdfium2 rounding change
            grey = grey.resize((width_dots, grey.height), Image.Resampling.BOX)
        return grey.point(_lut(threshold), "1")
    finally:
        page.close()


def block_bounds(image: Image.Image, max_rows: int = MAX_BLOCK_ROWS) -> list[tuple[int, int]]:
    """Row ranges ``[top, bottom)`` to send as separate raster blocks.

    Each cut is placed on a blank row when there is one in the lower half of the block, so a
    barcode or a line of text is never split across two commands (some printers pause between
    blocks and leave a faint seam).
    """
    height = image.height
    stride = (image.width + 7) // 8
    raw = image.convert("1").tobytes()
    blank = Image.new("1", (image.width, 1), 1).tobytes()
    bounds: list[tuple[int, int]] = []
    top = 0
    while top < height:
        bottom = min(top + max_rows, height)
        if bottom < height:
            for row in range(bottom, top + max_rows // 2, -1):
                if raw[row * stride : (row + 1) * stride] == blank:
                    bottom = row
                    break
        bounds.append((top, bottom))
        top = bottom
    return bounds


def write_raster(
    printer: Any, images: Iterable[Image.Image], *, cut: bool = True, initialise: bool = True
) -> None:
    """Send ``images`` to a python-escpos printer as GS v 0 raster blocks, then feed and cut."""
    if initialise:
        printer.hw("INIT")  # ESC @: clears margins and print-area settings left by another job
    for image in images:
        for top, bottom in block_bounds(image):
            block = image.crop((0, top, image.width, bottom))
            # center=False: the raster is already full width; fragment_height above the block
            # height stops python-escpos from re-splitting it at its own 960-row boundaries.
            printer.image(
                block, impl="bitImageRaster", center=False, fragment_height=bottom - top + 1
            )
    if cut:
        printer.cut()  # ESC d 6 (feed past the cutter) + GS V 0


def raster_to_escpos_bytes(images: Sequence[Image.Image], *, cut: bool = True) -> bytes:
    """The ESC/POS byte stream ``write_raster`` would send, for tests and debugging."""
    # Imported here: escpos.printer calls logging.basicConfig() on import.
    from escpos.printer import Dummy

    printer = Dummy()
    if images:
        set_media_width(printer, images[0].width)
    write_raster(printer, images, cut=cut)
    output: bytes = printer.output
    return output


def set_media_width(printer: Any, width_dots: int) -> None:
    """Tell a python-escpos printer its paper width in dots.

    The default profile says "Unknown", and then every ``image()`` call prints a warning to
    stdout. The profile's data dict is shared by every printer of that profile class, so it is
    copied before being changed.
    """
    profile = printer.profile
    data = dict(profile.profile_data)
    media = dict(data.get("media", {}))
    media["width"] = {**media.get("width", {}), "pixels": width_dots}
    data["media"] = media
    profile.profile_data = data  # an instance attribute now, shadowing the shared class data
