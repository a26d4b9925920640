"""HQ restored from a backup gets back what it lost (issue 13, must-hold 4).

A real `counter-hq serve` on PostgreSQL; a station takes requests, status steps, scans and
archive records; HQ makes status steps the station pulls. Midway HQ's database is dumped
(pg_dump) and its blob folder copied: the backup. More of everything follows, then HQ is
restored from the backup (pg_restore into a fresh database, the blob folder put back as it
was), and one more scan file is lost from the folder although its row survived. Two nightly
rounds later every request, event, scan, archive record and HQ step is held at HQ exactly
once (delivery_check's judge), and the second round reports that everything agrees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from counter_app.services.archive_boxes import add_box, file_in_box
from counter_app.services.attachments import add_attachment
from counter_app.services.diwan import register_request
from counter_app.services.handover_batches import close_batch, create_batch, receive_file
from counter_app.services.requests import change_status
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import sync_once
from tests.conftest import Station, run_cli
from tests.sync.conftest import Enrolled
from tests.sync.delivery_check import check_delivery
from tests.sync.test_attachments import new_request

pytestmark = pytest.mark.slow


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH or in Debian's place; missing fails in CI."""
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/bin") / name,) if p.exists()), None
    )
    if found is None:
        message = f"{name} is needed for the HQ restore test (apt install postgresql-client)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _scan(st: Station, receipt: str, n: int, size: int = 5000) -> str:
    data = hashlib.sha256(f"scan {n}".encode()).digest() * (size // 32 + 1)
    body = b"%PDF-1.4 scan " + str(n).encode() + b"\n" + data[:size]
    add_attachment(
        st.ctx,
        st.clerk,
        receipt,
        body,
        doc_type="id_card",
        filename=f"scan-{n}.pdf",
        media_type="application/pdf",
    )
    return hashlib.sha256(body).hexdigest()


def _tick(st: Station) -> None:
    st.clock.now += dt.timedelta(seconds=3)


def _activity(st: Station, label: str, nids: list[str], big: bool = False) -> list[str]:
    """Requests with a status step and a scan each, and archive records of the first."""
    receipts = []
    for i, nid in enumerate(nids):
        receipt = new_request(st, nid)
        _tick(st)
        change_status(st.ctx, st.clerk, receipt, "in_progress")
        _scan(st, receipt, int(nid), size=3 * 1024 * 1024 if big and i == 0 else 5000)
        receipts.append(receipt)
    batch = create_batch(st.ctx, st.clerk)
    receive_file(st.ctx, st.admin, batch.batch_no, receipts[0])
    close_batch(st.ctx, st.admin, batch.batch_no)
    register_request(st.ctx, st.admin, receipts[0], subject=f"بيان ولادة {label}")
    add_box(st.ctx, st.admin, f"B-{label}", shelf="A-1")
    file_in_box(st.ctx, st.admin, receipts[0], f"B-{label}")
    _tick(st)
    return receipts


def _hq_step(enrolled: Enrolled, receipt: str, status: str) -> None:
    done = enrolled.hq.cli("status", receipt, status)
    assert done.returncode == 0, done.stderr


def _database(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _dump(enrolled: Enrolled, target: Path) -> None:
    name = _database(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    done = subprocess.run(
        [pg_tool("pg_dump"), "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(target), name],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _restore(enrolled: Enrolled, dump: Path) -> None:
    """What an operator does: HQ stopped, its database emptied and loaded from the dump."""
    name = _database(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    done = subprocess.run(
        [
            pg_tool("pg_restore"),
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            name,
            str(dump),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _hq_count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def _hq_steps_at_station(st: Station) -> set[str]:
    with st.ctx.store.read() as s:
        return set(s.execute(text("SELECT uuid FROM request_events WHERE origin = 'hq'")).scalars())


def _restored(enrolled: Enrolled, tmp_path: Path) -> list[str]:
    """The run, the backup midway and the restore (see the module); the receipts taken after
    the backup."""
    st = enrolled.station
    hq = enrolled.hq
    url = hq.env["COUNTER_HQ_DATABASE_URL"]
    blob_root = Path(hq.env["COUNTER_HQ_DATA_DIR"]) / "blobs"
    client = client_for(st.ctx)

    # Before the backup: 3 requests (steps, scans), archive records, an HQ step pulled.
    before = _activity(st, "1", ["01010101010", "02020202020", "03030303030"])
    assert sync_once(st.ctx, client).push.quarantined == 0
    _hq_step(enrolled, before[1], "ready")
    assert sync_once(st.ctx, client).pull.applied == 1

    backup = tmp_path / "hq.dump"
    _dump(enrolled, backup)
    shutil.copytree(blob_root, tmp_path / "blobs-backup")
    _scan(st, before[2], 99)  # after the dump: lost with the restore, rows and file

    # After the backup: 4 more requests (one with a scan of 3 MiB: three chunks), a step on an
    # old request, archive records, HQ steps the station pulls: all lost with the restore.
    _tick(st)
    after = _activity(st, "2", ["04040404040", "05050505050", "06060606060", "07070707070"], True)
    change_status(st.ctx, st.clerk, before[0], "ready")
    report = sync_once(st.ctx, client)
    assert report.push.quarantined == 0 and report.push.waiting == 0
    _hq_step(enrolled, after[0], "ready")
    _hq_step(enrolled, before[2], "ready")
    pulled = sync_once(st.ctx, client).pull
    assert pulled.applied == 2
    signed = _hq_steps_at_station(st)
    assert len(signed) == 3
    with st.ctx.store.read() as s:
        sigs = s.execute(
            text("SELECT hq_signature FROM request_events WHERE origin = 'hq'")
        ).scalars()
        assert all(isinstance(x, str) and len(x) == 64 for x in sigs)
    held_before = _hq_count(url, "SELECT count(*) FROM requests")
    assert held_before == 7

    # The restore: HQ stopped, database from the dump, blob folder as it was at the dump;
    # the scan added just after the dump is on the station's side only now. One more file is
    # lost although its row is restored (a folder copied a little before the dump).
    hq.stop()
    _restore(enrolled, backup)
    shutil.rmtree(blob_root)
    shutil.copytree(tmp_path / "blobs-backup", blob_root)
    kept = sorted(p for p in blob_root.glob("*/*/*") if len(p.name) == 64 and p.is_file())
    assert len(kept) == 3
    kept[0].unlink()
    hq.start()
    assert _hq_count(url, "SELECT count(*) FROM requests") == 3
    assert _hq_count(url, "SELECT count(*) FROM request_events WHERE origin = 'hq'") == 1

    return after


def _judge(enrolled: Enrolled) -> None:
    """Every request, event, scan and HQ step held once on both sides (delivery_check)."""
    st = enrolled.station
    url = enrolled.hq.env["COUNTER_HQ_DATABASE_URL"]
    blob_root = Path(enrolled.hq.env["COUNTER_HQ_DATA_DIR"]) / "blobs"
    stations = [st.ctx.store.path]
    judged = check_delivery(stations, url, blob_root)
    assert judged.ok, judged.summary()
    assert judged.requests == 7
    assert _hq_count(url, "SELECT count(*) FROM requests") == 7
    steps = _hq_count(url, "SELECT count(*) FROM request_events WHERE origin = 'hq'")
    assert steps == 3  # each of HQ's steps once, the two lost ones returned
    assert _hq_count(url, "SELECT count(DISTINCT uuid) FROM request_events") == _hq_count(
        url, "SELECT count(*) FROM request_events"
    )
    with st.ctx.store.read() as s:
        events = s.execute(text("SELECT count(*) FROM request_events")).scalar_one()
    assert _hq_count(url, "SELECT count(*) FROM request_events") == events


def test_a_restored_hq_gets_back_what_it_lost_exactly_once(
    enrolled: Enrolled, tmp_path: Path
) -> None:
    after = _restored(enrolled, tmp_path)
    first = run_cli("sync", "--nightly", "--json")
    assert first.code == 1 and first.out, first.err  # HQ lacked things: said, sent again
    found = json.loads(first.out)["recovery"]
    assert found["resent"]["request.created"] == 4  # the requests taken after the dump
    assert found["resent"]["request.event"] == 5  # their steps and a later one on an old one
    assert found["resent"]["attachment"] == 5
    assert {"handover.batch", "diwan.entry", "archive.box"} <= set(found["resent"])
    assert (found["hq_steps"], found["hq_steps_unsigned"]) == (2, 0)
    assert (found["scans"], found["scans_dropped"], found["scan_errors"]) == (6, 1, [])
    assert set(after) <= {ref.split(" ")[0] for ref in found["named"]}

    second = run_cli("sync", "--nightly", "--json")
    assert second.code == 0, second.out + second.err
    night = json.loads(second.out)
    assert night["ok"] and night["recovery"]["found"] == 0
    assert all(day["agrees"] for day in night["days"])

    # Every write of the recovery is on the station's audit record (row hashes, outbox rows).
    checked = run_cli("db", "check")
    assert checked.code == 0, checked.out + checked.err

    _judge(enrolled)


def test_a_plain_sync_round_that_finds_hq_restored_sends_it_all_again_at_once(
    enrolled: Enrolled, tmp_path: Path
) -> None:
    """The station need not wait for the night: the round whose pull finds HQ's change feed
    gone back (the station had pulled steps HQ made after its backup) sends everything again."""
    after = _restored(enrolled, tmp_path)
    done = run_cli("sync", "--once", "--json")
    assert done.code == 0, done.out + done.err
    found = json.loads(done.out)["recovery"]
    assert found["resent"]["request.created"] == 4 and found["hq_steps"] == 2
    assert found["resend"]["quarantined"] == 0 and set(after) <= set(found["named"])
    night = run_cli("sync", "--nightly", "--json")
    assert night.code == 0, night.out + night.err  # nothing left to send: all agrees
    assert json.loads(night.out)["recovery"]["found"] == 0
    _judge(enrolled)
