"""A push batch is ingested with a few statements, whatever its size; a batch that repeats
something within itself, or collides with what is held, is redone item by item with the same
answers as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from counter_hq.ingest import Ingest
from counter_hq.routing import seed_if_empty
from counter_hq.stations import StationRef, authenticate
from counter_protocol.wire import PushItem
from tests.hq.conftest import HQ, StationClient, event_item, make_item, request_item

NOW = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def station(hq: HQ, mzh1: StationClient) -> StationRef:
    with hq.sessions() as s:
        return authenticate(s, mzh1.token)


@pytest.fixture
def statements(hq: HQ) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(hq.engine, "before_cursor_execute", count)
    yield seen
    event.remove(hq.engine, "before_cursor_execute", count)


def _ingest(hq: HQ, station: StationRef, *items: dict[str, Any]) -> list[str]:
    with hq.sessions() as s:
        results = Ingest(s, station, NOW).run(tuple(PushItem.model_validate(i) for i in items))
    return [r.status.value for r in results]


def test_a_full_batch_takes_a_few_statements(
    hq: HQ, station: StationRef, statements: list[str]
) -> None:
    batch = [request_item("MZH", 1, n) for n in range(1, 101)]
    assert _ingest(hq, station, *batch) == ["created"] * 100
    # read what is held (received ids, requests, the services' routing), then generic plans
    # for the inserts and one insert per table (requests, events, received, states)
    assert len(statements) <= 9, statements
    assert hq.scalar("SELECT count(*) FROM requests") == 100
    assert hq.scalar("SELECT count(*) FROM request_events") == 100
    assert hq.scalar("SELECT count(*) FROM received_items") == 100
    statements.clear()
    assert _ingest(hq, station, *batch) == ["duplicate"] * 100  # the resend after a lost answer
    assert len(statements) <= 6, statements


def test_a_full_routed_batch_adds_only_the_lock_and_its_changes(
    hq: HQ, station: StationRef, statements: list[str]
) -> None:
    with hq.sessions() as s:
        seed_if_empty(s, hq.clock())
    batch = []
    for n in range(1, 101):
        item = request_item("MZH", 1, n)
        item["payload"]["service"] = "MOI-CRIMINAL-RECORD"
        batch.append(make_item("request.created", item["payload"]["uuid"], item["payload"]))
    statements.clear()
    assert _ingest(hq, station, *batch) == ["created"] * 100
    # the same as unrouted, and the changes' lock and one insert of the forwarded steps' changes
    assert len(statements) <= 11, statements
    assert hq.scalar("SELECT count(*) FROM request_events") == 200
    assert hq.scalar("SELECT count(*) FROM changes") == 100
    assert hq.scalar("SELECT count(*) FROM request_states WHERE status = 'forwarded'") == 100


def test_an_item_twice_in_one_batch_is_created_then_duplicate(hq: HQ, station: StationRef) -> None:
    item = request_item("MZH", 1, 1)
    other = request_item("MZH", 1, 2)
    assert _ingest(hq, station, item, other, item) == ["created", "created", "duplicate"]
    assert hq.scalar("SELECT count(*) FROM requests") == 2


def test_a_request_and_its_steps_in_one_batch(hq: HQ, station: StationRef) -> None:
    req = request_item("MZH", 1, 1)
    steps = [event_item(req, "in_progress"), event_item(req, "ready")]
    assert _ingest(hq, station, req, *steps) == ["created"] * 3
    assert hq.scalar("SELECT count(*) FROM request_events") == 3


def test_the_same_request_under_two_ids_in_one_batch(hq: HQ, station: StationRef) -> None:
    req = request_item("MZH", 1, 1)
    requeued = make_item("request.created", req["entity_uuid"], req["payload"])
    assert _ingest(hq, station, req, requeued) == ["created", "duplicate"]
    assert hq.scalar("SELECT count(*) FROM received_items") == 2
    assert hq.scalar("SELECT count(*) FROM requests") == 1


def test_a_collision_with_what_is_held_answers_that_item_alone(hq: HQ, station: StationRef) -> None:
    req = request_item("MZH", 1, 1)
    step = event_item(req, "ready")
    assert _ingest(hq, station, req, step) == ["created", "created"]
    # the same event under a new item id, with other content: the database refuses its row
    clash = make_item("request.event", step["entity_uuid"], {**step["payload"], "reason": "x"})
    fresh = [request_item("MZH", 1, n) for n in (2, 3)]
    assert _ingest(hq, station, fresh[0], clash, fresh[1]) == ["created", "conflict", "created"]
    assert hq.scalar("SELECT count(*) FROM conflicts") == 1
    assert hq.scalar("SELECT count(*) FROM request_events") == 4
    assert hq.scalar("SELECT count(*) FROM requests") == 3


def test_lookups_are_planned_with_their_values(hq: HQ) -> None:
    """A generic plan kept from when the tables were empty made a new HQ's push seq-scan
    received_items (20x slower per batch at 20,000 items): every connection plans each time."""
    with hq.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
