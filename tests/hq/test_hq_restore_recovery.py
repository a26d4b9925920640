"""HQ's side of the recovery after a restore from a backup (issue 13, must-hold 4): what a
station lists, HQ answers what it lacks (a scan row whose file is gone counts as lacking); HQ's
own steps come back only with HQ's signature, once, and only from the station they belong to."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest

from counter_hq.backoffice import set_status
from counter_hq.blobs import BlobStore
from counter_hq.errors import Invalid
from counter_hq.signing import load_signer, signer_for
from counter_protocol.wire import MAX_RECOVER_KEYS
from tests.hq.conftest import HQ, StationClient, make_item, request_item, sha


def _signed_step(hq: HQ, mzh1: StationClient, status: str = "in_progress") -> dict[str, Any]:
    """A request of MZH-01 and an HQ step on it, as the station pulled it (signed)."""
    req = request_item("MZH", 1, 1)
    assert mzh1.push(req)[0]["status"] == "created"
    with hq.sessions() as s:
        set_status(
            s,
            req["payload"]["receipt_no"],
            status,
            hq.clock(),
            signer=signer_for(hq.settings.data_dir),
        )
    change = mzh1.get("/changes", params={"cursor": 0}).json()["changes"][0]
    payload: dict[str, Any] = dict(change["payload"])
    assert len(payload["signature"]) == 64
    return payload


def _returned(step: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The ``hq.event`` item a station sends for a pulled step (counter_app/sync/recover.py)."""
    body = {k: v for k, v in step.items() if k != "origin"}
    body.update(changes)
    return make_item("hq.event", body["uuid"], body)


def _lose_hq_steps(hq: HQ) -> None:
    """What the restore did: HQ's steps made after the backup are gone."""
    with hq.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM request_events WHERE origin = 'hq'")


def test_a_returned_step_is_taken_once_and_only_with_hqs_signature(
    hq: HQ, mzh1: StationClient
) -> None:
    step = _signed_step(hq, mzh1)
    _lose_hq_steps(hq)

    forged = [
        _returned(step, status="rejected", reason="forged"),  # another decision, same signature
        _returned(step, signature="0" * 64),
        _returned(step, at="2026-11-22T07:00:01+00:00"),
        _returned(step, actor="director"),
    ]
    for item in forged:
        result = mzh1.push(item)[0]
        assert result["status"] == "rejected" and "signature" in result["reason"], result
    unsigned = _returned({k: v for k, v in step.items() if k != "signature"})
    assert mzh1.push(unsigned)[0]["status"] == "rejected"
    assert hq.scalar("SELECT count(*) FROM request_events WHERE origin = 'hq'") == 0

    # Other stations cannot return it (another station's request; another center's).
    mzh2 = hq.station("MZH", 2)
    assert "another station" in mzh2.push(_returned(step))[0]["reason"]
    assert mzh2.push(_returned(step))[0]["status"] == "rejected"
    assert hq.station("SAL", 1).push(_returned(step))[0]["reason"] == "unknown request"

    item = _returned(step)
    assert mzh1.push(item)[0]["status"] == "created"
    assert mzh1.push(item)[0]["status"] == "duplicate"
    assert mzh1.push(_returned(step))[0]["status"] == "duplicate"  # same step, other item id
    rows = hq.scalar(
        "SELECT count(*) FROM request_events WHERE origin = 'hq' AND station = 'HQ' "
        "AND uuid = :u AND status = 'in_progress'",
        u=step["uuid"],
    )
    assert rows == 1


def test_hq_answers_what_it_lacks_and_forgets_a_scan_whose_file_is_gone(
    hq: HQ, mzh1: StationClient
) -> None:
    held = request_item("MZH", 1, 1)
    assert mzh1.push(held)[0]["status"] == "created"
    kept, lost = b"scan kept " * 300, b"scan whose file is lost " * 300
    mzh1.upload(kept)
    mzh1.upload(lost)
    store = BlobStore(hq.settings.blob_dir)
    store.path(sha(lost)).unlink()
    never = sha(b"never uploaded")
    gone_item, gone_step = str(uuid.uuid4()), str(uuid.uuid4())

    resp = mzh1.post(
        "/reconcile/missing",
        json={
            "items": [held["id"], gone_item],
            "hq_events": [gone_step],
            "blobs": [sha(kept), sha(lost), never],
        },
    )
    assert resp.status_code == 200, resp.text
    answer = resp.json()
    assert answer["items"] == [gone_item] and answer["hq_events"] == [gone_step]
    assert answer["blobs"] == sorted([sha(lost), never])
    assert answer["dropped_blobs"] == [sha(lost)]
    # The row that claimed the lost file is gone: HQ asks for the scan again, and takes it.
    assert mzh1.head(f"/blobs/{sha(lost)}").status_code == 404
    assert mzh1.head(f"/blobs/{sha(kept)}").status_code == 200
    mzh1.upload(lost)
    assert store.path(sha(lost)).read_bytes() == lost
    again = mzh1.post("/reconcile/missing", json={"blobs": [sha(kept), sha(lost)]}).json()
    assert again["blobs"] == [] and again["dropped_blobs"] == []

    # A file of the wrong size is moved aside for a person, never served as the scan.
    store.path(sha(kept)).write_bytes(b"truncated")
    third = mzh1.post("/reconcile/missing", json={"blobs": [sha(kept)]}).json()
    assert third["dropped_blobs"] == [sha(kept)] and not store.path(sha(kept)).exists()
    assert [p.read_bytes() for p in (store.root / "damaged").iterdir()] == [b"truncated"]


