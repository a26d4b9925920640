"""Text that copies and searches as it reads, whichever viewer opens the PDF.

A PDF holds glyphs and positions; each viewer guesses the text from them in its own way.
text.py writes each line as pieces (one glyph of right-to-left text, or a run of left-to-right
text) in reading order, each at its display position; the fonts map glyphs to letters, not
presentation forms (fonts.copied_text), and a mirrored bracket to the bracket written
(fonts.mirrored_font). Then, measured with mutool 1.21, pdftotext 22.12 and pypdfium2 5.x:
- mupdf (mutool, SumatraPDF) takes glyphs in the order they are written: the reading order.
  A left-to-right run inside right-to-left text starts a new output line there (mupdf reads
  the jump back as one), but each value stays whole.
- poppler (pdftotext, Evince, Okular) sorts glyphs by position and reads right-to-left lines
  from their right end, a ligature's letters from its left: each ligature gets a /Span with
  its letters backwards in /ActualText. Its own bidi pass counts ``: - . ,`` as part of a
  number and never puts a space after one on a right-to-left line (``المواطن -المزة``,
  `` 3,000ل.س``); words, names and numbers themselves come out right.
- pdfium (Chrome, Edge) honours /ActualText of any marked content, then applies a bidi pass
  of its own that is not Unicode's (``pdfium_reading``): numbers and Latin words inside
  right-to-left text came out in pieces (``-02MZH`` for ``MZH-02``, ``456***0933`` for a
  phone). Each line's leftmost piece with a letter carries, in an inner mark, the text that
  this pass turns into the line as read; the other pieces are silent. The document says its
  reading direction is right to left (/Direction /R2L): pdfium then takes every line as
  right to left, which makes its pass predictable.
Nothing here changes what is drawn: marked content is invisible. tests/printing/
test_copy_text.py extracts every document with all three.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bidi.mirror import MIRRORED

from counter_app.printing.fonts import copied_text

_PDFIUM_TAG = "ReadingOrder"  # any tag but /Span: poppler reads only a /Span's /ActualText
# pdfium skips a text object whose /ActualText is only characters it counts as unprintable,
# provided one of them is in the object's font: U+FFFD is (fonts.py maps .notdef to it).
_SILENT = "\ufffd"
# U+FFFD for the same reason, then a left-to-right mark, which pdfium keeps: strong, so it
# never joins a run of spaces or brackets, and it ends up at the end of the line (invisible).
_MARK = "\ufffd\u200e"


# Lines kept typeset per process. Labels, service names and checklist items repeat on every
# document and stay in the cache; a citizen's name, a receipt number or a time rarely repeats,
# and at 4,096-8,192 entries those filled 31 MB of a counter's memory over ~1,200 receipts
# (bench/bench_soak.py); 512, least recently used out first, keep the labels of the services
# printed every day for about 8 MB.
LINE_CACHE = 512


@lru_cache(maxsize=LINE_CACHE)
def line_marks(logical: str, pieces: tuple[str, ...]) -> list[tuple[str, str]]:
    """The marked-content operators to put before and after each piece of one line.

    ``logical`` is the line as read; ``pieces`` its pieces in display order, left to right,
    each as the characters it stands for (a mirrored bracket is drawn from a font that copies
    it as the bracket written, fonts.mirrored_font). Each piece is its own text object.
    - pdfium gets the whole line from the leftmost piece with a letter, nothing from the
      pieces right of it and an invisible mark from those left of it (see below).
    - poppler gets a ligature's letters backwards, because it reads a right-to-left line
      from its right end and a ligature's letters from its left.
    - mupdf reads no marks: the glyphs' own text, in the order they are written.
    Lines repeat (labels on every receipt): cached.
    """
    inked = [i for i, piece in enumerate(pieces) if piece.strip()] or [0]
    # pdfium reads a carrier's marked text backwards when the piece is right-to-left; a
    # piece of only digits or punctuation takes that direction from the text before it on
    # the page, so it cannot carry the line.
    carrier = next((i for i in inked if _strong(pieces[i])), inked[0])
    whole = for_pdfium(logical, backwards=_pdfium_rtl(pieces[carrier]))
    marks: list[tuple[str, str]] = []
    for i, piece in enumerate(pieces):
        # Pieces left of the carrier come first in pdfium's order: an invisible mark each, so
        # the first of them still starts the line (a skipped object would not).
        said = whole if i == carrier else (_MARK if i < carrier and piece.strip() else _SILENT)
        begin = f"/{_PDFIUM_TAG} <</ActualText {_pdf_text(said)}>> BDC"
        end = "EMC"
        letters = "".join(copied_text(ord(char)) for char in piece)
        if len(letters) != len(piece):  # a ligature
            begin = f"/Span <</ActualText {_pdf_text(letters[::-1])}>> BDC {begin}"
            end = "EMC EMC"
        marks.append((begin, end))
    return marks


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


def _strong(text: str) -> bool:
    """Has a letter with a direction of its own (pdfium's L or R)."""
    kinds = {_pdfium_class(c) for c in "".join(copied_text(ord(c)) for c in text)}
    return bool(kinds & {"L", "R"})


def _segments(text: str) -> list[tuple[str, str]]:
    segments: list[tuple[str, str]] = []
    for char in text:
        kind = _pdfium_class(char)
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + char)
        else:
            segments.append((kind, char))
    return segments


@lru_cache(maxsize=4096)
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
