"""Local days as SQL expressions over UTC unix seconds.

The report groups hundreds of thousands of milestones by local day; done row by row in Python
that is seconds on a year, so SQLite computes the day and returns a few hundred grouped rows.
Every number written into the SQL here is computed from the time zone (never user input).
"""

from __future__ import annotations

import datetime as dt

from counter_app.domain.calendar import WorkingCalendar

EPOCH = dt.date(1970, 1, 1)
DAY = 86400


def epoch_seconds(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def epoch_day(day: dt.date) -> int:
    return (day - EPOCH).days


def from_epoch_day(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


def _offset(tz: dt.tzinfo, at: int) -> int:
    delta = dt.datetime.fromtimestamp(at, tz).utcoffset()
    return int(delta.total_seconds()) if delta else 0


class LocalTime:
    """The zone's UTC offset over [lo, hi] (unix seconds), as the offsets in force from each
    change on; a change is found to the second (daily steps, then bisection)."""

    def __init__(self, tz: dt.tzinfo, lo: int, hi: int) -> None:
        lo -= DAY
        hi += DAY
        changes: list[tuple[int, int]] = [(lo, _offset(tz, lo))]
        at = lo
        while at < hi:
            step = min(at + DAY, hi)
            if _offset(tz, step) != changes[-1][1]:
                left, right = at, step  # offset(left) is the current one, offset(right) is not
                while right - left > 1:
                    mid = (left + right) // 2
                    if _offset(tz, mid) == changes[-1][1]:
                        left = mid
                    else:
                        right = mid
                changes.append((right, _offset(tz, right)))
            at = step
        self.changes = changes

    def seconds(self, column: str) -> str:
        """Local wall-clock seconds since 1970 of a UTC unix-seconds column."""
        if len(self.changes) == 1:
            return f"({column} + {self.changes[0][1]})"
        branches = " ".join(
            f"WHEN {column} < {start} THEN {previous[1]}"
            for previous, (start, _) in zip(self.changes, self.changes[1:], strict=False)
        )
        return f"({column} + CASE {branches} ELSE {self.changes[-1][1]} END)"

    def day(self, column: str) -> str:
        """The local day (days since 1970-01-01) of a UTC unix-seconds column (never negative
        here: every stored time is after 1970, so integer division is the floor)."""
        return f"({self.seconds(column)} / {DAY})"


def closes_seconds(calendar: WorkingCalendar) -> int:
    t = calendar.closes
    return t.hour * 3600 + t.minute * 60 + t.second
