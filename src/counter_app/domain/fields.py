"""Typed service fields: turn what a clerk typed into clean stored values, or say what is wrong."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from counter_app.domain.arabic import clean_input_text, normalize_for_search
from counter_app.domain.catalog import FieldDef, FieldType, Service
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, N_n, ValidationError
from counter_app.domain.identity import parse_mobile, parse_national_id

DEFAULT_TEXT_LIMIT = 500
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Arabic decimal separator and thousands separator, as typed on Arabic keyboards.
_NUMBER_TRANSLATION = str.maketrans({"٫": ".", "٬": "", ",": "", " ": ""})


def parse_date(raw: str, *, field: str) -> dt.date:
    text = normalize_digits(raw).strip()
    m = _DATE_ISO.match(text)
    parts: tuple[int, int, int] | None = None
    if m:
        parts = (int(m[1]), int(m[2]), int(m[3]))
    else:
        m = _DATE_DMY.match(text)
        if m:
            parts = (int(m[3]), int(m[2]), int(m[1]))
    if parts is None:
        raise ValidationError(
            N_("{field}: {value} is not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
            field=field,
            value=raw[:40],
        )
    try:
        value = dt.date(*parts)
    except ValueError:
        raise ValidationError(
            N_("{field}: {value} is not a real calendar date"), field=field, value=raw[:40]
        ) from None
    if not 1900 <= value.year <= 2100:
        raise ValidationError(
            N_("{field}: the year {year} is out of range"), field=field, year=value.year
        )
    return value


def _plain(limit: float) -> int | float:
    """5 rather than 5.0 in a message a clerk reads."""
    return int(limit) if float(limit).is_integer() else limit


def parse_number(raw: str, fdef: FieldDef) -> int | float:
    text = normalize_digits(raw).strip().translate(_NUMBER_TRANSLATION)
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(
            N_("{field}: {value} is not a number"), field=fdef.key, value=raw[:40]
        ) from None
    if not math.isfinite(value):
        raise ValidationError(
            N_("{field}: {value} is not a number"), field=fdef.key, value=raw[:40]
        )
    if fdef.min is not None and value < fdef.min:
        raise ValidationError(
            N_("{field}: must be at least {min}"), field=fdef.key, min=_plain(fdef.min)
        )
    if fdef.max is not None and value > fdef.max:
        raise ValidationError(
            N_("{field}: must be at most {max}"), field=fdef.key, max=_plain(fdef.max)
        )
    return int(value) if value.is_integer() else value


def parse_choice(raw: str, fdef: FieldDef) -> str:
    wanted = normalize_for_search(raw)
    for choice in fdef.choices:
        if wanted in (
            choice.value,
            normalize_for_search(choice.label_ar),
            normalize_for_search(choice.label_en),
        ):
            return choice.value
    raise ValidationError(
        N_("{field}: {value} is not one of the choices ({allowed})"),
        field=fdef.key,
        value=raw[:40],
        allowed=", ".join(c.value for c in fdef.choices),
    )


def parse_field(fdef: FieldDef, raw: str) -> Any:
    """One field's stored value (JSON-serialisable)."""
    kind = fdef.type
    if kind is FieldType.NATIONAL_ID:
        return parse_national_id(raw, field=fdef.key)
    if kind is FieldType.PHONE:
        return parse_mobile(raw, field=fdef.key)
    if kind is FieldType.DATE:
        value = parse_date(raw, field=fdef.key)
        return value.isoformat()
    if kind is FieldType.NUMBER:
        return parse_number(raw, fdef)
    if kind is FieldType.CHOICE:
        return parse_choice(raw, fdef)
    limit = fdef.max_length or (200 if kind is FieldType.ORGANIZATION else DEFAULT_TEXT_LIMIT)
    return clean_input_text(raw, field=fdef.key, max_length=limit)


def _required(key: str, labels: dict[str, str]) -> ValidationError:
    error = ValidationError(N_("{field}: this field is required"), field=key)
    error.with_labels(labels)
    return error


def _blank(raw: str | None) -> bool:
    return raw is None or not raw.strip()


def validate_fields(
    service: Service, raw: Mapping[str, str], *, require_all: bool = True
) -> dict[str, Any]:
    """All of a service's fields at once; every problem is reported, not just the first.

    ``require_all=False`` is for paper-era records, where a missing value is a fact of history.
    """
    problems: list[ValidationError] = []
    values: dict[str, Any] = {}
    for key in raw:
        if service.field(key) is None:
            problems.append(
                ValidationError(
                    N_("{field}: service {service} has no such field"),
                    field=key,
                    service=service.code,
                )
            )
    for fdef in service.fields:
        given = raw.get(fdef.key)
        labels = {"ar": fdef.label_ar, "en": fdef.label_en}
        if _blank(given):
            if fdef.required and require_all:
                problems.append(_required(fdef.key, labels))
            continue
        assert given is not None
        try:
            value = parse_field(fdef, given)
        except ValidationError as exc:
            exc.with_labels(labels)
            problems.append(exc)
            continue
        if value == "" and fdef.required:
            problems.append(_required(fdef.key, labels))
            continue
        values[fdef.key] = value
    if problems:
        raise ValidationError(
            N_n("The request has {n} invalid fields"), problems=problems, n=len(problems)
        )
    return values
