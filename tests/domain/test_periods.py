"""domain/periods.py: typed days, named periods, buckets, nearest-rank percentiles and the
working-day index the counter's and HQ's reports share."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import ValidationError
from counter_app.domain.periods import (
    WorkingDayIndex,
    bucket_start,
    buckets,
    named_period,
    parse_day,
    parse_period,
    percentile,
)
from counter_app.domain.report_model import Bucket, Period

TODAY = dt.date(2026, 12, 7)  # a Monday
D = dt.date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-03", D(2026, 11, 3)),
        ("٢٠٢٦-١١-٠٣", D(2026, 11, 3)),  # Arabic-Indic digits
        ("۲۰۲۶-۱۱-۰۳", D(2026, 11, 3)),  # Persian digits
        ("03/11/2026", D(2026, 11, 3)),
        ("today", TODAY),
        (" Today ", TODAY),
        ("اليوم", TODAY),
        ("yesterday", D(2026, 12, 6)),
        ("أمس", D(2026, 12, 6)),
        ("-7d", D(2026, 11, 30)),
        ("-7", D(2026, 11, 30)),
        ("-٧d", D(2026, 11, 30)),
        ("-2w", D(2026, 11, 23)),
        ("-0d", TODAY),
    ],
)
def test_parse_day(text: str, day: dt.date) -> None:
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize("text", ["", "tomorrow-ish", "2026-02-30", "-99999d", "+7d", "2026/13/01"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day(text, TODAY, field="to")
    assert caught.value.field == "to"


def test_parse_period() -> None:
    assert parse_period("-7d", "today", TODAY) == Period(D(2026, 11, 30), TODAY)
    with pytest.raises(ValidationError) as caught:
        parse_period("2026-11-30", "2026-11-01", TODAY)
    assert caught.value.field == "to"
    with pytest.raises(ValidationError):
        parse_period("2000-01-01", "2026-01-01", TODAY)  # longer than the limit


def test_named_periods() -> None:
    assert named_period("this-week", TODAY) == Period(D(2026, 12, 6), TODAY)  # from Sunday
    assert named_period("last-week", TODAY) == Period(D(2026, 11, 29), D(2026, 12, 5))
    assert named_period("this-month", TODAY) == Period(D(2026, 12, 1), TODAY)
    assert named_period("last-month", TODAY) == Period(D(2026, 11, 1), D(2026, 11, 30))
    assert named_period("last_month", D(2026, 1, 15)) == Period(D(2025, 12, 1), D(2025, 12, 31))
    assert named_period("this-year", TODAY) == Period(D(2026, 1, 1), TODAY)
    assert named_period("last-year", TODAY) == Period(D(2025, 1, 1), D(2025, 12, 31))
    assert named_period("yesterday", TODAY) == Period(D(2026, 12, 6), D(2026, 12, 6))
    with pytest.raises(ValidationError) as caught:
        named_period("fortnight", TODAY)
    assert caught.value.field == "period"


def test_buckets_weeks_start_on_sunday() -> None:
    assert bucket_start(D(2026, 12, 5), Bucket.WEEK) == D(2026, 11, 29)  # Saturday
    assert bucket_start(D(2026, 12, 6), Bucket.WEEK) == D(2026, 12, 6)  # Sunday
    assert bucket_start(D(2026, 12, 7), Bucket.MONTH) == D(2026, 12, 1)
    november = Period(D(2026, 11, 3), D(2026, 11, 30))
    assert buckets(november, Bucket.WEEK) == [
        D(2026, 11, 1),
        D(2026, 11, 8),
        D(2026, 11, 15),
        D(2026, 11, 22),
        D(2026, 11, 29),
    ]
    assert buckets(Period(D(2025, 12, 15), D(2026, 2, 1)), Bucket.MONTH) == [
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert len(buckets(november, Bucket.DAY)) == 28


def test_percentile_nearest_rank() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert percentile(values, 50) == 5.0
    assert percentile(values, 90) == 9.0
    assert percentile(values, 100) == 10.0
    assert percentile(values, 0) == 1.0
    assert percentile([2, 3, 4, 4], 50) == 3.0
    assert percentile([], 50) is None


def test_working_day_index_matches_the_calendar() -> None:
    cal = WorkingCalendar.from_data(
        {"holidays": [{"date": "2026-11-11", "name_ar": "عطلة", "name_en": "Holiday"}]}
    )
    index = WorkingDayIndex(cal, D(2026, 11, 1), D(2026, 11, 30))
    for a in (D(2026, 10, 20), D(2026, 11, 5), D(2026, 11, 11)):
        for b in (D(2026, 11, 1), D(2026, 11, 12), D(2026, 12, 20)):
            if b >= a:
                assert index.between(a, b) == cal.working_days_between(a, b)
    utc3 = dt.timezone(dt.timedelta(hours=3))
    # After closing on Thursday: counts from Sunday; Wednesday the 11th is a holiday.
    thursday_late = dt.datetime(2026, 11, 5, 16, tzinfo=utc3)
    assert index.turnaround(thursday_late, D(2026, 11, 12)) == 3
    assert index.turnaround(thursday_late, D(2026, 11, 6)) == 0  # done on the Friday
    in_hours = dt.datetime(2026, 11, 5, 14, 59, tzinfo=utc3)
    assert index.turnaround(in_hours, D(2026, 11, 12)) == 4
    assert index.working_days_late(D(2026, 11, 10), D(2026, 11, 12)) == 1
    assert index.working_days_late(D(2026, 11, 12), D(2026, 11, 10)) == -1
