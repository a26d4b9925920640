"""The holiday calendar, published from HQ like the catalog: a change every station pulls.

The counter counts an SLA in working days with its calendar file (resources/calendar), and the
government changes the holidays by decree (religious ones by the moon sighting), so HQ pushes
the announced list. The file is read with the counter's own rules (``WorkingCalendar.from_data``)
before anything is stored: a station never receives a calendar it would refuse. Versions only
move forward: the same file again is a no-op, another file under a published (or older) version
is refused. HQ's own late-counting (the work queues) uses the same calendar:
``current_calendar`` is the newest published one, else the file the counter ships.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import counter_app.domain
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import ValidationError
from counter_hq.db import lock_changes
from counter_hq.errors import ConflictError, Invalid
from counter_hq.models import ChangeRow
from counter_protocol.payloads import CALENDAR, CalendarChange

MAX_CALENDAR_BYTES = 256 * 1024
_VERSION = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,9}){0,3}$")
SHIPPED = "shipped"  # the version name of the counter's own file (it carries none)

# Messages (English msgids; the back office translates them, src/counter_hq/web/locale).
TOO_LARGE = "The holiday calendar file is too large ({size} bytes; at most {limit})"
NOT_JSON = "The holiday calendar file is not JSON text: {detail}"
NOT_OBJECT = "The holiday calendar file must be a JSON object with a list of holidays"
NO_VERSION = 'The holiday calendar file needs a version, for example "2027.1"'
BAD_VERSION = 'The holiday calendar version "{version}" is not numbers and dots, like 2027.1'
BAD_FORMAT = "The holiday calendar file is of format {format}; this HQ reads format 1"
BAD_DATE = 'The holiday calendar has a bad date "{date}" (holiday "{name}"): use YYYY-MM-DD'
INVALID = "The holiday calendar is invalid: {detail}"  # the counter's own msgid
NOT_NEWER = (
    "Holiday calendar version {version} is not newer than the published version {published}; "
    "a changed calendar needs a new version"
)


@dataclass(frozen=True)
class CalendarFile:
    version: str
    sha256: str
    holidays: int  # days off besides the weekend
    calendar: WorkingCalendar
    text: str


@dataclass(frozen=True)
class PublishedCalendar:
    version: str
    sha256: str
    holidays: int
    seq: int | None  # None: this exact file was already published
    changed: bool


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _check_dates(entries: Any) -> None:
    """Each holiday's date read alone first, so a typo is named by its date and holiday rather
    than by the whole entry the counter's loader quotes."""
    if not isinstance(entries, list):
        return  # the counter's rules word it
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        raw = entry.get("date")
        name = str(entry.get("name_en") or entry.get("name_ar") or "")[:80]
        try:
            if not isinstance(raw, str):
                raise ValueError
            dt.date.fromisoformat(raw)
        except ValueError:
            raise Invalid(BAD_DATE, date=str(raw)[:40], name=name) from None
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            # fromisoformat takes 20270101 and 2027-W01-1 too; the counter's file never does.
            raise Invalid(BAD_DATE, date=raw[:40], name=name)


def read_calendar_file(raw: bytes) -> CalendarFile:
    """A holiday file checked whole; ``Invalid`` with a fixed msgid when it is not usable."""
    if len(raw) > MAX_CALENDAR_BYTES:
        raise Invalid(TOO_LARGE, size=len(raw), limit=MAX_CALENDAR_BYTES)
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise Invalid(NOT_JSON, detail="not UTF-8") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise Invalid(NOT_JSON, detail=where) from None
    if not isinstance(data, dict) or not isinstance(data.get("holidays", []), list):
        raise Invalid(NOT_OBJECT)
    version = data.get("version")
    if version is None:
        raise Invalid(NO_VERSION)
    if not isinstance(version, str) or not _VERSION.match(version):
        raise Invalid(BAD_VERSION, version=str(version)[:40])
    if data.get("format", 1) != 1:
        raise Invalid(BAD_FORMAT, format=str(data.get("format"))[:20])
    _check_dates(data.get("holidays", []))
    calendar = _counter_rules(data)
    digest = hashlib.sha256(raw).hexdigest()
    return CalendarFile(version, digest, len(calendar.holidays), calendar, text)


def _counter_rules(data: dict[str, Any]) -> WorkingCalendar:
    try:
        calendar = WorkingCalendar.from_data(data)
        # A calendar whose holidays leave no working day in reach would stop every SLA.
        calendar.next_working_day(dt.date.today())
    except ValidationError as exc:
        raise Invalid(INVALID, detail=str(exc.params.get("detail", ""))[:300]) from None
    return calendar


