"""An agency's work queue: the requests a back-office user may see, filtered, overdue first.

Everything here reads ``request_states`` (one row per request, kept in step with its events),
never the events: a queue over a million requests must answer in a few milliseconds. The
order is the promised date ascending, which puts the overdue first (the most overdue at the
top), then requests without a promised date; it follows the queue indexes
``(agency|center, open, due_on)``. How late a request is counts working days with the same
calendar as the counter (HQ's published holiday calendar, else the shipped one).

Counts are bounded, like the counter's "more than N": an open status's tab stops at 10,000,
a finished one's (the agency's history) at 1,000, instead of counting them all on every page;
each count is read from a status index that includes the filtered columns (migration 0009).
Figures on 1,000,000 requests: docs/BENCHMARKS.md, "Back office (issue 15)".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, select, union_all
from sqlalchemy.orm import Session

from counter_app.domain.calendar import MAX_SLA_DAYS, WorkingCalendar
from counter_app.domain.digits import normalize_digits
from counter_app.domain.status import FINAL_STATUSES, OPEN_STATUSES, Status
from counter_hq.calendars import current_calendar
from counter_hq.errors import Invalid
from counter_hq.models import Center, HqRequest, HqService, RequestState
from counter_hq.office.access import Role, WebUser, scope_clause

PAGE_SIZE = 50
COUNT_LIMIT = 10_000  # counts above this are "more than 10,000"
# A finished status (delivered, rejected, cancelled) is the agency's history: hundreds of
# thousands of rows that nobody needs counted to the unit; stopping at 1,000 spares walking
# them on every page (its tab says "more than 1,000").
HISTORY_COUNT_LIMIT = 1_000
MAX_PAGE = 1_000  # a deeper page is better reached with a filter than with OFFSET

# What the status filter accepts besides a status name.
OPEN, CLOSED, ALL = "open", "closed", "all"
AGE_OLDER, AGE_OVERDUE, AGE_DUE_WITHIN = "older", "overdue", "due_within"
AGES = (AGE_OLDER, AGE_OVERDUE, AGE_DUE_WITHIN)

_CENTER = re.compile(r"^[A-Z]{2,6}$")
_SERVICE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,39}$")
_RECEIPT_PREFIX = re.compile(r"^[A-Z0-9-]{1,32}$")


@dataclass(frozen=True)
class QueueFilters:
    center: str | None = None
    service: str | None = None
    status: str = OPEN  # open | closed | all | a status name
    age: str | None = None  # older | overdue | due_within
    days: int | None = None  # the N of "older" and "due_within" (working days)
    receipt: str | None = None  # a receipt number's beginning, typed any way


@dataclass(frozen=True)
class QueueRow:
    request_uuid: str
    receipt_no: str
    center: str
    service: str
    service_name_ar: str | None  # None: a service HQ has not routed
    service_name_en: str | None
    agency: str | None
    status: str
    received_at: dt.datetime
    due_on: dt.date | None
    days_late: int  # working days past due_on (0: not late)
    citizen_name: str


@dataclass(frozen=True)
class Count:
    n: int
    more: bool  # True: more than ``n`` (the count stopped there)


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    page: int
    page_size: int
    total: Count
    status_counts: dict[str, Count] = field(default_factory=dict)  # every status, same filters
    today: dt.date = dt.date.min

    @property
    def pages(self) -> int:
        """How many pages the bounded total fills (at least 1)."""
        return max(1, min(MAX_PAGE, -(-self.total.n // self.page_size)))


def work_queue(
    session: Session,
    user: WebUser,
    filters: QueueFilters,
    page: int = 1,
    *,
    now: dt.datetime,
    calendar: WorkingCalendar | None = None,
) -> QueuePage:
    """One page of the requests ``user`` may see, matching ``filters``, overdue first."""
    if not 1 <= page <= MAX_PAGE:
        raise Invalid("Page {page} does not exist", page=page)
    cal = calendar if calendar is not None else current_calendar(session)
    today = now.astimezone(cal.tz).date()
    scope = scope_clause(user)
    common = _conditions(filters, cal, today, now)
    wanted = _statuses(filters.status)
    columns = (
        RequestState.request_uuid,
        RequestState.receipt_no,
        RequestState.center,
        RequestState.service,
        RequestState.agency,
        RequestState.status,
        RequestState.received_at,
        RequestState.due_on,
    )
    order = (
        RequestState.due_on.asc().nulls_last(),
        RequestState.received_at,
        RequestState.receipt_no,
    )
    offset = (page - 1) * PAGE_SIZE
    if filters.status == OPEN or len(wanted) == 1:
        # One index range in due order: (agency|center, open, due_on) or (.., status, due_on).
        one = RequestState.open.is_(True) if filters.status == OPEN else _one_status(wanted)
        page_rows = (
            select(*columns)
            .where(scope, *common, one)
            .order_by(*order)
            .limit(PAGE_SIZE)
            .offset(offset)
            .subquery("page")
        )
    else:
        # Several statuses (closed, all): each status's own index range in due order, as deep
        # as the page reaches, merged; never a sort of every request the agency ever had.
        parts = [
            select(*columns)
            .where(scope, *common, RequestState.status == name)
            .order_by(*order)
            .limit(offset + PAGE_SIZE)
            for name in sorted(wanted)
        ]
        merged = union_all(*parts).subquery("merged")
        page_rows = (
            select(merged)
            .order_by(merged.c.due_on.asc().nulls_last(), merged.c.received_at, merged.c.receipt_no)
            .limit(PAGE_SIZE)
            .offset(offset)
            .subquery("page")
        )
    # The page is chosen on request_states alone, then its 50 rows are joined to the request
    # (the citizen's name in its payload) and the service (its names).
    stmt = (
        select(
            page_rows,
            HqRequest.payload["citizen"]["name"].as_string(),
            HqService.name_ar,
            HqService.name_en,
        )
        .outerjoin(HqRequest, HqRequest.uuid == page_rows.c.request_uuid)
        .outerjoin(HqService, HqService.code == page_rows.c.service)
        .order_by(
            page_rows.c.due_on.asc().nulls_last(),
            page_rows.c.received_at,
            page_rows.c.receipt_no,
        )
    )
    late = _LateCounter(cal)
    rows = tuple(
        QueueRow(
            request_uuid=r.request_uuid,
            receipt_no=r.receipt_no,
            center=r.center,
            service=r.service,
            service_name_ar=r.name_ar,
            service_name_en=r.name_en,
            agency=r.agency,
            status=r.status,
            received_at=r.received_at,
            due_on=r.due_on,
            days_late=late(r.due_on, today) if r.status in _OPEN_NAMES else 0,
            citizen_name=r[8] or "",
        )
        for r in session.execute(stmt)
    )
    # Every status tab's count in one statement (one round trip), each read from its status
    # index alone (the filters' columns are included in it, migration 0009) and stopped at
    # its limit + 1; the total is the sum of the statuses the filter shows.
    statuses = [(s, _limit(s)) for s in Status]
    found = session.execute(
        select(
            *(
                _bounded([scope, *common, RequestState.status == s.value], most)
                for s, most in statuses
            )
        )
    ).one()
    counts = {s.value: _count(n, most) for (s, most), n in zip(statuses, found, strict=True)}
    shown = [counts[name] for name in wanted]
    total = Count(sum(c.n for c in shown), any(c.more for c in shown))
    return QueuePage(rows, page, PAGE_SIZE, total, counts, today)


_OPEN_NAMES = frozenset(s.value for s in OPEN_STATUSES)


def _limit(status: Status) -> int:
    return HISTORY_COUNT_LIMIT if status in FINAL_STATUSES else COUNT_LIMIT


def _bounded(where: list[ColumnElement[bool]], most: int) -> ScalarSelect[int]:
    """How many rows match, counted up to ``most`` + 1 (a scalar subquery)."""
    inner = select(RequestState.request_uuid).where(*where).limit(most + 1).subquery()
    return select(func.count()).select_from(inner).scalar_subquery()


def _count(n: int, most: int) -> Count:
    return Count(min(n, most), n > most)


def _statuses(status: str) -> frozenset[str]:
    """The statuses a status filter shows."""
    if status == OPEN:
        return _OPEN_NAMES
    if status == CLOSED:
        return frozenset(s.value for s in Status) - _OPEN_NAMES
    if status == ALL:
        return frozenset(s.value for s in Status)
    try:
        return frozenset({Status(status).value})
    except ValueError:
        raise Invalid("Unknown status {status}", status=status[:40]) from None


def _one_status(wanted: frozenset[str]) -> ColumnElement[bool]:
    (name,) = wanted
    return RequestState.status == name


def _conditions(
    filters: QueueFilters, cal: WorkingCalendar, today: dt.date, now: dt.datetime
) -> list[ColumnElement[bool]]:
    """The filters other than the status (the status tabs count under these)."""
    found: list[ColumnElement[bool]] = []
    if filters.center:
        center = filters.center.strip().upper()
        if not _CENTER.match(center):
            raise Invalid("Unknown center {center}", center=filters.center[:20])
        found.append(RequestState.center == center)
    if filters.service:
        service = filters.service.strip().upper()
        if not _SERVICE.match(service):
            raise Invalid("Unknown service {service}", service=filters.service[:40])
        found.append(RequestState.service == service)
    if filters.receipt and filters.receipt.strip():
        prefix = receipt_prefix(filters.receipt)
        found.append(RequestState.receipt_no.like(prefix + "%"))
    if filters.age:
        found.append(_age_condition(filters.age, filters.days, cal, today))
    return found


def receipt_prefix(typed: str) -> str:
    """The beginning of a receipt number as stored: Latin digits, capitals, no spaces."""
    text = normalize_digits(typed).upper().replace(" ", "").replace("\u2010", "-")
    if not _RECEIPT_PREFIX.match(text):
        raise Invalid("A receipt number has only letters, digits and dashes")
    return text


def _age_condition(
    age: str, days: int | None, cal: WorkingCalendar, today: dt.date
) -> ColumnElement[bool]:
    if age == AGE_OVERDUE:
        return RequestState.due_on < today
    if age not in AGES:
        raise Invalid("Unknown age filter {age}", age=age[:40])
    if days is None or not 0 <= days <= MAX_SLA_DAYS:
        raise Invalid("The number of working days must be between 0 and {most}", most=MAX_SLA_DAYS)
    if age == AGE_DUE_WITHIN:
        last = cal.add_working_days(today, days)
        return and_(RequestState.due_on >= today, RequestState.due_on <= last)
    # Received more than N working days ago: before the (N+1)-th working day counted back from
    # today (today included), i.e. more than N working days lie after its day up to today.
    day = today
    seen = 0
    while True:
        if cal.is_working_day(day):
            seen += 1
            if seen == days + 1:
                break
        day -= dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=cal.tz)
    return RequestState.received_at < start.astimezone(dt.UTC)


class _LateCounter:
    """Working days in (due, today], in constant time per row: weeks by arithmetic, holidays
    by bisection (a request overdue for years must not walk every day of them)."""

    def __init__(self, cal: WorkingCalendar) -> None:
        self.weekend = cal.weekend
        self.holidays = sorted(d for d in cal.holidays if d.weekday() not in cal.weekend)

    def __call__(self, due: dt.date | None, today: dt.date) -> int:
        if due is None or due >= today:
            return 0
        span = (today - due).days
        weeks, rest = divmod(span, 7)
        count = weeks * (7 - len(self.weekend))
        day = due + dt.timedelta(days=weeks * 7)
        for _ in range(rest):
            day += dt.timedelta(days=1)
            if day.weekday() not in self.weekend:
                count += 1
        lo = bisect.bisect_right(self.holidays, due)
        hi = bisect.bisect_right(self.holidays, today)
        return count - (hi - lo)


def working_days_late(cal: WorkingCalendar, due: dt.date | None, today: dt.date) -> int:
    """How many working days past ``due`` a request still open on ``today`` is."""
    return _LateCounter(cal)(due, today)


# -- the filters' lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A center or service offered by a filter: its code and its names (a center has one name,
    given as both)."""

    code: str
    name_ar: str
    name_en: str