def test_a_question_is_bounded_and_fits_hqs_body_limit(mzh1: StationClient) -> None:
    assert MAX_RECOVER_KEYS == 800
    many = [str(uuid.uuid4()) for _ in range(801)]
    assert mzh1.post("/reconcile/missing", json={"items": many}).status_code == 422
    split = {"items": many[:400], "hq_events": many[400:]}
    assert mzh1.post("/reconcile/missing", json=split).status_code == 422
    full = {"blobs": [sha(str(i).encode()) for i in range(MAX_RECOVER_KEYS)]}
    resp = mzh1.post("/reconcile/missing", json=full)
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["blobs"]) == MAX_RECOVER_KEYS


def test_the_signing_key_is_made_once_owner_only_and_kept_outside_the_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hq" / "hq-signing.key"
    first = load_signer(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_signer(path) == first  # read back, never made again
    message = b"step"
    assert first.verify(message, first.sign(message))
    assert not load_signer(tmp_path / "other.key").verify(message, first.sign(message))
    path.write_text("not a key")
    with pytest.raises(Invalid):
        load_signer(path)


def test_a_renumbered_database_returns_its_predecessors_steps_a_new_pc_cannot(hq: HQ) -> None:
    from counter_hq.stations import add_station
    from tests.hq.test_station_lineage import _claim, _enroll, _used

    old, items = _used(hq)  # MZH-01 with two requests
    with hq.sessions() as s:
        set_status(
            s,
            items[0]["payload"]["receipt_no"],
            "ready",
            hq.clock(),
            signer=signer_for(hq.settings.data_dir),
        )
    step = dict(old.get("/changes", params={"cursor": 0}).json()["changes"][0]["payload"])
    with hq.sessions() as s:
        _, renumbered = add_station(s, "MZH", None, hq.clock(), replaces="MZH-01")
    with hq.sessions() as s:
        _, fresh = add_station(s, "MZH", 7, hq.clock())
    _lose_hq_steps(hq)
    hq.clock.advance(seconds=3)

    new_pc = hq.enroll(fresh).json()["token"]
    stranger = StationClient(hq.client, "MZH", 7, new_pc)
    assert "another station" in stranger.push(_returned(step))[0]["reason"]
    resp = _enroll(hq, renumbered, **_claim(1))  # the old database, renumbered MZH-02
    assert resp.status_code == 200, resp.text
    same_db = StationClient(hq.client, "MZH", 2, resp.json()["token"])
    assert same_db.push(_returned(step))[0]["status"] == "created"
    assert hq.scalar("SELECT count(*) FROM request_events WHERE origin = 'hq'") == 1


def test_hq_gives_no_reason_longer_than_a_station_keeps(hq: HQ, mzh1: StationClient) -> None:
    """A station keeps 1,000 characters of a reason: a longer one, once signed, could never
    come back to a restored HQ as signed. HQ refuses it; 1,000 exactly returns intact."""
    req = request_item("MZH", 1, 1)
    assert mzh1.push(req)[0]["status"] == "created"
    receipt = req["payload"]["receipt_no"]
    with hq.sessions() as s, pytest.raises(Invalid, match="at most 1000"):
        set_status(s, receipt, "rejected", hq.clock(), reason="ق" * 1001)
    with hq.sessions() as s:
        set_status(
            s,
            receipt,
            "rejected",
            hq.clock(),
            reason="ق" * 1000,
            signer=signer_for(hq.settings.data_dir),
        )
    step = dict(mzh1.get("/changes", params={"cursor": 0}).json()["changes"][0]["payload"])
    assert len(step["reason"]) == 1000
    _lose_hq_steps(hq)
    assert mzh1.push(_returned(step))[0]["status"] == "created"
