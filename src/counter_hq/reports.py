"""A center's supervision report computed at HQ from what its stations synced.

The shape and the meaning of every figure are the counter's (counter_app/domain/report_model.py);
the pure arithmetic (buckets, working days, percentiles) is the counter's own
(counter_app/domain/periods.py), so a center whose every item has reached HQ gets the same
table at both ends (tests/hq/test_report_parity.py compares them after a sync).

What HQ reads: ``requests`` (receipt time, service, station, the due date and citizen in the
payload the counter pushed), ``request_events`` (every step, the counter's and HQ's, by time),
``services``/``agencies`` (names, category, HQ's routing), ``complaint_answers``,
``notifications`` and, for the sync health, what each station pushed.

What HQ cannot know the same way, and therefore leaves out or words as HQ sees it:
- calls to citizens are kept only at the counter (never pushed): ``calls.calls`` is empty;
- sync health is HQ's view (last push received, conflicts held), not the station's outbox;
- a clerk is the username on the request's first step (HQ never receives the counter's user
  list, so a clerk's full name is not known here: the label is the username).

Times: events are stored in UTC; a step's day is its local day in the calendar's time zone, as
at the counter. A request's receipt day is its receipt time's local day (``requests.local_day``
is used to narrow the query, with a day's margin, then the exact day is taken in Python).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.catalog import Catalog, parse_catalog
from counter_app.domain.errors import CounterError
from counter_app.domain.periods import (
    MAX_PERIOD_DAYS,
    WorkingDayIndex,
    bucket_start,
    buckets,
    percentile,
)
from counter_app.domain.report_model import (
    Bucket,
    CallSummary,
    ComplaintRow,
    CountRow,
    Grouping,
    LateRequest,
    Period,
    Report,
    SeriesPoint,
    StationHealth,
)
from counter_app.domain.status import OPEN_STATUSES, Status, check_transition
from counter_hq.calendars import current_calendar
from counter_hq.errors import Forbidden, Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    Center,
    ChangeRow,
    ComplaintAnswer,
    HqRequest,
    HqRequestEvent,
    HqService,
    ItemConflict,
    Notification,
    ReceivedItem,
    RequestState,
    Station,
)
from counter_hq.office.access import Role, WebUser
from counter_hq.routing import shipped_catalog_path
from counter_protocol.payloads import CATALOG

# Messages (English msgids; the back office translates them, src/counter_hq/web/locale).
BAD_PERIOD = "The period ends before it starts"
LONG_PERIOD = "The period is longer than {days} days"
BAD_DUE_SOON = "Due within must be 0 to {limit} working days"
NO_CENTER = "No center {center}"
NOT_A_READER = "Only HQ administrators and center supervisors see reports"

MAX_DUE_SOON = 60  # as the counter (services/reports/late.py MAX_DUE_WITHIN)
LIST_LIMIT = 200  # the overdue and due-soon lists, as the counter's default
COMPLAINT = "complaint"  # the service category of complaints
# Steps that end a request's open life ("not ready, delivered, rejected or cancelled by then").
CLOSING = frozenset({Status.READY, Status.DELIVERED, Status.REJECTED, Status.CANCELLED})
CLOSING_NAMES = tuple(sorted(s.value for s in CLOSING))
# The steps whose first occurrence a row counts (CountRow's fields of the same names).
COUNTED = ("forwarded", "needs_info", "ready", "delivered", "rejected")
OPEN_NAMES = frozenset(s.value for s in OPEN_STATUSES)
# The counter's words for a category and a status (resources/i18n/counter_app_*.ts; the same
# Arabic as the back office's "status:..." labels), so a row reads the same at both ends.
CATEGORY_LABELS = {
    "service": ("الخدمات", "Services"),
    COMPLAINT: ("الشكاوى", "Complaints"),
}
STATUS_LABELS = {
    "submitted": ("مقدَّم", "Submitted"),
    "forwarded": ("محال إلى الجهة", "Forwarded"),
    "in_progress": ("قيد المعالجة", "In progress"),
    "needs_info": ("بحاجة إلى استكمال", "Needs information"),
    "ready": ("جاهز للتسليم", "Ready"),
    "delivered": ("مُسلَّم", "Delivered"),
    "rejected": ("مرفوض", "Rejected"),
    "cancelled": ("ملغى", "Cancelled"),
}
STATUS_ORDER = [s.value for s in Status]


@dataclass
class _Step:
    status: str
    at: dt.datetime
    actor: str
    order: int  # HQ's row id: the order two steps of the same instant were stored in


@dataclass
class _Req:
    uuid: str
    receipt_no: str
    station_no: int
    received_at: dt.datetime
    service: str
    due: dt.date | None
    steps: list[_Step] = field(default_factory=list)

    def first(self, status: str) -> dt.datetime | None:
        times = [s.at for s in self.steps if s.status == status]
        return min(times) if times else None

    def clerk(self) -> str:
        firsts = sorted(self.steps, key=lambda s: (s.at, s.order))
        submitted = [s for s in firsts if s.status == Status.SUBMITTED.value]
        chosen = submitted[0] if submitted else (firsts[0] if firsts else None)
        return chosen.actor if chosen is not None else "-"

    def current(self, until: dt.datetime) -> tuple[str, dt.datetime] | None:
        """The status the counter holds (and since when), replaying the steps before ``until``
        in time order the way the counter applies them: a step its status does not allow (HQ's
        automatic forward of a request the counter had closed) is history, not a move."""
        current: tuple[str, dt.datetime] | None = None
        for step in sorted(self.steps, key=lambda s: (s.at, s.order)):
            if step.at >= until:
                break
            if current is not None:
                try:
                    check_transition(Status(current[0]), Status(step.status))
                except (CounterError, ValueError):
                    continue
            current = (step.status, step.at)
        return current

    def newest_before(self, moment: dt.datetime) -> str | None:
        """The newest step's status before ``moment`` (the history, not the moves)."""
        before = [s for s in self.steps if s.at < moment]
        return max(before, key=lambda s: (s.at, s.order)).status if before else None

    def status_at_end(self, end_b: dt.datetime) -> str | None:
        """The status at the period's end as the counter's report reads it: a closing step by
        then decides it (cancelled after ready is cancelled), else the newest step."""
        for name in ("cancelled", "rejected", "delivered", "ready"):
            first = self.first(name)
            if first is not None and first < end_b:
                return name
        return self.newest_before(end_b)

    def outcome_at(self, end_b: dt.datetime, horizon: dt.datetime) -> str:
        """A complaint's outcome at the period's end as the counter reads it: its current
        status when that was reached before the end, else the newest step before the end."""
        current = self.current(horizon)
        if current is not None and current[1] < end_b:
            return current[0]
        return self.newest_before(end_b) or Status.SUBMITTED.value

    def closed_before(self, moment: dt.datetime) -> bool:
        return any(s.status in CLOSING_NAMES and s.at < moment for s in self.steps)


