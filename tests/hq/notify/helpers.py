"""Requests pushed by a station and messages queued for them, for the notify tests."""

from __future__ import annotations

import uuid
from typing import Any

from counter_hq.models import Notification
from counter_hq.notify import enqueue_for_step
from tests.hq.conftest import HQ, StationClient, canonical, request_item, sha


def push_requests(
    station: StationClient, count: int, *, first: int = 1, phone: str | None = "0933123456"
) -> list[dict[str, Any]]:
    payloads: list[dict[str, Any]] = []
    items = []
    for seq in range(first, first + count):
        item = request_item(station.center, station.station_no, seq)
        item["payload"]["citizen"]["phone"] = phone
        item["payload_sha256"] = sha(canonical(item["payload"]).encode("utf-8"))
        items.append(item)
        payloads.append(item["payload"])
    for i in range(0, len(items), 100):
        results = station.push(*items[i : i + 100])
        assert {r["status"] for r in results} == {"created"}, results
    return payloads


def queue(hq: HQ, requests: list[dict[str, Any]], kind: str = "ready") -> list[Notification]:
    rows = []
    with hq.sessions() as s:
        for req in requests:
            row = enqueue_for_step(
                s,
                request_uuid=req["uuid"],
                event_uuid=str(uuid.uuid4()),
                kind=kind,
                now=hq.clock(),
                details={"collect_from": "2026-12-10", "message": "أحضر الهوية الأصلية"},
            )
            assert row is not None
            rows.append(row)
        s.commit()
    return rows
