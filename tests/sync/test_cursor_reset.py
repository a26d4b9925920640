"""HQ restored from a backup: its change feed ends before the station's cursor (409
``cursor_ahead``). The station resets its cursor once, pulls HQ's changes again without
applying anything twice, records the reset for a person, and picks up the changes HQ numbers
anew after its backup, even where a number was already used by a lost change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from counter_app.paths import resources_dir
from counter_app.services.requests import change_status, show_request
from counter_app.services.sync_state import quarantine_list, sync_health
from counter_app.store.models import CatalogVersion, RequestEvent, SyncProblem, SyncState
from counter_app.sync.client import HqRefused
from counter_app.sync.enroll import client_for
from counter_app.sync.pull import CURSOR_RESET, pull_changes
from counter_app.sync.worker import sync_once
from counter_protocol.wire import Change, PullResponse
from tests.conftest import Station
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request


def _publish(enrolled: Enrolled, tmp_path: Path, version: str) -> None:
    data = json.loads((resources_dir() / "catalog" / "catalog.json").read_bytes())
    data["version"] = version
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    done = enrolled.hq.cli("catalog", "publish", str(path))
    assert done.returncode == 0, done.stderr


def _hq_step(enrolled: Enrolled, receipt: str, status: str) -> None:
    done = enrolled.hq.cli("status", receipt, status)
    assert done.returncode == 0, done.stderr


def _restore_hq_to(enrolled: Enrolled, seq: int) -> None:
    """What restoring HQ's database from a backup taken after change ``seq`` does to the feed:
    later changes and the steps they carried are gone, and the numbers will be reused."""
    engine = create_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    with engine.begin() as conn:
        lost = conn.execute(
            text("SELECT payload->>'uuid' FROM changes WHERE seq > :s AND kind = 'status_event'"),
            {"s": seq},
        ).scalars()
        conn.execute(text("DELETE FROM request_events WHERE uuid = ANY(:u)"), {"u": list(lost)})
        conn.execute(text("DELETE FROM changes WHERE seq > :s"), {"s": seq})
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('changes', 'seq'), :s)"), {"s": seq}
        )
    engine.dispose()


def _hq_events(st: Station) -> dict[str, int]:
    with st.ctx.store.read() as s:
        rows = s.execute(
            select(RequestEvent.uuid, func.count())
            .where(RequestEvent.origin == "hq")
            .group_by(RequestEvent.uuid)
        ).all()
    return {uuid: int(n) for uuid, n in rows}


def test_a_restored_hq_feed_is_pulled_again_once_and_the_reset_is_recorded(
    enrolled: Enrolled, tmp_path: Path
) -> None:
    st = enrolled.station
    r0, r1, r2 = new_request(st), new_request(st, "06060606060"), new_request(st, "07070707070")
    pushed = sync_once(st.ctx, client_for(st.ctx))
    assert pushed.push.sent == 3
    # HQ forwarded each request to its agency: changes 1 to k, pulled in the same round.
    k = 3
    assert (pushed.pull.applied, pushed.pull.cursor) == (k, k)

    _publish(enrolled, tmp_path, "2099.1.0")  # change k+1
    _publish(enrolled, tmp_path, "2099.2.0")  # change k+2
    _hq_step(enrolled, r0, "ready")  # change k+3: the backup is taken after this one
    _hq_step(enrolled, r1, "in_progress")  # change k+4
    _hq_step(enrolled, r2, "ready")  # change k+5
    change_status(st.ctx, st.clerk, r2, "cancelled", "citizen renounced")  # k+5: a problem
    first = sync_once(st.ctx, client_for(st.ctx)).pull
    assert (first.applied, first.problems, first.cursor, first.reset_from) == (4, 1, k + 5, None)

    _restore_hq_to(enrolled, k + 3)
    again = sync_once(st.ctx, client_for(st.ctx)).pull
    # Everything HQ still has is held already: nothing applied twice, no catalog refused as
    # "older than the installed one", the lost step of r1 kept at the station.
    assert again.reset_from == k + 5 and again.cursor == k + 3
    assert (again.applied, again.problems, again.skipped) == (0, 0, k + 3)
    assert show_request(st.ctx, st.admin, r1).status == "in_progress"
    health = sync_health(st.ctx, st.admin)
    assert health.last_error is None and health.pull_cursor == k + 3 and health.problems == 2
    reset = [e for e in quarantine_list(st.ctx, st.admin) if e.kind == CURSOR_RESET]
    assert len(reset) == 1 and reset[0].entity == str(k + 5)
    assert "backup" in (reset[0].reason or "")

    # HQ numbers its new changes k+4 and k+5 again; k+5 belonged to the lost step that is a
    # problem here: the new change k+5 is applied all the same, the old problem stays listed.
    _hq_step(enrolled, r1, "ready")  # change k+4 again
    _hq_step(enrolled, r0, "delivered")  # change k+5 again
    later = sync_once(st.ctx, client_for(st.ctx)).pull
    assert (later.applied, later.problems, later.reset_from, later.cursor) == (2, 0, None, k + 5)
    assert show_request(st.ctx, st.admin, r1).status == "ready"
    assert show_request(st.ctx, st.admin, r0).status == "delivered"
    assert show_request(st.ctx, st.admin, r2).status == "cancelled"
    events = _hq_events(st)
    # the forwards, r0 x2, r1 x2, each once
    assert len(events) == k + 4 and set(events.values()) == {1}
    with st.ctx.store.read() as s:
        problems = s.execute(select(SyncProblem.kind, SyncProblem.seq)).all()
        versions = (
            s.execute(select(CatalogVersion.version).where(CatalogVersion.active)).scalars().all()
        )
        state = s.get(SyncState, 1)
    assert sorted(kind for kind, _ in problems) == [CURSOR_RESET, "status_event"]
    assert all(seq < 0 for _, seq in problems)  # neither holds an HQ change number now
    assert versions == ["2099.2.0"] and state is not None and state.pull_cursor == k + 5

    quiet = sync_once(st.ctx, client_for(st.ctx)).pull
    assert (quiet.applied, quiet.problems, quiet.reset_from) == (0, 0, None)


def test_a_restored_feed_numbering_past_the_cursor_is_still_noticed(
    enrolled: Enrolled,
) -> None:
    """HQ restored, then it numbers new changes up to (and past) the station's cursor before
    the station pulls: no cursor is ahead, but the change at the cursor is another one."""
    st = enrolled.station
    r0, r1 = new_request(st), new_request(st, "06060606060")
    assert sync_once(st.ctx, client_for(st.ctx)).push.sent == 2
    k = 2  # HQ forwarded both: changes 1 and 2, pulled in the same round
    _hq_step(enrolled, r0, "in_progress")  # change k+1: the backup is taken after this one
    _hq_step(enrolled, r1, "in_progress")  # change k+2, lost with the restore
    first = sync_once(st.ctx, client_for(st.ctx)).pull
    assert (first.applied, first.cursor) == (2, k + 2)

    _restore_hq_to(enrolled, k + 1)
    _hq_step(enrolled, r0, "ready")  # the new change k+2
    _hq_step(enrolled, r1, "ready")  # change k+3
    later = sync_once(st.ctx, client_for(st.ctx)).pull
    assert later.reset_from == k + 2 and later.applied == 2 and later.cursor == k + 3
    assert show_request(st.ctx, st.admin, r0).status == "ready"  # not skipped as "already pulled"
    assert show_request(st.ctx, st.admin, r1).status == "ready"
    assert any(e.kind == CURSOR_RESET for e in quarantine_list(st.ctx, st.admin))
    again = sync_once(st.ctx, client_for(st.ctx)).pull
    assert (again.applied, again.reset_from) == (0, None)


class _BrokenHq:
    """An HQ whose feed says 'ahead' even right after the station reset (never a real one)."""

    def __init__(self, code: str = "cursor_ahead") -> None:
        self.code = code
        self.calls: list[int] = []

    def changes(self, cursor: int, limit: int) -> PullResponse:
        self.calls.append(cursor)
        if cursor > 0:
            raise HqRefused(409, self.code, f"cursor {cursor} is ahead")
        change = Change(seq=7, kind="status_event", payload={"uuid": "x", "receipt_no": "?"})
        return PullResponse(changes=(change,), cursor=7, more=True)


def _set_cursor(st: Station, cursor: int) -> None:
    with st.ctx.store.write() as s:
        s.merge(SyncState(id=1, pull_cursor=cursor))


def test_the_reset_happens_once_per_pull_and_other_refusals_are_not_resets(
    station: Station,
) -> None:
    _set_cursor(station, 40)
    broken: Any = _BrokenHq()
    with pytest.raises(HqRefused) as refused:
        pull_changes(station.ctx, broken)
    assert refused.value.code == "cursor_ahead"
    assert broken.calls == [40, 0, 7]  # reset once, pulled from 0, refused again: stop
    entries = quarantine_list(station.ctx, station.admin)
    assert [e.kind for e in entries].count(CURSOR_RESET) == 1
    assert sync_health(station.ctx, station.admin).pull_cursor == 7

    _set_cursor(station, 9)
    other: Any = _BrokenHq(code="conflict")
    with pytest.raises(HqRefused):
        pull_changes(station.ctx, other)
    assert other.calls == [9] and sync_health(station.ctx, station.admin).pull_cursor == 9
