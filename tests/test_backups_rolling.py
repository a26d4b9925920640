"""Rolling daily backups and `db restore` against hostile conditions (issue 17 item 5): a backup of
another station, a truncated or corrupt backup, a full disk during the backup and the restore,
and the restore killed at random moments."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from counter_app.store import rolling_backups
from counter_app.store.integrity import marker_path
from counter_app.store.sqlite_driver import SQLITE_MAGIC
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CliResult, run_cli
from tests.test_long_writes import _fill, tiny_disk  # noqa: F401  (a fixture)
from tests.test_store_damage import _flip_page_of, _new


def _db() -> Path:
    return AppPaths.default().database


def _backups() -> Path:
    return AppPaths.default().backups


def _count(path: Path, table: str = "requests") -> int:
    raw = rawdb.connect(path)
    try:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        raw.close()


def _integrity(path: Path) -> str:
    raw = rawdb.connect(path)
    try:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        raw.close()


def test_the_daily_backup_is_made_when_due_encrypted_verified_and_rolled(
    cli_station: CliResult,
) -> None:
    assert _new("MOI-INDIVIDUAL-STATEMENT").code == 0
    now = dt.datetime.now(dt.UTC)  # backups are named by the wall clock's UTC time
    made = rolling_backups.run_if_due(_db(), _backups(), keep=3, now=now)
    assert made is not None and made.ok and made.pruned == 0
    first = Path(str(made.path))
    # Encrypted like the station (no plain header), with its key's name, and it opens.
    assert first.read_bytes()[:16] != SQLITE_MAGIC
    assert first.with_name(first.name + ".keyid").exists()
    assert _count(first) == 1 and _integrity(first) == "ok"
    # Not due again the same day; due the next.
    assert rolling_backups.run_if_due(_db(), _backups(), keep=3, now=now) is None
    assert rolling_backups.daily_due(_backups(), now + dt.timedelta(hours=21))
    # Five more days: only the newest three daily backups stay; a hand-made one is untouched.
    assert run_cli("db", "backup").code == 0
    for _ in range(5):
        assert rolling_backups.run_daily_backup(_db(), _backups(), keep=3).ok
    daily = rolling_backups.daily_backups(_backups())
    assert len(daily) == 3 and first not in daily
    assert not first.with_name(first.name + ".keyid").exists()
    assert len(list(_backups().glob("counter-backup-*.sqlite3"))) == 1
    last = rolling_backups.last_outcome(_backups())
    assert last is not None and last.ok and last.pruned == 1
    shown = run_cli("status")
    assert "Last daily backup" in shown.out and ", verified" in shown.out, shown.out


def test_db_backup_daily_uses_the_keep_setting(cli_station: CliResult) -> None:
    assert run_cli("settings", "set", "backup.keep", "2", "--as", "admin").code == 0
    bad = run_cli("settings", "set", "backup.keep", "0", "--as", "admin")
    assert bad.code == 2 and "Keep 1 to 365 daily backups" in bad.err
    first = run_cli("db", "backup", "--daily")
    assert first.code == 0 and "Daily backup written and verified" in first.out, first.err
    again = run_cli("db", "backup", "--daily")
    assert again.code == 0 and "No daily backup due" in again.out
    for _ in range(3):
        rolling_backups.run_daily_backup(_db(), _backups(), keep=2)
    assert len(rolling_backups.daily_backups(_backups())) == 2


def test_a_damaged_database_is_never_copied_over_the_good_backups(cli_station: CliResult) -> None:
    assert _new("MOI-INDIVIDUAL-STATEMENT").code == 0
    now = dt.datetime.now(dt.UTC)
    assert rolling_backups.run_if_due(_db(), _backups(), now=now) is not None
    _flip_page_of("requests")
    assert run_cli("db", "check").code == 1  # marks it damaged
    assert marker_path(_db()).exists()
    later = now + dt.timedelta(days=2)
    assert rolling_backups.run_if_due(_db(), _backups(), now=later) is None
    assert len(rolling_backups.daily_backups(_backups())) == 1


def test_a_full_disk_during_the_daily_backup_leaves_no_half_file_and_keeps_the_old_ones(
    cli_station: CliResult,
    tiny_disk: Path,  # noqa: F811
) -> None:
    for n in range(3):
        assert _new("MOI-INDIVIDUAL-STATEMENT", f"0123456789{n}").code == 0
    target = tiny_disk / "backups"
    good = rolling_backups.run_daily_backup(_db(), target, keep=1)
    assert good.ok
    filler = _fill(tiny_disk)
    try:
        with pytest.raises(Exception) as caught:
            rolling_backups.run_daily_backup(_db(), target, keep=1)
        assert (
            "full" in str(caught.value.args)
            or "full" in getattr(caught.value, "render", lambda: "")()
        )
        outcome = rolling_backups.last_outcome(target)
        assert outcome is not None and not outcome.ok
        assert "full" in (outcome.error_message(lambda m: m) or "")
    finally:
        filler.unlink()
    left = sorted(p.name for p in target.iterdir() if p.name.endswith(".sqlite3"))
    assert left == [Path(str(good.path)).name]  # the old one kept, no partial copy
    assert _integrity(Path(str(good.path))) == "ok"


def _other_station_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A backup made by another station (another home, center and key) on this PC."""
    other = tmp_path / "other-home"
    with monkeypatch.context() as m:
        m.setenv("COUNTER_APP_HOME", str(other))
        res = run_cli(
            "setup", "--center", "MSA", "--center-name", "مركز الشؤون", "--station", "7",
            "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
        )  # fmt: skip
        assert res.code == 0, res.err
        assert run_cli("db", "backup").code == 0
        (made,) = AppPaths.default().backups.glob("counter-backup-*.sqlite3")
    return made


