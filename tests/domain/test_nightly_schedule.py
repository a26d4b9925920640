"""The desktop's nightly schedule (domain/nightly_schedule.py) with a fixed clock: due from the
configured local time (Asia/Damascus) until a run of any runner completes after it; a failed
run tried again after half an hour; across days, midnight and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from counter_app.domain.nightly_schedule import (
    RETRY_AFTER,
    NightlyRuns,
    nightly_due,
    parse_clock_time,
    slot_start,
)

DAMASCUS = ZoneInfo("Asia/Damascus")
AT = dt.time(2, 30)
NONE = NightlyRuns(None, None)


def local(*args: int, tz: dt.tzinfo = DAMASCUS) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz).astimezone(dt.UTC)


def test_due_from_the_local_time_not_before() -> None:
    # Damascus is UTC+3 since 2022: 02:30 local is 23:30 UTC the evening before.
    assert slot_start(local(2026, 12, 7, 2, 30), DAMASCUS, AT) == dt.datetime(
        2026, 12, 6, 23, 30, tzinfo=dt.UTC
    )
    done_yesterday = NightlyRuns(local(2026, 12, 6, 2, 31), local(2026, 12, 6, 2, 31))
    assert not nightly_due(local(2026, 12, 7, 2, 29), DAMASCUS, AT, done_yesterday)
    assert nightly_due(local(2026, 12, 7, 2, 30), DAMASCUS, AT, done_yesterday)
    # The PC was off all night: the first chance in the morning runs it.
    assert nightly_due(local(2026, 12, 7, 8, 5), DAMASCUS, AT, done_yesterday)
    # Before 02:30, yesterday's slot: a station that never ran one runs it at once.
    assert nightly_due(local(2026, 12, 7, 1, 0), DAMASCUS, AT, NONE)


def test_a_run_by_any_runner_after_the_slot_ends_the_day() -> None:
    timer_ran = NightlyRuns(local(2026, 12, 7, 2, 31), local(2026, 12, 7, 2, 31))
    for hour in (2, 9, 17, 23):
        assert not nightly_due(local(2026, 12, 7, hour, 45), DAMASCUS, AT, timer_ran)
    # ...until the next day's 02:30
    assert nightly_due(local(2026, 12, 8, 2, 30), DAMASCUS, AT, timer_ran)
    # A run at 01:00 (yesterday's slot, caught up late) does not count for today's.
    late = NightlyRuns(local(2026, 12, 7, 1, 0), local(2026, 12, 7, 1, 0))
    assert not nightly_due(local(2026, 12, 7, 2, 0), DAMASCUS, AT, late)
    assert nightly_due(local(2026, 12, 7, 2, 30), DAMASCUS, AT, late)


def test_a_failed_run_is_tried_again_after_half_an_hour_not_every_minute() -> None:
    failed = NightlyRuns(local(2026, 12, 6, 2, 31), local(2026, 12, 7, 2, 31))
    assert not nightly_due(local(2026, 12, 7, 2, 32), DAMASCUS, AT, failed)
    assert not nightly_due(local(2026, 12, 7, 3, 0), DAMASCUS, AT, failed)
    assert nightly_due(local(2026, 12, 7, 2, 31) + RETRY_AFTER, DAMASCUS, AT, failed)
    # A failure of yesterday's slot does not hold back today's.
    failed_late = NightlyRuns(None, local(2026, 12, 7, 2, 20))
    assert nightly_due(local(2026, 12, 7, 2, 30), DAMASCUS, AT, failed_late)


def test_a_time_just_before_midnight_and_just_after() -> None:
    at = dt.time(23, 50)
    ran = NightlyRuns(local(2026, 12, 6, 23, 55), local(2026, 12, 6, 23, 55))
    assert not nightly_due(local(2026, 12, 7, 0, 10), DAMASCUS, at, ran)
    assert not nightly_due(local(2026, 12, 7, 23, 49), DAMASCUS, at, ran)
    assert nightly_due(local(2026, 12, 7, 23, 50), DAMASCUS, at, ran)
    midnight = dt.time(0, 0)
    assert slot_start(local(2026, 12, 7, 0, 0), DAMASCUS, midnight) == local(2026, 12, 7, 0, 0)
    assert slot_start(local(2026, 12, 6, 23, 59), DAMASCUS, midnight) == local(2026, 12, 6, 0, 0)


def test_same_instant_different_local_days() -> None:
    """23:45 UTC is already the next day in Damascus (UTC+3), still the same day in Lisbon."""
    now = dt.datetime(2026, 12, 6, 23, 45, tzinfo=dt.UTC)
    ran = NightlyRuns(dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC), None)
    assert nightly_due(now, DAMASCUS, AT, ran)  # 02:45 on the 7th in Damascus
    assert not nightly_due(now, ZoneInfo("Europe/Lisbon"), AT, ran)  # 23:45 on the 6th


def test_daylight_saving_days() -> None:
    """Damascus kept summer time until 2022 (last Friday of March, 00:00 -> 01:00), and
    other zones skip or repeat the hour of 02:30."""
    # 2021-03-26 Damascus: 00:00 became 01:00; a 00:30 schedule names the gap.
    slot = slot_start(local(2021, 3, 26, 9, 0), DAMASCUS, dt.time(0, 30))
    assert slot.astimezone(DAMASCUS).date() == dt.date(2021, 3, 26)
    assert nightly_due(local(2021, 3, 26, 9, 0), DAMASCUS, dt.time(0, 30), NONE)
    ran = NightlyRuns(local(2021, 3, 26, 1, 40), None)
    assert not nightly_due(local(2021, 3, 26, 23, 0), DAMASCUS, dt.time(0, 30), ran)
    # Berlin, 2026-03-29: 02:30 does not exist; the day's slot is still one instant that day.
    berlin = ZoneInfo("Europe/Berlin")
    slot = slot_start(local(2026, 3, 29, 12, 0, tz=berlin), berlin, AT)
    assert slot.astimezone(berlin).date() == dt.date(2026, 3, 29)
    # Berlin, 2026-10-25: 02:30 happens twice; the first one starts the slot, once.
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST
    assert slot_start(first + dt.timedelta(hours=1, minutes=5), berlin, AT) == first
    ran_first = NightlyRuns(first + dt.timedelta(minutes=1), None)
    assert not nightly_due(first + dt.timedelta(hours=1, minutes=5), berlin, AT, ran_first)


def test_a_clock_set_back_does_not_run_it_again_and_again() -> None:
    ran = NightlyRuns(local(2026, 12, 8, 2, 31), local(2026, 12, 8, 2, 31))  # "tomorrow"
    assert not nightly_due(local(2026, 12, 7, 12, 0), DAMASCUS, AT, ran)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("02:30", dt.time(2, 30)),
        ("2:30", dt.time(2, 30)),
        (" 23:59 ", dt.time(23, 59)),
        ("٠٣:١٥", dt.time(3, 15)),
        ("00:00", dt.time(0, 0)),
    ],
)
def test_clock_times(text: str, time: dt.time) -> None:
    assert parse_clock_time(text) == time


@pytest.mark.parametrize("text", ["24:00", "2:60", "0230", "2.30", "", "02:30:00", "-1:00", "ab"])
def test_not_clock_times(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock_time(text)
