"""Setting Arabic and mixed text on a PDF canvas: shaping, measuring, wrapping, drawing.

PDF has no text layout of its own, so this module does what a word processor would:
1. shape Arabic letters into their joined forms (arabic-reshaper),
2. wrap the *logical* text into lines that fit (joined forms never cross a space, so a word's
   width is fixed and widths add up),
3. only then reorder each line for display (python-bidi, base direction of the document). The
   pure-Python algorithm of python-bidi is used because it mirrors brackets; the newer native
   one only reorders and leaves mirroring to a renderer, which a PDF canvas is not,
4. draw each visual line as runs, each run in the first shipped font that has its characters.
Wrapping before reordering matters: reordering a whole paragraph first would put the end of a
sentence on the first line.

What is drawn must also copy and search as the words it shows, in every viewer (copy.py): the
glyphs go out in reading order, each at its place on the line, and each line carries its text
for the viewers that read it from marked content.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

from arabic_reshaper import ArabicReshaper
from bidi import algorithm as uba
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.copy import LINE_CACHE
from counter_app.printing.copy import line_marks as _marks
from counter_app.printing.fonts import CopyableFont, Face, Fonts, mirrored_font, shipped_fonts

Align = Literal["start", "center", "end"]
LRE, PDF = "\u202a", "\u202c"
_BIDI_CONTROL_CHARS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_BIDI_CONTROLS = dict.fromkeys(map(ord, _BIDI_CONTROL_CHARS))
# What arabic-reshaper may change: Arabic letters, harakat and tatweel (and their other
# blocks and presentation forms), the zero-width joiner.
_RESHAPED = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200d]")
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


class _SettledConfiguration:
    """arabic-reshaper's settings, each read from its ConfigParser once: ``reshape`` asks for
    six of them on every call, which cost it more than the shaping of a short name."""

    def __init__(self, section: Any) -> None:
        self._section = section
        self._booleans: dict[str, bool] = {}

    def getboolean(self, name: str) -> bool:
        value = self._booleans.get(name)
        if value is None:
            value = self._booleans[name] = bool(self._section.getboolean(name))
        return value

    def get(self, name: str) -> Any:
        return self._section.get(name)


_RESHAPER.configuration = _SettledConfiguration(_RESHAPER.configuration)


def ltr(text: str) -> str:
    """Keep a code, date or number left-to-right inside Arabic text: UBA would show the date
    2026-11-30 as 30-11-2026 in a right-to-left line, and a receipt number must read as printed."""
    return LRE + text + PDF


@lru_cache(maxsize=LINE_CACHE)
def shape(text: str) -> str:
    """Arabic letters in their contextual presentation forms (logical order kept). Text
    without a character arabic-reshaper changes (codes, dates, Latin) is returned as it is."""
    if _RESHAPED.search(text) is None:
        return text
    return str(_RESHAPER.reshape(text))


@lru_cache(maxsize=LINE_CACHE * 2)
def runs(face: Face, text: str) -> tuple[tuple[str, str], ...]:
    """Consecutive characters drawn with the same font, as (text, font name)."""
    out: list[tuple[str, str]] = []
    for char in text:
        font = face.font_for(char)
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + char, font)
        else:
            out.append((char, font))
    return tuple(out)


@dataclass(frozen=True)
class Typesetter:
    fonts: Fonts
    rtl: bool

    @classmethod
    def for_language(cls, language: str) -> Typesetter:
        return cls(shipped_fonts(), rtl=language == "ar")

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return _width(self.fonts.face(bold), shape(text), size)

    def wrap(self, text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
        """Logical lines that each fit ``max_width``; a word wider than a line is broken
        between characters rather than cut off or allowed to overflow."""
        face = self.fonts.face(bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(_wrap_paragraph(face, paragraph, size, max_width))
        return lines

    def draw_line(
        self,
        canvas: Canvas,
        line: str,
        *,
        left: float,
        right: float,
        baseline: float,
        size: float,
        bold: bool = False,
        align: Align = "start",
    ) -> None:
        """One logical line, reordered for display and placed between ``left`` and ``right``.

        Each glyph lands where the display order puts it, but the glyphs are written in reading
        order: a right-to-left word is written letter by letter from its right end, a number
        or Latin word inside it as one piece. Viewers that take text in the order it was
        written (mupdf) then copy it as it is read; the others sort by position anyway."""
        face = self.fonts.face(bold)
        drawn = _stable_line(face, line, size, self.rtl)
        doc = canvas._doc  # type: ignore[attr-defined]  # what reportlab's own text uses
        if drawn is None:  # a character with a code of this document only: made here
            drawn = _line(face, line, size, self.rtl, lambda ttf, text: ttf.encode(text, doc))
        if drawn is None:
            return
        if align == "center":
            x = left + (right - left - drawn.width) / 2
        elif (align == "start") == self.rtl:
            x = right - drawn.width
        else:
            x = left
        # This document's names of the fonts it uses (the first use registers the font with
        # the document), and its viewer preference for pdfium (copy.py), set once.
        names = _DOCUMENT_FONTS.get(doc)
        if names is None:
            names = _DOCUMENT_FONTS[doc] = {}
            canvas.setViewerPreference("Direction", "R2L")
        # The line's operators are the same wherever it stands: it is moved into place by
        # the cm before them; only the fonts' names in this document are filled in.
        ops = [f"q 1 0 0 1 {fp_str(x)} {fp_str(baseline)} cm BT"]
        for text, font in zip(drawn.texts, drawn.fonts, strict=True):
            ops.append(text)
            if font is not None:
                name = names.get(font)
                if name is None:
                    name = names[font] = font[0].getSubsetInternalName(font[1], doc)
                ops.append(name)
        ops.append(drawn.last)
        canvas.addLiteral("".join(ops))


# Per document being drawn (reportlab's PDFDocument, dropped with it): font names used so far.
_DOCUMENT_FONTS: weakref.WeakKeyDictionary[Any, dict[tuple[CopyableFont, int], str]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True)
class _Drawn:
    """One line's operators, wherever it stands and in whatever document: ``texts[i]`` then
    the resource name of ``fonts[i]`` (a font and its subset; ``None``: nothing), ..., then
    ``last``; and the line's width, to place it."""

    width: float
    texts: tuple[str, ...]
    fonts: tuple[tuple[CopyableFont, int] | None, ...]
    last: str


