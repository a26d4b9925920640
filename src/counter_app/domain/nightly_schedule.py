"""When the nightly sync is due: once a day, at the first chance after a local time.

A counter PC is often off at night, so the nightly run (full sync, what HQ lacks sent again,
the days reconciled: sync/worker.nightly) is not tied to the minute: it is due from the
configured local time (the ``sync.nightly_time`` setting, e.g. 02:30 Asia/Damascus) until a
run of any runner (the systemd timer, the Windows task, the open desktop) completes after it.
A run that failed (HQ unreachable) is tried again after ``RETRY_AFTER``, not every minute.
Pure: the clock and the runs are given (services/nightly_schedule.py reads them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from counter_app.domain.digits import normalize_digits

DEFAULT_TIME = "02:30"
RETRY_AFTER = dt.timedelta(minutes=30)
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def parse_clock_time(text: str) -> dt.time:
    """``HH:MM`` (24 hours, Arabic-Indic digits too); ValueError otherwise."""
    found = _CLOCK.match(normalize_digits(text.strip())) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f"not a time of day HH:MM: {str(text)[:20]!r}")
    return dt.time(int(found.group(1)), int(found.group(2)))


@dataclass(frozen=True)
class NightlyRuns:
    """The newest runs recorded by any runner (UTC)."""

    last_completed: dt.datetime | None  # reached HQ and compared the days (ok or not)
    last_attempt: dt.datetime | None  # any outcome, failures included


def slot_start(now: dt.datetime, tz: dt.tzinfo, at: dt.time) -> dt.datetime:
    """The newest instant, not after ``now``, whose local time in ``tz`` is ``at`` (UTC).
    On a day whose clocks skip ``at`` (a daylight-saving gap) it is the instant ``at`` names
    with the day's earlier offset, i.e. just after the gap; on a repeated hour the first."""
    day = now.astimezone(tz).date()
    for back in (0, 1, 2):
        candidate = dt.datetime.combine(day - dt.timedelta(days=back), at, tzinfo=tz)
        if candidate <= now:
            return candidate.astimezone(dt.UTC)
    raise AssertionError("a local time recurs within two days")  # pragma: no cover


def nightly_due(
    now: dt.datetime,
    tz: dt.tzinfo,
    at: dt.time,
    runs: NightlyRuns,
    *,
    retry_after: dt.timedelta = RETRY_AFTER,
) -> bool:
    """True when the day's nightly has not completed since its slot began, and no attempt
    failed less than ``retry_after`` ago."""
    slot = slot_start(now, tz, at)
    if runs.last_completed is not None and runs.last_completed >= slot:
        return False
    recent = runs.last_attempt
    return not (recent is not None and recent >= slot and now - recent < retry_after)
