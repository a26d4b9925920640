"""Handover batch numbers: ``HO-<center>-<station>-<yymmdd>-<nn>-<check>``, e.g.
``HO-MZH-02-261122-01-S``.

The archive clerk scans (or types) the number printed on a handover slip to open the batch.
``yymmdd`` is the counter's business day whose files the batch carries, ``nn`` the batch of
that station and day. The check character is the receipt numbers' ISO 7064 MOD 37-2 over the
whole body, so a misread or mistyped number is refused instead of opening another batch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.receipt import check_character

PREFIX = "HO"
MAX_BATCHES_PER_DAY = 99
_SHAPE = re.compile(r"^HO-([A-Z]{2,6})-(\d{2})-(\d{6})-(\d{2})-[0-9A-Z*]$")
_CENTER = re.compile(r"^[A-Z]{2,6}$")


def _malformed(raw: str) -> ValidationError:
    return ValidationError(
        N_("{value} is not a handover batch number (like HO-MZH-02-261122-01-S)"),
        field="batch",
        value=raw[:40],
    )


@dataclass(frozen=True, order=True)
class BatchNumber:
    center: str
    station: int
    day: dt.date
    seq: int

    def __post_init__(self) -> None:
        if not _CENTER.match(self.center) or not 1 <= self.station <= 99:
            raise ValueError(f"bad batch number parts: {self.center!r} {self.station}")
        if not 1 <= self.seq <= MAX_BATCHES_PER_DAY or not 2000 <= self.day.year <= 2099:
            raise ValueError(f"bad batch number parts: {self.day} {self.seq}")

    @property
    def body(self) -> str:
        return f"{PREFIX}-{self.center}-{self.station:02d}-{self.day:%y%m%d}-{self.seq:02d}"

    def __str__(self) -> str:
        body = self.body
        return f"{body}-{check_character(body)}"

    @classmethod
    def parse(cls, raw: str) -> BatchNumber:
        """A printed, scanned or typed batch number; a wrong check character is refused."""
        text = re.sub(r"\s+", "", normalize_digits(raw)).upper()
        found = _SHAPE.match(text)
        if not found:
            raise _malformed(raw)
        if check_character(text[:-2]) != text[-1]:
            raise ValidationError(
                N_("{value}: the check character does not match; the batch number is mistyped"),
                field="batch",
                value=raw[:40],
            )
        center, station, day, seq = found.groups()
        try:
            return cls(center, int(station), dt.datetime.strptime(day, "%y%m%d").date(), int(seq))
        except ValueError:
            raise _malformed(raw) from None
