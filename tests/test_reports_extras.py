"""The report's other parts: complaints by type and outcome (answered or not), calls and SMS of
the period, this station's sync health and last nightly reconciliation; and the milestones the
report counts from, kept by triggers, equal to what the migration computes from the history."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.paths import AppPaths
from counter_app.services.calls import record_call
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.reports import build_report
from counter_app.services.requests import change_status
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_app.sync.reconcile import DayReconcile, ReconcileReport
from tests.conftest import ADMIN_PASSWORD, FixedClock
from tests.test_intake import valid_fields

UTC3 = dt.timezone(dt.timedelta(hours=3))
DELAY, LABOUR = "MOSAL-COMPLAINT-DELAY", "MOSAL-COMPLAINT-LABOUR"


@dataclass
class Center:
    ctx: AppContext
    clock: FixedClock
    clerk: Actor
    boss: Actor


@pytest.fixture
def msa(tmp_path: Path) -> Iterator[Center]:
    """A station of the Social Affairs center, whose catalog has the complaints."""
    clock = FixedClock(dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC))
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = clock
    setup_station(
        ctx,
        center_code="MSA",
        center_name="مركز الشؤون الاجتماعية",
        station_no=1,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    add_user(ctx, admin, username="clerk1", role="clerk", password="clerk-pass-123")
    add_user(ctx, admin, username="boss", role="supervisor", password="boss-pass-789")
    with ctx.store.read() as session:
        center = Center(ctx, clock, ctx.actor(session, "clerk1"), ctx.actor(session, "boss"))
    yield center
    ctx.close()


def _submit(c: Center, code: str, nid: str, when: dt.datetime) -> str:
    svc = active_catalog(c.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    c.clock.now = when.astimezone(dt.UTC)
    data = IntakeInput(code, nid, "سلمى الشامي", "0933000111", valid_fields(svc), docs)
    return submit_request(c.ctx, c.clerk, data).receipt_no


def _step(c: Center, receipt: str, status: str, when: dt.datetime) -> None:
    c.clock.now = when.astimezone(dt.UTC)
    reason = "سبب" if status in ("needs_info", "rejected", "cancelled") else None
    change_status(c.ctx, c.clerk, receipt, status, reason)


def _stored(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def _answer(c: Center, receipt: str, when: dt.datetime) -> None:
    with c.ctx.store.write() as s:
        rid = s.execute(text("SELECT id FROM requests WHERE receipt_no = :r"), {"r": receipt})
        s.execute(
            text(
                "INSERT INTO complaint_answers (uuid, request_id, text, at, pulled_at) "
                "VALUES (:u, :rid, 'جواب الجهة', :at, :at)"
            ),
            {"u": str(uuid.uuid4()), "rid": rid.scalar_one(), "at": _stored(when)},
        )


def _sms(c: Center, receipt: str, state: str, when: dt.datetime) -> None:
    with c.ctx.store.write() as s:
        rid = s.execute(text("SELECT id FROM requests WHERE receipt_no = :r"), {"r": receipt})
        s.execute(
            text(
                "INSERT INTO notifications (uuid, request_id, kind, channel, state, at, attempts, "
                "pulled_at) VALUES (:u, :rid, 'ready', 'sms', :state, :at, 1, :at)"
            ),
            {"u": str(uuid.uuid4()), "rid": rid.scalar_one(), "state": state, "at": _stored(when)},
        )


def at(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC3)


def test_complaints_calls_messages_and_sync(msa: Center) -> None:
    # Three delay complaints and one labour complaint in November, one delay in December.
    d1 = _submit(msa, DELAY, "02000000001", at(11, 2, 9))
    d2 = _submit(msa, DELAY, "02000000002", at(11, 3, 9))
    d3 = _submit(msa, DELAY, "02000000003", at(11, 4, 9))
    _submit(msa, LABOUR, "02000000004", at(11, 5, 9))
    _submit(msa, DELAY, "02000000005", at(12, 1, 9))
    _step(msa, d1, "forwarded", at(11, 2, 12))
    _step(msa, d1, "ready", at(11, 9, 10))
    _answer(msa, d1, at(11, 9, 10))  # answered in the period
    _step(msa, d2, "rejected", at(11, 10, 10))
    _answer(msa, d3, at(12, 2, 10))  # answered after the period: not answered in November
    _step(msa, d3, "forwarded", at(12, 2, 10))  # still submitted at November's end
    record_call(msa.ctx, msa.clerk, d1, "no_answer")  # at the clock: 2026-12-02
    msa.clock.now = at(11, 10, 11).astimezone(dt.UTC)
    record_call(msa.ctx, msa.clerk, d1, "called")
    record_call(msa.ctx, msa.clerk, d2, "called")
    _sms(msa, d1, "sent", at(11, 9, 11))
    _sms(msa, d2, "failed", at(11, 10, 11))
    _sms(msa, d2, "sent", at(12, 1, 11))
    with msa.ctx.store.write() as s:
        from counter_app.services.reports.extras import record_reconciliation

        day = dt.date(2026, 11, 30)
        bad = DayReconcile(day, 4, 3, "a", "b", ["MSA-01-26-000004-00"])
        record_reconciliation(s, at(12, 1, 2), ReconcileReport(day, day, [bad]))
    msa.clock.now = at(12, 7, 12).astimezone(dt.UTC)

    report = build_report(msa.ctx, msa.boss, start="2026-11-01", end="2026-11-30")
    rows = {c.service_code: (c.received, c.answered, c.outcomes) for c in report.complaints}
    assert rows == {
        DELAY: (3, 1, {"ready": 1, "rejected": 1, "submitted": 1}),
        LABOUR: (1, 0, {"submitted": 1}),
    }
    assert report.complaints[0].label_en == "Transaction delay complaint"
    assert report.calls.calls == {"called": 2}
    assert report.calls.notifications == {"failed": 1, "sent": 1}
    (health,) = report.sync
    assert health.station == "MSA-01"
    assert health.pending > 0  # nothing was ever sent to HQ
    assert health.reconciliation_ok is False
    assert health.last_reconciliation == at(12, 1, 2).astimezone(dt.UTC)
    assert "1 day(s) differ, 1 missing" in health.detail
    # By category: the complaints are one line.
    category = build_report(
        msa.ctx, msa.boss, start="2026-11-01", end="2026-11-30", grouping="category"
    )
    assert [(r.key, r.received) for r in category.rows] == [("complaint", 4)]
    assert category.rows[0].label_en == "Complaints"
    december = build_report(msa.ctx, msa.boss, start="2026-12-01", end="2026-12-31")
    assert december.calls.calls == {"no_answer": 1}
    assert [(c.received, c.answered) for c in december.complaints] == [(1, 0)]


def test_the_triggers_keep_what_the_migration_computes(msa: Center) -> None:
    """request_milestones as the triggers kept it, step by step, equals the migration's fill
    from the whole history (the upgrade of an existing station)."""
    first = _submit(msa, DELAY, "02000000001", at(11, 2, 9))
    second = _submit(msa, DELAY, "02000000002", at(11, 5, 16))
    _step(msa, first, "forwarded", at(11, 2, 12))
    _step(msa, first, "needs_info", at(11, 3, 12))
    _step(msa, first, "forwarded", at(11, 4, 12))
    _step(msa, first, "ready", at(11, 9, 10))
    _step(msa, first, "delivered", at(11, 10, 10))
    _step(msa, second, "cancelled", at(11, 6, 10))
    migration = importlib.import_module(
        "counter_app.store.migrations.versions.0022_request_milestones"
    )
    with msa.ctx.store.write() as s:
        kept = s.execute(text("SELECT * FROM request_milestones ORDER BY request_id")).all()
        s.execute(text("CREATE TEMP TABLE again AS SELECT * FROM request_milestones WHERE 0"))
        fill = migration._backfill().replace(
            "INSERT INTO request_milestones", "INSERT INTO temp.again"
        )
        s.execute(text(fill))
        again = s.execute(text("SELECT * FROM temp.again ORDER BY request_id")).all()
        s.execute(text("DROP TABLE temp.again"))
    assert [tuple(r) for r in kept] == [tuple(r) for r in again]
    row = kept[0]._mapping
    assert row["station"] == "MSA-01"
    assert row["forwarded_at"] == int(at(11, 2, 12).timestamp())  # the first, not the second
    assert row["done_at"] == row["ready_at"] == int(at(11, 9, 10).timestamp())
    assert row["closed_at"] == row["ready_at"]
    assert kept[1]._mapping["closed_at"] == int(at(11, 6, 10).timestamp())
    assert kept[1]._mapping["done_at"] is None
