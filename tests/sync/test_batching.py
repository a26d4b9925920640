"""Batches are bounded by count and bytes; an item bigger than the budget travels alone."""

from __future__ import annotations

import datetime as dt
import uuid

from counter_app.domain.audit import canonical_json, payload_sha256
from counter_app.sync.client import push_body_size
from counter_app.sync.push import fit_count, item_size
from counter_protocol.wire import MAX_BATCH_BYTES, ItemKind, PushItem


def test_batch_stops_at_the_item_count() -> None:
    assert fit_count([10] * 250, 100, 10**9) == 100


def test_batch_stops_before_the_byte_budget() -> None:
    assert fit_count([400, 400, 400, 400], 100, 1000) == 2
    assert fit_count([400, 600, 1], 100, 1000) == 2  # exactly at the budget fits
    assert fit_count([400, 601, 1], 100, 1000) == 1


def test_an_oversize_item_goes_alone() -> None:
    assert fit_count([5000, 10], 100, 1000) == 1
    assert fit_count([], 100, 1000) == 0


def _item(text: str) -> PushItem:
    payload = {"uuid": str(uuid.uuid4()), "note": text}
    body = canonical_json(payload)
    return PushItem(
        id=str(uuid.uuid4()),
        kind=ItemKind.REQUEST_CREATED,
        entity_uuid=payload["uuid"],
        payload=payload,
        payload_sha256=payload_sha256(body),
        created_at=dt.datetime(2026, 11, 22, tzinfo=dt.UTC),
    )


def test_item_sizes_add_up_to_the_body_that_is_sent() -> None:
    items = [_item("ب" * n) for n in (10, 2000, 50_000)]
    sizes = [item_size(i) for i in items]
    # The estimate never undercounts what HQ measures (the JSON body of the push).
    assert push_body_size(items) <= sum(sizes) + 20
    n = fit_count(sizes, 100, MAX_BATCH_BYTES)
    assert n == 3
