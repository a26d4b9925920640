"""The counter's half of the recovery after an HQ restore (sync/recover.py), against a stand-in
HQ: what HQ says it lacks goes back to the outbox under the same id, HQ's signed steps are
queued for return once however often HQ asks, unsigned ones are counted for a person, and the
lists are cut into bounded questions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from counter_app.services.sync_state import PENDING, SENT
from counter_app.store.models import AuditEntry, OutboxItem, Request
from counter_app.sync import recover as recover_module
from counter_app.sync.pull import pull_changes
from counter_app.sync.push import prepare
from counter_app.sync.recover import REQUEUED, hq_step_item_id, recover
from counter_protocol.wire import Change, MissingAnswer, MissingQuery, PullResponse
from tests.conftest import Station
from tests.sync.test_attachments import new_request

SIGNATURE = "ab" * 32


class StandInHq:
    """Feeds two HQ steps, then says it lacks everything it is asked about."""

    def __init__(self, steps: list[dict[str, Any]]) -> None:
        self.steps = steps
        self.questions: list[MissingQuery] = []

    def changes(self, cursor: int, limit: int, mark: str | None = None) -> PullResponse:
        page = [] if cursor else self.steps
        changes = tuple(
            Change(seq=i + 1, kind="status_event", payload=p) for i, p in enumerate(page)
        )
        return PullResponse(changes=changes, cursor=len(self.steps), more=False)

    def missing(self, query: MissingQuery) -> MissingAnswer:
        self.questions.append(query)
        return MissingAnswer(items=query.items, hq_events=query.hq_events)


def _step(station: Station, receipt: str, n: int, signed: bool) -> dict[str, Any]:
    with station.ctx.store.read() as s:
        req_uuid = s.execute(select(Request.uuid).where(Request.receipt_no == receipt)).scalar()
    step = {
        "request_uuid": req_uuid,
        "receipt_no": receipt,
        "uuid": f"00000000-0000-4000-8000-00000000000{n}",
        "status": "in_progress",
        "at": station.clock.now.isoformat(),
        "actor": "hq",
        "station": "HQ",
        "reason": None,
        "origin": "hq",
    }
    return {**step, "signature": SIGNATURE} if signed else step


def test_what_hq_lacks_is_queued_again_once(station: Station) -> None:
    signed_on, unsigned_on = new_request(station), new_request(station, "06060606060")
    with station.ctx.store.write() as s:  # HQ had acknowledged both
        s.execute(update(OutboxItem).values(state=SENT))
    hq: Any = StandInHq([_step(station, signed_on, 1, True), _step(station, unsigned_on, 2, False)])
    assert pull_changes(station.ctx, hq).applied == 2
    day = station.clock.now.date()

    found = recover(station.ctx, hq, day, day)
    assert dict(found.resent) == {"request.created": 2}
    assert sorted(found.named) == sorted([signed_on, unsigned_on])
    assert (found.hq_steps, found.hq_steps_unsigned, found.complete) == (1, 1, False)
    assert found.found == 4
    with station.ctx.store.read() as s:
        rows = s.execute(select(OutboxItem).order_by(OutboxItem.id)).scalars().all()
        audit = s.execute(select(AuditEntry).where(AuditEntry.action == "sync.resend")).scalar()
    created = [r for r in rows if r.kind == "request.created"]
    assert [(r.state, r.last_error) for r in created] == [(PENDING, REQUEUED)] * 2
    returned = [r for r in rows if r.kind == "hq.event"]
    assert len(returned) == 1 and returned[0].uuid == hq_step_item_id(
        _step(station, "", 1, True)["uuid"]
    )
    payload = json.loads(returned[0].payload)
    assert payload["signature"] == SIGNATURE and payload["receipt_no"] == signed_on
    assert prepare(returned[0]).kind.value == "hq.event"  # passes its kind's schema
    assert audit is not None and "HQ lacked" in audit.details

    with station.ctx.store.write() as s:  # sent again, and HQ loses them again
        s.execute(update(OutboxItem).values(state=SENT))
    again = recover(station.ctx, hq, day, day)
    assert again.hq_steps == 1
    with station.ctx.store.read() as s:
        steps = s.execute(select(OutboxItem).where(OutboxItem.kind == "hq.event")).scalars().all()
    assert [(r.uuid, r.state) for r in steps] == [(returned[0].uuid, PENDING)]


def test_the_lists_are_asked_in_bounded_questions(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    for nid in ("05050505050", "06060606060", "07070707070"):
        new_request(station, nid)
    with station.ctx.store.write() as s:
        s.execute(update(OutboxItem).values(state=SENT))
    monkeypatch.setattr(recover_module, "MAX_RECOVER_KEYS", 2)
    hq: Any = StandInHq([])
    day = station.clock.now.date()
    found = recover(station.ctx, hq, day, day)
    assert [len(q.items) for q in hq.questions] == [2, 1]
    assert sum(found.resent.values()) == 3 and found.asked == 3
    quiet: Any = StandInHq([])
    quiet.missing = lambda q: MissingAnswer()
    with station.ctx.store.write() as s:
        s.execute(update(OutboxItem).values(state=SENT))
    assert recover(station.ctx, quiet, day, day).found == 0


def test_an_older_hq_without_the_question_leaves_everything_as_it_was(station: Station) -> None:
    from counter_app.sync.client import HqRefused

    new_request(station)
    with station.ctx.store.write() as s:
        s.execute(update(OutboxItem).values(state=SENT))

    def not_here(query: MissingQuery) -> MissingAnswer:
        raise HqRefused(404, "not_found", "Not Found")

    older: Any = StandInHq([])
    older.missing = not_here
    day = station.clock.now.date()
    found = recover(station.ctx, older, day, day)
    assert found.unsupported and not found.complete and found.found == 0
    with station.ctx.store.read() as s:
        assert set(s.execute(select(OutboxItem.state)).scalars()) == {SENT}
