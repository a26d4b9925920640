"""Reading the fields of a change pulled from HQ, shared by the appliers (sync/pull*.py): a
missing or blank text is None, and a time that cannot be read is a ``PullProblem`` kept for a
person rather than a guess.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from counter_app.sync.problems import UNREADABLE_TIME, PullProblem


def payload_text(payload: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` holding a non-blank string, stripped; None when none does."""
    for key in keys:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def payload_time(raw: str | None, fallback: dt.datetime) -> dt.datetime:
    """An ISO time (``Z`` or an offset; naive is read as UTC), ``fallback`` when absent."""
    if raw is None:
        return fallback
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PullProblem(UNREADABLE_TIME, time=raw[:40]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
