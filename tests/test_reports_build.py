"""The supervision report (services/reports) on a known history, against tables worked out by
hand below: weekends (Friday, Saturday), a public holiday (Wednesday 2026-11-11 in this test's
calendar), a receipt after closing time, a request ready in October and delivered in November.

The station is at UTC+3 (Asia/Damascus). November 2026 starts on a Sunday; its weeks (from
Sunday) start on the 1st, 8th, 15th, 22nd and 29th.

    receipt (local)          service  clerk   steps (local)                       due
 R1 Mon 11-02 09:00          CRIM     clerk1  ready Wed 11-04, delivered Thu 11-05  Wed 11-04
 R2 Thu 11-05 16:00 (after)  CRIM     clerk1  ready Thu 11-12                       Tue 11-10
 R3 Sun 11-08 10:00          INDIV    clerk2  fwd 11-08, needs_info 11-09, fwd 11-10,
                                              ready Sun 11-15, delivered Wed 12-02    Mon 11-09
 R4 Tue 11-10 10:00          GEH      clerk2  rejected Thu 11-12                    Mon 11-16
 R5 Wed 11-25 09:00          GEH      clerk1  -                                     Mon 11-30
 R6 Mon 11-23 09:00          CRIM     clerk2  fwd 11-23, ready Thu 12-03            Wed 11-25
 R7 Thu 10-29 10:00          INDIV    clerk1  ready Thu 10-29, delivered Mon 11-02  Sun 11-01
 R8 Wed 10-28 09:00          CRIM     clerk1  fwd 10-28, ready Tue 11-03            Sun 11-01
 R9 Mon 11-16 09:00          INDIV    clerk2  cancelled 11-16                       Tue 11-17

CRIM = MOI-CRIMINAL-RECORD (2 working days), INDIV = MOI-INDIVIDUAL-STATEMENT (1),
GEH = GEH-PROPERTY-DATA (3). Turnaround in working days from the day a request counts from:
R1 (11-02, 11-04] = 2; R2 counts from Sun 11-08 (after closing on Thursday, then the weekend):
(11-08, 11-12] = 9, 10, 12 (the 11th is a holiday) = 3; R3 (11-08, 11-15] = 9, 10, 12, 15 = 4;
R8 (10-28, 11-03] = 10-29, 11-01, 11-02, 11-03 = 4; R6 (11-23, 12-03] = 24, 25, 26, 29, 30,
12-01, 12-02, 12-03 = 8.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import PermissionDenied, ValidationError
from counter_app.domain.periods import WorkingDayIndex
from counter_app.domain.report_model import Bucket, CountRow, Grouping, Report, SeriesPoint
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.reports import build_report
from counter_app.services.requests import change_status
from counter_app.services.users import add_user
from tests.conftest import Station
from tests.test_intake import valid_fields

UTC3 = dt.timezone(dt.timedelta(hours=3))
CRIM, INDIV, GEH = "MOI-CRIMINAL-RECORD", "MOI-INDIVIDUAL-STATEMENT", "GEH-PROPERTY-DATA"
TEST_CALENDAR = {
    "timezone": "Asia/Damascus",
    "weekend": ["friday", "saturday"],
    "hours": {"open": "08:00", "close": "15:00"},
    "holidays": [{"date": "2026-11-11", "name_ar": "عطلة", "name_en": "Test holiday"}],
}


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC3)


@dataclass
class History:
    station: Station
    boss: Actor
    clerk2: Actor
    receipts: dict[str, str]


def _submit(h: History, clerk: Actor, code: str, nid: str, when: dt.datetime) -> str:
    svc = active_catalog(h.station.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    h.station.clock.now = when.astimezone(dt.UTC)
    data = IntakeInput(code, nid, "سلمى الشامي", "0933000111", valid_fields(svc), docs)
    return submit_request(h.station.ctx, clerk, data).receipt_no


def _step(h: History, receipt: str, status: str, when: dt.datetime) -> None:
    h.station.clock.now = when.astimezone(dt.UTC)
    reason = "سبب" if status in ("needs_info", "rejected", "cancelled") else None
    change_status(h.station.ctx, h.station.clerk, receipt, status, reason)


@pytest.fixture
def history(station: Station) -> Iterator[History]:
    ctx = station.ctx
    ctx.calendar = WorkingCalendar.from_data(TEST_CALENDAR)
    add_user(ctx, station.admin, username="clerk2", role="clerk", password="clerk-pass-456")
    add_user(ctx, station.admin, username="boss", role="supervisor", password="boss-pass-789")
    with ctx.store.read() as session:
        clerk2, boss = ctx.actor(session, "clerk2"), ctx.actor(session, "boss")
    h = History(station, boss, clerk2, {})
    c1 = station.clerk
    r = h.receipts
    r["R8"] = _submit(h, c1, CRIM, "01000000008", at(10, 28, 9))
    _step(h, r["R8"], "forwarded", at(10, 28, 12))
    r["R7"] = _submit(h, c1, INDIV, "01000000007", at(10, 29, 10))
    _step(h, r["R7"], "ready", at(10, 29, 14))
    r["R1"] = _submit(h, c1, CRIM, "01000000001", at(11, 2, 9))
    _step(h, r["R7"], "delivered", at(11, 2, 10))
    _step(h, r["R8"], "ready", at(11, 3, 9))
    _step(h, r["R1"], "ready", at(11, 4, 10))
    _step(h, r["R1"], "delivered", at(11, 5, 11))
    r["R2"] = _submit(h, c1, CRIM, "01000000002", at(11, 5, 16))
    r["R3"] = _submit(h, clerk2, INDIV, "01000000003", at(11, 8, 10))
    _step(h, r["R3"], "forwarded", at(11, 8, 11))
    _step(h, r["R3"], "needs_info", at(11, 9, 9))
    _step(h, r["R3"], "forwarded", at(11, 10, 9))
    r["R4"] = _submit(h, clerk2, GEH, "01000000004", at(11, 10, 10))
    _step(h, r["R2"], "ready", at(11, 12, 9))
    _step(h, r["R4"], "rejected", at(11, 12, 10))
    _step(h, r["R3"], "ready", at(11, 15, 9))
    r["R9"] = _submit(h, clerk2, INDIV, "01000000009", at(11, 16, 9))
    _step(h, r["R9"], "cancelled", at(11, 16, 10))
    r["R6"] = _submit(h, clerk2, CRIM, "01000000006", at(11, 23, 9))
    _step(h, r["R6"], "forwarded", at(11, 23, 12))
    r["R5"] = _submit(h, c1, GEH, "01000000005", at(11, 25, 9))
    _step(h, r["R3"], "delivered", at(12, 2, 9))
    _step(h, r["R6"], "ready", at(12, 3, 9))
    station.clock.now = at(12, 7, 12).astimezone(dt.UTC)  # Monday 7 December, noon
    yield h


def figures(row: CountRow) -> tuple[int | float | None, ...]:
    return (
        row.received,
        row.forwarded,
        row.needs_info,
        row.ready,
        row.delivered,
        row.rejected,
        row.open_at_end,
        row.overdue_at_end,
        row.on_time,
        row.late,
        row.turnaround_p50,
        row.turnaround_p90,
    )


def table(report: Report) -> dict[str, tuple[int | float | None, ...]]:
    return {row.key: figures(row) for row in report.rows}


def november(h: History, grouping: str = "service", bucket: str = "week") -> Report:
    return build_report(
        h.station.ctx,
        h.boss,
        start="2026-11-01",
        end="2026-11-30",
        grouping=grouping,
        bucket=bucket,
    )


#            recv fwd ni ready deliv rej open overdue on_time late p50 p90
CRIM_ROW = (3, 1, 0, 3, 1, 0, 1, 1, 1, 2, 3.0, 4.0)
INDIV_ROW = (2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 4.0, 4.0)
GEH_ROW = (2, 0, 0, 0, 0, 1, 1, 0, 0, 0, None, None)
TOTAL = (7, 2, 1, 4, 2, 1, 2, 1, 1, 3, 3.0, 4.0)


def test_due_dates_of_the_history_are_as_worked_out(history: History) -> None:
    from sqlalchemy import text

    with history.station.ctx.store.read() as s:
        rows = s.execute(text("SELECT receipt_no, due_date FROM requests")).all()
    due = {str(receipt): str(day) for receipt, day in rows}
    by_name = {name: due[receipt] for name, receipt in history.receipts.items()}
    assert by_name == {
        "R1": "2026-11-04",
        "R2": "2026-11-10",
        "R3": "2026-11-09",
        "R4": "2026-11-16",
        "R5": "2026-11-30",
        "R6": "2026-11-25",
        "R7": "2026-11-01",
        "R8": "2026-11-01",
        "R9": "2026-11-17",
    }


def test_by_service(history: History) -> None:
    report = november(history)
    assert table(report) == {CRIM: CRIM_ROW, INDIV: INDIV_ROW, GEH: GEH_ROW}
    assert [r.key for r in report.rows] == [CRIM, INDIV, GEH]  # most received first
    assert figures(report.totals) == TOTAL
    assert report.totals.on_time_pct == 25.0
    crim = report.rows[0]
    assert (crim.label_ar, crim.label_en) == ("السجل العدلي", "Criminal record certificate")
    assert report.center_code == "MZH" and report.period.days == 30


def test_by_agency_category_clerk_station(history: History) -> None:
    moi = tuple(
        a + b if isinstance(a, int) and isinstance(b, int) else None
        for a, b in zip(CRIM_ROW[:10], INDIV_ROW[:10], strict=True)
    )
    agency = table(november(history, "agency"))
    assert agency["MOI"][:10] == moi
    assert agency["MOI"][10:] == (3.0, 4.0)  # of 2, 3, 4, 4
    assert agency["GEH"] == GEH_ROW
    assert november(history, "agency").rows[0].label_en == "Ministry of Interior"
    category = november(history, "category")
    assert table(category) == {"service": TOTAL}
    assert category.rows[0].label_ar == "الخدمات"
    clerks = table(november(history, "clerk"))
    assert clerks == {
        "clerk1": (3, 0, 0, 3, 2, 0, 1, 0, 1, 2, 3.0, 4.0),  # R1 R2 R5 received; R1 R2 R8 ready
        "clerk2": (4, 2, 1, 1, 0, 1, 1, 1, 0, 1, 4.0, 4.0),  # R3 R4 R6 R9
    }
    assert table(november(history, "station")) == {"MZH-02": TOTAL}


def test_by_status_at_the_end_of_the_period(history: History) -> None:
    report = november(history, "status")
    assert table(report) == {
        "submitted": (1, 0, 0, 0, 0, 0, 1, 0, 0, 0, None, None),  # R5
        "forwarded": (1, 1, 0, 0, 0, 0, 1, 1, 0, 0, None, None),  # R6 (ready in December)
        "ready": (2, 1, 1, 3, 0, 0, 0, 0, 0, 3, 4.0, 4.0),  # R2 R3 R8: 3, 4, 4
        "delivered": (1, 0, 0, 1, 2, 0, 0, 0, 1, 0, 2.0, 2.0),  # R1, R7
        "rejected": (1, 0, 0, 0, 0, 1, 0, 0, 0, 0, None, None),  # R4
        "cancelled": (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, None),  # R9
    }
    assert [r.key for r in report.rows][:2] == ["submitted", "forwarded"]
    assert report.rows[0].label_en == "Submitted" and report.rows[0].label_ar != "submitted"


def test_series_by_week_day_and_month(history: History) -> None:
    weeks = november(history).series
    assert weeks == (
        SeriesPoint(dt.date(2026, 11, 1), received=2, ready=2, delivered=2),
        SeriesPoint(dt.date(2026, 11, 8), received=2, ready=1, delivered=0),
        SeriesPoint(dt.date(2026, 11, 15), received=1, ready=1, delivered=0),
        SeriesPoint(dt.date(2026, 11, 22), received=2, ready=0, delivered=0),
        SeriesPoint(dt.date(2026, 11, 29), received=0, ready=0, delivered=0),
    )
    days = november(history, bucket="day").series
    assert len(days) == 30
    assert days[1] == SeriesPoint(dt.date(2026, 11, 2), received=1, ready=0, delivered=1)
    # R2 was received at 16:00 on the 5th: it is the 5th's receipt, counting from the 8th.
    assert days[4] == SeriesPoint(dt.date(2026, 11, 5), received=1, ready=0, delivered=1)
    months = november(history, bucket="month").series
    assert months == (SeriesPoint(dt.date(2026, 11, 1), received=7, ready=4, delivered=2),)


def test_ready_last_month_delivered_this_month(history: History) -> None:
    october = build_report(history.station.ctx, history.boss, start="2026-10-01", end="2026-10-31")
    assert table(october) == {
        # R8 received and forwarded, open (and overdue? due 11-01: not yet on 10-31)
        CRIM: (1, 1, 0, 0, 0, 0, 1, 0, 0, 0, None, None),
        INDIV: (1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0.0, 0.0),  # R7 ready the day it came
    }
    december = build_report(history.station.ctx, history.boss, start="2026-12-01", end="today")
    assert table(december) == {
        CRIM: (0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 8.0, 8.0),  # R6 ready 12-03, 8 working days
        INDIV: (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, None, None),  # R3 delivered 12-02
        GEH: (0, 0, 0, 0, 0, 0, 1, 1, 0, 0, None, None),  # R5 still open, due 11-30
    }
    assert december.period.end == dt.date(2026, 12, 7)


def test_turnaround_agrees_with_the_domain_index(history: History) -> None:
    """The SQL's working days are the domain's (HQ computes with domain/periods)."""
    cal = history.station.ctx.calendar
    days = WorkingDayIndex(cal, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert days.turnaround(at(11, 5, 16), dt.date(2026, 11, 12)) == 3
    assert days.turnaround(at(11, 8, 10), dt.date(2026, 11, 15)) == 4
    assert days.turnaround(at(10, 28, 9), dt.date(2026, 11, 3)) == 4
    assert days.turnaround(at(11, 23, 9), dt.date(2026, 12, 3)) == 8
    assert cal.counting_day(at(11, 5, 16)) == dt.date(2026, 11, 8)


def test_overdue_and_due_soon_lists_in_the_report(history: History) -> None:
    report = november(history)
    # Today Monday 12-07: R5 (due 11-30) is the only open request, 5 working days late
    # (12-01, 02, 03, 06, 07).
    assert [(r.receipt_no, r.working_days_late) for r in report.overdue] == [
        (history.receipts["R5"], 5)
    ]
    assert report.due_soon == ()
    assert report.due_soon_days == 3


def test_an_empty_period_is_an_empty_report(history: History) -> None:
    report = build_report(history.station.ctx, history.boss, start="2025-01-01", end="2025-01-31")
    assert report.rows == ()
    assert figures(report.totals) == (0,) * 10 + (None, None)
    assert report.totals.on_time_pct is None
    assert len(report.series) == 5 and all(p.received == 0 for p in report.series)
    assert report.complaints == ()
    assert report.as_json()["totals"]["received"] == 0


def test_arabic_indic_digits_and_relative_days(history: History) -> None:
    arabic = build_report(history.station.ctx, history.boss, start="٢٠٢٦-١١-٠١", end="۲۰۲۶-۱۱-۳۰")
    assert figures(arabic.totals) == TOTAL
    week = build_report(history.station.ctx, history.boss, start="-7d", end="اليوم")
    assert (week.period.start, week.period.end) == (dt.date(2026, 11, 30), dt.date(2026, 12, 7))
    assert week.totals.ready == 1 and week.totals.delivered == 1


@pytest.mark.parametrize(
    ("start", "end", "grouping", "bucket", "field"),
    [
        ("2026-11-30", "2026-11-01", "service", "week", "to"),  # from after to
        ("yesterday-ish", "2026-11-30", "service", "week", "from"),  # garbage
        ("2026-02-30", "2026-03-01", "service", "week", "from"),  # no such day
        ("2026-11-01", "2026-11-30", "citizen", "week", "by"),  # unknown grouping
        ("2026-11-01", "2026-11-30", "service", "fortnight", "bucket"),  # unknown bucket
    ],
)
def test_bad_input_is_a_translated_error(
    history: History, start: str, end: str, grouping: str, bucket: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        build_report(
            history.station.ctx,
            history.boss,
            start=start,
            end=end,
            grouping=grouping,
            bucket=bucket,
        )
    assert caught.value.field == field
    from counter_app.i18n import Translator

    assert caught.value.render(Translator.for_language("ar")) != caught.value.render()


def test_a_clerk_or_reception_may_not_see_reports(history: History) -> None:
    ctx = history.station.ctx
    add_user(
        ctx, history.station.admin, username="desk1", role="reception", password="desk-pass-12"
    )
    with ctx.store.read() as session:
        desk = ctx.actor(session, "desk1")
    for actor in (history.station.clerk, desk):
        with pytest.raises(PermissionDenied):
            build_report(ctx, actor, start="2026-11-01", end="2026-11-30")
    admin = build_report(ctx, history.station.admin, start="2026-11-01", end="2026-11-30")
    assert admin.totals.received == 7


def test_grouping_and_bucket_enums_are_accepted(history: History) -> None:
    report = build_report(
        history.station.ctx,
        history.boss,
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 30),
        grouping=Grouping.AGENCY,
        bucket=Bucket.MONTH,
    )
    assert report.grouping is Grouping.AGENCY and report.bucket is Bucket.MONTH
