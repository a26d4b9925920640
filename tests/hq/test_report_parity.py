"""A center's report computed at HQ from synced data equals the counter's (issue 16 item 4).

One station (MZH-02) takes a known month of requests through the counter's own services
(weekend and after-hours receipts, a holiday decreed by HQ, a request ready last month and
delivered this month, a complaint, needs-info, rejection, cancellation), syncs them to a real
`counter-hq serve` on PostgreSQL, HQ forwards them, accepts one, marks one ready and answers the
complaint (its back office's use cases), the station pulls those steps back, and both ends
compute the report for the same periods, every grouping and bucket: equal field by field except
what HQ cannot hold the same way (NOT_COMPARABLE, worded in counter_hq/reports.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from counter_app.domain.report_model import Bucket, Grouping, Report
from counter_app.paths import AppPaths
from counter_app.services.catalog import active_catalog
from counter_app.services.context import AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.requests import change_status
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_hq.calendars import current_calendar, shipped_calendar_path
from counter_hq.db import make_engine, session_factory
from counter_hq.errors import Forbidden, Invalid, NotFoundError
from counter_hq.models import HqUser
from counter_hq.office import actions, complaints
from counter_hq.office.access import Role, WebUser
from counter_hq.reports import center_report, report_for
from counter_hq.signing import signer_for
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, FixedClock, Station, run_cli
from tests.sync.conftest import (  # noqa: F401 - fixtures used by name
    HqServer,
    _file_keyring,
    free_port,
    pg_database,
    pg_template,
)
from tests.test_intake import valid_fields

LOCAL = ZoneInfo("Asia/Damascus")
DECREE = dt.date(2026, 11, 12)  # a Thursday HQ declares off (published calendar)
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))

# What HQ holds differently from the counter, left out of the comparison:
# - center_name: the counter's own name for its center vs the name HQ was given (`center add`);
# - generated_at: when each was computed;
# - sync: the station's outbox as it sees it vs what HQ received (counter_hq/reports.py);
# - calls: call attempts are kept only at the counter (never pushed); SMS states reach the
#   counter only once final (HQ also counts the queued ones);
# - a clerk's Arabic label: the counter shows the clerk's full name, HQ never receives the
#   counter's users and shows the username (the key, and the English label, are compared).
NOT_COMPARABLE = ("center_name", "generated_at", "sync", "calls")


def local(day: str, hm: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=LOCAL).astimezone(dt.UTC)


@pytest.fixture
def hq_process(tmp_path: Path, pg_database: str) -> Any:  # noqa: F811 - the imported fixture
    import os

    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(tmp_path / "hq"),
        "COUNTER_HQ_DATABASE_URL": pg_database,
    }
    Path(env["COUNTER_HQ_DATA_DIR"]).mkdir(parents=True)
    server = HqServer(env, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


CENTER = "KFR"  # a center the catalog does not name: it offers every service, complaints too


@pytest.fixture
def kfr_station() -> Any:
    """The shared fixture's station (tests/conftest.py), at center KFR."""
    clock = FixedClock()
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = clock
    setup_station(
        ctx,
        center_code=CENTER,
        center_name="مركز خدمة المواطن - كفرسوسة",
        station_no=2,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    add_user(
        ctx,
        admin,
        username="clerk1",
        role="clerk",
        password=CLERK_PASSWORD,
        full_name="سامر الكيلاني",
    )
    add_user(
        ctx, admin, username="super1", role="supervisor", password=CLERK_PASSWORD, full_name="هالة"
    )
    with ctx.store.read() as session:
        clerk = ctx.actor(session, "clerk1")
    yield Station(ctx=ctx, admin=admin, clerk=clerk, clock=clock)
    ctx.close()


@dataclass
class World:
    station: Station
    hq: HqServer
    receipts: dict[str, str]
    sessions: Any

    def session(self) -> Session:
        return self.sessions()  # type: ignore[no-any-return]


def _sync() -> dict[str, Any]:
    res = run_cli("sync", "--once", "--json")
    assert res.code == 0, res.err
    out: dict[str, Any] = json.loads(res.out)
    return out


def _intake(st: Station, code: str, nid: str, at: dt.datetime, *, admin: bool = False) -> str:
    st.clock.now = at
    svc = active_catalog(st.ctx).service(code)
    assert svc is not None
    fields = valid_fields(svc)
    documents = getattr(svc, "documents_for", None)
    required = documents(fields) if documents else svc.documents
    res = submit_request(
        st.ctx,
        st.admin if admin else st.clerk,
        IntakeInput(
            svc.code,
            nid,
            "ريم الحلبي",
            "0999888777",
            fields,
            {d.type: "copy_kept" for d in required},
        ),
        received_at=at,
    )
    return res.receipt_no


def _step(
    st: Station, receipt: str, status: str, at: dt.datetime, reason: str | None = None
) -> None:
    st.clock.now = at
    change_status(st.ctx, st.admin, receipt, status, reason)


@pytest.fixture
def world(kfr_station: Station, hq_process: HqServer, tmp_path: Path) -> Any:
    st, hq = kfr_station, hq_process
    st.clock.now = dt.datetime.now(dt.UTC)
    code = hq.enrollment_code(CENTER, 2)
    enrolled = run_cli("enroll", hq.url, code, "--json")
    assert enrolled.code == 0, enrolled.err

    # HQ decrees a holiday in November; the station counts its due dates with it.
    data = json.loads(shipped_calendar_path().read_text("utf-8"))
    data["version"] = "2099.1"
    data["holidays"].append(
        {"date": DECREE.isoformat(), "name_ar": "عطلة بمرسوم", "name_en": "Decree"}
    )
    file = tmp_path / "calendar.json"
    file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    published = hq.cli("calendar", "publish", str(file))
    assert published.returncode == 0, published.stderr
    _sync()

    r: dict[str, str] = {}
    # A: received in October, ready late in October, delivered in November.
    r["A"] = _intake(st, "MOI-BIRTH-STATEMENT", "01010101010", local("2026-10-20"))
    _step(st, r["A"], "ready", local("2026-10-22", "11:00"))
    _step(st, r["A"], "delivered", local("2026-11-03"))
    # B: ready on time, delivered.
    r["B"] = _intake(st, "MOI-BIRTH-STATEMENT", "02020202020", local("2026-11-01", "09:30"))
    _step(st, r["B"], "ready", local("2026-11-02", "12:00"))
    _step(st, r["B"], "delivered", local("2026-11-04"))
    # C: after hours on a Thursday (counts from Sunday), ready after the decreed holiday.
    r["C"] = _intake(
        st, "MOI-CRIMINAL-RECORD", "03030303030", local("2026-11-05", "16:30"), admin=True
    )
    _step(st, r["C"], "ready", local("2026-11-15", "09:00"))
    # D: on a Saturday (weekend), never done: overdue.
    r["D"] = _intake(st, "MOAD-NOT-STATE-EMPLOYEE", "04040404040", local("2026-11-07", "11:00"))
    # E: needs information, then in progress, then rejected.
    r["E"] = _intake(st, "GEH-PROPERTY-DATA", "05050505050", local("2026-11-10", "09:00"))
    _step(st, r["E"], "needs_info", local("2026-11-11"), "صورة الهوية غير واضحة")
    _step(st, r["E"], "in_progress", local("2026-11-16"))
    _step(st, r["E"], "rejected", local("2026-11-18"), "العقار غير مسجل")
    # F: a complaint, answered at HQ below.
    r["F"] = _intake(st, "MOSAL-COMPLAINT-DELAY", "06060606060", local("2026-11-15"), admin=True)
    # G: cancelled by the citizen.
    r["G"] = _intake(st, "MOI-BIRTH-STATEMENT", "07070707070", local("2026-11-19"))
    _step(st, r["G"], "cancelled", local("2026-11-22"), "تنازل المواطن")
    # H and I: left to HQ (accepted; marked ready).
    r["H"] = _intake(st, "MOI-FAMILY-STATEMENT", "08080808080", local("2026-11-24"))
    r["I"] = _intake(st, "MOI-CRIMINAL-RECORD", "09090909090", local("2026-11-25", "13:00"))
    # J: taken today, due within ten working days (the due-soon list).
    now = dt.datetime.now(dt.UTC)
    r["J"] = _intake(st, "MOSAL-UNPLANNED-ACTIVITY", "01212121212", now - dt.timedelta(minutes=5))

    st.clock.now = dt.datetime.now(dt.UTC)
    pushed = _sync()
    # Ten requests and nine counter steps; HQ's forwards come back in the same round.
    assert (pushed["push"]["sent"], pushed["push"]["quarantined"]) == (19, 0), pushed

    engine = make_engine(hq.env["COUNTER_HQ_DATABASE_URL"])
    sessions = session_factory(engine)
    signer = signer_for(Path(hq.env["COUNTER_HQ_DATA_DIR"]))
    try:
        with sessions() as s:
            admin = HqUser(
                username="hqadmin",
                display_name="HQ Admin",
                role="admin",
                password_hash="-",
                created_at=now,
            )
            s.add(admin)
            s.commit()
            user = WebUser(admin.id, "hqadmin", "HQ Admin", Role.ADMIN, None, None)
        moment = dt.datetime.now(dt.UTC)
        with sessions() as s:
            actions.accept(s, user, r["H"], now=moment, signer=signer)
        with sessions() as s:
            cal = current_calendar(s)
            collect = cal.next_working_day(moment.astimezone(cal.tz).date() + dt.timedelta(days=1))
            actions.mark_ready(s, user, r["I"], collect, now=moment, signer=signer)
        with sessions() as s:
            complaints.answer(s, user, r["F"], "تمت معالجة التأخير", None, moment)
        st.clock.now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
        pulled = _sync()["pull"]
        # H accepted, I ready, F's answer and its step ready (the forwards came with the push).
        assert (pulled["problems"], pulled["applied"]) == (0, 4), pulled
        yield World(st, hq, r, sessions)
    finally:
        engine.dispose()


def comparable(report: Report) -> dict[str, Any]:
    out = report.as_json()
    for key in NOT_COMPARABLE:
        out.pop(key)
    if report.grouping == Grouping.CLERK:
        for row in out["rows"]:
            row.pop("label_ar")
    return out


def _both(
    w: World, start: dt.date, end: dt.date, grouping: Grouping, bucket: Bucket
) -> tuple[dict[str, Any], dict[str, Any]]:
    from counter_app.services.reports import build_report

    counter = build_report(
        w.station.ctx,
        w.station.admin,
        start=start,
        end=end,
        grouping=grouping,
        bucket=bucket,
        due_soon_days=10,
    )
    today = w.station.clock.now.astimezone(LOCAL).date()
    with w.session() as s:
        hq = center_report(
            s,
            center=CENTER,
            start=start,
            end=end,
            grouping=grouping,
            bucket=bucket,
            today=today,
            due_soon_days=10,
        )
    return comparable(counter), comparable(hq)


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _differences(a.get(key, "<absent>"), b.get(key, "<absent>"), f"{path}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items at the counter, {len(b)} at HQ: {a!r} vs {b!r}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: counter {a!r}, HQ {b!r}"]


def _hq(w: World, start: dt.date, end: dt.date, grouping: Grouping, bucket: Bucket) -> Report:
    today = w.station.clock.now.astimezone(LOCAL).date()
    with w.session() as s:
        return center_report(
            s,
            center=CENTER,
            start=start,
            end=end,
            grouping=grouping,
            bucket=bucket,
            today=today,
            due_soon_days=10,
        )


def test_hq_report_equals_the_counters_after_a_sync(world: World) -> None:
    # Not equal by being both empty: November's figures at HQ, computed by hand.
    hq = comparable(_hq(world, *NOVEMBER, Grouping.SERVICE, Bucket.WEEK))
    t = hq["totals"]
    assert (t["received"], t["ready"], t["delivered"], t["rejected"], t["needs_info"]) == (
        8,
        2,
        2,
        1,
        1,
    )
    # B on time (1 working day); C late: counts from Sunday 8th, ready Sunday 15th, the 12th
    # decreed off and the 13th-14th the weekend: 4 working days.
    assert (t["on_time"], t["late"], t["turnaround_p50"], t["turnaround_p90"]) == (1, 1, 1.0, 4.0)
    assert (t["open_at_end"], t["overdue_at_end"]) == (4, 4)  # D, F, H, I
    r = world.receipts
    assert r["J"] in {x["receipt_no"] for x in hq["due_soon"]}
    assert r["D"] in {x["receipt_no"] for x in hq["overdue"]}
    # Since October: HQ's forwards (today) and A's ready step in October are counted.
    today = world.station.clock.now.astimezone(LOCAL).date()
    since = comparable(_hq(world, dt.date(2026, 10, 1), today, Grouping.STATUS, Bucket.MONTH))
    assert since["totals"]["received"] == 10 and since["totals"]["forwarded"] == 5
    assert since["totals"]["ready"] == 5  # A, B, C; I and the answered complaint F today
    [complaint] = since["complaints"]
    assert complaint["answered"] == 1 and complaint["outcomes"] == {"ready": 1}

    # `counter-hq report`: the same figures (Arabic-Indic digits read), a CSV with its BOM.
    shown = world.hq.cli(
        "report",
        "--center",
        "kfr",
        "--from",
        "2026-11-01",
        "--to",
        "٢٠٢٦-١١-٣٠",
        "--format",
        "json",
        "--due-within",
        "10",
    )
    assert shown.returncode == 0, shown.stderr
    printed = json.loads(shown.stdout)
    assert {k: v for k, v in printed.items() if k != "generated_at"} == {
        k: v
        for k, v in _hq(world, *NOVEMBER, Grouping.SERVICE, Bucket.WEEK).as_json().items()
        if k != "generated_at"
    }
    out = world.hq.env["COUNTER_HQ_DATA_DIR"] + "/november.csv"
    written = world.hq.cli(
        "report",
        "--center",
        "KFR",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "agency",
        "--format",
        "csv",
        "--lang",
        "ar",
        "--out",
        out,
    )
    assert written.returncode == 0, written.stderr
    raw = Path(out).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "وزارة الداخلية" in raw.decode("utf-8-sig")
    backwards = world.hq.cli(
        "report", "--center", "KFR", "--from", "2026-11-30", "--to", "2026-11-01"
    )
    assert backwards.returncode == 2 and "ends before it starts" in backwards.stderr
    assert backwards.stdout == ""

    # The counter's report for the same periods, every grouping: equal field by field.
    periods = [
        (NOVEMBER, Bucket.WEEK),
        (NOVEMBER, Bucket.DAY),
        ((dt.date(2026, 10, 1), today), Bucket.MONTH),
        ((today, today), Bucket.DAY),
    ]
    problems: list[str] = []
    for (start, end), bucket in periods:
        for grouping in Grouping:
            counter, at_hq = _both(world, start, end, grouping, bucket)
            # Lines compared by key (a readable difference), their order apart.
            for side in (counter, at_hq):
                side["order"] = [row["key"] for row in side["rows"]]
                side["rows"] = {row["key"]: row for row in side["rows"]}
            problems += [
                f"{start}..{end} by {grouping.value}/{bucket.value}{d}"
                for d in _differences(counter, at_hq)
            ]
    assert not problems, "\n".join(problems[:60])


def test_a_report_outside_ones_scope_or_backwards_is_refused(hq: Any) -> None:
    """A center supervisor sees their own center only ("not found" for another, whether or not
    it exists), an agency officer none (refused); a period ending before it starts is refused."""
    with hq.sessions() as s:
        other = WebUser(9, "sup-sal", "Salamiyah", Role.SUPERVISOR, None, "SAL")
        for center in ("MZH", "NOPE"):
            with pytest.raises(NotFoundError):
                report_for(s, other, center=center, start=NOVEMBER[0], end=NOVEMBER[1])
        officer = WebUser(10, "moi1", "MOI officer", Role.OFFICER, "MOI", None)
        with pytest.raises(Forbidden):
            report_for(s, officer, center="MZH", start=NOVEMBER[0], end=NOVEMBER[1])
        own = WebUser(11, "sup-mzh", "Mazzeh", Role.SUPERVISOR, None, "MZH")
        empty = report_for(s, own, center="MZH", start=NOVEMBER[0], end=NOVEMBER[1])
        assert empty.totals.received == 0 and empty.rows == () and len(empty.series) == 5
        with pytest.raises(Invalid) as refused:
            report_for(s, own, center="MZH", start=NOVEMBER[1], end=NOVEMBER[0])
        assert refused.value.message == "The period ends before it starts"