@dataclass
class _Tally:
    received: int = 0
    counted: Counter[str] = field(default_factory=Counter)
    open_at_end: int = 0
    overdue_at_end: int = 0
    on_time: int = 0
    late: int = 0
    turnarounds: list[int] = field(default_factory=list)

    def any(self) -> bool:
        """Whether the row has a figure: a request that only passed through is no line."""
        return bool(
            self.received
            or any(self.counted.values())
            or self.open_at_end
            or self.on_time
            or self.late
        )

    def row(self, key: str, label_ar: str, label_en: str) -> CountRow:
        values = sorted(self.turnarounds)
        return CountRow(
            key=key,
            label_ar=label_ar,
            label_en=label_en,
            received=self.received,
            forwarded=self.counted["forwarded"],
            needs_info=self.counted["needs_info"],
            ready=self.counted["ready"],
            delivered=self.counted["delivered"],
            rejected=self.counted["rejected"],
            open_at_end=self.open_at_end,
            overdue_at_end=self.overdue_at_end,
            on_time=self.on_time,
            late=self.late,
            turnaround_p50=percentile(values, 50),
            turnaround_p90=percentile(values, 90),
        )


def check_period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise Invalid(BAD_PERIOD, field="to")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise Invalid(LONG_PERIOD, days=MAX_PERIOD_DAYS)
    return Period(start, end)


