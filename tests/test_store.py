"""The database file: pragmas, migrations, backups, checks and refusal of foreign files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.domain.errors import StoreError
from counter_app.paths import AppPaths
from counter_app.store.backup import backup_database
from counter_app.store.check import check_database
from counter_app.store.database import open_database
from counter_app.store.migrate import head_revision
from tests import rawdb
from tests.conftest import Station, run_cli


def test_new_database_has_safe_pragmas(station: Station) -> None:
    with station.ctx.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_history_tables_are_append_only(station: Station) -> None:
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with (
            station.ctx.store.engine.begin() as conn,
            pytest.raises(Exception, match="append-only"),
        ):
            conn.execute(text(statement))


def test_backup_is_a_verified_copy(station: Station, tmp_path: Path) -> None:
    result = backup_database(station.ctx.store.path, tmp_path / "b")
    assert result.path.exists()
    copy = rawdb.connect(result.path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 2
    assert result.tables["users"] == 2


def test_backup_to_unwritable_place_is_a_clear_error(station: Station, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create the backup folder"):
        backup_database(station.ctx.store.path, blocker / "sub")


def test_db_check_passes_then_detects_tampering(station: Station) -> None:
    with station.ctx.store.engine.connect() as conn:
        report = check_database(conn)
    assert report.ok and report.audit_rows >= 3
    # Tamper as an attacker with file access would: drop the trigger, edit a row.
    raw = rawdb.connect(station.ctx.store.path)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET username = 'mallory' WHERE id = 2")
    raw.commit()
    raw.close()
    with station.ctx.store.engine.connect() as conn:
        report = check_database(conn)
    assert not report.ok
    assert any("row 2" in f and "altered" in f for f in report.audit)


def test_db_check_detects_a_removed_audit_row(station: Station) -> None:
    raw = rawdb.connect(station.ctx.store.path)
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute("DELETE FROM audit_log WHERE id = 2")
    raw.commit()
    raw.close()
    res = run_cli("--db", str(station.ctx.store.path), "db", "check")
    assert res.code == 1
    assert "chain broken" in res.out


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_bytes(b"this is a text file, not a database\n" * 10)
    before = bogus.read_bytes()
    with pytest.raises(StoreError, match="not a counter database"):
        open_database(bogus, backup_dir=tmp_path / "b")
    res = run_cli("--db", str(bogus), "status")
    assert res.code == 2
    assert "not a counter database" in res.err
    assert "Traceback" not in res.err
    assert bogus.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused(station: Station) -> None:
    path = station.ctx.store.path
    station.ctx.close()
    raw = rawdb.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    raw.commit()
    raw.close()
    res = run_cli("--db", str(path), "status")
    assert res.code == 2
    assert "newer version" in res.err
    raw = rawdb.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"


def test_upgrade_of_a_current_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "current.sqlite3"
    opened = open_database(path, backup_dir=AppPaths.default().backups)
    opened.store.dispose()
    res = run_cli("--db", str(path), "db", "upgrade", "--json")
    assert res.code == 0, res.err
    assert '"upgraded_from": null' in res.out
    assert f'"schema": "{head_revision()}"' in res.out
    assert not AppPaths.default().backups.exists()


def test_db_backup_command(station: Station, tmp_path: Path) -> None:
    res = run_cli(
        "--db", str(station.ctx.store.path), "db", "backup", "--to", str(tmp_path / "bk"), "--json"
    )
    assert res.code == 0, res.err
    assert list((tmp_path / "bk").glob("counter-backup-*.sqlite3"))
