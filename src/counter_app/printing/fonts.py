"""The shipped fonts, registered with reportlab once per process.

reportlab keeps registered fonts in a process-wide table; registering is idempotent here, so
callers just ask for ``shipped_fonts()`` and get the same object every time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

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


def copied_text(code: int) -> str:
    """What a glyph drawn for ``code`` means when text is copied out of the PDF.

    Arabic is drawn as presentation forms (U+FB50-U+FEFF: the joined shapes a PDF needs, since
    it does no shaping), but a person copying or searching wants the letters (U+0600 block).
    A ligature (lam-alef, the word Allah) stands for several letters, given in reading order;
    extractors that would read them backwards get each line's text as /ActualText (text.py)."""
    if not 0xFB50 <= code <= 0xFEFF:
        return chr(code)
    return unicodedata.normalize("NFKC", chr(code)).replace(" ", "") or chr(code)


class CopyableFont(TTFont):
    """A TrueType font whose ToUnicode map gives letters, not presentation forms (see
    ``copied_text``). reportlab writes one ToUnicode stream per 256-glyph subset; this
    replaces its contents after reportlab has made them.

    ``mirrored``: the same glyphs, each copied as its mirror image character. A bracket on a
    right-to-left line is drawn with the other bracket's glyph (``(`` shows as ``)``); drawn
    from this twin of the font, it still copies as the bracket that was written."""

    def __init__(self, name: str, filename: str, *, mirrored: bool = False) -> None:
        super().__init__(name, filename)
        self.mirrored = mirrored
        if mirrored:  # its own name in the PDF, so its subsets never meet the plain font's
            self.face.name = self.face.name + b"-Mirrored"

    def addObjects(self, doc: Any) -> None:
        subsets = [list(s) for s in self.state[doc].subsets] if doc in self.state else []
        face = self.face
        names = [
            (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))).decode("pdfdoc")
            for n in range(len(subsets))
        ]
        super().addObjects(doc)
        for name, subset in zip(names, subsets, strict=True):
            stream = doc.idToObject["toUnicodeCMap:" + name]
            stream.content = _to_unicode(name, subset, self.mirrored)


_NOTDEF = "\ufffd"


@lru_cache(maxsize=8192)
def _unicode_hex(code: int, mirrored: bool) -> str:
    if not code:  # .notdef as U+FFFD, the replacement character: copy.py relies on it
        text = _NOTDEF
    else:
        text = MIRRORED.get(chr(code), chr(code)) if mirrored else copied_text(code)
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(name: str, subset: list[int], mirrored: bool) -> str:
    pairs = "\n".join(
        f"<{i:02X}> <{_unicode_hex(code, mirrored)}>" for i, code in enumerate(subset)
    )
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _register(name: str, filename: str) -> frozenset[int]:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(CopyableFont(name, str(resources_dir() / "fonts" / filename)))
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


@cache
def mirrored_font(name: str) -> str:
    """The twin of a shipped font that copies each glyph as its mirror image character."""
    filename = next(
        file
        for names in FACES.values()
        for font, file in zip(names[::2], names[1::2], strict=True)
        if font == name
    )
    twin = name + "-Mirrored"
    if twin not in pdfmetrics.getRegisteredFontNames():
        path = str(resources_dir() / "fonts" / filename)
        pdfmetrics.registerFont(CopyableFont(twin, path, mirrored=True))
    return twin


@cache
def shipped_fonts() -> Fonts:
    faces = {}
    for weight, (ar_name, ar_file, la_name, la_file) in FACES.items():
        faces[weight] = Face(
            names=(ar_name, la_name),
            coverage=(_register(ar_name, ar_file), _register(la_name, la_file)),
        )
    return Fonts(regular=faces["regular"], bold=faces["bold"])