def publish_calendar(session: Session, raw: bytes, now: dt.datetime) -> PublishedCalendar:
    """Validate ``raw`` and publish it to every station (one change), or refuse and store
    nothing. Commits."""
    found = read_calendar_file(raw)
    lock_changes(session)  # one publisher at a time, and seq order = publication order
    latest = _latest(session)
    if latest is not None:
        old_version, old_sha = latest[1], latest[2]
        if old_sha == found.sha256:
            session.rollback()
            return PublishedCalendar(
                found.version, found.sha256, found.holidays, None, changed=False
            )
        if _version_key(found.version) <= _version_key(old_version):
            raise ConflictError(
                NOT_NEWER, code="calendar_version", version=found.version, published=old_version
            )
    change = ChangeRow(
        center=None,
        station_no=None,
        kind=CALENDAR,
        # Built with the schema the station reads it with (counter_protocol/payloads.py).
        payload=CalendarChange(
            version=found.version, sha256=found.sha256, content=found.text
        ).model_dump(),
        created_at=now,
    )
    session.add(change)
    session.flush()
    seq = change.seq
    session.commit()
    return PublishedCalendar(found.version, found.sha256, found.holidays, seq, changed=True)


def _latest(session: Session) -> tuple[int, str, str] | None:
    """The newest published calendar's change number, version and file digest."""
    # Calendars go to every center: the (center, station_no, seq) index finds them among the
    # few changes addressed to everyone, never scanning the status events.
    row = session.execute(
        select(
            ChangeRow.seq,
            ChangeRow.payload["version"].as_string(),
            ChangeRow.payload["sha256"].as_string(),
        )
        .where(
            ChangeRow.center.is_(None),
            ChangeRow.station_no.is_(None),
            ChangeRow.kind == CALENDAR,
        )
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    return int(row[0]), str(row[1] or ""), str(row[2] or "")


def shipped_calendar_path() -> Path:
    """The counter's shipped holiday file (in the wheel beside the package, or the checkout's
    resources folder), found without importing the counter's non-domain code."""
    package = Path(counter_app.domain.__file__).resolve().parent.parent
    packaged = package / "resources" / "calendar" / "holidays.json"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "resources" / "calendar" / "holidays.json"


# Parsed calendars by file digest: a queue page asks for the calendar on every render, and a
# calendar is immutable by content. Bounded: a new one is published a few times a year.
_PARSED: dict[str, WorkingCalendar] = {}


@dataclass(frozen=True)
class CurrentCalendar:
    version: str
    sha256: str
    calendar: WorkingCalendar
    published_seq: int | None  # None: the shipped file


def current_calendar_info(session: Session) -> CurrentCalendar:
    latest = _latest(session)
    if latest is not None:
        seq, version, digest = latest
        cached = _PARSED.get(digest)
        if cached is None:
            row = session.get(ChangeRow, seq)
            assert row is not None
            cached = WorkingCalendar.from_data(json.loads(str(row.payload["content"])))
            _remember(digest, cached)
        return CurrentCalendar(version, digest, cached, seq)
    raw = shipped_calendar_path().read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    cached = _PARSED.get(digest)
    if cached is None:
        cached = WorkingCalendar.from_data(json.loads(raw))
        _remember(digest, cached)
    return CurrentCalendar(SHIPPED, digest, cached, None)


def current_calendar(session: Session) -> WorkingCalendar:
    """The calendar HQ counts working days with: the newest published, else the shipped one."""
    return current_calendar_info(session).calendar


def _remember(digest: str, calendar: WorkingCalendar) -> None:
    if len(_PARSED) >= 16:
        _PARSED.clear()
    _PARSED[digest] = calendar


@dataclass(frozen=True)
class CalendarDiff:
    """What publishing a calendar changes, for the admin's page before publishing."""

    added: tuple[dt.date, ...]  # days off that were working days
    removed: tuple[dt.date, ...]  # days off that become working days
    renamed: tuple[dt.date, ...]  # still off, under another name
    weekend_changed: bool
    hours_changed: bool
    timezone_changed: bool

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.renamed
            or self.weekend_changed
            or self.hours_changed
            or self.timezone_changed
        )


def compare_calendars(old: WorkingCalendar, new: WorkingCalendar) -> CalendarDiff:
    before, after = old.holidays, new.holidays
    return CalendarDiff(
        added=tuple(sorted(set(after) - set(before))),
        removed=tuple(sorted(set(before) - set(after))),
        renamed=tuple(
            sorted(
                day
                for day in set(before) & set(after)
                if (before[day].name_ar, before[day].name_en)
                != (after[day].name_ar, after[day].name_en)
            )
        ),
        weekend_changed=old.weekend != new.weekend,
        hours_changed=(old.opens, old.closes) != (new.opens, new.closes),
        timezone_changed=str(old.tz) != str(new.tz),
    )