@dataclass(frozen=True)
class QueueChoices:
    centers: tuple[Choice, ...]
    services: tuple[Choice, ...]


def queue_choices(session: Session, user: WebUser) -> QueueChoices:
    """The centers and services the user's scope holds, for the queue's filter lists: an
    officer, the services routed to their agency and the centers that sent it requests; a
    supervisor, their center and the services its requests are of; an admin, every center and
    service. Each center or service is one index probe (migration 0010: ``(agency, center)``,
    ``(center, service)``), never a scan of the scope's requests: the queue page reads this
    every time it is opened."""
    centers = select(Center.code, Center.name).order_by(Center.code)
    services = select(HqService.code, HqService.name_ar, HqService.name_en).order_by(HqService.code)
    if user.role is Role.OFFICER and user.agency:
        centers = centers.where(
            exists().where(RequestState.agency == user.agency, RequestState.center == Center.code)
        )
        services = services.where(HqService.agency == user.agency)
    elif user.role is Role.SUPERVISOR and user.center:
        centers = centers.where(Center.code == user.center)
        services = services.where(
            exists().where(
                RequestState.center == user.center, RequestState.service == HqService.code
            )
        )
    elif user.role is not Role.ADMIN:
        return QueueChoices((), ())  # an account bound to nothing sees no request either
    return QueueChoices(
        tuple(Choice(code, name or "", name or "") for code, name in session.execute(centers)),
        tuple(
            Choice(code, name_ar or "", name_en or "")
            for code, name_ar, name_en in session.execute(services)
        ),
    )
