"""Printing results: JSON for machines, aligned text for people."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any, TextIO

from counter_app.domain.errors import N_


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(value: Any, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(json.dumps(value, ensure_ascii=False, indent=2, default=_default) + "\n")


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def emit_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO | None = None
) -> None:
    stream = out or sys.stdout
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)).rstrip()

    stream.write(line(list(headers)) + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write(line(row) + "\n")


def local_time(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """Stored UTC shown as the center's local time."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def yes_no(translate: Callable[[str], str], value: object) -> str:
    """A flag in a table as a word of the reader's language, not Python's True/False."""
    return translate(N_("yes") if value else N_("no"))
