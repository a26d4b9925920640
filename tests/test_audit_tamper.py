"""``db check`` against a hostile person with the sqlite3 shell (issue 12 item 8).

Each test edits the file the way the tester did, around the app, and expects the check to name
what was touched (table, row, audit row) without any citizen data. On the code before row
hashing every one of these passed the check.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from counter_app.domain.audit import GENESIS_HASH, chain_hash
from counter_app.services.intake import IntakeInput, IntakeResult, submit_request
from counter_app.services.requests import change_status
from counter_app.store.audit_capture import audit_record
from counter_app.store.check import CheckReport, check_database
from tests import rawdb
from tests.conftest import Station, run_cli
from tests.test_intake import _service_with_docs

NATIONAL_ID = "01020304050"
NAME = "أحمد محمد الخطيب"


def _save(station: Station, nid: str = NATIONAL_ID, name: str = NAME) -> IntakeResult:
    code, fields, docs = _service_with_docs(station)
    return submit_request(
        station.ctx, station.clerk, IntakeInput(code, nid, name, "0944123456", fields, docs)
    )


@pytest.fixture
def saved(station: Station) -> Iterator[list[IntakeResult]]:
    results = [_save(station), _save(station, "02020304050", "سلمى خالد العلي")]
    change_status(station.ctx, station.clerk, results[0].receipt_no, "in_progress")
    yield results


def _check(station: Station) -> CheckReport:
    with station.ctx.store.engine.connect() as conn:
        return check_database(conn)


def _sql(station: Station, *statements: str) -> None:
    raw = rawdb.connect(station.ctx.store.path)
    raw.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def _faults(station: Station) -> list[str]:
    report = _check(station)
    assert not report.ok
    text = "\n".join(report.audit)
    for personal in (NATIONAL_ID, NAME, "0944123456"):
        assert personal not in text
    return report.audit


def _request_id(station: Station, receipt: str) -> int:
    raw = rawdb.connect(station.ctx.store.path)
    try:
        return int(
            raw.execute("SELECT id FROM requests WHERE receipt_no = ?", (receipt,)).fetchone()[0]
        )
    finally:
        raw.close()


def test_untouched_station_passes_and_counts_rows(
    station: Station, saved: list[IntakeResult]
) -> None:
    report = _check(station)
    assert report.ok, report.audit
    assert report.rows_checked > 10 and report.era1_rows == 0 and report.era1_audit_rows == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [("status", "'ready'"), ("service_code", "'MOI-CRIMINAL-RECORD'"), ("phone", "'0999999999'")],
)
def test_an_edited_request_column_is_found(
    station: Station, saved: list[IntakeResult], column: str, value: str
) -> None:
    rid = _request_id(station, saved[0].receipt_no)
    _sql(station, f"UPDATE requests SET {column} = {value} WHERE id = {rid}")
    faults = _faults(station)
    assert any(f.startswith(f"requests row {rid}: changed since audit row") for f in faults)


def test_an_edited_national_number_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(station, "UPDATE citizens SET national_id = '09090909090' WHERE id = 1")
    assert any(f.startswith("citizens row 1: changed") for f in _faults(station))


def test_a_request_deleted_with_its_children_is_found(
    station: Station, saved: list[IntakeResult]
) -> None:
    rid = _request_id(station, saved[1].receipt_no)
    _sql(
        station,
        "DROP TRIGGER request_events_no_delete",
        f"DELETE FROM request_documents WHERE request_id = {rid}",
        f"DELETE FROM request_events WHERE request_id = {rid}",
        f"DELETE FROM requests WHERE id = {rid}",
    )
    faults = _faults(station)
    assert any(f.startswith(f"requests row {rid}: deleted") for f in faults)
    assert any(f.startswith("request_events row") and "deleted" in f for f in faults)
    assert any(f.startswith("request_documents row") and "deleted" in f for f in faults)


def test_a_changed_role_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(station, "UPDATE users SET role = 'admin' WHERE username = 'clerk1'")
    assert any(f.startswith("users row") and "changed" in f for f in _faults(station))


def test_an_emptied_outbox_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(station, "DELETE FROM outbox")
    faults = _faults(station)
    lost = [f for f in faults if f.startswith("outbox row") and "before HQ acknowledged" in f]
    assert len(lost) == 3  # two requests and one status step never reached HQ


def test_outbox_items_marked_sent_by_hand_are_found(
    station: Station, saved: list[IntakeResult]
) -> None:
    _sql(station, "UPDATE outbox SET state = 'sent'")
    assert sum(f.startswith("outbox row") for f in _faults(station)) == 3


def test_an_edited_outbox_payload_is_found(station: Station, saved: list[IntakeResult]) -> None:
    """What HQ would receive: the payload is covered through its SHA-256."""
    _sql(station, "UPDATE outbox SET payload = replace(payload, '0944123456', '0999999999')")
    faults = _faults(station)
    assert sum("payload does not match its SHA-256" in f for f in faults) == 2


def test_the_last_audit_row_deleted_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(
        station,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    )
    # The chain is intact; the rows the status step wrote are no longer recorded by anything.
    faults = _faults(station)
    rid = _request_id(station, saved[0].receipt_no)
    assert any(f.startswith(f"requests row {rid}: changed") for f in faults)
    assert any(f.startswith("request_events row") and "no audit row" in f for f in faults)


def test_all_audit_rows_deleted_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(station, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log")
    faults = _faults(station)
    assert any("audit log is empty" in f for f in faults)


def _recompute_chain(station: Station) -> None:
    """What the tester did: edit, then rewrite every hash with the app's own functions."""
    raw = rawdb.connect(station.ctx.store.path)
    raw.row_factory = rawdb.Row
    raw.execute("DROP TRIGGER audit_log_no_update")
    prev = GENESIS_HASH
    for row in raw.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        digest = chain_hash(prev, audit_record(dict(row)))
        raw.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row["id"])
        )
        prev = digest
    raw.commit()
    raw.close()


