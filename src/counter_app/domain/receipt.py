"""Receipt numbers: ``<center>-<station>-<yy>-<seq>-<check>``, e.g. ``MZH-02-26-000123-52``.

Allocated offline by each station without coordination: the center code and station number make
the numbers of two stations disjoint, the sequence is per station and year, and the check
digits catch a mistyped number before it finds the wrong citizen's request.

The check is two digits, ISO 7064 MOD 97-10 (the IBAN check) over the body without its hyphens,
letters counted A=10 ... Z=35 as in ISO 7064 and IBAN. The hyphens stand at fixed places, so
one missing, extra or moved is a shape error refused before the check. MOD 97-10 detects every
single-character substitution (a digit changes the value by d*10^k, a letter by at most
25*10^k, and 97 is a prime above 25 that shares nothing with 10) and every swap of two
neighbours (a difference of (a-b)*9*10^k, or (a-b)*99*10^k for two letters; 9 and 99 are not
multiples of 97), and more besides (most double errors). Digits only: nothing for a citizen
to spell out on the phone, type on a keypad or get wrong between O and 0.

Numbers issued before (legacy, stored in a station's database and printed on receipts) carry
ONE check character, ISO 7064 MOD 37-2 over the whole body, hyphens included (alphabet 0-9,
A-Z and ``*``). They stay valid: a number with one check character is checked by MOD 37-2, one
with two by MOD 97-10. Center, station, year and sequence identify a request whatever its
check, and a number is looked up by its whole printed form, so the two never meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"  # legacy numbers' check character
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
MODULUS = 37
SEQ_DIGITS = 6
MAX_SEQ = 999_999_999
# The sequence as printed: six digits, more only from 1,000,000 on (never a leading zero
# then), so one number has one spelling and no typo turns into another spelling of a number.
_SHAPE = re.compile(r"^[A-Z]{2,6}-\d{2}-\d{2}-(?:\d{6}|[1-9]\d{6,8})-\d{2}$")
# Legacy numbers always had six: a station never issued a million receipts in a year. Were
# longer ones accepted, swapping a new number's last hyphen with the digit before it
# (...-123456-52 -> ...-1234565-2) would pass the old check 1 time in 37.
_LEGACY_SHAPE = re.compile(r"^[A-Z]{2,6}-\d{2}-\d{2}-\d{6}-[0-9A-Z*]$")
_DIGITISH = r"[\dOoIiLl]"  # what a person types for a digit (see _canonical)
_LOOSE = re.compile(
    rf"^[A-Za-z]{{2,6}}\s*-\s*{_DIGITISH}{{1,2}}\s*-\s*{_DIGITISH}{{2}}\s*-\s*"
    rf"{_DIGITISH}{{1,9}}\s*-\s*[0-9A-Za-z*]{{0,2}}$"
)
_CENTER = re.compile(r"^[A-Z]{2,6}$")
# Where only a digit can stand, a letter typed for it is the digit it looks like.
_AS_DIGIT = str.maketrans("OIL", "011")


def check_digits(body: str) -> str:
    """ISO 7064 MOD 97-10 over ``body`` (0-9, A-Z; hyphens are left out): two digits, so that
    the body's value followed by them leaves 1 when divided by 97."""
    value = int("".join(str(int(char, 36)) for char in body if char != "-"))
    return f"{98 - value * 100 % 97:02d}"


def check_character(body: str) -> str:
    """ISO 7064 MOD 37-2 over ``body`` (characters of ALPHABET only): the one check character
    of legacy numbers, kept to validate them."""
    total = 0
    for char in body:
        total = ((total + _VALUE[char]) * 2) % MODULUS
    return CHECK_ALPHABET[(MODULUS + 1 - total) % MODULUS]


def is_valid(text: str) -> bool:
    """True when ``text`` is a receipt number exactly as printed, new (two check digits) or
    legacy (one check character), and its check matches."""
    if _SHAPE.match(text):
        return check_digits(text[:-3]) == text[-2:]
    if _LEGACY_SHAPE.match(text):
        return check_character(text[:-2]) == text[-1]
    return False


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
    # Printed with one MOD 37-2 check character, as before the check digits: only a number
    # parsed from such a receipt. Not part of the identity (equality, order, hash).
    legacy: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not _CENTER.match(self.center) or not 1 <= self.station <= 99:
            raise ValueError(f"bad receipt number parts: {self.center!r} {self.station}")
        if not 0 <= self.year <= 99 or not 1 <= self.seq <= MAX_SEQ:
            raise ValueError(f"bad receipt number parts: {self.year} {self.seq}")

    @property
    def body(self) -> str:
        return f"{self.center}-{self.station:02d}-{self.year:02d}-{self.seq:0{SEQ_DIGITS}d}"

    @cached_property
    def _text(self) -> str:
        # Computed once: HQ's ingest and the counter's lists print one number several times.
        body = self.body
        return f"{body}-{check_character(body) if self.legacy else check_digits(body)}"

    def __str__(self) -> str:
        return self._text

    @staticmethod
    def _canonical(raw: str) -> str:
        """Spaces dropped, digits in Latin, letters in capitals, and O, I, L read as 0, 1, 1
        where only digits stand: station, year, sequence and two check digits (a legacy
        check character can be any letter, so it is left alone)."""
        text = re.sub(r"\s+", "", normalize_digits(raw)).upper()
        parts = text.split("-")
        if len(parts) != 5:
            return text
        digits = parts[1:4] + ([parts[4]] if len(parts[4]) == 2 else [])
        fixed = [part.translate(_AS_DIGIT) for part in digits]
        return "-".join([parts[0], *fixed, *([] if len(parts[4]) == 2 else [parts[4]])])

    @classmethod
    def looks_like(cls, raw: str) -> bool:
        """Shaped like a receipt number (maybe mistyped): search treats it as one."""
        return bool(_LOOSE.match(normalize_digits(raw.strip())))

    @classmethod
    def parse(cls, raw: str) -> ReceiptNumber:
        """A printed, scanned or typed receipt number; a wrong check is refused."""
        text = cls._canonical(raw)
        legacy = not _SHAPE.match(text)
        if legacy and not _LEGACY_SHAPE.match(text):
            raise _malformed(raw)
        if not is_valid(text):
            raise ValidationError(
                N_("{value}: the check character does not match; the number is mistyped")
                if legacy
                else N_("{value}: the check digits do not match; the number is mistyped"),
                field="receipt",
                value=raw[:40],
            )
        center, station, year, seq, _ = text.split("-")
        try:
            return cls(center, int(station), int(year), int(seq), legacy=legacy)
        except ValueError:
            raise _malformed(raw) from None


def _malformed(raw: str) -> ValidationError:
    return ValidationError(
        N_("{value} is not a receipt number (like MZH-02-26-000123-52)"),
        field="receipt",
        value=raw[:40],
    )
