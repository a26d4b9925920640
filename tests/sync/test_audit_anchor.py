"""The audit chain's tip is anchored at a real HQ (issue 12 item 8): audit rows cut off the
end, or a chain rewritten whole with its row hashes, are caught by HQ and by the nightly sync
(exit 1, the message in the station's language), and by ``db check`` after an anchored sync."""

from __future__ import annotations

import json

from counter_app.domain.audit import BY_CODE, GENESIS_HASH, canonical_json, chain_hash, row_hash
from counter_app.store.audit_capture import audit_record
from counter_app.store.models import SyncState
from tests import rawdb
from tests.conftest import run_cli
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request


def _anchored(enrolled: Enrolled) -> int:
    st = enrolled.station
    for nid in ("05050505050", "06060606060"):
        new_request(st, nid)
    night = run_cli("--lang", "en", "sync", "--nightly")
    assert night.code == 0, night.err + night.out
    with st.ctx.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.hq_audit_seq is not None
        seq = state.hq_audit_seq
    assert f"Audit log anchored at HQ up to row {seq}." in night.out
    assert run_cli("db", "check").code == 0
    return seq


def _station_line(enrolled: Enrolled) -> str:
    listing = enrolled.hq.cli("station", "list")
    return next(ln for ln in listing.stdout.splitlines() if ln.startswith("MZH-02"))


def test_audit_rows_cut_off_the_end_are_caught_by_hq_nightly_and_check(
    enrolled: Enrolled,
) -> None:
    held = _anchored(enrolled)
    assert "FLAGGED" not in _station_line(enrolled)
    raw = rawdb.connect(enrolled.station.ctx.store.path)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute(f"DELETE FROM audit_log WHERE id >= {held - 2}")
    raw.commit()
    raw.close()

    night = run_cli("--lang", "en", "sync", "--nightly")
    assert night.code == 1
    assert "Audit log cut short" in night.out and f"HQ already holds row {held}" in night.out
    assert "FLAGGED rewound" in _station_line(enrolled)
    arabic = run_cli("--lang", "ar", "sync", "--nightly")
    assert arabic.code == 1 and "Audit log" not in arabic.out
    check = run_cli("db", "check")
    assert check.code == 1 and f"HQ already holds row {held}" in check.out


def test_a_chain_rewritten_with_its_row_hashes_is_caught(enrolled: Enrolled) -> None:
    """The thorough forger: edits a request, fixes that row's hash in the audit row naming
    it, and recomputes every chain hash. Nothing in the file contradicts itself any more;
    HQ's anchor does."""
    held = _anchored(enrolled)
    raw = rawdb.connect(enrolled.station.ctx.store.path)
    raw.row_factory = rawdb.Row
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE requests SET status = 'ready' WHERE id = 1")
    cols = [r[1] for r in raw.execute("PRAGMA table_info(requests)")]
    names = ", ".join(name for name in BY_CODE["rq"].columns if name in cols)
    values = raw.execute(f"SELECT json_array({names}) FROM requests WHERE id = 1").fetchone()[0]
    forged = row_hash("rq", values)
    prev = GENESIS_HASH
    for row in raw.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        hashes = row["row_hashes"]
        if hashes and "rq:1" in json.loads(hashes):
            hashes = canonical_json({**json.loads(hashes), "rq:1": forged})
        record = audit_record({**dict(row), "row_hashes": hashes})
        digest = chain_hash(prev, record)
        raw.execute(
            "UPDATE audit_log SET row_hashes = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (hashes, prev, digest, row["id"]),
        )
        prev = digest
    # ... and forgets what HQ was told, as a forger who knew of sync_state would.
    raw.execute("UPDATE sync_state SET hq_audit_seq = NULL, hq_audit_hash = NULL")
    raw.commit()
    raw.close()
    assert run_cli("db", "check").code == 0  # the file alone no longer tells

    night = run_cli("--lang", "en", "sync", "--nightly")
    assert night.code == 1
    assert f"Audit log rewritten: row {held} here is not the one HQ holds" in night.out
    assert "FLAGGED forked" in _station_line(enrolled)
