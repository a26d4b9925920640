"""Handover batch numbers: ``HO-<center>-<station>-<yymmdd>-<nn>-<check>``, e.g.
``HO-MZH-02-261122-01-38``.

The archive clerk scans (or types) the number printed on a handover slip to open the batch.
``yymmdd`` is the counter's business day whose files the batch carries, ``nn`` the batch of
that station and day. The check is the receipt numbers' two ISO 7064 MOD 97-10 digits over the
body without its hyphens (receipt.py says why), so a misread or mistyped number is refused
instead of opening another batch. Slips printed before carry one MOD 37-2 check character
(``HO-MZH-02-261122-01-S``); they stay valid, and the batch keeps the number printed on them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.receipt import check_character, check_digits

PREFIX = "HO"
MAX_BATCHES_PER_DAY = 99
_SHAPE = re.compile(r"^HO-([A-Z]{2,6})-(\d{2})-(\d{6})-(\d{2})-(\d{2}|[0-9A-Z*])$")
_CENTER = re.compile(r"^[A-Z]{2,6}$")
_AS_DIGIT = str.maketrans("OIL", "011")  # where only a digit can stand (receipt.py)


def _malformed(raw: str) -> ValidationError:
    return ValidationError(
        N_("{value} is not a handover batch number (like HO-MZH-02-261122-01-38)"),
        field="batch",
        value=raw[:40],
    )


@dataclass(frozen=True, order=True)
class BatchNumber:
    center: str
    station: int
    day: dt.date
    seq: int
    # Printed with one MOD 37-2 check character (slips printed before the check digits); not
    # part of the identity.
    legacy: bool = field(default=False, compare=False)

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
        return f"{body}-{check_character(body) if self.legacy else check_digits(body)}"

    @classmethod
    def parse(cls, raw: str) -> BatchNumber:
        """A printed, scanned or typed batch number; a wrong check is refused."""
        text = _canonical(raw)
        found = _SHAPE.match(text)
        if not found:
            raise _malformed(raw)
        center, station, day, seq, check = found.groups()
        legacy = len(check) == 1
        body = text[: -len(check) - 1]
        if check != (check_character(body) if legacy else check_digits(body)):
            raise ValidationError(
                N_("{value}: the check character does not match; the batch number is mistyped")
                if legacy
                else N_("{value}: the check digits do not match; the batch number is mistyped"),
                field="batch",
                value=raw[:40],
            )
        try:
            day_value = dt.datetime.strptime(day, "%y%m%d").date()
            return cls(center, int(station), day_value, int(seq), legacy=legacy)
        except ValueError:
            raise _malformed(raw) from None


def _canonical(raw: str) -> str:
    """As receipt numbers: spaces dropped, Latin digits, capitals, and O, I, L read as 0, 1, 1
    in the station, day, batch and two check digits."""
    text = re.sub(r"\s+", "", normalize_digits(raw)).upper()
    parts = text.split("-")
    if len(parts) != 6:
        return text
    last = parts[5].translate(_AS_DIGIT) if len(parts[5]) == 2 else parts[5]
    return "-".join([*parts[:2], *(p.translate(_AS_DIGIT) for p in parts[2:5]), last])
