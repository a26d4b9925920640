"""HQ admin use cases for the holiday calendar: view, check an upload, publish."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from counter_hq import calendars
from counter_hq.errors import ConflictError, Invalid
from counter_hq.models import (
    ChangeRow,
    HqAudit,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.common import (
    CALENDAR_EMPTY,
    CALENDAR_SAME,
)


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name_ar: str
    name_en: str


@dataclass(frozen=True)
class CalendarView:
    version: str  # "shipped": the counter's own file, nothing published
    sha256: str
    published_seq: int | None
    holidays: tuple[Holiday, ...]


def _holidays(text: str) -> tuple[Holiday, ...]:
    data = json.loads(text)
    out = []
    for entry in data.get("holidays", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("date"), str):
            out.append(
                Holiday(
                    dt.date.fromisoformat(entry["date"]),
                    str(entry.get("name_ar") or ""),
                    str(entry.get("name_en") or ""),
                )
            )
    return tuple(sorted(out, key=lambda h: h.date))


def calendar_view(session: Session, user: WebUser, now: dt.datetime) -> CalendarView:
    """The calendar the stations count with, its holidays from this year on (the file keeps
    past years too, for requests received then)."""
    check_admin(user)
    info = calendars.current_calendar_info(session)
    since = dt.date(now.astimezone(info.calendar.tz).year, 1, 1)
    if info.published_seq is not None:
        row = session.get(ChangeRow, info.published_seq)
        text = str(row.payload.get("content", "{}")) if row is not None else "{}"
    else:
        text = calendars.shipped_calendar_path().read_text(encoding="utf-8")
    upcoming = tuple(h for h in _holidays(text) if h.date >= since)
    return CalendarView(info.version, info.sha256, info.published_seq, upcoming)


def check_calendar(session: Session, user: WebUser, raw: bytes) -> CalendarView:
    """The file read with the counter's rules (calendars.read_calendar_file), nothing stored:
    what would be published. ``Invalid`` names a bad date and its holiday."""
    check_admin(user)
    if not raw.strip():
        raise Invalid(CALENDAR_EMPTY)
    found = calendars.read_calendar_file(raw)
    return CalendarView(found.version, found.sha256, None, _holidays(found.text))


def publish_calendar(
    session: Session, user: WebUser, now: dt.datetime, raw: bytes
) -> calendars.PublishedCalendar:
    """Publish the holiday file to every station (checked again whole). Audited; commits."""
    check_admin(user)
    if not raw.strip():
        raise Invalid(CALENDAR_EMPTY)
    found = calendars.read_calendar_file(raw)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="calendar.publish",
            target=found.version,
            details={"sha256": found.sha256, "holidays": found.holidays},
        )
    )
    try:
        done = calendars.publish_calendar(session, raw, now)  # commits the audit row too
    except ConflictError as exc:
        session.rollback()
        raise ConflictError(calendars.NOT_NEWER, **exc.extra) from None
    if done.seq is None:
        raise ConflictError(CALENDAR_SAME, version=done.version)
    return done
