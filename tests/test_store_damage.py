"""A damaged database: noticed, no more writes (in any process), `db check` reports it, and
`db restore` brings back the newest good backup (issue 12 item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from counter_app.store.integrity import marker_path
from tests import rawdb
from tests.conftest import CliResult, run_cli
from tests.test_cli import _individual_statement_args

CITIZEN = ("01234567890", "سامر الكيلاني", "0933123456")


def _service() -> str:
    return "MOI-INDIVIDUAL-STATEMENT"


_ARGS: list[str] = []


def _new(service: str, nid: str = CITIZEN[0]) -> CliResult:
    if not _ARGS:  # read from the catalog once, while the file is whole
        _ARGS.extend(_individual_statement_args())
    return run_cli(
        "request", "new", "--service", service, "--national-id", nid, "--name", CITIZEN[1],
        "--phone", CITIZEN[2], *_ARGS, "--as", "clerk1", "--json",
    )  # fmt: skip


def _db() -> Path:
    return AppPaths.default().database


def _count(table: str = "requests") -> int:
    raw = rawdb.connect(_db())
    try:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        raw.close()


def _checkpoint() -> None:
    """Everything into the main file, so flipping its bytes damages what SQLite reads."""
    raw = rawdb.connect(_db())
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _flip_page_of(table: str, path: Path | None = None, nbytes: int = 512) -> None:
    """Flip ``nbytes`` bytes at the start of the b-tree root page of ``table``."""
    path = path or _db()
    raw = rawdb.connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(raw.execute("PRAGMA page_size").fetchone()[0])
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    finally:
        raw.close()
    offset = (root[0] - 1) * page_size
    with path.open("r+b") as fh:
        fh.seek(offset)
        data = bytearray(fh.read(nbytes))
        fh.seek(offset)
        fh.write(bytes(b ^ 0xFF for b in data))


def test_a_damaged_page_stops_writes_and_restore_brings_back_the_backup(
    cli_station: CliResult,
) -> None:
    service = _service()
    assert run_cli("db", "backup").code == 0
    first = _new(service)
    assert first.code == 0, first.err
    lost_receipt = json.loads(first.out)["receipt_no"]
    # A b-tree page that `request new` does not read: the write itself would not notice.
    _flip_page_of("diwan_entries")
    before = _count()

    res = _new(service, "01234567891")
    assert res.code == 2
    assert "damaged" in res.err and "db restore" in res.err
    assert "Internal error" not in res.err
    assert _count() == before  # nothing saved into the damaged file
    assert marker_path(_db()).exists()

    check = run_cli("db", "check")
    assert check.code == 1
    assert "Internal error" not in check.err
    assert "damaged" in check.out and "Database check FAILED." in check.out

    restored = run_cli("db", "restore")
    assert restored.code == 0, restored.err
    assert "1 request saved after the backup is not in the restored database" in restored.out
    assert "still held there" in restored.out
    kept = [p for p in _db().parent.iterdir() if ".damaged-" in p.name]
    assert kept, "the damaged file is kept aside"
    assert not marker_path(_db()).exists()
    assert run_cli("db", "check").code == 0

    again = _new(service, "01234567892")
    assert again.code == 0, again.err
    # The receipt handed out before the damage is never handed out again.
    assert json.loads(again.out)["receipt_no"] != lost_receipt


def test_every_later_process_refuses_to_write_until_the_mark_is_cleared(
    cli_station: CliResult,
) -> None:
    service = _service()
    marker_path(_db()).write_text('{"at": "2026-12-06T10:00:00+00:00", "detail": "test"}')
    res = _new(service)
    assert res.code == 2 and "damaged" in res.err
    assert _count() == 0
    # The file is whole: the operator may clear the mark after a full check says so.
    check = run_cli("db", "check")
    assert check.code == 1 and "--clear-damage" in check.out
    cleared = run_cli("db", "check", "--clear-damage")
    assert cleared.code == 0, cleared.out
    assert _new(service).code == 0


def test_a_truncated_file_is_reported_not_crashed_on(cli_station: CliResult) -> None:
    service = _service()
    _checkpoint()
    size = _db().stat().st_size
    with _db().open("r+b") as fh:
        fh.truncate(size // 2)
    res = _new(service)
    assert res.code == 2 and "damaged" in res.err, res.err
    check = run_cli("db", "check", "--json")
    assert check.code == 1
    report = json.loads(check.out)
    assert report["ok"] is False and report["integrity"] and report["damaged"]


def test_a_damaged_backup_is_skipped_and_refused_by_name(cli_station: CliResult) -> None:
    service = _service()
    assert run_cli("db", "backup").code == 0
    time.sleep(0.01)
    assert _new(service).code == 0
    assert run_cli("db", "backup").code == 0
    backups = sorted(AppPaths.default().backups.glob("*.sqlite3"))
    newest = backups[-1]
    _flip_page_of("requests", newest)
    _flip_page_of("diwan_entries")
    assert _new(service, "01234567891").code == 2

    named = run_cli("db", "restore", "--from", str(newest))
    assert named.code == 2 and "cannot be restored" in named.err
    assert marker_path(_db()).exists()  # nothing changed

    res = run_cli("db", "restore")
    assert res.code == 0, res.err
    assert "Skipped the backup" in res.out and newest.name in res.out
    assert _count() == 0  # the older, good backup: before the request


def test_a_backup_of_a_damaged_file_is_refused(cli_station: CliResult) -> None:
    _flip_page_of("diwan_entries")
    res = run_cli("db", "backup")
    assert res.code == 2 and "damaged" in res.err
    assert not list(AppPaths.default().backups.glob("*.sqlite3"))
    assert marker_path(_db()).exists()


def test_a_healthy_database_is_not_restored_over_without_force(cli_station: CliResult) -> None:
    assert run_cli("db", "backup").code == 0
    assert _new(_service()).code == 0
    res = run_cli("db", "restore")
    assert res.code == 2 and "not damaged" in res.err
    assert _count() == 1


@pytest.mark.skipif(os.name != "posix", reason="the open-file check reads POSIX locks")
def test_restore_is_refused_while_another_process_has_the_database_open(
    cli_station: CliResult, tmp_path: Path
) -> None:
    assert run_cli("db", "backup").code == 0
    _flip_page_of("diwan_entries")
    ready = tmp_path / "ready"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import time, pathlib; from tests import rawdb
                c = rawdb.connect({str(_db())!r})
                c.execute("PRAGMA journal_mode=WAL")
                c.execute("SELECT count(*) FROM station").fetchone()
                pathlib.Path({str(ready)!r}).touch()
                time.sleep(30)
            """),
        ]
    )
    try:
        for _ in range(200):
            if ready.exists():
                break
            time.sleep(0.05)
        inode = _db().stat().st_ino
        res = run_cli("db", "restore")
        assert res.code == 2 and "open" in res.err, res.err
        assert _db().stat().st_ino == inode  # the file was not swapped
    finally:
        holder.kill()
        holder.wait()
    assert run_cli("db", "restore").code == 0


def test_the_daily_check_marks_damage_and_keeps_its_schedule(cli_station: CliResult) -> None:
    from counter_app.store.integrity import DailyCheck, full_check_due

    db = _db()
    watch = DailyCheck(db, poll_seconds=0.05)
    watch.start()
    for _ in range(100):
        if not full_check_due(db):
            break
        time.sleep(0.05)
    watch.stop()
    assert not full_check_due(db) and not marker_path(db).exists()

    _flip_page_of("diwan_entries")
    db.with_name(db.name + ".checked").unlink()  # a day later
    watch = DailyCheck(db, poll_seconds=0.05)
    watch.start()
    for _ in range(100):
        if marker_path(db).exists():
            break
        time.sleep(0.05)
    watch.stop()
    assert marker_path(db).exists()
