"""Report periods as a supervisor types them, buckets of a series, and working-day arithmetic
fast enough for a year of completions.

Pure (no database): the counter's reports and HQ's compute the same figures with these, so a
center's numbers agree at both ends.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.fields import parse_date
from counter_app.domain.report_model import Bucket, Period

# Relative words a supervisor may type instead of a date, in both languages.
_TODAY = {"today", "اليوم"}
_YESTERDAY = {"yesterday", "أمس", "امس", "البارحة"}
# "-7d" (seven days ago); "d" or Arabic "ي" (يوم) for days, "w" for weeks.
_AGO = re.compile(r"^-\s*(\d{1,4})\s*([dwي]?)$")
# The longest period a report covers: a decade is far more than a supervisor asks for, and it
# keeps a mistyped year (2206) from building a thousand-year series.
MAX_PERIOD_DAYS = 3700

NAMED_PERIODS = (
    "today",
    "yesterday",
    "this-week",
    "last-week",
    "this-month",
    "last-month",
    "this-year",
    "last-year",
)


def parse_day(text: str, today: dt.date, *, field: str = "from") -> dt.date:
    """A day from ISO (or DD/MM/YYYY) text in any digits, or a relative word.

    ``today``/``اليوم``, ``yesterday``/``أمس`` and ``-7d`` (seven days ago; ``-2w`` two
    weeks ago) are read against ``today``, the station's local date.
    """
    plain = normalize_digits(text).strip().lower()
    if plain in _TODAY:
        return today
    if plain in _YESTERDAY:
        return today - dt.timedelta(days=1)
    m = _AGO.match(plain)
    if m:
        count = int(m[1]) * (7 if m[2] == "w" else 1)
        if count > MAX_PERIOD_DAYS:
            raise ValidationError(
                N_("{field}: {value} is too far back"), field=field, value=text[:40]
            )
        return today - dt.timedelta(days=count)
    return parse_date(text, field=field)


def parse_period(from_text: str, to_text: str, today: dt.date) -> Period:
    """The period between two typed days, both included; ``to`` before ``from`` is refused."""
    start = parse_day(from_text, today, field="from")
    end = parse_day(to_text, today, field="to")
    if end < start:
        raise ValidationError(N_("The period ends before it starts"), field="to")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError(
            N_("The period is longer than {days} days"), field="to", days=MAX_PERIOD_DAYS
        )
    return Period(start, end)


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def named_period(name: str, today: dt.date) -> Period:
    """A period by name; the current week, month or year runs up to today."""
    key = name.strip().lower().replace("_", "-")
    if key == "today":
        return Period(today, today)
    if key == "yesterday":
        day = today - dt.timedelta(days=1)
        return Period(day, day)
    if key == "this-week":
        return Period(bucket_start(today, Bucket.WEEK), today)
    if key == "last-week":
        end = bucket_start(today, Bucket.WEEK) - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=6), end)
    if key == "this-month":
        return Period(_month_start(today), today)
    if key == "last-month":
        start = _month_start(today, 1)
        return Period(start, _month_start(today) - dt.timedelta(days=1))
    if key == "this-year":
        return Period(dt.date(today.year, 1, 1), today)
    if key == "last-year":
        return Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    raise ValidationError(
        N_("Unknown period {name}; use one of: {allowed}"),
        field="period",
        name=name[:40],
        allowed=", ".join(NAMED_PERIODS),
    )


def bucket_start(day: dt.date, bucket: Bucket) -> dt.date:
    """The first day of the day, week (from Sunday) or month holding ``day``."""
    if bucket == Bucket.DAY:
        return day
    if bucket == Bucket.WEEK:
        # date.weekday(): Monday 0 ... Sunday 6; days since the last Sunday.
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)
    if bucket == Bucket.MONTH:
        return day.replace(day=1)
    raise ValueError(f"unknown bucket {bucket!r}")


def _next_bucket(start: dt.date, bucket: Bucket) -> dt.date:
    if bucket == Bucket.DAY:
        return start + dt.timedelta(days=1)
    if bucket == Bucket.WEEK:
        return start + dt.timedelta(days=7)
    return _month_start(start + dt.timedelta(days=31))


def buckets(period: Period, bucket: Bucket) -> list[dt.date]:
    """The starts of the buckets covering the period, in order. The first start is the
    calendar start of its bucket and may lie before ``period.start`` (a week from Sunday)."""
    out: list[dt.date] = []
    day = bucket_start(period.start, bucket)
    while day <= period.end:
        out.append(day)
        day = _next_bucket(day, bucket)
    return out


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile (p in 0..100) of values sorted ascending; None when empty."""
    n = len(sorted_values)
    if n == 0:
        return None
    rank = max(1, math.ceil(p / 100.0 * n))
    return float(sorted_values[min(rank, n) - 1])


class WorkingDayIndex:
    """Working-day ordinals over [first, last]: ``ordinal(d)`` is the number of working days
    from ``first`` up to and including ``d``, so the working days in (a, b] are
    ``ordinal(b) - ordinal(a)`` in O(1) (a year of completions needs no day-by-day walk).

    Days outside [first, last] are answered too (by counting the gap once), only slower.
    """

    def __init__(self, calendar: WorkingCalendar, first: dt.date, last: dt.date) -> None:
        if last < first:
            last = first
        self.calendar = calendar
        self.first = first
        self.last = last
        count = 0
        ordinals: list[int] = []
        day = first
        while day <= last:
            if calendar.is_working_day(day):
                count += 1
            ordinals.append(count)
            day += dt.timedelta(days=1)
        self._ordinals = ordinals
        # The first day's ordinal number (for fast lookups by toordinal()).
        self._base = first.toordinal()

    def ordinal(self, day: dt.date) -> int:
        offset = day.toordinal() - self._base
        if 0 <= offset < len(self._ordinals):
            return self._ordinals[offset]
        if offset < 0:
            # Working days in (day, first - 1] taken off: the ordinal keeps counting backwards.
            return -self.calendar.working_days_between(day, self.first - dt.timedelta(days=1))
        return self._ordinals[-1] + self.calendar.working_days_between(self.last, day)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end] (negative when end is before start)."""
        return self.ordinal(end) - self.ordinal(start)

    def counting_ordinal(self, received_local: dt.datetime) -> int:
        """The ordinal of WorkingCalendar.counting_day for a local receipt time: the receipt's
        day when received in hours on a working day, else the next working day (ordinal + 1,
        since the days in between are not working days)."""
        day = received_local.date()
        base = self.ordinal(day)
        if self.calendar.is_working_day(day) and received_local.time() < self.calendar.closes:
            return base
        return base + 1

    def turnaround(self, received_local: dt.datetime, done_day: dt.date) -> int:
        """Working days from the day a request counts from to the day it was completed
        (0 when done the day it counts from, or before it: a request finished on a Friday it
        was received after Thursday's closing)."""
        return max(0, self.ordinal(done_day) - self.counting_ordinal(received_local))

    def working_days_late(self, due: dt.date, today: dt.date) -> int:
        """Working days in (due, today]; negative: working days left before it is due."""
        return self.between(due, today)


def working_days_index_for(calendar: WorkingCalendar, days: Sequence[dt.date]) -> WorkingDayIndex:
    """An index spanning the given days (a report's receipts and completions)."""
    return WorkingDayIndex(calendar, min(days), max(days))


__all__ = [
    "MAX_PERIOD_DAYS",
    "NAMED_PERIODS",
    "WorkingDayIndex",
    "bucket_start",
    "buckets",
    "named_period",
    "parse_day",
    "parse_period",
    "percentile",
    "working_days_index_for",
]
