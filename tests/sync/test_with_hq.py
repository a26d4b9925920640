"""The counter's sync against a real HQ process over loopback (PostgreSQL behind it).

The clerk's day: requests and a scan are taken offline, `counter-app sync` delivers them once,
HQ's back office marks one ready and the counter learns it, HQ going down or a damaged outbox
row never loses anything.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select

from counter_app.services.attachments import add_attachment, blob_path
from counter_app.services.requests import change_status, show_request, step_note
from counter_app.services.sync_state import quarantine_list, sync_health
from counter_app.store.models import OutboxItem, RequestEvent, SyncState
from counter_app.sync.client import HqUnreachable
from counter_app.sync.enroll import client_for
from counter_app.sync.reconcile import day_digest
from counter_app.sync.worker import sync_once
from tests import rawdb
from tests.conftest import run_cli
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request

NIDS = ("05050505050", "06060606060", "07070707070")
SCAN = hashlib.sha256(b"seed").digest() * (80 * 1024)  # 2.5 MiB: three chunks


def _states(enrolled: Enrolled) -> dict[str, int]:
    with enrolled.station.ctx.store.read() as s:
        rows = s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
    return {state: int(n) for state, n in rows}


def _sync_json(*extra: str) -> dict[str, object]:
    res = run_cli("sync", "--once", "--json", *extra)
    assert res.code == 0, res.err
    return dict(json.loads(res.out))


def test_requests_and_a_scan_reach_hq_once_and_hq_status_comes_back(enrolled: Enrolled) -> None:
    st = enrolled.station
    receipts = [new_request(st, nid) for nid in NIDS]
    scan = add_attachment(
        st.ctx,
        st.clerk,
        receipts[0],
        SCAN,
        doc_type="BIRTH_STATEMENT",
        filename="scan.pdf",
        media_type="application/pdf",
    )
    client = client_for(st.ctx)
    # A previous attempt was cut off after the first chunk: the upload resumes from there.
    client.put_chunk(scan.sha256, 0, SCAN[: 1024 * 1024])

    first = _sync_json()
    push = first["push"]
    assert isinstance(push, dict)
    assert push["sent"] == 4 and push["quarantined"] == 0 and push["blobs_uploaded"] == 1
    assert push["blob_bytes"] == len(SCAN) - 1024 * 1024
    assert _states(enrolled) == {"sent": 4}
    assert client.blob_state(scan.sha256).complete
    # HQ forwarded each request to the agency its service names; the same round pulled it.
    pull = first["pull"]
    assert isinstance(pull, dict) and (pull["applied"], pull["problems"]) == (3, 0)
    for receipt in receipts:
        view = show_request(st.ctx, st.admin, receipt)
        assert view.status == "forwarded"
        [step] = [e for e in view.events if e.origin == "hq"]
        assert (step.status, step.agency, step.station) == ("forwarded", "MOI", "HQ")
        assert step_note(step, str, "ar") == "Forwarded to وزارة الداخلية"
        assert step_note(step, str, "en") == "Forwarded to Ministry of Interior"
    shown = run_cli("request", "show", "--as", "clerk1", receipts[0])
    assert shown.code == 0, shown.err
    assert "Forwarded to Ministry of Interior" in shown.out

    # HQ holds exactly this station's requests: its reconciliation digest equals ours.
    today = st.clock().astimezone(st.ctx.calendar.tz).date()
    held = {d.day: d for d in client.reconcile(today, today).days}[today]
    uuids = [show_request(st.ctx, st.admin, r).uuid for r in receipts]
    assert (held.count, held.digest) == (3, day_digest(uuids))

    # HQ restarts; the next round resends nothing.
    enrolled.hq.restart()
    again = sync_once(st.ctx, client_for(st.ctx))
    assert (again.push.batches, again.push.sent, again.push.duplicates) == (0, 0, 0)

    # The back office marks the first request ready; the counter applies it once.
    marked = enrolled.hq.cli("status", receipts[0], "ready")
    assert marked.returncode == 0, marked.stderr
    pulled = sync_once(st.ctx, client_for(st.ctx))
    assert (pulled.pull.applied, pulled.pull.problems) == (1, 0)
    view = show_request(st.ctx, st.admin, receipts[0])
    assert view.status == "ready"
    assert [e.origin for e in view.events][-1] == "hq"
    with st.ctx.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.pull_cursor == pulled.pull.cursor > 0
    twice = sync_once(st.ctx, client_for(st.ctx))
    assert (twice.pull.applied, twice.pull.skipped) == (0, 0)
    with st.ctx.store.read() as s:
        hq_events = s.execute(select(func.count()).where(RequestEvent.origin == "hq")).scalar()
    assert hq_events == 4  # three forwards and one ready

    # The nightly run agrees with HQ and says so.
    night = run_cli("sync", "--nightly")
    assert night.code == 0, night.err
    assert f"HQ has 3 of 3 for {today.isoformat()}" in night.out
    health = sync_health(st.ctx, st.admin)
    assert health.outbox_pending == 0 and health.last_error is None
    assert health.last_success_at is not None and health.clock_skew_seconds is not None


def test_hq_down_keeps_everything_pending_and_health_shows_why(enrolled: Enrolled) -> None:
    st = enrolled.station
    new_request(st)
    enrolled.hq.stop()
    with pytest.raises(HqUnreachable):
        sync_once(st.ctx, client_for(st.ctx, timeout=(0.5, 2.0)))
    assert _states(enrolled) == {"pending": 1}
    health = sync_health(st.ctx, st.admin)
    assert health.outbox_pending == 1 and health.last_error
    assert health.last_success_at is None

    res = run_cli("sync", "--once")
    assert res.code == 1
    assert "HQ cannot be reached" in res.err and "Traceback" not in res.err
    status = run_cli("sync-status", "--as", "clerk1", "--json")
    assert json.loads(status.out)["last_error"]

    enrolled.hq.start()
    push = _sync_json()["push"]
    assert isinstance(push, dict) and push["sent"] == 1
    assert _states(enrolled) == {"sent": 1}
    assert sync_health(st.ctx, st.admin).last_error is None


def test_a_damaged_local_scan_is_never_stored_at_hq_and_is_kept_for_a_person(
    enrolled: Enrolled,
) -> None:
    st = enrolled.station
    receipts = [new_request(st, nid) for nid in NIDS[:2]]
    small, large = SCAN[: 300 * 1024], SCAN  # one PUT; three chunks
    shas = []
    for receipt, data in zip(receipts, (small, large), strict=True):
        scan = add_attachment(
            st.ctx,
            st.clerk,
            receipt,
            data,
            doc_type="BIRTH_STATEMENT",
            filename="scan.pdf",
            media_type="application/pdf",
        )
        path = blob_path(st.ctx.paths.data_dir, scan.sha256)
        damaged = bytearray(path.read_bytes())
        damaged[len(damaged) // 2] ^= 0xFF  # a bit flipped on the counter's disk
        path.write_bytes(bytes(damaged))
        shas.append(scan.sha256)

    report = sync_once(st.ctx, client_for(st.ctx))
    assert report.push.blobs_uploaded == 0 and report.push.quarantined == 2
    listed = json.loads(run_cli("quarantine", "--as", "clerk1", "--json").out)
    assert sorted(sha for sha in shas if any(sha in e["reason"] for e in listed)) == sorted(shas)
    assert all("damaged" in e["reason"] for e in listed)
    client = client_for(st.ctx)
    for sha in shas:
        assert not client.blob_state(sha).complete  # HQ holds nothing under the scan's name
    # The requests themselves reached HQ; only the attachment items wait for a person.
    assert _states(enrolled) == {"sent": 2, "quarantined": 2}


def test_a_damaged_outbox_row_and_an_illegal_hq_step_are_kept_for_a_person(
    enrolled: Enrolled,
) -> None:
    st = enrolled.station
    good, bad = new_request(st), new_request(st, NIDS[1])
    raw = rawdb.connect(st.ctx.store.path)
    raw.execute(
        "UPDATE outbox SET payload = replace(payload, 'ريم', 'ريما') WHERE payload LIKE ?",
        (f"%{bad}%",),
    )
    raw.commit()
    raw.close()

    report = sync_once(st.ctx, client_for(st.ctx))
    assert report.push.sent == 1 and report.push.quarantined == 1
    assert _states(enrolled) == {"sent": 1, "quarantined": 1}
    listed = json.loads(run_cli("quarantine", "--as", "clerk1", "--json").out)
    assert len(listed) == 1 and "SHA-256" in listed[0]["reason"]

    # The nightly report names the receipt HQ does not have, and exits non-zero.
    night = run_cli("sync", "--nightly")
    assert night.code == 1
    assert "HQ has 1 of 2" in night.out and bad in night.out

    # The counter cancels the good request while HQ marks it ready: HQ's step cannot apply.
    change_status(st.ctx, st.clerk, good, "cancelled", "citizen renounced")
    assert enrolled.hq.cli("status", good, "ready").returncode == 0
    later = sync_once(st.ctx, client_for(st.ctx))
    assert later.pull.problems == 1
    assert show_request(st.ctx, st.admin, good).status == "cancelled"
    sources = sorted(e.source for e in quarantine_list(st.ctx, st.admin))
    assert sources == ["outbox", "pull"]
    assert sync_once(st.ctx, client_for(st.ctx)).pull.problems == 0  # recorded once


def test_a_station_clock_three_days_off_keeps_everything_and_says_why(
    enrolled: Enrolled,
) -> None:
    import datetime as dt

    from counter_app.sync.client import HqRefused

    st = enrolled.station
    new_request(st)
    st.clock.advance(days=3)  # someone set the PC's date wrong
    with pytest.raises(HqRefused) as refused:
        sync_once(st.ctx, client_for(st.ctx))
    assert refused.value.code == "clock_skew"
    health = sync_health(st.ctx, st.admin)
    assert health.last_error is not None and "3 days ahead" in health.last_error
    assert health.outbox_pending > 0 and health.quarantined == 0  # nothing lost or refused
    st.clock.now = dt.datetime.now(dt.UTC)  # the date is set right: everything goes
    report = sync_once(st.ctx, client_for(st.ctx))
    assert report.push.sent > 0 and sync_health(st.ctx, st.admin).outbox_pending == 0