def _midnight_utc(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _due(raw: object) -> dt.date | None:
    if not isinstance(raw, str):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _load(
    session: Session, center: str, period: Period, tz: dt.tzinfo, today_end: dt.datetime
) -> list[_Req]:
    """The center's requests that can count in the period or sit on today's lists, with their
    steps up to the later of the period's end and today's end."""
    start_b = _midnight_utc(period.start, tz)
    end_b = _midnight_utc(period.end + dt.timedelta(days=1), tz)
    horizon = max(end_b, today_end)
    r, st = HqRequest, RequestState
    margin = dt.timedelta(days=1)  # local_day is Damascus's; the calendar's zone may differ
    # A request received before the period counts only if it was still open at the start, or
    # moved since: ``request_states`` holds each request's newest step time and whether it is
    # open, so one whose newest step is a closing one before the start (and before today) is
    # left out without reading its history. No state row (never expected): read it anyway.
    # Received after the period's end: only the open ones, for today's lists.
    wanted = and_(
        r.center == center,
        or_(
            and_(
                r.local_day <= period.end + margin,
                or_(
                    r.local_day >= period.start - margin,
                    st.request_uuid.is_(None),
                    st.open.is_(True),
                    st.status_at >= start_b,
                ),
            ),
            and_(
                r.local_day <= (today_end - dt.timedelta(seconds=1)).date() + margin,
                or_(st.request_uuid.is_(None), st.open.is_(True)),
            ),
        ),
    )
    chosen = r.__table__.outerjoin(st.__table__, st.request_uuid == r.uuid)
    rows = session.execute(
        select(
            r.uuid,
            r.receipt_no,
            r.station_no,
            r.received_at,
            r.service,
            r.payload["due_date"].as_string(),
        )
        .select_from(chosen)
        .where(wanted)
        .order_by(r.id)
    ).all()
    by_uuid = {
        row[0]: _Req(row[0], row[1], row[2], _aware(row[3]), row[4], _due(row[5])) for row in rows
    }
    if not by_uuid:
        return []
    steps = session.execute(
        select(
            HqRequestEvent.request_uuid,
            HqRequestEvent.status,
            HqRequestEvent.at,
            HqRequestEvent.actor,
            HqRequestEvent.id,
        )
        .where(
            HqRequestEvent.request_uuid.in_(select(r.uuid).select_from(chosen).where(wanted)),
            HqRequestEvent.at < horizon,
        )
        .order_by(HqRequestEvent.at, HqRequestEvent.id)
    ).all()
    for request_uuid, status, at, actor, order in steps:
        held = by_uuid.get(request_uuid)
        if held is not None:
            held.steps.append(_Step(status, _aware(at), actor, order))
    return list(by_uuid.values())


@dataclass(frozen=True)
class _Names:
    services: Mapping[str, tuple[str, str, str, str]]  # code -> ar, en, agency, category
    agencies: Mapping[str, tuple[str, str]]


# Parsed catalogs by file digest (a catalog is immutable by content; a few a year).
_CATALOGS: dict[str, Catalog] = {}


def center_catalog(session: Session, center: str) -> Catalog:
    """The catalog the center's stations count with: the newest published for every center or
    for this one, else the file the counter ships (what a new station starts with)."""
    row = session.execute(
        select(ChangeRow.payload["sha256"].as_string(), ChangeRow.seq)
        .where(
            ChangeRow.kind == CATALOG,
            or_(ChangeRow.center.is_(None), ChangeRow.center == center),
        )
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).first()
    if row is not None:
        digest, seq = str(row[0]), int(row[1])
        if digest not in _CATALOGS:
            change = session.get(ChangeRow, seq)
            assert change is not None
            _remember(digest, parse_catalog(str(change.payload["content"])))
        return _CATALOGS[digest]
    raw = shipped_catalog_path().read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest not in _CATALOGS:
        _remember(digest, parse_catalog(raw))
    return _CATALOGS[digest]


def _remember(digest: str, catalog: Catalog) -> None:
    if len(_CATALOGS) >= 16:
        _CATALOGS.clear()
    _CATALOGS[digest] = catalog


def _names(session: Session, center: str) -> _Names:
    """Names, owning agency and category of each service as the center's catalog says (the
    counter groups by the catalog's agency, the ministry owning the service, while HQ's
    routing may send it to another office: ``handled_by`` or an admin's choice); a service the
    catalog lacks is named from HQ's routing tables."""
    services: dict[str, tuple[str, str, str, str]] = {
        code: (ar, en or "", agency, category or "service")
        for code, ar, en, agency, category in session.execute(
            select(
                HqService.code,
                HqService.name_ar,
                HqService.name_en,
                HqService.agency,
                HqService.category,
            )
        )
    }
    agencies: dict[str, tuple[str, str]] = {
        code: (ar, en or "")
        for code, ar, en in session.execute(select(Agency.code, Agency.name_ar, Agency.name_en))
    }
    catalog = center_catalog(session, center)
    for a in catalog.agencies:
        agencies[a.code] = (a.name_ar, a.name_en)
    for svc in catalog.services:
        services[svc.code] = (svc.name_ar, svc.name_en, svc.agency, svc.category)
    return _Names(services, agencies)


def _station_label(center: str, station_no: int) -> str:
    return f"{center}-{station_no:02d}"


def _key_of(
    grouping: Grouping, names: _Names, center: str, end_b: dt.datetime
) -> Callable[[_Req], str]:
    def service(req: _Req) -> str:
        return req.service

    def agency(req: _Req) -> str:
        known = names.services.get(req.service)
        return known[2] if known else "-"

    def category(req: _Req) -> str:
        known = names.services.get(req.service)
        return known[3] if known else "service"

    def status(req: _Req) -> str:
        return req.status_at_end(end_b) or Status.SUBMITTED.value

    def clerk(req: _Req) -> str:
        return req.clerk()

    def station(req: _Req) -> str:
        return _station_label(center, req.station_no)

    return {
        Grouping.SERVICE: service,
        Grouping.AGENCY: agency,
        Grouping.CATEGORY: category,
        Grouping.STATUS: status,
        Grouping.CLERK: clerk,
        Grouping.STATION: station,
    }[grouping]


def _order(grouping: Grouping, rows: list[CountRow]) -> tuple[CountRow, ...]:
    """The counter's order: statuses in their life's order; otherwise the busiest first."""
    if grouping == Grouping.STATUS:
        rank = {s: i for i, s in enumerate(STATUS_ORDER)}
        return tuple(sorted(rows, key=lambda r: (rank.get(r.key, 99), r.key)))
    return tuple(sorted(rows, key=lambda r: (-r.received, -r.ready - r.delivered, r.key)))


def _label(grouping: Grouping, names: _Names, key: str) -> tuple[str, str]:
    if grouping == Grouping.SERVICE:
        known = names.services.get(key)
        return (known[0], known[1]) if known else (key, key)
    if grouping == Grouping.AGENCY:
        return names.agencies.get(key, (key, key))
    if grouping == Grouping.CATEGORY:
        return CATEGORY_LABELS.get(key, (key, key))
    if grouping == Grouping.STATUS:
        return STATUS_LABELS.get(key, (key, key))
    return key, key  # clerk (the username), station (its label)


def center_report(
    session: Session,
    *,
    center: str,
    start: dt.date,
    end: dt.date,
    grouping: Grouping | str = Grouping.SERVICE,
    bucket: Bucket | str = Bucket.WEEK,
    calendar: WorkingCalendar | None = None,
    today: dt.date | None = None,
    due_soon_days: int = 3,
    now: dt.datetime | None = None,
) -> Report:
    """The center's report over [start, end] (local days, both included). ``today`` (the local
    date) is the day the overdue and due-soon lists are as of, like the counter's; ``calendar``
    is HQ's working-day calendar unless given."""
    period = check_period(start, end)
    grouping = Grouping(grouping)
    bucket = Bucket(bucket)
    if not 0 <= due_soon_days <= MAX_DUE_SOON:
        raise Invalid(BAD_DUE_SOON, field="due_within", limit=MAX_DUE_SOON)
    held = session.get(Center, center)
    if held is None:
        raise NotFoundError(NO_CENTER, center=center)
    moment = now or dt.datetime.now(dt.UTC)
    cal = calendar or current_calendar(session)
    tz = cal.tz
    today = today or moment.astimezone(tz).date()
    start_b = _midnight_utc(period.start, tz)
    end_b = _midnight_utc(period.end + dt.timedelta(days=1), tz)
    today_end = _midnight_utc(today + dt.timedelta(days=1), tz)
    requests = _load(session, center, period, tz, today_end)
    names = _names(session, center)
    key_of = _key_of(grouping, names, center, end_b)

    def local_day(at: dt.datetime) -> dt.date:
        return at.astimezone(tz).date()

    def in_period(at: dt.datetime | None) -> bool:
        return at is not None and start_b <= at < end_b

    days = [period.start, period.end, today]
    days += [local_day(q.received_at) for q in requests]
    days += [q.due for q in requests if q.due is not None]
    index = WorkingDayIndex(cal, min(days), max(days) + dt.timedelta(days=1))

    tallies: dict[str, _Tally] = defaultdict(_Tally)
    total = _Tally()
    series_starts = buckets(period, bucket)
    series: dict[dt.date, Counter[str]] = {s: Counter() for s in series_starts}

    def bucket_of(day: dt.date) -> dt.date:
        # Days counted are inside the period, so their bucket is one of the series'.
        return bucket_start(day, bucket)

    for req in requests:
        received_day = local_day(req.received_at)
        if received_day > period.end:
            continue
        tallies_of = (tallies[key_of(req)], total)
        if received_day >= period.start:
            for t in tallies_of:
                t.received += 1
            series[bucket_of(received_day)]["received"] += 1
        for name in COUNTED:
            first = req.first(name)
            if in_period(first):
                for t in tallies_of:
                    t.counted[name] += 1
                if name in ("ready", "delivered") and first is not None:
                    series[bucket_of(local_day(first))][name] += 1
        ready = req.first(Status.READY.value)
        done = ready if ready is not None else req.first(Status.DELIVERED.value)
        if done is not None and in_period(done):
            done_day = local_day(done)
            on_time = req.due is None or done_day <= req.due
            spent = index.turnaround(req.received_at.astimezone(tz), done_day)
            for t in tallies_of:
                if on_time:
                    t.on_time += 1
                else:
                    t.late += 1
                t.turnarounds.append(spent)
        if not req.closed_before(end_b):
            for t in tallies_of:
                t.open_at_end += 1
                if req.due is not None and req.due < period.end:
                    t.overdue_at_end += 1

    lines = [tallies[key].row(key, *_label(grouping, names, key)) for key in tallies]
    rows = _order(
        grouping, [row for key, row in zip(tallies, lines, strict=True) if tallies[key].any()]
    )
    overdue, due_soon = _with_names(
        session, _late_lists(requests, names, cal, index, today, today_end, due_soon_days)
    )
    return Report(
        center_code=center,
        center_name=held.name,
        period=period,
        grouping=grouping,
        bucket=bucket,
        rows=rows,
        totals=total.row("total", "المجموع", "Total"),
        series=tuple(
            SeriesPoint(s, series[s]["received"], series[s]["ready"], series[s]["delivered"])
            for s in series_starts
        ),
        overdue=overdue,
        due_soon=due_soon,
        due_soon_days=due_soon_days,
        complaints=_complaints(
            session, requests, names, (start_b, end_b, max(end_b, today_end)), local_day, period
        ),
        calls=CallSummary(calls={}, notifications=_notifications(session, center, start_b, end_b)),
        sync=_sync_health(session, center),
        generated_at=moment,
    )


def _late_lists(
    requests: Sequence[_Req],
    names: _Names,
    cal: WorkingCalendar,
    index: WorkingDayIndex,
    today: dt.date,
    today_end: dt.datetime,
    due_soon_days: int,
) -> tuple[tuple[LateRequest, ...], tuple[LateRequest, ...]]:
    """Open requests (as of today) past their due date, and those due within
    ``due_soon_days`` working days: the counter's lists (services/reports/late.py), oldest
    due first, then in the order the station took them."""
    horizon = cal.add_working_days(today, due_soon_days)
    overdue: list[tuple[dt.date, int, LateRequest]] = []
    soon: list[tuple[dt.date, int, LateRequest]] = []
    for n, req in enumerate(requests):
        if req.due is None:
            continue
        held = req.current(today_end)
        status = held[0] if held is not None else Status.SUBMITTED.value
        if status not in OPEN_NAMES:
            continue
        late_by = index.working_days_late(req.due, today)
        known = names.services.get(req.service)
        item = LateRequest(
            receipt_no=req.receipt_no,
            service_code=req.service,
            service_ar=known[0] if known else req.service,
            service_en=known[1] if known else req.service,
            citizen_name="",  # read below for the few listed
            status=status,
            received_on=req.received_at.astimezone(cal.tz).date(),
            due_date=req.due,
            working_days_late=late_by,
        )
        if req.due < today:
            overdue.append((req.due, n, item))
        elif req.due <= horizon:
            soon.append((req.due, n, item))
    return _sorted(overdue), _sorted(soon)


def _sorted(items: list[tuple[dt.date, int, LateRequest]]) -> tuple[LateRequest, ...]:
    return tuple(item for _, _, item in sorted(items, key=lambda x: (x[0], x[1]))[:LIST_LIMIT])


def _with_names(
    session: Session, lists: tuple[tuple[LateRequest, ...], ...]
) -> tuple[tuple[LateRequest, ...], ...]:
    """The citizen's name as written on each listed request (the payload the counter pushed),
    read for the listed few only."""
    receipts = {item.receipt_no for items in lists for item in items}
    if not receipts:
        return lists
    names = {
        receipt: name or ""
        for receipt, name in session.execute(
            select(HqRequest.receipt_no, HqRequest.payload[("citizen", "name")].as_string()).where(
                HqRequest.receipt_no.in_(receipts)
            )
        )
    }
    return tuple(
        tuple(replace(item, citizen_name=names.get(item.receipt_no, "")) for item in items)
        for items in lists
    )


def _complaints(
    session: Session,
    requests: Sequence[_Req],
    names: _Names,
    bounds: tuple[dt.datetime, dt.datetime, dt.datetime],
    local_day: Callable[[dt.datetime], dt.date],
    period: Period,
) -> tuple[ComplaintRow, ...]:
    """Complaints received in the period by type (the most first), answered by the period's
    end, and their status at the period's end (the outcome)."""
    _, end_b, horizon = bounds
    chosen = [
        q
        for q in requests
        if (names.services.get(q.service, ("", "", "", ""))[3] == COMPLAINT)
        and period.start <= local_day(q.received_at) <= period.end
    ]
    if not chosen:
        return ()
    answered = set(
        session.execute(
            select(ComplaintAnswer.request_uuid).where(
                ComplaintAnswer.request_uuid.in_([q.uuid for q in chosen]),
                ComplaintAnswer.at < end_b,
            )
        ).scalars()
    )
    by_type: dict[str, list[_Req]] = defaultdict(list)
    for q in chosen:
        by_type[q.service].append(q)
    out = []
    for code in sorted(by_type, key=lambda c: (-len(by_type[c]), c)):
        known = names.services.get(code)
        outcomes = Counter(q.outcome_at(end_b, horizon) for q in by_type[code])
        out.append(
            ComplaintRow(
                service_code=code,
                label_ar=known[0] if known else code,
                label_en=known[1] if known else code,
                received=len(by_type[code]),
                answered=sum(1 for q in by_type[code] if q.uuid in answered),
                outcomes=dict(sorted(outcomes.items())),
            )
        )
    return tuple(out)


def _notifications(
    session: Session, center: str, start_b: dt.datetime, end_b: dt.datetime
) -> dict[str, int]:
    """The center's SMS by state, counted on the day HQ sent them or gave up (still queued:
    on the day they were queued)."""
    when = func.coalesce(Notification.sent_at, Notification.created_at)
    rows = session.execute(
        select(Notification.state, func.count())
        .where(Notification.center == center, when >= start_b, when < end_b)
        .group_by(Notification.state)
    ).all()
    return {state: int(n) for state, n in sorted(rows)}


def _sync_health(session: Session, center: str) -> tuple[StationHealth, ...]:
    """Each station of the center as HQ sees it: when it last pushed, how many of its items HQ
    holds as conflicts (unresolved), revoked or retired. The station's own outbox (pending,
    failed) is not known here."""
    stations = session.execute(
        select(Station.id, Station.station_no, Station.revoked_at, Station.retired_at)
        .where(Station.center == center)
        .order_by(Station.station_no)
    ).all()
    if not stations:
        return ()
    ids = [s[0] for s in stations]
    pushed: dict[int, dt.datetime] = {
        station_id: at
        for station_id, at in session.execute(
            select(ReceivedItem.station_id, func.max(ReceivedItem.received_at))
            .where(ReceivedItem.station_id.in_(ids))
            .group_by(ReceivedItem.station_id)
        )
    }
    conflicts: dict[int, int] = {
        station_id: int(n)
        for station_id, n in session.execute(
            select(ItemConflict.station_id, func.count())
            .where(ItemConflict.station_id.in_(ids), ItemConflict.resolved_at.is_(None))
            .group_by(ItemConflict.station_id)
        )
    }
    out = []
    for station_id, number, revoked, retired in stations:
        notes = []
        if revoked is not None:
            notes.append("revoked")
        if retired is not None:
            notes.append("retired")
        last = pushed.get(station_id)
        out.append(
            StationHealth(
                station=_station_label(center, number),
                last_push=_aware(last) if last is not None else None,
                failed=int(conflicts.get(station_id, 0)),
                detail=", ".join(notes),
            )
        )
    return tuple(out)


def visible_centers(session: Session, user: WebUser) -> list[tuple[str, str]]:
    """The centers ``user`` may see reports of: every one for an HQ admin, their own for a
    center supervisor, none for anyone else."""
    query = select(Center.code, Center.name).order_by(Center.code)
    if user.role is Role.ADMIN:
        return [(c, n) for c, n in session.execute(query)]
    if user.role is Role.SUPERVISOR and user.center:
        return [(c, n) for c, n in session.execute(query.where(Center.code == user.center))]
    return []


def check_reader(user: WebUser) -> None:
    """Reports are for HQ admins and center supervisors: an agency officer gets the refusal."""
    if user.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise Forbidden(NOT_A_READER)


def report_for(
    session: Session,
    user: WebUser,
    *,
    center: str,
    start: dt.date,
    end: dt.date,
    grouping: Grouping | str = Grouping.SERVICE,
    bucket: Bucket | str = Bucket.WEEK,
    due_soon_days: int = 3,
    now: dt.datetime | None = None,
) -> Report:
    """``center_report`` for a back-office user: an HQ admin any center, a center supervisor
    their own; any other center is "not found" (never saying whether it exists)."""
    check_reader(user)
    allowed = {code for code, _ in visible_centers(session, user)}
    if center not in allowed:
        raise NotFoundError(NO_CENTER, center=center)
    return center_report(
        session,
        center=center,
        start=start,
        end=end,
        grouping=grouping,
        bucket=bucket,
        due_soon_days=due_soon_days,
        now=now,
    )


def as_rows(report: Report) -> Iterable[CountRow]:
    """The table's lines then the total (what a page or a table print shows)."""
    yield from report.rows
    yield report.totals
