"""Station numbers at HQ (issue 13 item 1): a number used before is enrolled again only by the
database HQ last saw, not an older copy; a replacement gets a new number that retires the old
one and carries its lineage; a receipt number HQ holds for another request is answered
``collision`` and kept for the operator."""

from __future__ import annotations

from typing import Any

from counter_app.domain.receipt import ReceiptNumber
from counter_hq.lineage import enrolled_facts, highest_sequences
from counter_hq.stations import add_station, station_numbers
from counter_protocol.wire import API_PREFIX
from tests.hq.conftest import HQ, PROTO, StationClient, request_item

TIP = {"seq": 7, "hash": "cd" * 32}


def _enroll(hq: HQ, code: str, **claim: Any) -> Any:
    return hq.client.post(f"{API_PREFIX}/enroll", json={"code": code, **claim}, headers=PROTO)


def _used(hq: HQ, n: int = 1) -> tuple[StationClient, list[dict[str, Any]]]:
    """Station MZH-n enrolled, two requests sent (seq 1 and 2 of 2026), its tip reported."""
    st = hq.station("MZH", n)
    items = [request_item("MZH", n, seq) for seq in (1, 2)]
    assert [r["status"] for r in st.push(*items)] == ["created", "created"]
    assert st.post("/audit-tip", json={"tip": TIP}).status_code == 200
    return st, items


def _claim(n: int = 1, *, tip: dict[str, Any] | None = None, seq: int = 2) -> dict[str, Any]:
    return {
        "center": "MZH",
        "station_no": n,
        "tip": {"tip": tip or TIP},
        "highest": [{"year": 26, "seq": seq}],
    }


def test_a_used_number_takes_a_new_code_only_with_the_same_database(hq: HQ) -> None:
    _used(hq)
    code = hq.code("MZH", 1)
    # Each refusal leaves the code usable: only the right database spends it.
    for claim, words in (
        ({}, "did not show its audit log"),  # an old counter, or an empty new PC
        (_claim(tip={"seq": 3, "hash": "ab" * 32}), "rewound"),  # an older copy
        (_claim(tip={"seq": 7, "hash": "ef" * 32}), "forked"),  # another copy
        (_claim(tip={"seq": 9, "hash": "ef" * 32}), "does not show row 7"),  # no anchor
        (_claim(seq=1), "numbers only up to 26-000001"),  # behind HQ's numbers
        ({**_claim(), "retired": True}, "says its own number is retired"),
    ):
        resp = _enroll(hq, code, **claim)
        assert resp.status_code == 409, resp.text
        body = resp.json()
        assert body["code"] in ("station_in_use", "station_retired")
        assert words in body["message"] and "--replaces MZH-01" in body["message"]
    newer = {"tip": {"seq": 12, "hash": "01" * 32}, "anchor": TIP}
    resp = _enroll(hq, code, **{**_claim(seq=5), "tip": newer})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["replaces"] == [] and body["highest"] == [{"year": 26, "seq": 2}]
    assert _enroll(hq, code, **_claim()).status_code == 401  # now it is used


def test_a_replacement_retires_the_old_number_and_carries_its_lineage(hq: HQ) -> None:
    old, items = _used(hq)
    stale = hq.code("MZH", 1)  # made before the replacement: void after it
    with hq.sessions() as s:
        ref, code = add_station(s, "MZH", None, hq.clock(), replaces="MZH-01")
    assert ref.label == "MZH-02"  # the next free number
    hq.clock.advance(seconds=3)  # past the token cache
    assert old.get("/changes").status_code == 401
    assert _enroll(hq, stale, **_claim()).status_code == 401
    with hq.sessions() as s:
        try:
            add_station(s, "MZH", 1, hq.clock())
            raise AssertionError("a retired number got a code")
        except Exception as exc:
            assert "retired, replaced by MZH-02" in str(exc)
    # The old database takes the new number (renumbered); its unsent request goes with it.
    resp = _enroll(hq, code, **_claim(1, seq=3))
    assert resp.status_code == 200, resp.text
    assert (resp.json()["station_no"], resp.json()["replaces"]) == (2, [1])
    new = StationClient(hq.client, "MZH", 2, resp.json()["token"])
    unsent = request_item("MZH", 1, 3)
    mine = request_item("MZH", 2, 4)
    stranger = request_item("MZH", 3, 1)
    results = new.push(unsent, mine, stranger)
    assert [r["status"] for r in results] == ["created", "created", "rejected"]
    assert hq.scalar(
        "SELECT station_no FROM requests WHERE uuid = :u", u=unsent["entity_uuid"]
    ) == 1  # fmt: skip
    with hq.sessions() as s:
        assert station_numbers(s, new_ref(hq, 2)) == (2, 1)
    # The reconciliation counts the old number's requests as the renumbered station's own.
    days = new.get("/reconcile?start=2026-11-22&end=2026-11-22").json()["days"]
    assert days[0]["count"] == 4
    assert new.push(items[0])[0]["status"] == "duplicate"  # a resend of what was sent before


