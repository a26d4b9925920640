"""Receipt numbers: ``<center>-<station>-<yy>-<seq>-<check>``, e.g. ``MZH-02-26-000123-7``.

Allocated offline by each station without coordination: the center code and station number make
the numbers of two stations disjoint, the sequence is per station and year, and the check
character catches a mistyped number before it finds the wrong citizen's request.

The check character is ISO 7064 MOD 37-2 computed over the whole body, hyphens included (a
hyphen counts as the 37th symbol). MOD 37-2 is a pure system with a prime modulus and weights
that are successive powers of 2, so it detects every single-character substitution and every
transposition of two adjacent characters. Its check alphabet is 0-9, A-Z and ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
MODULUS = 37
SEQ_DIGITS = 6
MAX_SEQ = 999_999_999
_SHAPE = re.compile(r"^[A-Z]{2,6}-\d{2}-\d{2}-\d{6,9}-[0-9A-Z*]$")
_LOOSE = re.compile(r"^[A-Za-z]{2,6}\s*-\s*\d{1,2}\s*-\s*\d{2}\s*-\s*\d{1,9}\s*-\s*[0-9A-Za-z*]?$")
_CENTER = re.compile(r"^[A-Z]{2,6}$")


def check_character(body: str) -> str:
    """ISO 7064 MOD 37-2 over ``body`` (characters of ALPHABET only)."""
    total = 0
    for char in body:
        total = ((total + _VALUE[char]) * 2) % MODULUS
    return CHECK_ALPHABET[(MODULUS + 1 - total) % MODULUS]


def is_valid(text: str) -> bool:
    """True when ``text`` has the printed shape and its check character matches."""
    if not _SHAPE.match(text):
        return False
    body, check = text[:-2], text[-1]
    return check_character(body) == check


def validate_center_code(raw: str) -> str:
    code = raw.strip().upper()
    if not code.isascii() or not _CENTER.match(code):
        raise ValidationError(
            N_("{field}: a center code is 2 to 6 Latin letters, e.g. MZH"),
            field="center",
        )
    return code


def validate_station(number: int) -> int:
    if not 1 <= number <= 99:
        raise ValidationError(N_("{field}: a station number is 1 to 99"), field="station")
    return number


@dataclass(frozen=True, order=True)
class ReceiptNumber:
    center: str
    station: int
    year: int  # two digits: 26 for 2026
    seq: int

    def __post_init__(self) -> None:
        if not _CENTER.match(self.center) or not 1 <= self.station <= 99:
            raise ValueError(f"bad receipt number parts: {self.center!r} {self.station}")
        if not 0 <= self.year <= 99 or not 1 <= self.seq <= MAX_SEQ:
            raise ValueError(f"bad receipt number parts: {self.year} {self.seq}")

    @property
    def body(self) -> str:
        return f"{self.center}-{self.station:02d}-{self.year:02d}-{self.seq:0{SEQ_DIGITS}d}"

    def __str__(self) -> str:
        body = self.body
        return f"{body}-{check_character(body)}"

    @staticmethod
    def _canonical(raw: str) -> str:
        return re.sub(r"\s+", "", normalize_digits(raw)).upper()

    @classmethod
    def looks_like(cls, raw: str) -> bool:
        """Shaped like a receipt number (maybe mistyped): search treats it as one."""
        return bool(_LOOSE.match(normalize_digits(raw.strip())))

    @classmethod
    def parse(cls, raw: str) -> ReceiptNumber:
        """A printed, scanned or typed receipt number; a wrong check character is refused."""
        text = cls._canonical(raw)
        if not _SHAPE.match(text):
            raise ValidationError(
                N_("{value} is not a receipt number (like MZH-02-26-000123-7)"),
                field="receipt",
                value=raw[:40],
            )
        if check_character(text[:-2]) != text[-1]:
            raise ValidationError(
                N_("{value}: the check character does not match; the number is mistyped"),
                field="receipt",
                value=raw[:40],
            )
        center, station, year, seq, _ = text.split("-")
        try:
            return cls(center, int(station), int(year), int(seq))
        except ValueError:
            raise ValidationError(
                N_("{value} is not a receipt number (like MZH-02-26-000123-7)"),
                field="receipt",
                value=raw[:40],
            ) from None
