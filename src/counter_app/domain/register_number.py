"""Diwan (ديوان) register numbers: ``<number>/<year>``, e.g. ``1234/2026``.

The ministry's incoming register restarts at 1 every year and has no gaps, which is why the
number is allocated inside the transaction that records the entry. Clerks type the number as it
is written on the paper, in Arabic-Indic or Latin digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

MAX_NUMBER = 9_999_999
_SHAPE = re.compile(r"^(\d{1,7})/(\d{4})$")
# The division slash and the fullwidth slash are what some keyboards and text tools give for "/".
_SLASHES = {0x2215: "/", 0xFF0F: "/"}


@dataclass(frozen=True, order=True)
class RegisterNumber:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 2000 <= self.year <= 2099 or not 1 <= self.number <= MAX_NUMBER:
            raise ValueError(f"bad register number parts: {self.number} {self.year}")

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @classmethod
    def looks_like(cls, raw: str) -> bool:
        """Written like a register number (a slash between digits), not like a receipt."""
        return "/" in normalize_digits(raw) and not any(c.isalpha() for c in raw)

    @classmethod
    def parse(cls, raw: str) -> RegisterNumber:
        text = re.sub(r"\s+", "", normalize_digits(raw)).translate(_SLASHES)
        found = _SHAPE.match(text)
        try:
            if found is None:
                raise ValueError(raw)
            return cls(year=int(found.group(2)), number=int(found.group(1)))
        except ValueError:
            raise ValidationError(
                N_("{value} is not a register number (like 1234/2026)"),
                field="register_no",
                value=raw[:40],
            ) from None
