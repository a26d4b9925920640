"""Reading cover sheets off scanned pages: their Code128 and QR codes with zxing-cpp, their
mark with ``scanning/marks.py``.

Most pages of a stack are not covers, so the common case must be cheap: a first pass looks for
Code128 and QR only, at the given resolution, not inverted, not turned by 90 degrees (a few ms
on an A4 page at 200 dpi). A second pass runs on a copy smoothed by a 3x3 box blur, also trying
pages turned by 90 degrees and downscaled copies, when the first found nothing or the page has
the cover mark but no valid number yet. Grainy scans are what defeats the first pass: speckles
inside the bars break zxing's row scan, and averaging each pixel with its neighbours removes
them while keeping 0.5 mm modules (~4 px at 200 dpi) intact. (Measured: heavy grain that the
first pass never read, all read after the blur; a median filter reads as well but costs
~250 ms a page.) The mark search runs on every page: it is what tells "a cover I cannot read"
and "two covers on one page" from an ordinary page. What is found is judged in
``domain/filing.py``.
"""

from __future__ import annotations

import zxingcpp
from PIL import Image, ImageFilter

from counter_app.domain.filing import CODE128, QR, CoverReading, Decoded, read_cover
from counter_app.domain.receipt import is_valid
from counter_app.scanning.marks import find_marks

_CODE128 = zxingcpp.BarcodeFormat.Code128
_QR = zxingcpp.BarcodeFormat.QRCode
try:
    _FORMATS = zxingcpp.BarcodeFormats([_CODE128, _QR])
except TypeError:  # zxing-cpp 2.x builds the set with "|" (deprecated in 3.x)
    _FORMATS = _CODE128 | _QR
_NAMES = {_CODE128: CODE128, _QR: QR}


def _decoded(found: list[zxingcpp.Barcode]) -> list[Decoded]:
    return [Decoded(b.text, _NAMES[b.format]) for b in found if b.format in _NAMES and b.valid]


def read_codes(image: Image.Image, *, cover: bool = False) -> list[Decoded]:
    """The Code128 and QR codes zxing-cpp finds on ``image`` (8-bit grey, ~200 dpi); ``cover``:
    the page has a cover mark, so look harder when no valid number is found at first."""
    found = _decoded(
        zxingcpp.read_barcodes(
            image, formats=_FORMATS, try_rotate=False, try_downscale=False, try_invert=False
        )
    )
    if not found or (cover and not any(is_valid(d.text) for d in found)):
        found += _decoded(
            zxingcpp.read_barcodes(
                image.filter(ImageFilter.BoxBlur(1)),
                formats=_FORMATS,
                try_rotate=True,
                try_downscale=True,
                try_invert=False,
            )
        )
    return found


def read_page(image: Image.Image) -> CoverReading:
    """Whether this page is a cover sheet, and of which receipt number."""
    marks = len(find_marks(image))
    return read_cover(read_codes(image, cover=marks > 0), marks=marks)
