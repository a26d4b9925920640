"""HQ keeps each request's fee payment as its counter sent it (issue 16): once per request, only
for the station's own requests; the same item twice is a duplicate, a second different payment
of a paid request a conflict (kept for a person, nothing stored)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.hq.conftest import HQ, StationClient, make_item, request_item


def payment_item(
    request: dict[str, Any],
    *,
    amount: int = 5000,
    method: str = "bank_receipt",
    number: str | None = "CBS-77",
    paid_at: str = "2026-11-21T22:10:00+00:00",
    station: str | None = None,
) -> dict[str, Any]:
    p = request["payload"]
    pay = str(uuid.uuid4())
    payload = {
        "uuid": pay,
        "request_uuid": p["uuid"],
        "receipt_no": p["receipt_no"],
        "service": p["service"],
        "amount_syp": amount,
        "method": method,
        "bank_receipt_no": number,
        "paid_at": paid_at,
        "at": paid_at,
        "actor": "clerk1",
        "center": p["center"],
        "station": station or f"{p['center']}-{p['station']:02d}",
    }
    return make_item("payment.recorded", pay, payload)


def _as_mzh(item: dict[str, Any]) -> dict[str, Any]:
    """The item relabelled as written by MZH (its hash recomputed)."""
    payload = {**item["payload"], "center": "MZH"}
    return make_item(item["kind"], item["entity_uuid"], payload)


def _payments(hq: HQ) -> int:
    return int(hq.scalar("SELECT count(*) FROM payments"))


def test_a_payment_is_stored_once_and_its_repeat_is_a_duplicate(
    hq: HQ, mzh1: StationClient
) -> None:
    req = request_item("MZH", 1, 1)
    pay = payment_item(req)
    assert [r["status"] for r in mzh1.push(req, pay)] == ["created", "created"]
    assert _payments(hq) == 1
    # 22:10 UTC on the 21st is 01:10 on the 22nd in Damascus: the local day HQ files it under.
    assert str(hq.scalar("SELECT local_day FROM payments")) == "2026-11-22"
    assert hq.scalar("SELECT amount_syp FROM payments") == 5000
    assert hq.scalar("SELECT bank_receipt_no FROM payments") == "CBS-77"
    # The same item again (the acknowledgement was lost): a duplicate, nothing more stored.
    assert [r["status"] for r in mzh1.push(pay)] == ["duplicate"]
    # The same payment re-queued under another item id: a duplicate too.
    again = make_item("payment.recorded", pay["entity_uuid"], pay["payload"])
    assert [r["status"] for r in mzh1.push(again)] == ["duplicate"]
    assert _payments(hq) == 1


def test_a_second_different_payment_of_a_request_is_a_conflict(hq: HQ, mzh1: StationClient) -> None:
    req = request_item("MZH", 1, 1)
    assert [r["status"] for r in mzh1.push(req, payment_item(req))] == ["created", "created"]
    conflicts = hq.scalar("SELECT count(*) FROM conflicts")
    [result] = mzh1.push(payment_item(req, method="bank_desk", number=None))
    assert result["status"] == "conflict", result
    assert _payments(hq) == 1 and hq.scalar("SELECT method FROM payments") == "bank_receipt"
    assert hq.scalar("SELECT count(*) FROM conflicts") == conflicts + 1
    # Two different payments of one request in one batch: the first only.
    req2 = request_item("MZH", 1, 2)
    first, second = payment_item(req2), payment_item(req2, amount=6000)
    assert [r["status"] for r in mzh1.push(req2, first, second)] == [
        "created",
        "created",
        "conflict",
    ]
    assert (
        hq.scalar("SELECT amount_syp FROM payments WHERE request_uuid = :u", u=req2["entity_uuid"])
        == 5000
    )


def test_a_payment_of_another_stations_request_is_refused(hq: HQ, mzh1: StationClient) -> None:
    other = hq.station("SAL", 1)
    theirs = request_item("SAL", 1, 1)
    assert [r["status"] for r in other.push(theirs)] == ["created"]
    [result] = mzh1.push(_as_mzh(payment_item(theirs, station="MZH-01")))
    # Written as MZH-01 but of SAL's request: "unknown request", never saying whose.
    assert result["status"] == "rejected" and "SAL" not in result["reason"], result
    # Written as SAL-01 by MZH-01's token: refused as another center's.
    [result] = mzh1.push(payment_item(theirs))
    assert result["status"] == "rejected", result
    assert _payments(hq) == 0


def test_a_payment_before_its_request_waits(hq: HQ, mzh1: StationClient) -> None:
    req = request_item("MZH", 1, 1)
    pay = payment_item(req)
    assert [r["status"] for r in mzh1.push(pay)] == ["waiting"]
    assert _payments(hq) == 0
    assert [r["status"] for r in mzh1.push(req, pay)] == ["created", "created"]
    assert _payments(hq) == 1


def test_a_malformed_payment_is_rejected(hq: HQ, mzh1: StationClient) -> None:
    req = request_item("MZH", 1, 1)
    mzh1.push(req)
    bad = [
        payment_item(req, method="bank_desk", number="123"),  # a number for the bank desk
        payment_item(req, number=None),  # a bank payment without its number
        payment_item(req, amount=0),
        payment_item(req, method="cash", number=None),
    ]
    results = mzh1.push(*bad)
    assert [r["status"] for r in results] == ["rejected"] * 4, results
    assert _payments(hq) == 0
