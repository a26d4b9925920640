"""A station may only write its own history (issue 13, must hold 3).

With its own token, MZH-01 pushes every kind of item as written by itself, by MZH-02 (same
center) and by SAL-01 (another center), and items written as its own but referring to the other
stations' requests, handover batches and archive boxes. Only its own may be stored. Times may
not lie further in the future than the protocol's skew window (old times are fine: offline
weeks, imported history), archive records carry their center, and an item whose request or
record HQ does not hold yet is not stored but answered ``waiting`` (sent again later).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from counter_hq.backoffice import set_status
from counter_protocol.payloads import _times, parse_payload
from counter_protocol.wire import MAX_CLOCK_SKEW
from tests.hq.conftest import HQ, StationClient, make_item, request_item, sha

AT = "2026-11-22T06:40:00+00:00"
SCAN = b"%PDF-1.4 a scan of an identity card\n" * 20
WHO = ("own", "same_center", "other_center")


@dataclass
class Owner:
    """One station and what it has already stored at HQ by itself."""

    client: StationClient
    request: dict[str, Any]  # the pushed request.created item
    batch_uuid: str
    box_uuid: str

    @property
    def label(self) -> str:
        return f"{self.client.center}-{self.client.station_no:02d}"

    @property
    def request_uuid(self) -> str:
        return str(self.request["payload"]["uuid"])

    @property
    def receipt_no(self) -> str:
        return str(self.request["payload"]["receipt_no"])


def _recorded(writer: Owner) -> dict[str, Any]:
    return {"at": AT, "actor": "clerk1", "center": writer.client.center, "station": writer.label}


def _batch_payload(writer: Owner, files: Owner, batch_uuid: str) -> dict[str, Any]:
    return {
        "uuid": batch_uuid,
        "batch_no": "B-261122-01",
        "business_day": "2026-11-22",
        "files": [{"receipt_no": files.receipt_no, "request_uuid": files.request_uuid}],
        **_recorded(writer),
    }


def _box_payload(writer: Owner, box_uuid: str) -> dict[str, Any]:
    return {"uuid": box_uuid, "code": "B-1", "shelf": "A", "label": None, **_recorded(writer)}


# Each builder: (writer, target) -> item. ``writer`` is whose labels the payload carries,
# ``target`` whose request / batch / box it refers to.
Builder = Callable[[Owner, Owner], dict[str, Any]]


def _created(writer: Owner, target: Owner) -> dict[str, Any]:
    del target
    return request_item(writer.client.center, writer.client.station_no, 50)


def _event(writer: Owner, target: Owner) -> dict[str, Any]:
    ev = str(uuid.uuid4())
    payload = {
        "request_uuid": target.request_uuid,
        "receipt_no": target.receipt_no,
        "uuid": ev,
        "status": "in_progress",
        "at": AT,
        "actor": "clerk1",
        "station": writer.label,
        "reason": None,
    }
    return make_item("request.event", ev, payload)


def _attachment(writer: Owner, target: Owner) -> dict[str, Any]:
    att = str(uuid.uuid4())
    payload = {
        "uuid": att,
        "request_uuid": target.request_uuid,
        "receipt_no": target.receipt_no,
        "doc_type": "ID",
        "sha256": sha(SCAN),
        "size": len(SCAN),
        "filename": "id.pdf",
        "media_type": "application/pdf",
        "created_at": AT,
        "actor": "clerk1",
        "station": writer.label,
    }
    return make_item("attachment", att, payload, blobs=(sha(SCAN),))


def _audit(writer: Owner, target: Owner) -> dict[str, Any]:
    del target
    payload = {"action": "note", "entity": "station", **_recorded(writer)}
    return make_item("audit", str(uuid.uuid4()), payload)


def _handover_batch(writer: Owner, target: Owner) -> dict[str, Any]:
    batch = str(uuid.uuid4())
    return make_item("handover.batch", batch, _batch_payload(writer, target, batch))


def _handover_opened(writer: Owner, target: Owner) -> dict[str, Any]:
    payload = {"uuid": target.batch_uuid, "batch_no": "B-261122-01", **_recorded(writer)}
    return make_item("handover.opened", target.batch_uuid, payload)


def _handover_file(writer: Owner, target: Owner) -> dict[str, Any]:
    payload = {
        "batch_uuid": target.batch_uuid,
        "batch_no": "B-261122-01",
        "receipt_no": target.receipt_no,
        "request_uuid": target.request_uuid,
        "state": "received",
        **_recorded(writer),
    }
    return make_item("handover.file", target.batch_uuid, payload)


def _handover_closed(writer: Owner, target: Owner) -> dict[str, Any]:
    payload = {
        "uuid": target.batch_uuid,
        "batch_no": "B-261122-01",
        "missing": [],
        "extra": [],
        **_recorded(writer),
    }
    return make_item("handover.closed", target.batch_uuid, payload)


def _diwan(writer: Owner, target: Owner) -> dict[str, Any]:
    entry = str(uuid.uuid4())
    payload = {
        "uuid": entry,
        "register_no": "1/2026",
        "year": 2026,
        "number": 1,
        "registered_on": "2026-11-22",
        "subject": "شهادة",
        "request_uuid": target.request_uuid,
        "receipt_no": target.receipt_no,
        **_recorded(writer),
    }
    return make_item("diwan.entry", entry, payload)


def _box(writer: Owner, target: Owner) -> dict[str, Any]:
    del target
    box = str(uuid.uuid4())
    return make_item("archive.box", box, _box_payload(writer, box))


def _location(writer: Owner, target: Owner) -> dict[str, Any]:
    loc = str(uuid.uuid4())
    payload = {
        "uuid": loc,
        "request_uuid": target.request_uuid,
        "receipt_no": target.receipt_no,
        "box_uuid": target.box_uuid,
        "box": "B-1",
        "shelf": "A",
        "from_box": None,
        **_recorded(writer),
    }
    return make_item("archive.location", loc, payload)


def _payment(writer: Owner, target: Owner) -> dict[str, Any]:
    pay = str(uuid.uuid4())
    payload = {
        "uuid": pay,
        "request_uuid": target.request_uuid,
        "receipt_no": target.receipt_no,
        "service": "INT-CRIM",
        "amount_syp": 5000,
        "method": "bank_receipt",
        "bank_receipt_no": "CBS-77",
        "paid_at": AT,
        **_recorded(writer),
    }
    return make_item("payment.recorded", pay, payload)


KINDS: dict[str, Builder] = {
    "request.created": _created,
    "request.event": _event,
    "attachment": _attachment,
    "audit": _audit,
    "handover.batch": _handover_batch,
    "handover.opened": _handover_opened,
    "handover.file": _handover_file,
    "handover.closed": _handover_closed,
    "diwan.entry": _diwan,
    "archive.box": _box,
    "archive.location": _location,
    "payment.recorded": _payment,
}
# Kinds that refer to a request, batch or box of some station (the others refer to nothing).
REFERRING = [k for k in KINDS if k not in ("request.created", "audit", "archive.box")]
RECORDS = [k for k in KINDS if k not in ("request.created", "request.event", "attachment")]


def _setup(client: StationClient) -> Owner:
    """The station stores a request, a handover batch of it and an archive box, itself."""
    req = request_item(client.center, client.station_no, 1)
    owner = Owner(client, req, str(uuid.uuid4()), str(uuid.uuid4()))
    batch = make_item(
        "handover.batch", owner.batch_uuid, _batch_payload(owner, owner, owner.batch_uuid)
    )
    box = make_item("archive.box", owner.box_uuid, _box_payload(owner, owner.box_uuid))
    assert [r["status"] for r in client.push(req, batch, box)] == ["created"] * 3
    return owner


@pytest.fixture
def world(hq: HQ, mzh1: StationClient) -> dict[str, Owner]:
    stations = {
        "own": _setup(mzh1),
        "same_center": _setup(hq.station("MZH", 2)),
        "other_center": _setup(hq.station("SAL", 1)),
    }
    mzh1.upload(SCAN)  # the attachments' scan, held for MZH
    return stations


def _stored(hq: HQ) -> tuple[int, int, int]:
    return (
        hq.scalar("SELECT count(*) FROM received_items"),
        hq.scalar("SELECT count(*) FROM requests"),
        hq.scalar("SELECT count(*) FROM request_events"),
    )


def _expect(hq: HQ, mzh1: StationClient, item: dict[str, Any], own: bool) -> str:
    before = _stored(hq)
    [result] = mzh1.push(item)
    if own:
        assert result["status"] == "created", result
    else:
        assert result["status"] == "rejected", result
        assert _stored(hq) == before  # nothing of it stored
    return str(result.get("reason") or "")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_station_writes_only_as_itself(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str, who: str
) -> None:
    """Written (labelled) as ``who``, referring to ``who``'s own records."""
    item = KINDS[kind](world[who], world[who])
    _expect(hq, mzh1, item, own=who == "own")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("kind", REFERRING)
