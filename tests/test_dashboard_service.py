"""The supervisor's dashboard (services/dashboard.py) on a hand-computed dataset.

The calendar: weekend Friday and Saturday, and a holiday added on Tuesday 2026-11-24. "Now" is
Thursday 2026-11-26 12:00 in Damascus (UTC+3). Every request below is taken (and every step
made) at the local time written beside it, in time order, through the services:

    R0  Sun 11-01 00:30  GEH-SITE-PLAN (7)        Sat 10-31 21:30 UTC: November, and the week
                                                  of Nov 1 in local days; due Tue 11-10;
                                                  ready Sun 11-08 01:00 (Sat 11-07 in UTC)
    R1  Sun 11-01 10:00  MOI-INDIVIDUAL-STATEMENT due Mon 11-02; never moves: 17 working
                                                  days late today (3+5+5+2+2, the holiday out)
    R8  Tue 10-20 10:00  MOI-FAMILY-STATEMENT     October; ready 10-21, delivered 10-22
    R2  Thu 11-19 16:00  GEH-PROPERTY-DATA (3)    after closing: counts from Sun 11-22, the
                                                  holiday skipped: due Thu 11-26 (today)
    R3  Sat 11-21 11:00  MOI-CRIMINAL-RECORD (2)  weekend: counts from Sun; due Wed 11-25;
                                                  forwarded Sun 11-22 10:00
    R4  Sun 11-22 09:00  MOI-INDIVIDUAL-STATEMENT ready Mon 11-23 12:00, delivered today 10:00
    R9  Mon 11-23 10:00  MOI-BIRTH-STATEMENT (1)  due Wed 11-25 (Tuesday is the holiday);
                                                  needs information 14:00, called Wed 10:00
    R11 Wed 11-25 10:00  MOI-MARRIAGE-STATEMENT   ready today 09:00
    R6  Thu 11-26 08:30  GEH-PROPERTY-DATA (3)    due Tue 12-01: 3 working days left
    R7  Thu 11-26 11:00  MOI-CRIMINAL-RECORD      rejected today 11:30

So, today: received 2 (R6, R7), ready 1 (R11), delivered 1 (R4), rejected 1 (R7); open 5
(R1, R2, R3, R6, R9); overdue 3 (R1, R3, R9); due within 3 working days (by Tue 12-01) 2 (R2,
R6); calls to make 3 (ready R0 and R11, rejected R7; R9 was called). This month (Nov 1 to 26)
9 received (not R8): GEH-PROPERTY-DATA 2, MOI-CRIMINAL-RECORD 2, MOI-INDIVIDUAL-STATEMENT 2,
then 1 each; MOI 6, GEH 3.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.domain.calendar import Holiday
from counter_app.domain.errors import PermissionDenied
from counter_app.i18n import Translator
from counter_app.paths import AppPaths
from counter_app.services import dashboard as dash
from counter_app.services.calls import record_call
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.dashboard import OTHERS, dashboard_snapshot
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.requests import change_status
from counter_app.services.sample import sample_fields
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_app.store.models import PrintJob
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, FixedClock

NAMES = {
    "R0": "سعاد الخطيب",
    "R1": "أحمد الحلبي",
    "R2": "ريم الشامي",
    "R3": "خالد المصري",
    "R4": "هند العلي",
    "R6": "مازن الحسن",
    "R7": "لينا الأحمد",
    "R8": "عمر السوري",
    "R9": "نور الدين",
    "R11": "سلمى يوسف",
    "C1": "فادي ناصر",
    "C2": "رنا حداد",
    "C3": "وسيم قاسم",
    "S1": "جمعية الأمل",
}
DAMASCUS = dt.timezone(dt.timedelta(hours=3))
HOLIDAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=DAMASCUS)


@dataclasses.dataclass
class Center:
    ctx: AppContext
    clock: FixedClock
    admin: Actor
    supervisor: Actor
    clerk: Actor
    receipts: dict[str, str]


def open_center(center: str) -> Iterator[Center]:
    clock = FixedClock(dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.UTC))
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = clock
    holiday = Holiday(HOLIDAY, "عطلة الاختبار", "Test holiday")
    ctx.calendar = dataclasses.replace(
        ctx.calendar, holidays={**ctx.calendar.holidays, HOLIDAY: holiday}
    )
    setup_station(
        ctx,
        center_code=center,
        center_name="مركز الاختبار",
        station_no=2,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    for name, role in (("super1", "supervisor"), ("clerk1", "clerk")):
        add_user(ctx, admin, username=name, role=role, password=CLERK_PASSWORD, full_name="ع")
    with ctx.store.read() as session:
        supervisor, clerk = ctx.actor(session, "super1"), ctx.actor(session, "clerk1")
    yield Center(ctx, clock, admin, supervisor, clerk, {})
    ctx.close()


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=DAMASCUS).astimezone(dt.UTC)


def take(c: Center, name: str, when: dt.datetime, code: str, nid: str) -> None:
    c.clock.now = when
    svc = active_catalog(c.ctx).service(code)
    assert svc is not None
    c.receipts[name] = submit_request(
        c.ctx,
        c.clerk,
        IntakeInput(
            code,
            nid,
            NAMES[name],
            "0933000111",
            sample_fields(svc),
            {d.type: "copy_kept" for d in svc.documents},
        ),
    ).receipt_no


def step(c: Center, name: str, when: dt.datetime, status: str) -> None:
    c.clock.now = when
    reason = "ناقص" if status in ("needs_info", "rejected") else None
    change_status(c.ctx, c.admin, c.receipts[name], status, reason)


@pytest.fixture
def center() -> Iterator[Center]:
    for c in open_center("MZH"):
        take(c, "R8", at(10, 20, 10), "MOI-FAMILY-STATEMENT", "08000000001")
        step(c, "R8", at(10, 21, 10), "ready")
        step(c, "R8", at(10, 22, 10), "delivered")
        take(c, "R0", at(11, 1, 0, 30), "GEH-SITE-PLAN", "00000000001")
        take(c, "R1", at(11, 1, 10), "MOI-INDIVIDUAL-STATEMENT", "01000000001")
        step(c, "R0", at(11, 8, 1), "ready")
        take(c, "R2", at(11, 19, 16), "GEH-PROPERTY-DATA", "02000000001")
        take(c, "R3", at(11, 21, 11), "MOI-CRIMINAL-RECORD", "03000000001")
        take(c, "R4", at(11, 22, 9), "MOI-INDIVIDUAL-STATEMENT", "04000000001")
        step(c, "R3", at(11, 22, 10), "forwarded")
        take(c, "R9", at(11, 23, 10), "MOI-BIRTH-STATEMENT", "09000000001")
        step(c, "R4", at(11, 23, 12), "ready")
        step(c, "R9", at(11, 23, 14), "needs_info")
        take(c, "R11", at(11, 25, 10), "MOI-MARRIAGE-STATEMENT", "11000000001")
        c.clock.now = at(11, 25, 10, 30)
        record_call(c.ctx, c.admin, c.receipts["R9"], "called")
        take(c, "R6", at(11, 26, 8, 30), "GEH-PROPERTY-DATA", "06000000001")
        step(c, "R11", at(11, 26, 9), "ready")
        step(c, "R4", at(11, 26, 10), "delivered")
        take(c, "R7", at(11, 26, 11), "MOI-CRIMINAL-RECORD", "07000000001")
        step(c, "R7", at(11, 26, 11, 30), "rejected")
        c.clock.now = NOW.astimezone(dt.UTC)
        yield c


def test_todays_numbers(center: Center) -> None:
    d = dashboard_snapshot(center.ctx, center.supervisor)
    assert d.today == dt.date(2026, 11, 26)
    n = d.numbers
    assert (n.received, n.ready, n.delivered, n.rejected) == (2, 1, 1, 1)
    assert (n.open_now, n.overdue_now, n.due_soon) == (5, 3, 2)
    assert n.complaints_open == 0
    assert n.calls_to_make == 3
    assert n.print_failed == 0
    assert n.sync_enrolled is False and n.last_push is None
    with center.ctx.store.read() as s:
        pending = s.execute(text("SELECT count(*) FROM outbox WHERE state='pending'")).scalar()
    assert n.outbox_pending == pending and pending > 0
    # The call list itself agrees with the tile.
    from counter_app.services.calls import call_list

    assert len(call_list(center.ctx, center.supervisor)) == n.calls_to_make


def test_month_bars_per_service_and_agency(center: Center) -> None:
    d = dashboard_snapshot(center.ctx, center.admin)
    assert d.month.start == dt.date(2026, 11, 1) and d.month.end == dt.date(2026, 11, 26)
    assert [(b.key, b.value) for b in d.by_service] == [
        ("GEH-PROPERTY-DATA", 2),
        ("MOI-CRIMINAL-RECORD", 2),
        ("MOI-INDIVIDUAL-STATEMENT", 2),
        ("GEH-SITE-PLAN", 1),
        ("MOI-BIRTH-STATEMENT", 1),
        ("MOI-MARRIAGE-STATEMENT", 1),
    ]
    assert d.by_service[0].label_en and d.by_service[0].label_ar
    assert [(b.key, b.value) for b in d.by_agency] == [("MOI", 6), ("GEH", 3)]
    assert d.by_agency[0].label_en == "Ministry of Interior"


def test_services_beyond_the_top_are_one_others_bar(
    center: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dash, "TOP_SERVICES", 3)
    d = dashboard_snapshot(center.ctx, center.admin)
    assert [(b.key, b.value) for b in d.by_service] == [
        ("GEH-PROPERTY-DATA", 2),
        ("MOI-CRIMINAL-RECORD", 2),
        ("MOI-INDIVIDUAL-STATEMENT", 2),
        (OTHERS, 3),
    ]


def test_weeks_in_local_days(center: Center) -> None:
    d = dashboard_snapshot(center.ctx, center.admin)
    assert len(d.weeks) == 12
    assert d.weeks[0].start == dt.date(2026, 9, 6) and d.weeks[-1].start == dt.date(2026, 11, 22)
    assert all(w.start.weekday() == 6 for w in d.weeks)  # Sundays
    got = {
        w.start.isoformat(): (w.received, w.ready, w.delivered)
        for w in d.weeks
        if w.received or w.ready or w.delivered
    }
    assert got == {
        "2026-10-18": (1, 1, 1),  # R8
        "2026-11-01": (2, 0, 0),  # R0 (31 October in UTC), R1
        "2026-11-08": (0, 1, 0),  # R0 ready on Sunday 01:00 (Saturday in UTC)
        "2026-11-15": (2, 0, 0),  # R2, R3
        "2026-11-22": (5, 2, 1),  # R4 R9 R11 R6 R7; R4 and R11 ready; R4 delivered
    }


def test_overdue_and_due_soon_lists(center: Center) -> None:
    d = dashboard_snapshot(center.ctx, center.supervisor)
    r = center.receipts
    assert [(x.receipt_no, x.due_date, x.working_days_late) for x in d.overdue] == [
        (r["R1"], dt.date(2026, 11, 2), 17),
        (r["R3"], dt.date(2026, 11, 25), 1),
        (r["R9"], dt.date(2026, 11, 25), 1),
    ]
    assert [(x.receipt_no, x.due_date, x.working_days_late) for x in d.due_soon] == [
        (r["R2"], dt.date(2026, 11, 26), 0),
        (r["R6"], dt.date(2026, 12, 1), -3),
    ]
    first = d.overdue[0]
    assert first.citizen_name == NAMES["R1"] and first.status == "submitted"
    assert first.service_en == "Individual statement" and first.service_ar
    # R2 was taken after closing on Thursday 19: received that day, counted from Sunday.
    assert d.due_soon[0].received_on == dt.date(2026, 11, 19)
    assert d.due_soon_days == 3
    # A shorter list: the most overdue first.
    short = dashboard_snapshot(center.ctx, center.supervisor, limit=1)
    assert [x.receipt_no for x in short.overdue] == [r["R1"]]
    assert short.numbers.overdue_now == 3


def test_failed_print_jobs_are_counted(center: Center) -> None:
    with center.ctx.store.write() as s:
        for state in ("failed", "interrupted", "done"):
            s.add(
                PrintJob(
                    uuid=f"00000000-0000-4000-8000-00000000000{len(state)}",
                    kind="receipt",
                    ref=center.receipts["R1"],
                    copy_no=len(state),
                    paper="roll80",
                    language="ar",
                    printer="pdffile:x",
                    state=state,
                    created_at=center.clock(),
                )
            )
    assert dashboard_snapshot(center.ctx, center.admin).numbers.print_failed == 2


def test_a_clerk_may_not_see_it(center: Center) -> None:
    with pytest.raises(PermissionDenied) as refused:
        dashboard_snapshot(center.ctx, center.clerk)
    arabic = refused.value.render(Translator.for_language("ar"))
    assert "clerk1" in arabic and "not allowed" not in arabic
    assert "not allowed" in refused.value.render(Translator.for_language("en"))


def test_an_empty_station_shows_zeros(tmp_path: Path) -> None:
    for c in open_center("MZH"):
        c.clock.now = NOW.astimezone(dt.UTC)
        d = dashboard_snapshot(c.ctx, c.supervisor)
        assert dataclasses.astuple(d.numbers)[:11] == (0,) * 11
        assert d.by_service == () and d.by_agency == ()
        assert [w.received for w in d.weeks] == [0] * 12
        assert d.overdue == () and d.due_soon == ()


def test_open_complaints_at_a_social_affairs_center() -> None:
    for c in open_center("MSA"):
        take(c, "C1", at(11, 22, 9), "MOSAL-COMPLAINT-DELAY", "21000000001")
        take(c, "C2", at(11, 22, 10), "MOSAL-COMPLAINT-LABOUR", "22000000001")
        take(c, "C3", at(11, 22, 11), "MOSAL-COMPLAINT-LABOUR", "23000000001")
        take(c, "S1", at(11, 22, 12), "MOSAL-NGO-NAME-INQUIRY", "24000000001")
        step(c, "C3", at(11, 23, 9), "ready")  # answered: no longer open
        step(c, "C2", at(11, 23, 10), "needs_info")  # waiting for the citizen: still open
        c.clock.now = NOW.astimezone(dt.UTC)
        n = dashboard_snapshot(c.ctx, c.supervisor).numbers
        assert n.complaints_open == 2 and n.open_now == 3


def test_the_counts_read_the_partial_indexes(center: Center) -> None:
    """The WHERE text of migration 0021's partial indexes is repeated in the queries; an edit
    of either that breaks the match would silently read every open request's row again."""
    with center.ctx.store.read() as s:
        plan = " ".join(
            str(row[-1])
            for row in s.execute(
                text("EXPLAIN QUERY PLAN " + dash._NOW_COUNTS.text),
                {
                    "today": "2026-11-26",
                    "soon": "2026-12-01",
                },
            )
        )
    assert "ix_requests_open_service" in plan
    assert "ix_requests_call_status" in plan
    # The report's open statuses are the same ones, in the same text.
    from counter_app.services.reports.common import OPEN_SQL

    assert dash._OPEN == OPEN_SQL