def test_a_recomputed_chain_after_an_edit_is_found(
    station: Station, saved: list[IntakeResult]
) -> None:
    rid = _request_id(station, saved[0].receipt_no)
    _sql(
        station,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE id = 3",  # the chain now has a gap, recomputed below
        f"UPDATE requests SET status = 'ready' WHERE id = {rid}",
    )
    _recompute_chain(station)
    faults = _faults(station)
    assert not any("chain broken" in f or "altered" in f for f in faults)
    assert any(f.startswith(f"requests row {rid}: changed") for f in faults)


def test_an_edit_is_not_blessed_by_the_next_save(
    station: Station, saved: list[IntakeResult]
) -> None:
    """The capture lives only on the app's connections: an edit made in the shell is not
    recorded as the app's by whatever the app writes next."""
    rid = _request_id(station, saved[0].receipt_no)
    _sql(station, f"UPDATE requests SET status = 'ready' WHERE id = {rid}")
    _save(station, "03030303030", "ليلى حسن")
    assert any(f.startswith(f"requests row {rid}: changed") for f in _faults(station))


def test_a_row_inserted_in_the_shell_is_found(station: Station, saved: list[IntakeResult]) -> None:
    _sql(
        station,
        "INSERT INTO users (username, full_name, role, password_hash, active, failed_logins, "
        "created_at) VALUES ('mallory', '', 'admin', 'x', 1, 0, '2026-11-22 06:30:00')",
    )
    assert any(f.startswith("users row") and "no audit row" in f for f in _faults(station))


def test_cli_check_reports_and_fails(station: Station, saved: list[IntakeResult]) -> None:
    rid = _request_id(station, saved[0].receipt_no)
    _sql(station, f"UPDATE requests SET status = 'ready' WHERE id = {rid}")
    res = run_cli("--db", str(station.ctx.store.path), "db", "check")
    assert res.code == 1
    assert f"requests row {rid}" in res.out


def test_app_writes_of_every_kind_keep_the_check_clean(
    station: Station, saved: list[IntakeResult]
) -> None:
    """Login failures, a rehash-free login, a second intake renaming nobody, status steps: all
    recorded, nothing reported."""
    from counter_app.domain.errors import AuthenticationFailed
    from counter_app.services.users import authenticate

    with pytest.raises(AuthenticationFailed):
        authenticate(station.ctx, "clerk", "wrong password")
    change_status(station.ctx, station.clerk, saved[1].receipt_no, "in_progress")
    _save(station)  # the same citizen again
    report = _check(station)
    assert report.ok, report.audit


def test_an_app_write_without_its_own_audit_row_is_still_recorded(
    station: Station, saved: list[IntakeResult]
) -> None:
    """A use case that forgets its audit row (none should) is not a false alarm later: the
    rows it wrote get a db.write audit row before COMMIT. A rolled-back write records nothing."""
    from sqlalchemy import text

    rid = _request_id(station, saved[1].receipt_no)
    with pytest.raises(RuntimeError), station.ctx.store.write() as session:
        session.execute(text(f"UPDATE requests SET phone = '0933000000' WHERE id = {rid}"))
        raise RuntimeError("rolled back")
    with station.ctx.store.write() as session:
        session.execute(text(f"UPDATE requests SET phone = '0933111111' WHERE id = {rid}"))
    raw = rawdb.connect(station.ctx.store.path)
    last = raw.execute(
        "SELECT action, row_hashes FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    raw.close()
    assert last[0] == "db.write" and json.loads(last[1]) == {f"rq:{rid}": ANY_HASH}
    assert _check(station).ok


class _AnyHash:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and len(other) == 32


ANY_HASH = _AnyHash()
