"""The working-day calendar that turns an SLA in working days into a promised date.

Friday and Saturday are the weekend; public holidays are data (``resources/calendar``), because
the government announces religious holidays by the moon sighting and changes the list by decree.
A request received after closing time, on a weekend or on a holiday counts from the next
working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from counter_app.domain.errors import N_, ValidationError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_TIMEZONE = "Asia/Damascus"
MAX_SLA_DAYS = 365


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name_ar: str
    name_en: str


def _bad(detail: str) -> ValidationError:
    return ValidationError(N_("The holiday calendar is invalid: {detail}"), detail=detail)


def load_holidays(raw: Mapping[str, Any]) -> dict[dt.date, Holiday]:
    """Holidays of a calendar file; an entry may span ``days`` consecutive days."""
    found: dict[dt.date, Holiday] = {}
    entries = raw.get("holidays", [])
    if not isinstance(entries, list):
        raise _bad("holidays must be a list")
    for entry in entries:
        try:
            first = dt.date.fromisoformat(entry["date"])
            days = int(entry.get("days", 1))
            name_ar, name_en = str(entry["name_ar"]), str(entry["name_en"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad(f"entry {entry!r}: {exc}") from None
        if not 1 <= days <= 15:
            raise _bad(f"entry {entry['date']}: days must be 1 to 15")
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            found.setdefault(day, Holiday(day, name_ar, name_en))
    return found


def _time(text: str, what: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text)
    except (TypeError, ValueError):
        raise _bad(f"{what} {text!r} is not HH:MM") from None


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: Mapping[dt.date, Holiday] = field(default_factory=dict)
    weekend: frozenset[int] = frozenset({4, 5})  # date.weekday(): Friday, Saturday
    tz: dt.tzinfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    opens: dt.time = dt.time(8, 0)
    closes: dt.time = dt.time(15, 0)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> WorkingCalendar:
        """A calendar from the shipped (or HQ-pushed) JSON file, validated whole."""
        try:
            tz = ZoneInfo(str(raw.get("timezone", DEFAULT_TIMEZONE)))
        except (ZoneInfoNotFoundError, ValueError):
            raise _bad(f"unknown time zone {raw.get('timezone')!r}") from None
        names = raw.get("weekend", ["friday", "saturday"])
        if not isinstance(names, list) or any(n not in WEEKDAYS for n in names) or len(names) > 3:
            raise _bad(f"weekend {names!r}")
        hours = raw.get("hours", {})
        opens = _time(hours.get("open", "08:00"), "open")
        closes = _time(hours.get("close", "15:00"), "close")
        if closes <= opens:
            raise _bad("closing time is not after opening time")
        return cls(
            holidays=load_holidays(raw),
            weekend=frozenset(WEEKDAYS.index(n) for n in names),
            tz=tz,
            opens=opens,
            closes=closes,
        )

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first one after it."""
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise _bad("no working day within 400 days")

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself, or the next working
        day, when ``days`` is 0)."""
        if not 0 <= days <= MAX_SLA_DAYS:
            raise ValueError(f"working days out of range: {days}")
        day = self.next_working_day(start)
        for _ in range(days):
            day = self.next_working_day(day + dt.timedelta(days=1))
        return day

    def counting_day(self, received_at: dt.datetime) -> dt.date:
        """The first day an SLA counts from: today when received in hours on a working day."""
        local = received_at.astimezone(self.tz)
        day = local.date()
        if self.is_working_day(day) and local.time() >= self.closes:
            day += dt.timedelta(days=1)
        return self.next_working_day(day)

    def due_date(self, received_at: dt.datetime, sla_days: int) -> dt.date:
        return self.add_working_days(self.counting_day(received_at), sla_days)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how late a request finished past its due date."""
        return sum(1 for d in _days(start, end) if self.is_working_day(d))


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start + dt.timedelta(days=1)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)
