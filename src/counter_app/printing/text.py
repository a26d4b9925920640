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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.fonts import Face, Fonts, shipped_fonts

Align = Literal["start", "center", "end"]
LRE, PDF = "\u202a", "\u202c"
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


def ltr(text: str) -> str:
    """Keep a code, date or number left-to-right inside Arabic text: UBA would show the date
    2026-11-30 as 30-11-2026 in a right-to-left line, and a receipt number must read as printed."""
    return LRE + text + PDF


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Arabic letters in their contextual presentation forms (logical order kept)."""
    return str(_RESHAPER.reshape(text))


@lru_cache(maxsize=8192)
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
        """One logical line, reordered for display and placed between ``left`` and ``right``."""
        face = self.fonts.face(bold)
        visual = _visual(line, self.rtl)
        total = _width(face, visual, size)
        if align == "center":
            x = left + (right - left - total) / 2
        elif (align == "start") == self.rtl:
            x = right - total
        else:
            x = left
        for chunk, font in runs(face, visual):
            canvas.setFont(font, size)
            canvas.drawString(x, baseline, chunk)
            x += stringWidth(chunk, font, size)


@lru_cache(maxsize=4096)
def _visual(line: str, rtl: bool) -> str:
    """Display order of one shaped line (labels repeat on every receipt: cached)."""
    visual = str(get_display(shape(line), base_dir="R" if rtl else "L"))
    return visual.translate(_BIDI_CONTROLS)


def _width(face: Face, shaped: str, size: float) -> float:
    visible = shaped.translate(_BIDI_CONTROLS)  # embedding marks take no room on paper
    return sum(stringWidth(chunk, font, size) for chunk, font in runs(face, visible))


def _wrap_paragraph(face: Face, paragraph: str, size: float, max_width: float) -> list[str]:
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