def test_a_station_refers_only_to_its_own_requests_and_records(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str, who: str
) -> None:
    """Written as MZH-01 itself, referring to ``who``'s request, batch or box."""
    item = KINDS[kind](world["own"], world[who])
    reason = _expect(hq, mzh1, item, own=who == "own")
    if who != "own":  # never says whose it is
        assert "SAL" not in reason and "MZH-02" not in reason and "unknown" in reason, reason


def _shift(payload: Any, by: dt.timedelta) -> Any:
    """Every time in the payload moved by ``by`` (its dates stay)."""
    if isinstance(payload, dict):
        return {k: _shift(v, by) for k, v in payload.items()}
    if isinstance(payload, list):
        return [_shift(v, by) for v in payload]
    if isinstance(payload, str) and len(payload) == 25 and payload[10:11] == "T":
        return (dt.datetime.fromisoformat(payload) + by).isoformat()
    return payload


def _rebuilt(item: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    return make_item(item["kind"], item["entity_uuid"], payload, blobs=tuple(item["blobs"]))


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_payload_dated_in_the_future_is_refused(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str
) -> None:
    own = world["own"]
    item = KINDS[kind](own, own)
    # Every time in the payload (06:30 at the earliest) moved beyond the window.
    earliest = dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)
    ahead = hq.clock() - earliest + MAX_CLOCK_SKEW + dt.timedelta(minutes=5)
    reason = _expect(hq, mzh1, _rebuilt(item, _shift(item["payload"], ahead)), own=False)
    assert "future" in reason, reason


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_item_created_in_the_future_is_refused(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str
) -> None:
    own = world["own"]
    item = KINDS[kind](own, own)
    item["created_at"] = (hq.clock() + MAX_CLOCK_SKEW + dt.timedelta(minutes=1)).isoformat()
    assert "future" in _expect(hq, mzh1, item, own=False)