def test_restore_refuses_a_backup_of_another_station_unless_forced(
    cli_station: CliResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _new("MOI-INDIVIDUAL-STATEMENT").code == 0
    foreign = _other_station_backup(tmp_path, monkeypatch)
    res = run_cli("db", "restore", "--from", str(foreign))
    assert res.code == 2 and "is not damaged" in res.err, res.err
    _flip_page_of("requests")
    run_cli("db", "check")
    res = run_cli("db", "restore", "--from", str(foreign))
    assert res.code == 2, res.out
    assert "is of station MSA-07; this database is station MZH-02" in res.err
    assert "Nothing was changed" in res.err
    assert marker_path(_db()).exists()
    # Among the candidates in the backup folder, another station's copy is skipped by name.
    _backups().mkdir(parents=True, exist_ok=True)
    shutil.copy(foreign, _backups() / foreign.name)
    shutil.copy(foreign.with_name(foreign.name + ".keyid"), _backups())
    res = run_cli("db", "restore")
    assert res.code == 2 and "no good backup" in res.err, res.out + res.err
    assert marker_path(_db()).exists()  # the damaged file is still in place
    res = run_cli("db", "restore", "--from", str(foreign), "--force")
    assert res.code == 0, res.err
    raw = rawdb.connect(_db())
    try:
        assert raw.execute("SELECT center_code, station_no FROM station").fetchone() == ("MSA", 7)
    finally:
        raw.close()


def test_a_truncated_or_corrupt_backup_is_skipped_for_the_older_good_one(
    cli_station: CliResult,
) -> None:
    assert _new("MOI-INDIVIDUAL-STATEMENT").code == 0
    assert run_cli("db", "backup").code == 0
    assert _new("MOI-INDIVIDUAL-STATEMENT", "01234567899").code == 0
    assert run_cli("db", "backup").code == 0
    older, newer = sorted(_backups().glob("counter-backup-*.sqlite3"))
    data = newer.read_bytes()
    newer.write_bytes(data[: len(data) // 2])  # truncated (a copy cut short)
    _flip_page_of("requests")
    run_cli("db", "check")
    res = run_cli("db", "restore")
    assert res.code == 0, res.err
    assert f"Skipped the backup {newer}" in res.out
    assert f"Restored the backup {older}" in res.out
    assert _count(_db()) == 1 and _integrity(_db()) == "ok"
    # A backup with a flipped page in the middle: its check fails, it is never taken.
    bad = older.with_name("counter-backup-20991231T000000000000Z.sqlite3")
    raw = bytearray(older.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 64] = os.urandom(64)
    bad.write_bytes(bytes(raw))
    shutil.copy(older.with_name(older.name + ".keyid"), bad.with_name(bad.name + ".keyid"))
    res = run_cli("db", "restore", "--from", str(bad), "--force")
    assert res.code == 2 and "cannot be restored" in res.err, res.err


def test_a_full_disk_during_restore_changes_nothing(
    tiny_disk: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COUNTER_APP_HOME", str(tiny_disk / "home"))
    res = run_cli(
        "setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2",
        "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert run_cli("db", "backup").code == 0
    _flip_page_of("audit_log")
    run_cli("db", "check")
    before = _db().read_bytes()
    filler = _fill(tiny_disk)
    try:
        res = run_cli("db", "restore")
    finally:
        filler.unlink()
    assert res.code == 2, res.out
    assert "has no room for the restored copy" in res.err and "Nothing was changed" in res.err
    assert _db().read_bytes() == before and marker_path(_db()).exists()
    assert not list(_db().parent.glob(".*restoring"))
    assert run_cli("db", "restore").code == 0
    assert _integrity(_db()) == "ok"


@pytest.mark.slow
def test_restore_killed_at_random_moments_never_leaves_the_database_missing(
    cli_station: CliResult,
) -> None:
    """SIGKILL during `db restore --force` at random moments (seeded): afterwards the database's
    name always holds a file that opens whole (the old one or the restored one), and a restore
    run again finishes."""
    # A backup large enough that copying it takes a while (sample requests).
    for n in range(30):
        assert _new("MOI-INDIVIDUAL-STATEMENT", f"01234{n:06d}").code == 0
    raw = rawdb.connect(_db())
    try:
        raw.execute("CREATE TABLE ballast (b BLOB)")
        raw.executemany("INSERT INTO ballast VALUES (randomblob(65536))", [()] * 1500)
        raw.commit()
    finally:
        raw.close()
    assert run_cli("db", "backup").code == 0
    rng = random.Random(17)
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    for _trial in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "counter_app", "db", "restore", "--force"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _db().exists() and _db().stat().st_size > 0
        assert _integrity(_db()) == "ok"
        assert _count(_db()) == 30
    res = run_cli("db", "restore", "--force")
    assert res.code == 0, res.err
    assert _integrity(_db()) == "ok" and _count(_db()) == 30
    assert run_cli("db", "check").code == 0
