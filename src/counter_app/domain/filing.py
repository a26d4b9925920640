"""Splitting a scanned stack by its cover sheets: which pages belong to which request.

A cover sheet carries the request's receipt number twice (Code128 and QR) and a mark that says
only "this is a cover" and survives fax quality. A page starts a request's document only when
it carries exactly one mark and its codes give exactly one *complete* receipt number whose
check character matches, and that request exists at this station. The mark is required because
a receipt (or its photocopy) carries the same number in the same codes: found inside another
request's paper file, it must not start a document of its own request. A page joins the
previous request only when it is positively not a cover: no mark, no valid number, nothing a
decoder could have garbled out of one. Everything in between (a valid number without the mark,
a mark without a readable number, a wrong check character, two numbers, a code that resembles
a receipt number, two marks, a request this station does not have) sends that page and the
pages after it to the unfiled queue, so a misread can never file a page under another
citizen's request: at worst a person assigns it by hand. (Covers printed before the mark
existed are therefore unfiled too.)

Pure logic over decoded texts and a count of marks; rendering and decoding happen elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from counter_app.domain.receipt import ReceiptNumber, is_valid


class UnfiledReason(StrEnum):
    NO_COVER = "no_cover"  # pages before the first cover sheet
    UNKNOWN_REQUEST = "unknown_request"  # a valid number of a request this station lacks
    UNREADABLE_COVER = "unreadable_cover"  # a cover (mark or code) without one valid number
    # A valid number but no cover mark: a receipt or a copy of one (or a cover printed
    # before the mark existed). Stored in unfiled_pages.reason, String(24).
    NUMBER_WITHOUT_MARK = "number_without_mark"


QR = "qr"
CODE128 = "code128"
# Starts like a receipt number (letters, a separator, a digit), however garbled after that:
# what a decoder makes of a damaged cover, e.g. zxing once gave 'MZH-02.26-.  P\xadR'.
_RESEMBLES = re.compile(r"^\W*[A-Za-z]{2,6}[\W_]*\d")


@dataclass(frozen=True)
class Decoded:
    """One code a decoder found on a page."""

    text: str
    format: str = CODE128


@dataclass(frozen=True)
class CoverReading:
    """What the codes and marks on one page say about it being a cover sheet."""

    receipt_no: str | None = None  # a valid receipt number (not yet checked to exist)
    problem: UnfiledReason | None = None  # set when it looks like a cover but cannot be one
    code: str | None = None  # the decoded text shown to the person, for either case

    @property
    def is_cover(self) -> bool:
        return self.receipt_no is not None or self.problem is not None


def _suspect(code: Decoded) -> bool:
    """Not a valid receipt number, but maybe a damaged one. A clean text of another shape
    (a product's EAN, a URL in a QR code) is positively something else."""
    text = code.text
    if ReceiptNumber.looks_like(text) or _RESEMBLES.match(text):
        return True
    # Code128 carries printable ASCII; anything else in it is a decoding accident. (A QR code
    # may hold Arabic text legitimately.)
    return code.format == CODE128 and not (text.isascii() and text.isprintable())


def _shown(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def read_cover(codes: Sequence[str | Decoded], marks: int = 0) -> CoverReading:
    """Classify one page by the codes decoded on it (any order, maybe repeated; a bare string
    is a Code128 text) and the number of cover marks found on it."""
    found = [c if isinstance(c, Decoded) else Decoded(c) for c in codes]
    # Strict: exactly as printed (upper case, hyphens, check character), no normalising.
    numbers = sorted({c.text for c in found if is_valid(c.text)})
    suspects = sorted({_shown(c.text) for c in found if not is_valid(c.text) and _suspect(c)})
    shown = " ".join(numbers + suspects)[:64] or None
    if len(numbers) == 1 and not suspects and marks == 1:
        return CoverReading(receipt_no=numbers[0], code=numbers[0])
    if numbers and not marks:
        # A number is not positive evidence of a cover: receipts carry it too.
        return CoverReading(problem=UnfiledReason.NUMBER_WITHOUT_MARK, code=shown)
    if numbers or suspects or marks:
        # A wrong check character, two numbers or codes that disagree, two covers on one page,
        # or a cover whose number is unreadable: no way to tell which request is meant.
        return CoverReading(problem=UnfiledReason.UNREADABLE_COVER, code=shown)
    return CoverReading()  # an ordinary page (maybe with another kind of code on it)


@dataclass
class Segment:
    """A run of consecutive pages: a request's document, or pages for the unfiled queue."""

    receipt_no: str | None  # None: unfiled
    reason: UnfiledReason | None
    code: str | None
    cover_pages: list[int] = field(default_factory=list)  # 0-based
    pages: list[int] = field(default_factory=list)  # 0-based, covers excluded

    @property
    def filed(self) -> bool:
        return self.receipt_no is not None


def plan_filing(readings: Sequence[CoverReading], exists: Callable[[str], bool]) -> list[Segment]:
    """Segments in page order. A request's cover sheets are left out of its document; the
    cover of an unfiled segment is kept in it, so the person assigning it sees the sheet."""
    segments: list[Segment] = []
    current: Segment | None = None
    for index, reading in enumerate(readings):
        if reading.is_cover:
            if reading.receipt_no is not None and exists(reading.receipt_no):
                if current is not None and current.receipt_no == reading.receipt_no:
                    current.cover_pages.append(index)  # the same cover again: same document
                    continue
                current = Segment(reading.receipt_no, None, reading.code, [index])
                segments.append(current)
                continue
            reason = reading.problem or UnfiledReason.UNKNOWN_REQUEST
            current = Segment(None, reason, reading.code, [], [index])
            segments.append(current)
            continue
        if current is None:
            current = Segment(None, UnfiledReason.NO_COVER, None)
            segments.append(current)
        current.pages.append(index)
    return segments
