"""One schema per payload kind, dispatch by kind: a kind without a schema is an explicit error
on both sides, never handled as another kind (issue 13: "a new kind on the pull side can fall
into the catalog branch by default")."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from types import SimpleNamespace
from typing import Any, cast

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from counter_app.services.requests import change_status
from counter_app.store.models import CatalogVersion, OutboxItem, SyncProblem
from counter_app.sync.problems import reason_words
from counter_app.sync.pull import PullStats, _apply
from counter_app.sync.push import Pusher, prepare
from counter_protocol.canonical import canonical_json, payload_sha256
from counter_protocol.payloads import (
    CHANGE_SCHEMAS,
    PUSH_SCHEMAS,
    UnknownKind,
    parse_change,
    parse_payload,
)
from counter_protocol.wire import (
    Change,
    ItemKind,
    ItemResult,
    ItemStatus,
    PullResponse,
    PushResponse,
)
from tests.conftest import Station
from tests.sync.test_attachments import new_request
from tests.sync.test_item_kinds import _kinds_written


def test_every_kind_the_counter_writes_has_its_schema() -> None:
    assert set(_kinds_written()) <= {k.value for k in PUSH_SCHEMAS}
    # Every change kind HQ may send has its schema and an applier at the counter.
    from counter_app.sync.pull import _APPLIERS

    assert set(CHANGE_SCHEMAS) == set(_APPLIERS) >= {"status_event", "catalog", "calendar"}


def test_a_kind_without_a_schema_is_an_explicit_error() -> None:
    with pytest.raises(UnknownKind):
        parse_payload("box.moved", {"uuid": str(uuid.uuid4())})
    with pytest.raises(UnknownKind):
        parse_change("box_moved", {"version": "9", "content": "{}"})


def test_schemas_forbid_what_the_counter_does_not_write() -> None:
    with pytest.raises(ValidationError):
        parse_payload(ItemKind.ARCHIVE_BOX, {"uuid": str(uuid.uuid4()), "code": "B-1"})


def _row(kind: str, payload: dict[str, Any]) -> SimpleNamespace:
    body = canonical_json(payload)
    return SimpleNamespace(
        uuid=str(uuid.uuid4()),
        kind=kind,
        entity_uuid=str(uuid.uuid4()),
        payload=body,
        payload_sha256=payload_sha256(body),
        created_at="2026-11-22T06:30:00+00:00",
    )


def test_the_counter_keeps_a_payload_hq_would_refuse_and_says_why() -> None:
    # An archive record of an older version, without its center: quarantined here, not sent.
    box = {
        "uuid": str(uuid.uuid4()),
        "code": "B-1",
        "shelf": "A",
        "label": None,
        "at": "2026-11-22T06:30:00+00:00",
        "actor": "clerk1",
        "station": "MZH-01",
    }
    with pytest.raises(ValueError, match=r"invalid payload: center: Field required"):
        prepare(_row("archive.box", box))
    assert prepare(_row("archive.box", {**box, "center": "MZH"})).kind is ItemKind.ARCHIVE_BOX


def test_an_archive_record_queued_before_records_carried_their_center_is_sent_with_it() -> None:
    """Queued by the release before issue 13: sent with the station's own center, the same item
    every time (a resend is a duplicate at HQ); the outbox row stays as written."""
    box = {
        "uuid": str(uuid.uuid4()),
        "code": "B-1",
        "shelf": "A",
        "label": None,
        "at": "2026-11-22T06:30:00+00:00",
        "actor": "clerk1",
        "station": "MZH-01",
    }
    row = _row("archive.box", box)
    first, again = prepare(row, "MZH"), prepare(row, "MZH")
    assert first.payload == {**box, "center": "MZH"} and first == again
    assert first.payload_sha256 == payload_sha256(canonical_json(first.payload))
    assert row.payload == canonical_json(box)  # unchanged
    # Other kinds are sent as written.
    event = _row("request.event", {"uuid": str(uuid.uuid4())})
    with pytest.raises(ValueError, match="invalid payload"):
        prepare(event, "MZH")


def test_a_page_with_a_kind_this_station_does_not_know_is_read() -> None:
    page = PullResponse.model_validate(
        {"changes": [{"seq": 1, "kind": "box_moved", "payload": {}}], "cursor": 1, "more": False}
    )
    assert page.changes[0].kind == "box_moved"


def test_an_unknown_change_kind_is_a_problem_never_a_catalog(station: Station) -> None:
    with station.ctx.store.read() as s:
        versions = s.execute(select(func.count(CatalogVersion.id))).scalar_one()
    # Shaped like a catalog update, so the old code installed it through the catalog branch.
    content = json.dumps({"version": "2099.1"})
    change = Change(seq=3, kind="catalog_v2", payload={"version": "2099.1", "content": content})
    stats = PullStats()
    with station.ctx.store.write() as session:
        _apply(station.ctx, session, change, stats)
    assert (stats.applied, stats.problems) == (0, 1)
    with station.ctx.store.read() as s:
        assert s.execute(select(func.count(CatalogVersion.id))).scalar_one() == versions
        problem = s.execute(select(SyncProblem)).scalar_one()
    assert problem.kind == "catalog_v2"
    words = reason_words(problem.reason, lambda text: text)
    assert "does not know (catalog_v2)" in words


def test_a_change_of_another_shape_is_a_problem(station: Station) -> None:
    change = Change(seq=4, kind="status_event", payload={"uuid": "x", "colour": "red"})
    stats = PullStats()
    with station.ctx.store.write() as session:
        _apply(station.ctx, session, change, stats)
    assert stats.problems == 1
    with station.ctx.store.read() as s:
        problem = s.execute(select(SyncProblem)).scalar_one()
    assert "not in the form this station reads: colour" in reason_words(
        problem.reason, lambda text: text
    )


class _HqAnswering:
    """Answers every request.created ``rejected`` and every step ``waiting``."""

    def push(self, items: list[Any]) -> PushResponse:
        results = [
            ItemResult(
                id=i.id,
                status=ItemStatus.REJECTED
                if i.kind is ItemKind.REQUEST_CREATED
                else ItemStatus.WAITING,
                reason="no"
                if i.kind is ItemKind.REQUEST_CREATED
                else "its request has not reached HQ yet",
            )
            for i in items
        ]
        return PushResponse(results=tuple(results), server_time=dt.datetime.now(dt.UTC))


def test_a_step_hq_cannot_check_yet_stays_pending_for_a_later_round(station: Station) -> None:
    receipt = new_request(station)
    change_status(station.ctx, station.clerk, receipt, "in_progress")
    stats = Pusher(station.ctx, cast(Any, _HqAnswering())).run()
    assert (stats.quarantined, stats.waiting) == (1, 1)
    with station.ctx.store.read() as s:
        rows = dict(s.execute(select(OutboxItem.kind, OutboxItem.state)).tuples().all())
        error = s.execute(
            select(OutboxItem.last_error).where(OutboxItem.kind == "request.event")
        ).scalar_one()
    assert rows == {"request.created": "quarantined", "request.event": "pending"}
    assert error == "waiting: its request has not reached HQ yet"
