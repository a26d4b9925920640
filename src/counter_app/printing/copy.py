"""Text that copies and searches as it reads, whichever viewer opens the PDF.

A PDF holds glyphs and positions; each viewer guesses the text from them in its own way:
- mupdf (mutool, SumatraPDF) takes the glyphs in the order they were written. text.py writes
  them in reading order and the fonts map each glyph to letters (fonts.copied_text).
- poppler (pdftotext, Evince, Okular) sorts glyphs by position and reads right-to-left lines
  backwards; it reads a ligature's letters backwards too. It honours a /Span's /ActualText,
  which it spreads over the line and reads the same way, so it gets the line in display
  order: then it reads it correctly.
- pdfium (Chrome, Edge) honours /ActualText of any marked content and then applies a bidi
  pass of its own that is not Unicode's (``pdfium_reading``): numbers and Latin words inside
  right-to-left text come out in pieces (``-02MZH`` for ``MZH-02``, ``222***0955`` for a
  phone). Its line gets a second, inner mark whose text that pass turns back into the line
  as read. The document says its reading direction is right to left (/Direction /R2L), which
  makes pdfium take every line as right to left, so that pass is predictable.
Nothing here changes what is drawn: marked content is invisible.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from bidi.mirror import MIRRORED
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.fonts import copied_text

_PDFIUM_TAG = "ReadingOrder"  # any tag but /Span: poppler reads only a /Span's /ActualText


@contextmanager
def mark_line(
    canvas: Canvas, logical: str, placed: tuple[tuple[str, int], ...], leftmost: str
) -> Iterator[None]:
    """Wrap the drawing of one line in the marks that give its text (see the module doc).
    ``logical`` is the line as read, ``placed`` its characters in display order, ``leftmost``
    the text of the line's leftmost piece (pdfium reads the marked text backwards when that
    piece is right-to-left)."""
    canvas.setViewerPreference("Direction", "R2L")
    shown = "".join(copied_text(ord(char))[::-1] for char, _ in placed)
    pdfium = for_pdfium(logical, backwards=_pdfium_rtl(leftmost))
    canvas.addLiteral(f"/Span <</ActualText {_pdf_text(shown)}>> BDC")
    canvas.addLiteral(f"/{_PDFIUM_TAG} <</ActualText {_pdf_text(pdfium)}>> BDC")
    try:
        yield
    finally:
        canvas.addLiteral("EMC EMC")


def for_pdfium(logical: str, *, backwards: bool) -> str:
    """The marked text that ``pdfium_reading`` turns into ``logical``."""
    out: list[str] = []
    current = "R"
    for kind, segment in _segments(logical):
        out.append(_mirror(segment) if kind == "N" and current == "R" else segment)
        current = {"R": "R", "L": "L"}.get(kind, current)
    marked = "".join(reversed(out))
    return marked[::-1] if backwards else marked


def pdfium_reading(marked: str, *, backwards: bool) -> str:
    """What pdfium (pypdfium2 5.x, measured) makes of a line's /ActualText in a right-to-left
    document: reversed first when the line's leftmost text object is right-to-left, then cut
    into runs of one direction class, the runs taken last to first, neutral runs mirrored
    while the reading direction is right to left; characters inside a run keep their order.
    Kept as the model ``for_pdfium`` inverts, and tested against pdfium itself."""
    text = marked[::-1] if backwards else marked
    out: list[str] = []
    current = "R"
    for kind, segment in reversed(_segments(text)):
        out.append(_mirror(segment) if kind == "N" and current == "R" else segment)
        current = {"R": "R", "L": "L"}.get(kind, current)
    return "".join(out)


def _pdfium_rtl(text: str) -> bool:
    """pdfium's test of a text object (CFX_BidiString): more right-to-left runs than strong
    left-to-right ones."""
    kinds = [kind for kind, _ in _segments("".join(copied_text(ord(c)) for c in text))]
    right = kinds.count("R")
    return right > 0 and right >= kinds.count("L")


def _segments(text: str) -> list[tuple[str, str]]:
    segments: list[tuple[str, str]] = []
    for char in text:
        kind = _pdfium_class(char)
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + char)
        else:
            segments.append((kind, char))
    return segments


def _pdfium_class(char: str) -> str:
    bidi = unicodedata.bidirectional(char)
    if bidi == "L":
        return "L"
    if bidi in ("R", "AL"):
        return "R"
    if bidi in ("AN", "EN", "NSM", "CS", "ES", "ET", "BN"):
        return "LW"  # "left weak": kept in order, but does not make the line left to right
    return "N"


def _mirror(text: str) -> str:
    return "".join(MIRRORED.get(char, char) for char in text)


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16 with its byte order mark, written in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
