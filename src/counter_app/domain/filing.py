"""Splitting a scanned stack by its cover sheets: which pages belong to which request.

A cover sheet carries the request's receipt number as a Code128 barcode. A page starts a
request's document only when a barcode on it is a *complete* receipt number whose check
character matches and that request exists at this station. Everything else that looks like a
cover (a wrong check character, two different numbers, a request this station does not have)
sends that page and the pages after it to the unfiled queue, so a misread can never file a page
under another citizen's request: at worst a person assigns it by hand.

Pure logic over decoded barcode texts; rendering and decoding happen elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from counter_app.domain.receipt import ReceiptNumber, is_valid


class UnfiledReason(StrEnum):
    NO_COVER = "no_cover"  # pages before the first cover sheet
    UNKNOWN_REQUEST = "unknown_request"  # a valid number of a request this station lacks
    UNREADABLE_COVER = "unreadable_cover"  # shaped like a receipt number, but not a valid one


@dataclass(frozen=True)
class CoverReading:
    """What the barcodes on one page say about it being a cover sheet."""

    receipt_no: str | None = None  # a valid receipt number (not yet checked to exist)
    problem: UnfiledReason | None = None  # set when it looks like a cover but cannot be one
    code: str | None = None  # the decoded text shown to the person, for either case

    @property
    def is_cover(self) -> bool:
        return self.receipt_no is not None or self.problem is not None


def read_cover(codes: Sequence[str]) -> CoverReading:
    """Classify one page by the barcode texts decoded on it (any order, maybe repeated)."""
    shaped = sorted({c for c in codes if ReceiptNumber.looks_like(c)})
    if not shaped:
        return CoverReading()  # an ordinary page (maybe with another kind of barcode on it)
    # Strict: exactly as printed (upper case, hyphens, check character), no normalising.
    valid = [c for c in shaped if is_valid(c)]
    if len(valid) == 1 and len(shaped) == 1:
        return CoverReading(receipt_no=valid[0], code=valid[0])
    # A wrong check character, or two numbers on one page: no way to tell which is meant.
    return CoverReading(problem=UnfiledReason.UNREADABLE_COVER, code=" ".join(shaped)[:64])


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
