"""Push: per-item results, idempotency, isolation, limits and bad input."""

from __future__ import annotations

import json
import threading
from typing import Any

from counter_protocol.wire import API_PREFIX, MAX_BATCH_ITEMS, ErrorBody
from tests.hq.conftest import HQ, StationClient, event_item, make_item, request_item, sha


def test_created_then_duplicate_with_echo(hq: HQ, mzh1: StationClient) -> None:
    item = request_item("MZH", 1, 1)
    [res] = mzh1.push(item)
    assert res["status"] == "created"
    assert res["receipt_no"] == item["payload"]["receipt_no"]
    assert res["content_sha256"] == item["payload_sha256"]
    [again] = mzh1.push(item)
    assert again["status"] == "duplicate"
    assert (again["receipt_no"], again["content_sha256"]) == (
        res["receipt_no"],
        res["content_sha256"],
    )
    assert hq.scalar("SELECT count(*) FROM requests") == 1
    assert hq.scalar("SELECT count(*) FROM request_events") == 1
    assert hq.scalar("SELECT count(*) FROM received_items") == 1


def test_conflict_is_kept_never_applied(hq: HQ, mzh1: StationClient) -> None:
    item = request_item("MZH", 1, 2)
    assert mzh1.push(item)[0]["status"] == "created"
    changed = make_item(
        "request.created", item["entity_uuid"], {**item["payload"], "service": "OTHER"}
    )
    changed["id"] = item["id"]
    for _ in range(2):  # a replay of the conflict is kept once
        [res] = mzh1.push(changed)
        assert res["status"] == "conflict"
    assert hq.scalar("SELECT count(*) FROM conflicts") == 1
    assert hq.scalar("SELECT service FROM requests") == "INT-CRIM"
    # the same request re-queued under another item id with other content: conflict too
    requeued = make_item("request.created", item["entity_uuid"], changed["payload"])
    assert mzh1.push(requeued)[0]["status"] == "conflict"
    # ...and with the same content: acknowledged as held
    same = make_item("request.created", item["entity_uuid"], item["payload"])
    assert mzh1.push(same)[0]["status"] == "duplicate"
    assert hq.scalar("SELECT count(*) FROM requests") == 1


def test_rejections_store_nothing(hq: HQ, mzh1: StationClient) -> None:
    tampered = request_item("MZH", 1, 3)
    tampered["payload"]["fields"] = {"purpose": "changed"}
    other_center = request_item("SAL", 1, 1)
    other_station = request_item("MZH", 2, 1)
    bad_shape = make_item("request.created", other_center["entity_uuid"], {"uuid": "x"})
    results = mzh1.push(tampered, other_center, other_station, bad_shape)
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert results[0]["reason"] == "payload hash mismatch"
    assert "center SAL" in results[1]["reason"]
    assert "station 2" in results[2]["reason"]
    assert results[3]["reason"].startswith("invalid payload")
    assert hq.scalar("SELECT count(*) FROM requests") == 0
    assert hq.scalar("SELECT count(*) FROM received_items") == 0


def test_events_follow_requests_and_respect_centers(hq: HQ, mzh1: StationClient) -> None:
    req = request_item("MZH", 1, 4)
    ev = event_item(req, "cancelled", "citizen withdrew")
    assert [r["status"] for r in mzh1.push(req, ev)] == ["created", "created"]
    assert mzh1.push(ev)[0]["status"] == "duplicate"
    assert (
        hq.scalar(
            "SELECT count(*) FROM request_events WHERE request_uuid = :u", u=req["entity_uuid"]
        )
        == 2
    )
    sal = hq.station("SAL", 1)
    sal_ev = event_item(req, "delivered")  # another center's request: never touched
    [res] = sal.push(sal_ev)
    assert res["status"] == "rejected"
    assert hq.scalar("SELECT count(*) FROM request_events") == 2


def test_missing_blobs_then_created_after_upload(hq: HQ, mzh1: StationClient) -> None:
    scan = b"%PDF-scan " * 300
    item = request_item("MZH", 1, 5, blobs=(sha(scan),))
    [res] = mzh1.push(item)
    assert res["status"] == "missing_blobs"
    assert res["missing"] == [sha(scan)]
    assert hq.scalar("SELECT count(*) FROM received_items") == 0
    mzh1.upload(scan)
    [res] = mzh1.push(item)
    assert res["status"] == "created"
    assert res["receipt_no"] == item["payload"]["receipt_no"]


def test_concurrent_pushes_of_one_batch_store_once(hq: HQ, mzh1: StationClient) -> None:
    items = [request_item("MZH", 1, 100 + i) for i in range(30)]
    outcomes: list[list[dict[str, Any]]] = []

    def push() -> None:
        outcomes.append(mzh1.push(*items))

    threads = [threading.Thread(target=push) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 4
    for i in range(30):
        statuses = sorted(o[i]["status"] for o in outcomes)
        assert statuses.count("created") == 1, statuses
        assert set(statuses) <= {"created", "duplicate"}
    assert hq.scalar("SELECT count(*) FROM requests") == 30


def test_batch_limits(hq: HQ, mzh1: StationClient) -> None:
    items = [request_item("MZH", 1, 200 + i) for i in range(MAX_BATCH_ITEMS + 1)]
    resp = mzh1.post("/push", json={"items": items})
    assert resp.status_code == 422
    assert ErrorBody.model_validate(resp.json()).code == "invalid"
    big = request_item("MZH", 1, 300, note="x" * (1024 * 1024))
    resp = mzh1.post("/push", json={"items": [big]})
    assert resp.status_code == 413
    assert ErrorBody.model_validate(resp.json()).code == "too_large"
    # no Content-Length (chunked): the bytes actually read are counted
    body = json.dumps({"items": [big]}).encode()
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    resp = hq.client.post(
        f"{API_PREFIX}/push",
        content=chunks,
        headers={**mzh1.headers, "Content-Type": "application/json"},
    )
    assert resp.status_code == 413
    assert ErrorBody.model_validate(resp.json()).code == "too_large"
    # a lying Content-Length is not trusted either
    resp = hq.client.post(
        f"{API_PREFIX}/push",
        content=body,
        headers={**mzh1.headers, "Content-Type": "application/json", "Content-Length": "10"},
    )
    assert resp.status_code in (400, 413, 422)
    assert hq.scalar("SELECT count(*) FROM requests") == 0


def test_malformed_json_and_wrong_types_are_422(hq: HQ, mzh1: StationClient) -> None:
    for content in (b"{not json", b"[]", b'{"items": "x"}', b'{"items": [{"id": 5}]}', b"\xff\xfe"):
        resp = hq.client.post(
            f"{API_PREFIX}/push",
            content=content,
            headers={**mzh1.headers, "Content-Type": "application/json"},
        )
        assert resp.status_code == 422, (content, resp.text)
        body = ErrorBody.model_validate(resp.json())
        assert body.code == "invalid" and body.message
    item = request_item("MZH", 1, 400)
    item["payload_sha256"] = "XYZ"
    resp = mzh1.post("/push", json={"items": [item]})
    assert resp.status_code == 422
    assert "payload_sha256" in resp.json()["message"]
    resp = mzh1.post("/push", json={"items": [{**item, "extra": 1}]})
    assert resp.status_code == 422