Encode = Callable[[CopyableFont, str], "list[tuple[int, bytes]] | None"]


@lru_cache(maxsize=LINE_CACHE)
def _stable_line(face: Face, line: str, size: float, rtl: bool) -> _Drawn | None:
    """``_line`` when every character has the same code in every document (fonts.py): made
    once per process for the labels and names that repeat; ``None`` otherwise."""
    return _line(face, line, size, rtl, lambda ttf, text: ttf.stable_runs(text))


def _line(face: Face, line: str, size: float, rtl: bool, encode: Encode) -> _Drawn | None:
    """One logical line, reordered for display, as PDF operators relative to the line's left
    end on its baseline (``None``: nothing to draw; ``encode`` gave ``None``: not made).

    Each glyph lands where the display order puts it, but the glyphs are written in reading
    order: a right-to-left word is written letter by letter from its right end, a number or
    Latin word inside it as one piece. Viewers that take text in the order it was written
    (mupdf) then copy it as it is read; the others sort by position anyway. Written as PDF
    operators in one text object (reportlab's text object would cost several times as much,
    piece by piece): each piece is its own text-showing operator, which is what viewers count
    as a text object, wrapped in its marks. q/Q keep the font and the move set here from
    leaking into what reportlab draws next."""
    placed = _placed(line, rtl)
    total = _width(face, "".join(char for char, _ in placed), size)
    pieces = _pieces(face, placed, size)
    if not pieces:
        return None
    meant = _meant(line, pieces)
    marks = _marks(line.translate(_BIDI_CONTROLS), tuple(meant))
    texts: list[str] = []
    fonts: list[tuple[CopyableFont, int] | None] = []
    pending = ["\n"]
    current: tuple[CopyableFont, int] | None = None
    for (offset, chunk, font, _), wanted, (begin, end) in sorted(
        zip(pieces, meant, marks, strict=True), key=lambda item: item[0][3]
    ):
        pending.append(f"{begin}\n1 0 0 1 {fp_str(offset)} 0 Tm\n")
        ttf = cast(CopyableFont, getFont(font if chunk == wanted else mirrored_font(font)))
        runs = encode(ttf, chunk)
        if runs is None:
            return None
        for subset, data in runs:
            if (ttf, subset) != current:
                current = (ttf, subset)
                texts.append("".join(pending))
                fonts.append(current)
                pending = [f" {fp_str(size)} Tf\n"]
            pending.append(f"<{data.hex()}> Tj\n")
        pending.append(f"{end}\n")
    pending.append("ET Q")
    return _Drawn(total, tuple(texts), tuple(fonts), "".join(pending))


