"""Archive boxes: the code printed (with its barcode) on a box's label, and its shelf."""

from __future__ import annotations

import re

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError

# Latin letters, digits and hyphens only: the code is a Code 128 barcode a scanner reads back
# through a keyboard wedge, where anything else may come out differently.
_CODE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$")
SHELF_LIMIT = 40
LABEL_LIMIT = 200


def parse_box_code(raw: str) -> str:
    code = re.sub(r"\s+", "", normalize_digits(raw)).upper()
    if not code.isascii() or not _CODE.match(code):
        raise ValidationError(
            N_("{value} is not a box code: 1 to 20 Latin letters, digits or hyphens"),
            field="box",
            value=raw[:40],
        )
    return code


def clean_shelf(raw: str) -> str:
    shelf = clean_input_text(normalize_digits(raw), field="shelf", max_length=SHELF_LIMIT)
    if not shelf:
        raise ValidationError(N_("{field}: this field is required"), field="shelf")
    return shelf


def clean_label(raw: str | None) -> str:
    return clean_input_text(raw or "", field="label", max_length=LABEL_LIMIT)
