"""The shipped fonts, registered with reportlab once per process.

reportlab keeps registered fonts in a process-wide table; registering is idempotent here, so
callers just ask for ``shipped_fonts()`` and get the same object every time.
"""

from __future__ import annotations

import itertools
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, cast

from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont

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


@lru_cache(maxsize=4096)
def copied_text(code: int) -> str:
    """What a glyph drawn for ``code`` means when text is copied out of the PDF.

    Arabic is drawn as presentation forms (U+FB50-U+FEFF: the joined shapes a PDF needs, since
    it does no shaping), but a person copying or searching wants the letters (U+0600 block).
    A ligature (lam-alef, the word Allah) stands for several letters, given in reading order;
    extractors that would read them backwards get each line's text as /ActualText (text.py)."""
    if not 0xFB50 <= code <= 0xFEFF:
        return chr(code)
    return unicodedata.normalize("NFKC", chr(code)).replace(" ", "") or chr(code)


# Characters every document's first subset of a font holds, at the same codes in every
# document (see ``CopyableFont``): the joined Arabic letters arabic-reshaper draws
# (Presentation Forms-B), Arabic punctuation, the ligature of the word Allah, and the few
# non-ASCII signs the documents print. ASCII is there already (reportlab's readable codes).
STABLE_CHARS = "".join(
    [chr(code) for code in range(0xFE70, 0xFEFD)]
    + ["\u060c", "\u061b", "\u061f", "\ufdf2", "\u2022", "\u2014"]
)
_FLATE = PDFName("FlateDecode")
_PARTS_KEPT = 32  # subsets whose PDF parts are kept per font (documents share the first)


class _Slot(PDFObject):
    """Where a per-document value goes in a dictionary formatted in advance."""

    def __init__(self, index: int) -> None:
        self.index = index

    def format(self, document: Any) -> bytes:
        return b"\x00%d\x00" % self.index


def _formatted(entries: dict[str, Any]) -> tuple[bytes, ...]:
    """A dictionary formatted once, cut at its slots: text, slot, text, ..., text."""
    return tuple(PDFDictionary(entries).format(None).split(b"\x00"))


class _Filled(PDFObject):
    """A dictionary formatted in advance with its slots (references to other objects of this
    document, this document's name of the font) filled in when the document is written."""

    __RefOnly__ = 1  # a font is written as its own object, named from the resources

    def __init__(self, parts: tuple[bytes, ...], values: tuple[Any, ...]) -> None:
        self.parts = parts
        self.values = values

    def format(self, document: Any) -> bytes:
        parts = list(self.parts)
        for i in range(1, len(parts), 2):
            parts[i] = pdf_format(self.values[int(parts[i])], document)
        return b"".join(parts)


class _Written(PDFObject):
    """A stream object formatted once (a subset's font program, its ToUnicode map)."""

    __RefOnly__ = 1

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def _stream(data: bytes, **entries: int) -> bytes:
    """A FlateDecode stream object's text (dictionary, data, end)."""
    extra = "".join(f" /{name} {value}" for name, value in entries.items())
    head = f"<< /Filter /FlateDecode /Length {len(data)}{extra} >>\nstream\n"
    return head.encode("ascii") + data + b"\nendstream\n"


@dataclass(frozen=True)
class _SubsetParts:
    font_file: bytes  # compressed (FlateDecode), as to_unicode
    font_file_length: int
    to_unicode: bytes
    font_file_object: bytes  # the two streams as written into a document (see _Written)
    to_unicode_object: bytes
    font: tuple[bytes, ...]  # slots: 0 its name, 1 its ToUnicode, 2 its descriptor
    descriptor: tuple[bytes, ...]  # slot: 0 its font program