def test_the_dashboard_agrees_with_the_report(center: Center) -> None:
    """The same figures as `counter-app report` for today, this month and the 12 weeks."""
    from counter_app.services.reports import build_report

    d = dashboard_snapshot(center.ctx, center.supervisor)
    day = build_report(center.ctx, center.supervisor, start=d.today, end=d.today)
    t = day.totals
    n = d.numbers
    assert (n.received, n.ready, n.delivered, n.rejected) == (
        t.received,
        t.ready,
        t.delivered,
        t.rejected,
    )
    assert n.open_now == t.open_at_end and n.overdue_now == t.overdue_at_end
    assert [x.receipt_no for x in d.overdue] == [x.receipt_no for x in day.overdue]
    assert [x.receipt_no for x in d.due_soon] == [x.receipt_no for x in day.due_soon]
    month = build_report(center.ctx, center.supervisor, start=d.month.start, end=d.month.end)
    assert {b.key: b.value for b in d.by_service} == {
        r.key: r.received for r in month.rows if r.received
    }
    weeks = build_report(
        center.ctx, center.supervisor, start=d.weeks[0].start, end=d.today, bucket="week"
    )
    assert [(p.start, p.received, p.ready, p.delivered) for p in weeks.series] == [
        (w.start, w.received, w.ready, w.delivered) for w in d.weeks
    ]
