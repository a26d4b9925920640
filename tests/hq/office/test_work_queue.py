"""The work queue on PostgreSQL: who sees what, the filters, overdue first, working days late on
the counter's calendar, bounded counts and pages, and bad filters refused."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from counter_app.domain.calendar import WorkingCalendar
from counter_hq.calendars import current_calendar
from counter_hq.errors import Invalid
from counter_hq.office import actions as a
from counter_hq.office import queue as q
from counter_hq.office.access import WebUser
from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, TODAY, World


@pytest.fixture
def world(hq: HQ) -> World:
    return World(hq)


def _queue(world: World, user: WebUser, page: int = 1, **filters: Any) -> q.QueuePage:
    with world.hq.sessions() as s:
        return q.work_queue(s, user, q.QueueFilters(**filters), page, now=NOW)


def _receipts(page: q.QueuePage) -> list[str]:
    return [r.receipt_no for r in page.rows]


def test_overdue_first_then_by_promised_date(world: World) -> None:
    days = [dt.date(2026, 11, 25), dt.date(2026, 11, 10), None, dt.date(2026, 11, 20), TODAY]
    reqs = {d: world.request(due=d) for d in days}
    page = _queue(world, world.moi)
    order = [dt.date(2026, 11, 10), dt.date(2026, 11, 20), TODAY, dt.date(2026, 11, 25), None]
    assert _receipts(page) == [reqs[d]["receipt_no"] for d in order]
    with world.hq.sessions() as s:
        cal = current_calendar(s)
    late = {r.due_on: r.days_late for r in page.rows}
    # Nov 10 to 22: 12 days, four of them Fridays and Saturdays.
    assert (
        late[dt.date(2026, 11, 10)] == 8 == cal.working_days_between(dt.date(2026, 11, 10), TODAY)
    )
    assert late[dt.date(2026, 11, 20)] == 1  # Friday 20 and Saturday 21 do not count; Sunday does
    assert late[TODAY] == 0 and late[None] == 0 and late[dt.date(2026, 11, 25)] == 0
    row = page.rows[0]
    assert row.service == "INT-CRIM" and row.service_name_ar == "لا حكم عليه"
    assert row.citizen_name == "سامر الحلبي" and row.center == "MZH" and row.agency == "MOI"
    assert page.today == TODAY and page.total == q.Count(5, False)


def test_each_user_sees_only_their_scope(world: World) -> None:
    moi_mzh = world.request(center="MZH", agency="MOI")
    moi_sal = world.request(center="SAL", agency="MOI")
    mosal_mzh = world.request(center="MZH", agency="MOSAL")
    mosal_sal = world.request(center="SAL", agency="MOSAL")
    unrouted = world.request(center="SAL", agency=None)
    seen = {
        "moi": set(_receipts(_queue(world, world.moi))),
        "mosal": set(_receipts(_queue(world, world.mosal))),
        "mzh": set(_receipts(_queue(world, world.mzh_supervisor))),
        "sal": set(_receipts(_queue(world, world.sal_supervisor))),
        "admin": set(_receipts(_queue(world, world.admin))),
    }
    r = {
        k: v["receipt_no"] for k, v in locals().items() if isinstance(v, dict) and "receipt_no" in v
    }
    assert seen["moi"] == {r["moi_mzh"], r["moi_sal"]}
    assert seen["mosal"] == {r["mosal_mzh"], r["mosal_sal"]}
    assert seen["mzh"] == {r["moi_mzh"], r["mosal_mzh"]}
    assert seen["sal"] == {r["moi_sal"], r["mosal_sal"], r["unrouted"]}
    assert seen["admin"] == set(r.values())
    # A filter cannot widen the scope: another agency's center or receipt gives nothing.
    assert _receipts(_queue(world, world.mosal, receipt=r["moi_mzh"])) == []
    assert _receipts(_queue(world, world.mzh_supervisor, center="SAL")) == []
    counts = _queue(world, world.moi).status_counts
    assert sum(c.n for c in counts.values()) == 2


def test_filters(world: World) -> None:
    old = world.request(
        received_at=dt.datetime(2026, 11, 1, 7, 0, tzinfo=dt.UTC), due=dt.date(2026, 11, 4)
    )
    recent = world.request(
        received_at=dt.datetime(2026, 11, 19, 7, 0, tzinfo=dt.UTC), due=dt.date(2026, 11, 24)
    )
    later = world.request(
        received_at=dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.UTC), due=dt.date(2026, 12, 3)
    )
    sal = world.request(center="SAL", due=dt.date(2026, 11, 23))
    other_service = world.request(service="MOI-CRIMINAL-RECORD", due=dt.date(2026, 11, 30))
    done = world.request(due=dt.date(2026, 11, 23))
    with world.hq.sessions() as s:
        a.mark_ready(s, world.moi, done["receipt_no"], TODAY, now=NOW)
    r = {
        k: v["receipt_no"] for k, v in locals().items() if isinstance(v, dict) and "receipt_no" in v
    }

    def got(**filters: Any) -> set[str]:
        return set(_receipts(_queue(world, world.moi, **filters)))

    opened = {r["old"], r["recent"], r["later"], r["sal"], r["other_service"]}
    assert got() == opened  # open by default
    assert got(status="ready") == {r["done"]} == got(status="closed")
    assert got(status="all") == opened | {r["done"]}
    assert got(center="sal") == {r["sal"]}
    assert got(service="moi-criminal-record") == {r["other_service"]}
    assert got(age="overdue") == {r["old"]}
    # Due within 1 working day: today (Sunday 22) to Monday 23.
    assert got(age="due_within", days=1) == {r["sal"]}
    assert got(age="due_within", days=2) == {r["sal"], r["recent"]}
    # Received more than N working days ago: Thursday 19 is 1 working day back (Friday and
    # Saturday do not count), today's requests 0.
    assert got(age="older", days=2) == {r["old"]}
    assert got(age="older", days=1) == {r["old"]}
    assert got(age="older", days=0) == {r["old"], r["recent"]}
    # A receipt's beginning typed any way: lower case, Arabic-Indic digits, spaces.
    prefix = r["sal"][:9]
    arabic = prefix.lower().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert got(receipt=" " + arabic) == {r["sal"]}
    assert got(receipt=r["old"]) == {r["old"]}
    counts = _queue(world, world.moi).status_counts
    assert counts["ready"] == q.Count(1, False)
    assert sum(counts[s].n for s in ("submitted", "forwarded")) == 5


@pytest.mark.parametrize(
    ("filters", "msgid"),
    [
        ({"status": "flying"}, "Unknown status {status}"),
        ({"center": "M1"}, "Unknown center {center}"),
        ({"service": "x y"}, "Unknown service {service}"),
        ({"age": "ancient", "days": 1}, "Unknown age filter {age}"),
        ({"age": "older"}, "The number of working days must be between 0 and {most}"),
        (
            {"age": "due_within", "days": 366},
            "The number of working days must be between 0 and {most}",
        ),
        ({"receipt": "MZH%"}, "A receipt number has only letters, digits and dashes"),
        ({"receipt": "x' OR 1=1"}, "A receipt number has only letters, digits and dashes"),
    ],
)
def test_bad_filters_are_refused(world: World, filters: dict[str, Any], msgid: str) -> None:
    with pytest.raises(Invalid) as caught:
        _queue(world, world.moi, **filters)
    assert caught.value.message == msgid


def test_pages_and_bounded_counts(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    reqs = [world.request(due=dt.date(2026, 11, 23) + dt.timedelta(days=i)) for i in range(5)]
    monkeypatch.setattr(q, "PAGE_SIZE", 2)
    pages = [_queue(world, world.moi, page=n) for n in (1, 2, 3, 4)]
    assert [_receipts(p) for p in pages] == [
        [reqs[0]["receipt_no"], reqs[1]["receipt_no"]],
        [reqs[2]["receipt_no"], reqs[3]["receipt_no"]],
        [reqs[4]["receipt_no"]],
        [],
    ]
    assert pages[0].pages == 3
    monkeypatch.setattr(q, "COUNT_LIMIT", 3)
    page = _queue(world, world.moi)
    assert page.total == q.Count(3, True)  # "more than 3"
    with pytest.raises(Invalid):
        _queue(world, world.moi, page=0)


def test_finished_statuses_are_counted_to_a_lower_bound(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    reqs = [world.request() for _ in range(3)]
    with world.hq.sessions() as s:
        for req in reqs[:2]:
            a.reject(s, world.moi, req["receipt_no"], "ناقص", now=NOW)
    monkeypatch.setattr(q, "HISTORY_COUNT_LIMIT", 1)
    monkeypatch.setattr(q, "COUNT_LIMIT", 5)
    page = _queue(world, world.moi, status="all")
    assert page.status_counts["rejected"] == q.Count(1, True)  # "more than 1"
    assert page.total == q.Count(2, True)
    assert _queue(world, world.moi).total == q.Count(1, False)


def test_several_statuses_are_merged_in_due_order_page_by_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed and all: each status read in due order and merged, pages deep into the merge."""
    due = [dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(7)]
    reqs = [world.request(due=d) for d in due]
    with world.hq.sessions() as s:  # statuses interleaved along the due dates
        a.mark_ready(s, world.moi, reqs[0]["receipt_no"], TODAY, now=NOW)
        a.reject(s, world.moi, reqs[2]["receipt_no"], "ناقص", now=NOW)
        a.mark_ready(s, world.moi, reqs[3]["receipt_no"], TODAY, now=NOW)
        a.accept(s, world.moi, reqs[4]["receipt_no"], now=NOW)
        a.reject(s, world.moi, reqs[6]["receipt_no"], "ناقص", now=NOW)
    monkeypatch.setattr(q, "PAGE_SIZE", 2)
    receipts = [r["receipt_no"] for r in reqs]
    every = [_receipts(_queue(world, world.moi, page=n, status="all")) for n in (1, 2, 3, 4, 5)]
    assert every == [receipts[0:2], receipts[2:4], receipts[4:6], receipts[6:7], []]
    closed = [_receipts(_queue(world, world.moi, page=n, status="closed")) for n in (1, 2, 3)]
    assert closed == [[receipts[0], receipts[2]], [receipts[3], receipts[6]], []]
    page = _queue(world, world.moi, status="closed")
    assert page.total == q.Count(4, False)
    assert [r.days_late for r in page.rows] == [0, 0]
    assert _queue(world, world.moi, status="all").total == q.Count(7, False)
    assert _queue(world, world.moi).total == q.Count(3, False)


def test_working_days_late_matches_the_calendar_day_by_day() -> None:
    """The constant-time count agrees with the counter's own calendar (weekends, holidays,
    spans of years) on random ranges."""
    cal = WorkingCalendar.from_data(
        {
            "holidays": [
                {"date": "2026-12-08", "name_ar": "ع", "name_en": "h"},
                {"date": "2026-11-27", "name_ar": "ج", "name_en": "on a Friday"},
                {"date": "2025-04-01", "days": 4, "name_ar": "ع", "name_en": "four days"},
            ]
        }
    )
    rng = random.Random(15)
    for _ in range(2000):
        due = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1200))
        today = due + dt.timedelta(days=rng.randrange(-5, 900))
        expected = cal.working_days_between(due, today) if due < today else 0
        assert q.working_days_late(cal, due, today) == expected, (due, today)
