"""What the report's queries share: stored times, local days and the open statuses."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.status import OPEN_STATUSES

# Status names as SQL literals (constants of the code, never user input).
OPEN_SQL = "(" + ",".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES)) + ")"


def utc_text(moment: dt.datetime) -> str:
    """An aware instant as the naive UTC text SQLAlchemy stores, so range tests on the stored
    column compare as text and use its index."""
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(sep=" ", timespec="microseconds")


def local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def day_start_text(day: dt.date, tz: dt.tzinfo) -> str:
    """Local midnight of ``day`` as stored UTC text."""
    return utc_text(local_midnight(day, tz))


def stored_utc(value: str | dt.datetime) -> dt.datetime:
    """A stored naive-UTC time (text from raw SQL, or a datetime) as an aware UTC instant."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def today_local(now: dt.datetime, tz: dt.tzinfo) -> dt.date:
    return now.astimezone(tz).date()