@lru_cache(maxsize=LINE_CACHE)
def _meant(line: str, pieces: tuple[tuple[float, str, str, int], ...]) -> list[str]:
    """What each piece stands for in the shaped line: a mirrored bracket is drawn as the
    other bracket."""
    shaped = shape(line)
    return [shaped[index : index + len(chunk)] for _, chunk, _, index in pieces]


@lru_cache(maxsize=LINE_CACHE)
def _placed(line: str, rtl: bool) -> tuple[tuple[str, int], ...]:
    """Display order of one shaped line (labels repeat on every receipt: cached): each
    character with its index in the shaped logical text, so it can be written in reading
    order. The steps of python-bidi's get_display, keeping where each character came from."""
    plain = _left_to_right(line, rtl)
    if plain is not None:
        return plain
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(shape(line), storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return tuple(
        (char["ch"], char["index"])
        for char in storage["chars"]
        if char["ch"] not in _BIDI_CONTROL_CHARS
    )


_PLAIN_CONTROLS = frozenset((LRE, PDF))


def _left_to_right(line: str, rtl: bool) -> tuple[tuple[str, int], ...] | None:
    """``_placed`` of a line the bidi algorithm leaves in reading order, without running it:
    printable ASCII (which shaping leaves as it is), in a left-to-right document, or held in
    one LRE...PDF in a right-to-left one (a code, a date, a masked number: an even embedding
    level throughout, so nothing is reordered or mirrored). ``None`` for any other line."""
    if rtl:
        body = line[1:-1]
        if not (len(line) > 2 and line[0] == LRE and line[-1] == PDF):
            return None
        if not (body.isascii() and body.isprintable() and body.strip() == body):
            return None
        return tuple((char, index) for index, char in enumerate(body, start=1))
    visible = [(char, index) for index, char in enumerate(line) if char not in _PLAIN_CONTROLS]
    if any(not (char.isascii() and char.isprintable()) for char, _ in visible):
        return None
    return tuple(visible)


@lru_cache(maxsize=LINE_CACHE)
def _pieces(
    face: Face, placed: tuple[tuple[str, int], ...], size: float
) -> tuple[tuple[float, str, str, int], ...]:
    """The line cut where reading order leaves display order or the font changes, as
    (offset from the line's left end, text, font, index of its first character in reading
    order). Offsets add the same widths as one string drawn whole, so the glyphs land where
    they did when each run was drawn in one piece."""
    visual = "".join(char for char, _ in placed)
    pieces: list[tuple[float, str, str, int]] = []
    start = 0
    run_x = 0.0
    for chunk, font in runs(face, visual):
        end = start + len(chunk)
        piece_start = start
        for i in range(start + 1, end + 1):
            if i == end or placed[i][1] != placed[i - 1][1] + 1:
                offset = run_x + stringWidth(visual[start:piece_start], font, size)
                pieces.append((offset, visual[piece_start:i], font, placed[piece_start][1]))
                piece_start = i
        run_x += stringWidth(chunk, font, size)
        start = end
    return tuple(pieces)


def _width(face: Face, shaped: str, size: float) -> float:
    visible = shaped.translate(_BIDI_CONTROLS)  # embedding marks take no room on paper
    return sum(stringWidth(chunk, font, size) for chunk, font in runs(face, visible))


@lru_cache(maxsize=LINE_CACHE)
def _wrap_paragraph(face: Face, paragraph: str, size: float, max_width: float) -> tuple[str, ...]:
    """The lines of one paragraph (labels and sentences repeat on every document: cached)."""
    return tuple(_wrapped(face, paragraph, size, max_width))


def _wrapped(face: Face, paragraph: str, size: float, max_width: float) -> list[str]:
    words = paragraph.split()
    if not words:
        return [""]
    space = stringWidth(" ", face.names[0], size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        w = _width(face, shape(word), size)
        if w > max_width:
            if current:
                lines.append(" ".join(current))
                current, used = [], 0.0
            pieces = _break_word(face, word, size, max_width)
            lines.extend(pieces[:-1])
            current, used = [pieces[-1]], _width(face, shape(pieces[-1]), size)
            continue
        extra = w if not current else space + w
        if current and used + extra > max_width:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current.append(word)
            used += extra
    if current:
        lines.append(" ".join(current))
    return lines


def _break_word(face: Face, word: str, size: float, max_width: float) -> list[str]:
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and _width(face, shape(piece + char), size) > max_width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    pieces.append(piece)
    return pieces