class CopyableFont(TTFont):
    """A TrueType font whose ToUnicode map gives letters, not presentation forms (see
    ``copied_text``), and whose subsets are made once per process.

    reportlab gives each document its own subsets (256 glyphs each), numbering characters in
    the order the document first uses them, so every document embedded freshly made fonts.
    Here a document's first subset starts with ``STABLE_CHARS`` at fixed codes: receipts
    then share that subset, and its font program, widths and ToUnicode map are made once and
    reused; a text of only those characters is encoded once too (``encode``). A character
    outside them gets the next free code in that document, as reportlab does.

    ``mirrored``: the same glyphs, each copied as its mirror image character. A bracket on a
    right-to-left line is drawn with the other bracket's glyph (``(`` shows as ``)``); drawn
    from this twin of the font, it still copies as the bracket that was written."""

    def __init__(self, name: str, filename: str, *, mirrored: bool = False) -> None:
        super().__init__(name, filename)
        self.mirrored = mirrored
        if mirrored:  # its own name in the PDF, so its subsets never meet the plain font's
            self.face.name = self.face.name + b"-Mirrored"
        self._template = self._stable_state()
        self._encoded: dict[str, list[tuple[int, bytes]]] = {}
        self._parts: dict[tuple[int, tuple[int, ...]], _SubsetParts] = {}

    def _stable_state(self) -> Any:
        class _Probe:  # a stand-in document: reportlab keys its states by document
            pass

        probe = _Probe()
        super().splitString(STABLE_CHARS, probe)
        state = self.state.pop(probe)
        return state

    def _state(self, doc: Any) -> Any:
        state: Any = self.state.get(doc)
        if state is None:
            template = self._template
            state = TTFont.State(cast(Any, self)._asciiReadable, self)
            state.assignments = dict(template.assignments)
            state.subsets = [list(subset) for subset in template.subsets]
            state.nextCode = template.nextCode
            self.state[doc] = state
        return state

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
        self._state(doc)
        return super().splitString(text, doc, encoding)

    def encode(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        """``splitString`` for drawing: (subset, codes) runs of ``text`` in ``doc``."""
        runs = self.stable_runs(text)
        if runs is None:
            runs = self.splitString(text, doc)
        self._state(doc)
        return runs

    def stable_runs(self, text: str) -> list[tuple[int, bytes]] | None:
        """The (subset, codes) runs of ``text`` in any document, when each of its characters
        has a code fixed in advance (or none: .notdef); ``None`` otherwise."""
        runs = self._encoded.get(text)
        if runs is not None:
            return runs
        assigned = self._template.assignments
        glyphs = self.face.charToGlyph
        codes = []
        for char in text:
            code = 32 if char == "\xa0" else ord(char)  # as splitString: nbsp is a space
            if code in assigned:
                codes.append(assigned[code])
            elif code in glyphs:
                return None  # its code would be the next free one of a document
            else:
                codes.append(0)
        runs = [
            (subset, bytes(code & 0xFF for code in group))
            for subset, group in itertools.groupby(codes, key=lambda code: code >> 8)
        ]
        if len(self._encoded) > 1024:  # labels repeat; names and numbers would only pile up
            self._encoded.clear()
        self._encoded[text] = runs
        return runs

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        self._state(doc)
        return str(super().getSubsetInternalName(subset, doc))

    def _subset_parts(self, index: int, subset: tuple[int, ...], name: str) -> _SubsetParts:
        key = (index, subset)
        parts = self._parts.get(key)
        if parts is None:
            face: Any = self.face
            flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
            descriptor = {
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": flags,
                "FontBBox": PDFArray(face.bbox),
                "FontName": PDFName(name),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": _Slot(0),
                "MissingWidth": face.defaultWidth,
            }
            font = {
                "Type": PDFName("Font"),
                "Subtype": PDFName("TrueType"),
                "BaseFont": PDFName(name),
                "Name": _Slot(0),
                "FirstChar": 0,
                "LastChar": len(subset) - 1,
                "Widths": PDFArray([face.getCharWidth(code) for code in subset]),
                "ToUnicode": _Slot(1),
                "FontDescriptor": _Slot(2),
            }
            program = face.makeSubset(list(subset))
            packed = zlib.compress(program, 9)
            to_unicode = zlib.compress(
                _to_unicode(name, list(subset), self.mirrored).encode("latin-1"), 9
            )
            parts = _SubsetParts(
                font_file=packed,
                font_file_length=len(program),
                to_unicode=to_unicode,
                font_file_object=_stream(packed, Length1=len(program)),
                to_unicode_object=_stream(to_unicode),
                font=_formatted(font),
                descriptor=_formatted(descriptor),
            )
            if len(self._parts) >= _PARTS_KEPT:
                self._parts.clear()
            self._parts[key] = parts
        return parts

    def addObjects(self, doc: Any) -> None:
        """reportlab's ``TTFont.addObjects`` with each subset's parts made once (see above)."""
        state = self._state(doc)
        state.frozen = 1
        face = self.face
        fonts = doc.idToObject["BasicFonts"].dict
        for index, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(index, doc)[1:]
            base = (b"".join((SUBSETN(index), b"+", face.name, face.subfontNameX))).decode("pdfdoc")
            parts = self._subset_parts(index, tuple(subset), base)
            # Compressed once with the rest of the subset's parts, whatever the document's
            # own setting (its page stream stays as the document says).
            # Written as made when the document is not encrypted (streams are encrypted
            # per object): no stream dictionary to build and format for each document.
            plain = isinstance(doc.encrypt, NoEncryption)
            cmap: PDFObject = (
                _Written(parts.to_unicode_object)
                if plain
                else PDFStream(PDFDictionary({"Filter": _FLATE}), parts.to_unicode)
            )
            program: PDFObject = (
                _Written(parts.font_file_object)
                if plain
                else PDFStream(
                    PDFDictionary({"Filter": _FLATE, "Length1": parts.font_file_length}),
                    parts.font_file,
                )
            )
            descriptor = _Filled(
                parts.descriptor,
                (doc.Reference(program, f"fontFile:{face.filename}({base})"),),
            )
            font = _Filled(
                parts.font,
                (
                    PDFName(internal),
                    doc.Reference(cmap, "toUnicodeCMap:" + base),
                    doc.Reference(descriptor, "fontDescriptor:" + base),
                ),
            )
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]


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
