"""Retry delays: exponential backoff with full jitter, never shorter than HQ's Retry-After.

Full jitter (a uniform draw in ``[0, min(cap, base * 2**attempt)]``) spreads the retries of
many counters coming back online at once. The random source and the clock are injectable so
tests can pin them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass, field

BASE_SECONDS = 2.0
CAP_SECONDS = 600.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_retry_after(
    value: str | None, *, now: Callable[[], dt.datetime] = _utcnow
) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent
    or unreadable. A date in the past means 0."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now()).total_seconds())


@dataclass
class Backoff:
    """Delay before retry number ``attempt`` (0 for the first retry after a failure)."""

    base: float = BASE_SECONDS
    cap: float = CAP_SECONDS
    rand: Callable[[], float] = field(default=random.random)  # uniform in [0, 1)
    attempt: int = 0

    def ceiling(self, attempt: int) -> float:
        # 2**attempt overflows floats long after the cap is reached; stop doubling early.
        if attempt >= 64:
            return self.cap
        return min(self.cap, self.base * (2.0**attempt))

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        jittered = self.rand() * self.ceiling(attempt)
        if retry_after is not None and retry_after > jittered:
            return retry_after
        return jittered

    def next_delay(self, retry_after: float | None = None) -> float:
        """The delay after one more failure; successive calls grow the ceiling."""
        value = self.delay(self.attempt, retry_after)
        self.attempt += 1
        return value

    def reset(self) -> None:
        self.attempt = 0
