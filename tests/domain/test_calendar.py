"""Working days, holidays and the business-hours cut-off."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import ValidationError
from counter_app.paths import resources_dir

UTC = dt.UTC


@pytest.fixture
def cal() -> WorkingCalendar:
    raw = json.loads((resources_dir() / "calendar" / "holidays.json").read_text("utf-8"))
    return WorkingCalendar.from_data(raw)


def at(y: int, m: int, d: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Damascus wall-clock time (UTC+3 all year since 2022) as UTC."""
    return dt.datetime(y, m, d, hour - 3, minute, tzinfo=UTC)


def test_weekend_is_friday_and_saturday(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(dt.date(2026, 11, 26))  # Thursday
    assert not cal.is_working_day(dt.date(2026, 11, 27))  # Friday
    assert not cal.is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert cal.is_working_day(dt.date(2026, 11, 29))  # Sunday


def test_due_dates(cal: WorkingCalendar) -> None:
    # Sunday morning, 1 working day: Monday. Thursday morning, 1 day: Sunday.
    assert cal.due_date(at(2026, 11, 22, 9), 1) == dt.date(2026, 11, 23)
    assert cal.due_date(at(2026, 11, 26, 9), 1) == dt.date(2026, 11, 29)
    assert cal.due_date(at(2026, 11, 26, 9), 0) == dt.date(2026, 11, 26)
    # 10 working days from Sunday 22 Nov is Sunday 6 Dec; 12 would be Tuesday 8 Dec, but that
    # is Liberation Day, so it lands on Wednesday 9 Dec.
    assert cal.due_date(at(2026, 11, 22, 9), 10) == dt.date(2026, 12, 6)
    assert cal.due_date(at(2026, 11, 22, 9), 12) == dt.date(2026, 12, 9)


def test_after_closing_counts_from_next_working_day(cal: WorkingCalendar) -> None:
    assert cal.counting_day(at(2026, 11, 26, 14, 59)) == dt.date(2026, 11, 26)
    assert cal.counting_day(at(2026, 11, 26, 15, 0)) == dt.date(2026, 11, 29)
    assert cal.counting_day(at(2026, 11, 27, 10)) == dt.date(2026, 11, 29)  # Friday


def test_holidays_are_skipped(cal: WorkingCalendar) -> None:
    # Eid al-Fitr 2026 (estimated 20-22 March): Friday 20, Saturday 21, Sunday 22 off.
    assert not cal.is_working_day(dt.date(2026, 3, 22))
    assert cal.due_date(at(2026, 3, 19, 10), 1) == dt.date(2026, 3, 23)
    assert cal.holidays[dt.date(2026, 5, 1)].name_ar == "عيد العمال"


def test_utc_midnight_edge_uses_local_date(cal: WorkingCalendar) -> None:
    # 22:30 UTC Saturday is 01:30 Sunday in Damascus: counts from Sunday.
    moment = dt.datetime(2026, 11, 28, 22, 30, tzinfo=UTC)
    assert cal.counting_day(moment) == dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    "raw",
    [
        {"timezone": "Mars/Olympus"},
        {"weekend": ["funday"]},
        {"hours": {"open": "15:00", "close": "08:00"}},
        {"holidays": [{"date": "2026-02-30", "name_ar": "x", "name_en": "x"}]},
        {"holidays": [{"date": "2026-02-01"}]},
        {"holidays": "none"},
    ],
)
def test_bad_calendar_files_are_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="holiday calendar is invalid"):
        WorkingCalendar.from_data(raw)