@pytest.mark.parametrize("kind", list(KINDS))
def test_old_times_and_times_within_the_skew_are_taken(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str
) -> None:
    """Weeks offline, or imported paper-era history: old is legitimate; a clock a little
    ahead of HQ's is drift, within the protocol's window."""
    own = world["own"]
    item = KINDS[kind](own, own)
    soon = hq.clock() - dt.datetime.fromisoformat(AT) + MAX_CLOCK_SKEW - dt.timedelta(minutes=5)
    shift = -dt.timedelta(days=400) if kind in ("request.event", "attachment") else soon
    moved = _rebuilt(item, _shift(item["payload"], shift))
    moved["created_at"] = (hq.clock() + MAX_CLOCK_SKEW - dt.timedelta(minutes=1)).isoformat()
    _expect(hq, mzh1, moved, own=True)


@pytest.mark.parametrize("kind", RECORDS)
def test_an_archive_record_without_its_center_is_refused(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner], kind: str
) -> None:
    own = world["own"]
    item = KINDS[kind](own, own)
    payload = {k: v for k, v in item["payload"].items() if k != "center"}
    assert "center" in _expect(hq, mzh1, _rebuilt(item, payload), own=False)


def test_the_issue_case_a_rejected_step_dated_2099_on_a_neighbours_request(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner]
) -> None:
    neighbour = world["same_center"]
    item = _event(world["own"], neighbour)
    payload = {
        **item["payload"],
        "status": "rejected",
        "reason": "x",
        "at": "2099-01-01T00:00:00+00:00",
    }
    [result] = mzh1.push(make_item("request.event", item["entity_uuid"], payload))
    assert result["status"] == "rejected"
    with hq.sessions() as s:  # HQ's own step on that request is still possible
        done = set_status(s, neighbour.receipt_no, "in_progress", hq.clock())
    assert done.status == "in_progress"


def test_a_step_whose_request_hq_does_not_hold_yet_waits(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner]
) -> None:
    """Never stored unverified: answered ``waiting`` (the counter sends it again later), and
    taken once its request has arrived."""
    later = request_item("MZH", 1, 7)
    pending = Owner(mzh1, later, str(uuid.uuid4()), str(uuid.uuid4()))
    step = _event(world["own"], pending)
    before = _stored(hq)
    [result] = mzh1.push(step)
    assert result["status"] == "waiting" and "not reached HQ" in result["reason"]
    assert _stored(hq) == before
    assert [r["status"] for r in mzh1.push(later, step)] == ["created", "created"]
    assert hq.scalar("SELECT count(*) FROM request_events WHERE uuid = :u", u=step["entity_uuid"])


def test_a_request_and_its_records_in_one_batch_are_taken(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner]
) -> None:
    """What the station creates earlier in the same batch is its own already."""
    req = request_item("MZH", 1, 8)
    fresh = Owner(mzh1, req, str(uuid.uuid4()), str(uuid.uuid4()))
    items = [
        req,
        _event(world["own"], fresh),
        make_item(
            "handover.batch", fresh.batch_uuid, _batch_payload(fresh, fresh, fresh.batch_uuid)
        ),
        make_item("archive.box", fresh.box_uuid, _box_payload(fresh, fresh.box_uuid)),
        _handover_opened(fresh, fresh),
        _location(fresh, fresh),
    ]
    assert [r["status"] for r in mzh1.push(*items)] == ["created"] * len(items)


def test_a_record_id_another_station_created_cannot_be_taken_over(
    hq: HQ, mzh1: StationClient, world: dict[str, Owner]
) -> None:
    """A box or batch under the UUID of another station's: refused, so the other station's
    later records on it stay its own."""
    own, other = world["own"], world["same_center"]
    box = make_item("archive.box", other.box_uuid, _box_payload(own, other.box_uuid))
    batch = make_item(
        "handover.batch", other.batch_uuid, _batch_payload(own, own, other.batch_uuid)
    )
    assert [r["status"] for r in mzh1.push(box, batch)] == ["rejected", "rejected"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_schema_names_every_time_its_payload_holds(world: dict[str, Owner], kind: str) -> None:
    """HQ asks each payload for its times (schemas list them, for speed): none may be left
    out, or a future date would pass unchecked."""
    own = world["own"]
    item = KINDS[kind](own, own)
    parsed = parse_payload(kind, item["payload"])
    assert sorted(parsed.times()) == sorted(_times(parsed))
    assert len(list(parsed.times())) >= 1
