"""The shipped fonts, registered with reportlab once per process.

reportlab keeps registered fonts in a process-wide table; registering is idempotent here, so
callers just ask for ``shipped_fonts()`` and get the same object every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.paths import resources_dir

# First font that has a character draws it: Arabic first, Latin as the fallback.
FACES = {
    "regular": ("CSC-Arabic", "NotoSansArabic-Regular.ttf", "CSC-Latin", "NotoSans-Regular.ttf"),
    "bold": ("CSC-Arabic-Bold", "NotoSansArabic-Bold.ttf", "CSC-Latin-Bold", "NotoSans-Bold.ttf"),
}


@dataclass(frozen=True)
class Face:
    """One weight: the fonts to try in order, with the characters each can draw."""

    names: tuple[str, ...]
    coverage: tuple[frozenset[int], ...]

    def font_for(self, char: str) -> str:
        code = ord(char)
        for name, chars in zip(self.names, self.coverage, strict=True):
            if code in chars:
                return name
        return self.names[-1]  # drawn as the fallback font's .notdef: visible, never dropped


@dataclass(frozen=True)
class Fonts:
    regular: Face
    bold: Face

    def face(self, bold: bool) -> Face:
        return self.bold if bold else self.regular


def _register(name: str, filename: str) -> frozenset[int]:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / filename)))
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


@cache
def shipped_fonts() -> Fonts:
    faces = {}
    for weight, (ar_name, ar_file, la_name, la_file) in FACES.items():
        faces[weight] = Face(
            names=(ar_name, la_name),
            coverage=(_register(ar_name, ar_file), _register(la_name, la_file)),
        )
    return Fonts(regular=faces["regular"], bold=faces["bold"])
