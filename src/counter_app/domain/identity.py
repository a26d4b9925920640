"""National numbers and Syrian mobile numbers, as typed at the counter.

A Syrian national number has 11 digits; the counter cannot check it further offline (the civil
registry owns the numbering), so it checks shape only. Mobile numbers are kept in the national
form ``09XXXXXXXX`` whatever way they were typed (+963, 00963, spaces, dashes, Arabic digits).
"""

from __future__ import annotations

import re

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

NATIONAL_ID_LENGTH = 11
_SEPARATORS = re.compile(r"[\s\-./()\u200e\u200f\u202a-\u202e]+")
# Syrian mobile operators: 09 then 3,4,5,6,8,9 (Syriatel, MTN, and later ranges).
_MOBILE = re.compile(r"^09[3-9]\d{7}$")


def _compact(raw: str) -> str:
    return _SEPARATORS.sub("", normalize_digits(raw.strip()))


def parse_national_id(raw: str, *, field: str = "national_id") -> str:
    text = _compact(raw)
    if not text:
        raise ValidationError(N_("{field}: this field is required"), field=field)
    if not text.isascii() or not text.isdigit():
        raise ValidationError(
            N_("{field}: a national number has digits only, {value} has other characters"),
            field=field,
            value=raw[:40],
        )
    if len(text) != NATIONAL_ID_LENGTH:
        raise ValidationError(
            N_("{field}: a national number has 11 digits, {value} has {count}"),
            field=field,
            value=raw[:40],
            count=len(text),
        )
    return text


def parse_mobile(raw: str, *, field: str = "phone") -> str:
    """``09XXXXXXXX`` from any of 09..., 9..., +9639..., 009639..."""
    text = _compact(raw)
    if not text:
        raise ValidationError(N_("{field}: this field is required"), field=field)
    if text.startswith("+963"):
        text = "0" + text[4:]
    elif text.startswith("00963"):
        text = "0" + text[5:]
    elif text.startswith("963") and len(text) == 12:
        text = "0" + text[3:]
    elif text.startswith("9") and len(text) == 9:
        text = "0" + text
    if not text.isascii() or not _MOBILE.match(text):
        raise ValidationError(
            N_("{field}: {value} is not a Syrian mobile number (09XXXXXXXX)"),
            field=field,
            value=raw[:40],
        )
    return text
