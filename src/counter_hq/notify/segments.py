"""How many SMS segments a text costs: GSM 03.38 (7-bit) when every character is in the GSM
alphabet, else UCS-2 (any Arabic letter makes the whole message UCS-2).

Single message: 160 GSM-7 septets or 70 UCS-2 units. Concatenated, each part carries a 6-byte
user data header, leaving 153 septets or 67 units. A GSM-7 extension character (``{ } [ ] ~ \\
| ^ €`` and form feed) takes two septets (escape + code) and may not be split across parts.
UCS-2 counts UTF-16 code units: a character outside the BMP (an emoji) takes two, and a pair is
never split across parts either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# GSM 03.38 default alphabet (basic table), as Unicode.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table reached by ESC: two septets each.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

Encoding = Literal["gsm7", "ucs2"]


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int

    @property
    def single(self) -> bool:
        return self.segments <= 1


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _unit_sizes(text: str, encoding: Encoding) -> list[int]:
    if encoding == "gsm7":
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def count_segments(text: str) -> SegmentCount:
    encoding: Encoding = "gsm7" if is_gsm7(text) else "ucs2"
    sizes = _unit_sizes(text, encoding)
    units = sum(sizes)
    single, part = (GSM7_SINGLE, GSM7_PART) if encoding == "gsm7" else (UCS2_SINGLE, UCS2_PART)
    if units <= single:
        return SegmentCount(encoding, units, 1 if units else 0)
    # Fill parts character by character: an escape pair or a surrogate pair never straddles
    # two parts, so a part may hold one unit less than ``part``.
    segments, used = 1, 0
    for size in sizes:
        if used + size > part:
            segments += 1
            used = 0
        used += size
    return SegmentCount(encoding, units, segments)


def fits_one(text: str) -> bool:
    return count_segments(text).segments <= 1