def new_ref(hq: HQ, n: int) -> Any:
    from counter_hq.stations import StationRef

    station_id = hq.scalar("SELECT id FROM stations WHERE center = 'MZH' AND station_no = :n", n=n)
    return StationRef(station_id, "MZH", n)


def test_a_new_pc_replacing_a_station_does_not_count_its_requests(hq: HQ) -> None:
    _used(hq)
    with hq.sessions() as s:
        _, code = add_station(s, "MZH", 5, hq.clock(), replaces="MZH-01")
    resp = _enroll(hq, code, center="MZH", station_no=5)  # set up under the new number
    assert resp.status_code == 200, resp.text
    new = StationClient(hq.client, "MZH", 5, resp.json()["token"])
    days = new.get("/reconcile?start=2026-11-22&end=2026-11-22").json()["days"]
    assert days[0]["count"] == 0
    with hq.sessions() as s:
        assert station_numbers(s, new_ref(hq, 5)) == (5,)
    # A second database may not take the number once it is in use.
    with hq.sessions() as s:
        _, again = add_station(s, "MZH", 5, hq.clock())
    resp = _enroll(hq, again, **_claim(1))
    assert resp.status_code == 409 and resp.json()["code"] == "station_in_use"
    assert "MZH-05 is already in use by another database" in resp.json()["message"]


def test_a_receipt_number_held_for_another_request_is_a_collision(hq: HQ) -> None:
    st, items = _used(hq)
    twice = request_item("MZH", 1, 2)  # another request under seq 2's number
    fine = request_item("MZH", 1, 3)
    for _ in range(2):  # as a batch, and again alone: the same answer, one record
        results = st.push(twice, fine) if _ == 0 else st.push(twice)
        assert results[0]["status"] == "collision"
        assert results[0]["receipt_no"] == items[1]["payload"]["receipt_no"]
    assert hq.scalar("SELECT count(*) FROM receipt_collisions") == 1
    assert hq.scalar("SELECT count(*) FROM requests") == 3
    assert hq.scalar(
        "SELECT uuid FROM requests WHERE receipt_no = :r", r=items[1]["payload"]["receipt_no"]
    ) == items[1]["entity_uuid"]  # fmt: skip


def test_highest_sequence_per_year_across_lengths_and_legacy_numbers(hq: HQ) -> None:
    st = hq.station("MZH", 1)
    numbers = [(26, 999_999), (26, 1_000_000), (25, 9), (25, 10)]
    items = []
    for year, seq in numbers:
        item = request_item("MZH", 1, 1)
        receipt = ReceiptNumber("MZH", 1, year, seq, legacy=(year, seq) == (25, 9))
        item = _with_receipt(item, str(receipt))
        items.append(item)
    assert [r["status"] for r in st.push(*items)] == ["created"] * 4
    with hq.sessions() as s:
        assert highest_sequences(s, "MZH", 1) == {26: 1_000_000, 25: 10}
        station_id = hq.scalar("SELECT id FROM stations WHERE station_no = 1")
        assert enrolled_facts(s, station_id)[1][-1].seq == 1_000_000


def _with_receipt(item: dict[str, Any], receipt: str) -> dict[str, Any]:
    from tests.hq.conftest import make_item

    payload = {**item["payload"], "receipt_no": receipt}
    return make_item("request.created", item["entity_uuid"], payload)


def test_a_number_replaced_again_before_use_passes_the_lineage_on(hq: HQ) -> None:
    _used(hq)
    with hq.sessions() as s:
        add_station(s, "MZH", 2, hq.clock(), replaces="MZH-01")  # never used: replaced too
    with hq.sessions() as s:
        _, code = add_station(s, "MZH", 3, hq.clock(), replaces="MZH-02")
    resp = _enroll(hq, code, **_claim(1, seq=3))
    assert resp.status_code == 200, resp.text
    assert resp.json()["replaces"] == [2, 1]
    new = StationClient(hq.client, "MZH", 3, resp.json()["token"])
    assert new.push(request_item("MZH", 1, 3))[0]["status"] == "created"
    with hq.sessions() as s:
        assert station_numbers(s, new_ref(hq, 3)) == (3, 2, 1)
    days = new.get("/reconcile?start=2026-11-22&end=2026-11-22").json()["days"]
    assert days[0]["count"] == 3
