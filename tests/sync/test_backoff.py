"""Backoff: full jitter within the doubling ceiling, capped at 10 minutes, Retry-After obeyed."""

from __future__ import annotations

import datetime as dt
import random

from counter_app.sync.backoff import Backoff, parse_retry_after


def test_full_jitter_stays_between_zero_and_the_doubling_ceiling() -> None:
    rng = random.Random(7)
    b = Backoff(rand=rng.random)
    for attempt in range(12):
        ceiling = min(600.0, 2.0 * 2**attempt)
        draws = [b.delay(attempt) for _ in range(300)]
        assert all(0.0 <= d <= ceiling for d in draws)
        # Full jitter: the draws spread over the whole range, not just near the ceiling.
        assert min(draws) < ceiling * 0.1 and max(draws) > ceiling * 0.9


def test_the_ceiling_is_capped_at_ten_minutes_even_after_many_failures() -> None:
    b = Backoff(rand=lambda: 0.999999)
    assert b.delay(0) < 2.0
    assert 599 < b.delay(9) <= 600.0
    assert 599 < b.delay(10_000) <= 600.0


def test_next_delay_grows_and_reset_starts_over() -> None:
    b = Backoff(rand=lambda: 1.0)
    assert [b.next_delay() for _ in range(4)] == [2.0, 4.0, 8.0, 16.0]
    b.reset()
    assert b.next_delay() == 2.0


def test_retry_after_wins_when_longer_than_the_jittered_delay() -> None:
    b = Backoff(rand=lambda: 0.5)
    assert b.delay(0, retry_after=120.0) == 120.0
    assert b.delay(3, retry_after=1.0) == 8.0  # shorter than our own delay: ours stands


def test_retry_after_as_seconds_or_http_date() -> None:
    now = dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Sun, 22 Nov 2026 06:32:00 GMT", now=lambda: now) == 120.0
    assert parse_retry_after("Sun, 22 Nov 2026 06:00:00 GMT", now=lambda: now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
