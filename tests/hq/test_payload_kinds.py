"""HQ reads every pushed item with its kind's schema and handles it by its kind's handler: a
kind with neither is refused, never stored through a generic branch (issue 13, structure)."""

from __future__ import annotations

import datetime as dt
import uuid

from counter_hq import ingest
from counter_hq.ingest import Ingest
from counter_hq.stations import authenticate
from counter_protocol.payloads import PUSH_SCHEMAS
from counter_protocol.wire import ItemKind, ItemStatus, PushItem
from tests.hq.conftest import HQ, StationClient, make_item
from tests.sync.test_item_kinds import _kinds_written

NOW = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


def test_every_kind_the_counter_writes_has_its_schema_and_its_handler() -> None:
    assert set(ingest._HANDLERS) <= set(PUSH_SCHEMAS)
    assert set(_kinds_written()) <= {k.value for k in ingest._HANDLERS}


def test_a_kind_hq_has_no_handler_for_is_refused(hq: HQ, mzh1: StationClient) -> None:
    raw = make_item("box.moved", str(uuid.uuid4()), {"center": "MZH", "box": "B-1"})
    # The wire model refuses such a kind at once; a kind added to it without its schema and
    # handler (a newer protocol, half done) reaches ingest and must be refused there.
    item = PushItem.model_construct(**{**raw, "blobs": (), "created_at": NOW})
    with hq.sessions() as s:
        station = authenticate(s, mzh1.token)
        [result] = Ingest(s, station, NOW).run((item,))
    assert result.status is ItemStatus.REJECTED
    assert result.reason == "unknown item kind 'box.moved'"
    assert hq.scalar("SELECT count(*) FROM received_items") == 0


def test_a_payload_that_does_not_fit_its_schema_is_refused(hq: HQ, mzh1: StationClient) -> None:
    box = make_item(ItemKind.ARCHIVE_BOX.value, str(uuid.uuid4()), {"center": "MZH", "x": 1})
    [result] = mzh1.push(box)
    assert result["status"] == "rejected"
    assert result["reason"].startswith("invalid payload: ")
    assert hq.scalar("SELECT count(*) FROM received_items") == 0
