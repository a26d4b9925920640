"""Reading cover-sheet barcodes (Code128) off scanned pages with zxing-cpp.

Most pages of a stack are not covers, so the common case must be cheap: a first pass looks for
Code128 only, at the given resolution, not inverted, not turned by 90 degrees (a few ms on an
A4 page at 200 dpi). Only when it finds nothing does a second pass run on a copy smoothed by a
3x3 box blur, also trying pages turned by 90 degrees and downscaled copies. Grainy scans are
what defeats the first pass: speckles inside the bars break zxing's row scan, and averaging
each pixel with its neighbours removes them while keeping 0.5 mm modules (~4 px at 200 dpi)
intact. (Measured: heavy grain that the first pass never read, all read after the blur; a
median filter reads as well but costs ~250 ms a page.) What is decoded is judged in
``domain/filing.py``.
"""

from __future__ import annotations

import zxingcpp
from PIL import Image, ImageFilter

from counter_app.domain.filing import CoverReading, read_cover

_CODE128 = zxingcpp.BarcodeFormat.Code128
_FORMATS = zxingcpp.BarcodeFormats(_CODE128)


def _texts(found: list[zxingcpp.Barcode]) -> list[str]:
    return [b.text for b in found if b.format == _CODE128 and b.valid]


def read_codes(image: Image.Image) -> list[str]:
    """The Code128 texts zxing-cpp finds on ``image`` (8-bit grey, ~200 dpi)."""
    found = zxingcpp.read_barcodes(
        image, formats=_FORMATS, try_rotate=False, try_downscale=False, try_invert=False
    )
    if not found:
        found = zxingcpp.read_barcodes(
            image.filter(ImageFilter.BoxBlur(1)),
            formats=_FORMATS,
            try_rotate=True,
            try_downscale=True,
            try_invert=False,
        )
    return _texts(found)


def read_page(image: Image.Image) -> CoverReading:
    """Whether this page is a cover sheet, and of which receipt number."""
    return read_cover(read_codes(image))
