"""Upgrades of a real station's database (issue 17, item 3): an old file with real data in every
table comes through with every record intact, and every fault (a failing migration, one that
committed part of its work, a full disk, a full backup disk, SIGKILL) leaves a database that is
either the old one or the new one, never half of each, with a message that says which.

The old files come from tests/fixtures/make_old_db.py (schema 0001 and the rows its code wrote).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import op

from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.requests import show_request
from counter_app.services.search import search
from counter_app.store import migrate
from counter_app.store.keys import key_id_path
from counter_app.store.migrate import head_revision
from counter_app.store.sqlite_driver import is_encrypted_file
from counter_app.store.upgrade import content_digest
from tests import rawdb
from tests.conftest import run_cli
from tests.disks import tmpfs
from tests.fixtures.make_old_db import OldDatabase, build
from tests.test_long_writes import _fill

# Each revision that rewrites rows (not only the schema) and the one before it: an upgrade may
# start from any of them. 0010 copies `requests` (batch) and fills citizen_name, 0011 appends
# the row-hashing era's audit row, 0012 fills name_terms, 0016 rebuilds the name index, 0022
# fills the milestones from the history.
STARTS = ("0001", "0009", "0010", "0011", "0015", "0021")
UPGRADED = "Upgraded from"
REAL_APPLIED = migrate.applied


def _columns(conn: rawdb.Connection) -> dict[str, list[str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'citizen_name_fts%' AND name != 'alembic_version'"
        )
    ]
    return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def _records(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the given tables, only the given columns, in id order."""
    conn = rawdb.connect(path)
    try:
        return {
            t: conn.execute(f'SELECT {", ".join(cols)} FROM "{t}" ORDER BY {cols[0]}').fetchall()
            for t, cols in columns.items()
        }
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = rawdb.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def _epoch(stored: str) -> int:
    return int(dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC).timestamp())


@pytest.fixture(scope="module")
def old_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, OldDatabase]]:
    """One old file per starting revision (each test copies it before changing anything)."""
    root = tmp_path_factory.mktemp("old")
    return {r: (root / f"old-{r}.sqlite3", build(root / f"old-{r}.sqlite3", revision=r)) for r in
            STARTS}  # fmt: skip


def _copy(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "counter.sqlite3"
    shutil.copyfile(src, target)
    return target


@pytest.mark.parametrize("start", STARTS)
def test_an_old_database_upgrades_with_every_record_intact(
    start: str, old_files: dict[str, tuple[Path, OldDatabase]], tmp_path: Path
) -> None:
    original, made = old_files[start]
    path = _copy(original, tmp_path / "data")
    conn = rawdb.connect(path)
    columns = _columns(conn)
    conn.close()
    before = _records(path, columns)
    assert len(before["requests"]) == len(made.receipts) == 60
    assert all(before[t] for t in columns if t in _FILLED_AT_0001), "a table left empty"

    res = run_cli("--db", str(path), "db", "upgrade")
    assert res.code == 0, res.err
    assert f"{UPGRADED} {start} to {head_revision()}" in res.out
    assert _revision(path) == head_revision()
    backups = list(AppPaths.default().backups.glob(f"counter-pre-upgrade-{start}-*.sqlite3"))
    assert len(backups) == 1 and _revision(backups[0]) == start
    assert content_digest(backups[0]) == content_digest(original)

    after = _records(path, columns)
    for table, rows in before.items():
        if table == "audit_log" and start < "0011":
            # 0011 appends one row (the row-hashing era begins); the older rows are untouched.
            assert after[table][:-1] == rows
            assert after[table][-1][columns[table].index("action")] == "audit.row_hashing"
        else:
            assert after[table] == rows, table

    _check_derived(path, made)
    check = run_cli("--db", str(path), "db", "check")
    assert check.code == 0, check.out + check.err
    audit = made.audit_rows + 1  # the era row of 0011
    assert f"Audit rows verified: {audit}" in check.out


_FILLED_AT_0001 = {
    "station", "users", "catalog_versions", "services", "citizens", "organizations", "requests",
    "request_documents", "request_events", "outbox", "receipt_sequences", "audit_log",
}  # fmt: skip


def _check_derived(path: Path, made: OldDatabase) -> None:
    """What later migrations fill in from the old rows, read the way the program reads it."""
    conn = rawdb.connect(path)
    try:
        names = conn.execute(
            "SELECT count(*) FROM requests r JOIN citizens c ON c.id = r.citizen_id "
            "WHERE r.citizen_name IS NOT c.name"
        ).fetchone()[0]
        assert names == 0  # 0010: every request keeps the name it was taken with
        terms = {r[0] for r in conn.execute("SELECT term FROM name_terms")}
        words = {w for (k,) in conn.execute("SELECT name_norm FROM citizens") for w in k.split()}
        assert terms == words  # 0012
        milestones = conn.execute(
            "SELECT r.id, r.received_at, m.received_at, m.delivered_at, "
            "(SELECT at FROM request_events e WHERE e.request_id = r.id "
            " AND e.status = 'delivered'), m.closed_at, r.status "
            "FROM requests r LEFT JOIN request_milestones m ON m.request_id = r.id"
        ).fetchall()
        assert len(milestones) == len(made.receipts)
        for _rid, received, m_received, delivered, ev_delivered, closed, status in milestones:
            assert m_received == _epoch(received)  # 0022 filled it from the history
            assert delivered == (_epoch(ev_delivered) if ev_delivered else None)
            final = status in {"ready", "delivered", "rejected", "cancelled"}
            assert (closed is not None) == final, status
    finally:
        conn.close()

    ctx = AppContext.open(AppPaths.default(), path)
    try:
        with ctx.store.read() as session:
            clerk = ctx.actor(session, "clerk1")  # the old database's own clerk
        for receipt in made.receipts:
            view = show_request(ctx, clerk, receipt)
            assert view.receipt_no == receipt and view.events[0].status == "submitted"
            assert view.events[-1].status == view.status
            assert view.name == made.citizens[view.national_id]
        for national_id, name in list(made.citizens.items())[:8]:
            by_id = {h.receipt_no for h in search(ctx, clerk, national_id).hits}
            by_name = {h.receipt_no for h in search(ctx, clerk, name, limit=200).hits}
            assert by_id and by_id <= by_name, name  # the name index (0016) holds them all
    finally:
        ctx.close()


def test_the_old_database_is_made_the_same_every_time(tmp_path: Path) -> None:
    first = build(tmp_path / "a.sqlite3", requests=12)
    second = build(tmp_path / "b.sqlite3", requests=12)
    assert first.receipts == second.receipts
    assert content_digest(first.path) == content_digest(second.path)


# --- a migration that fails ----------------------------------------------------------------


def _fail_at(revision: str, *, commit_at: str | None = None) -> object:
    """A stand-in for migrate.applied that raises once ``revision`` is applied; with
    ``commit_at``, it first commits what the upgrade did up to that revision (a migration
    that escaped the one transaction), so the rollback cannot undo everything."""

    def applied(rev: str, _seconds: float) -> None:
        if rev == commit_at:
            op.get_bind().exec_driver_sql("COMMIT")
        if rev == revision:
            raise RuntimeError(f"migration {rev} broke")

    return applied


def _old_station(src: Path, folder: Path, encrypted: bool) -> Path:
    """A copy of an old file; encrypted as `counter-app db encrypt` does (what every later
    upgrade starts from once encryption is out)."""
    path = _copy(src, folder)
    if encrypted:
        from counter_app.store.encrypt import encrypt_file
        from counter_app.store.keys import store_new_key

        encrypt_file(path, store_new_key())
        assert is_encrypted_file(path)
    return path


ENCRYPTED = pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])


@ENCRYPTED
def test_a_failed_migration_is_undone_checked_against_the_backup_and_said(
    old_files: dict[str, tuple[Path, OldDatabase]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    encrypted: bool,
) -> None:
    path = _old_station(old_files["0001"][0], tmp_path / "data", encrypted)
    digest = content_digest(path)
    monkeypatch.setattr(migrate, "applied", _fail_at("0022"))
    res = run_cli("--db", str(path), "db", "upgrade")
    assert res.code == 2, res.out + res.err
    backups = list(AppPaths.default().backups.glob("counter-pre-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1
    assert (
        f"The upgrade to schema {head_revision()} failed and was undone: the database is as it "
        f"was before (schema 0001), checked against the backup made before the upgrade "
        f"({backups[0]}), which is kept. Nothing was lost."
    ) in res.err
    assert "Reason: migration 0022 broke" in res.err
    assert "Internal error" not in res.err
    assert _revision(path) == "0001" and content_digest(path) == digest
    assert content_digest(backups[0]) == digest
    assert not list(path.parent.glob("*.failed-upgrade-*"))  # nothing to keep aside

    monkeypatch.setattr(migrate, "applied", REAL_APPLIED)  # not undo(): the home goes too
    assert run_cli("--db", str(path), "db", "upgrade").code == 0
    assert _revision(path) == head_revision()


@ENCRYPTED
def test_a_migration_that_committed_part_of_its_work_is_replaced_by_the_backup(
    old_files: dict[str, tuple[Path, OldDatabase]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    encrypted: bool,
) -> None:
    path = _old_station(old_files["0001"][0], tmp_path / "data", encrypted)
    digest = content_digest(path)
    monkeypatch.setattr(migrate, "applied", _fail_at("0016", commit_at="0012"))
    res = run_cli("--db", str(path), "db", "upgrade")
    assert res.code == 2, res.out + res.err
    backup = next(AppPaths.default().backups.glob("counter-pre-upgrade-0001-*.sqlite3"))
    kept = list(path.parent.glob("counter.sqlite3.failed-upgrade-*[0-9]Z"))
    assert len(kept) == 1
    assert (
        f"The upgrade to schema {head_revision()} failed; the database was restored from the "
        f"backup made before it ({backup}). Nothing was lost. The file the failed upgrade left "
        f"is kept as {kept[0]}."
    ) in res.err, res.err
    assert _revision(path) == "0001" and content_digest(path) == digest
    assert backup.exists() and content_digest(backup) == digest
    assert is_encrypted_file(path) == is_encrypted_file(kept[0]) == encrypted
    if encrypted:  # the failed file still opens with the station's key (kept for a look)
        shutil.copyfile(key_id_path(path), key_id_path(kept[0]))
    assert _revision(kept[0]) == "0016"  # what escaped: committed, past 0012, short of the head

    monkeypatch.setattr(migrate, "applied", REAL_APPLIED)  # not undo(): the home goes too
    assert run_cli("--db", str(path), "db", "upgrade").code == 0
    assert run_cli("--db", str(path), "db", "check").code == 0


def test_the_failure_is_said_in_arabic(
    old_files: dict[str, tuple[Path, OldDatabase]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _copy(old_files["0001"][0], tmp_path / "data")
    monkeypatch.setattr(migrate, "applied", _fail_at("0005"))
    monkeypatch.setenv("COUNTER_APP_LANG", "ar")
    res = run_cli("--db", str(path), "db", "upgrade")
    assert res.code == 2
    assert "فشلت ترقية قاعدة البيانات" in res.err and "لم يُفقد شيء" in res.err, res.err
    assert "The upgrade" not in res.err


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MiB tmpfs (root only): a real ENOSPC, not a simulated one."""
    with tmpfs(tmp_path, 24) as mount:
        yield mount


@pytest.fixture(scope="module")
def bigger_old_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("old-big") / "old.sqlite3"
    build(path, requests=3000)
    return path


def _leave_free(folder: Path, room: int) -> Path:
    """Fill the disk of ``folder``, then give back ``room`` bytes."""
    filler = _fill(folder)
    with filler.open("rb+") as fh:
        fh.truncate(max(filler.stat().st_size - room, 0))
    return filler


def test_a_disk_that_fills_up_during_the_migration_loses_nothing(
    bigger_old_file: Path, tiny_disk: Path
) -> None:
    path = _copy(bigger_old_file, tiny_disk / "data")
    digest = content_digest(path)
    filler = _leave_free(tiny_disk, 1024 * 1024)  # room to open it, not to rewrite requests
    res = run_cli("--db", str(path), "db", "upgrade")  # the backups go to the healthy disk
    assert res.code == 2, res.out + res.err
    assert "failed and was undone" in res.err and "Nothing was lost" in res.err, res.err
    assert f"The disk holding {path.parent} is full" in res.err
    assert _revision(path) == "0001" and content_digest(path) == digest

    filler.unlink()
    assert run_cli("--db", str(path), "db", "upgrade").code == 0
    assert run_cli("--db", str(path), "db", "check").code == 0


def test_a_backup_that_fails_on_a_full_disk_stops_the_upgrade_before_it_starts(
    old_files: dict[str, tuple[Path, OldDatabase]],
    tiny_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _copy(old_files["0001"][0], tmp_path / "data")
    digest = content_digest(path)
    monkeypatch.setenv("COUNTER_APP_HOME", str(tiny_disk / "home"))  # the backups' disk
    AppPaths.default().backups.mkdir(parents=True)
    filler = _leave_free(tiny_disk, 64 * 1024)
    res = run_cli("--db", str(path), "db", "upgrade")
    assert res.code == 2, res.out + res.err
    assert (
        f"The upgrade to schema {head_revision()} starts with a verified backup, and the backup "
        "failed, so the upgrade did not start: the database is unchanged (schema 0001)."
    ) in res.err, res.err
    assert f"The disk holding {AppPaths.default().backups} is full" in res.err
    assert _revision(path) == "0001" and content_digest(path) == digest
    assert not list(AppPaths.default().backups.glob("*.sqlite3"))  # no half backup left

    filler.unlink()
    assert run_cli("--db", str(path), "db", "upgrade").code == 0


# --- SIGKILL -------------------------------------------------------------------------------


def _schema(path: Path) -> list[tuple[object, ...]]:
    conn = rawdb.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


# `counter-app db upgrade` saying where it is (stdout) as it goes, so a kill can land inside
# the backup or right after any migration (inside the one transaction), not only at random.
_TOLD = """
import sys
from counter_app.cli import main
from counter_app.store import migrate, upgrade

copy = upgrade.backup_database

def backup(*args, **kwargs):
    print("backup", flush=True)
    made = copy(*args, **kwargs)
    print("backed-up", flush=True)
    return made

upgrade.backup_database = backup
migrate.applied = lambda revision, _seconds: print("applied", revision, flush=True)
sys.exit(main(sys.argv[1:]))
"""


def _kill_at(cmd: list[str], env: dict[str, str], mark: str | None, delay: float) -> list[str]:
    """Run ``cmd``; SIGKILL it ``delay`` seconds after it prints ``mark`` (None: after start).
    Returns what it printed up to then."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)  # fmt: skip
    seen: list[str] = []
    assert proc.stdout is not None
    if mark is not None:
        for line in proc.stdout:
            seen.append(line.strip())
            if line.strip() == mark:
                break
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return seen


@pytest.mark.slow
def test_sigkill_during_the_upgrade_leaves_the_old_or_the_new_database(
    bigger_old_file: Path, tmp_path: Path
) -> None:
    """Kills `counter-app db upgrade` (seeded): inside the backup, right after a random
    migration (the transaction still open), and at random moments of the whole run."""
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    old_digest = content_digest(bigger_old_file)
    old_schema = _schema(bigger_old_file)
    kept = {"requests": ["id", "receipt_no"], "request_events": ["id", "status", "at"]}
    records = _records(bigger_old_file, kept)

    # One whole run first: how long each part takes, and the schema it ends with.
    whole = _copy(bigger_old_file, tmp_path / "whole")
    told = [sys.executable, "-c", _TOLD, "--db"]
    started = time.monotonic()
    done = subprocess.run([*told, str(whole), "db", "upgrade"], env=env, capture_output=True,
                          text=True)  # fmt: skip
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    revisions = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("applied")]
    assert revisions[0] == "0002" and revisions[-1] == head_revision()
    new_schema = _schema(whole)

    rng = random.Random(20261207)
    plans: list[tuple[str | None, float]] = [("backup", rng.uniform(0, 0.3)) for _ in range(2)]
    plans += [(f"applied {rng.choice(revisions)}", rng.uniform(0, 0.01)) for _ in range(6)]
    # The last migration applied: the kill lands before, during or after the commit.
    plans += [(f"applied {head_revision()}", rng.uniform(0, 0.4)) for _ in range(3)]
    plans += [(None, rng.uniform(duration / 3, duration)) for _ in range(2)]
    outcomes = []
    for trial, (mark, delay) in enumerate(plans):
        home = tmp_path / f"t{trial}"
        path = _copy(bigger_old_file, home / "data")
        seen = _kill_at([*told, str(path), "db", "upgrade"],
                        {**env, "COUNTER_APP_HOME": str(home)}, mark, delay)  # fmt: skip
        conn = rawdb.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        revision = _revision(path)
        outcomes.append((mark, seen[-1] if seen else "", revision))
        if revision == "0001":
            assert _schema(path) == old_schema and content_digest(path) == old_digest
        else:
            assert revision == head_revision() and _schema(path) == new_schema, revision
        for command in ("upgrade", "check"):
            res = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(path), "db",
                                  command], env={**env, "COUNTER_APP_HOME": str(home)},
                                 capture_output=True, text=True)  # fmt: skip
            assert res.returncode == 0, (command, res.stdout, res.stderr)
        assert _revision(path) == head_revision()
        assert _records(path, kept) == records
    print(f"upgrade of 3000 old requests: {duration:.2f} s (start-up and backup included)")
    print("killed (planned mark, last mark seen, revision after):", *outcomes, sep="\n  ")
    killed_inside = [o for o in outcomes if o[1].startswith("applied") and o[2] == "0001"]
    assert killed_inside, outcomes  # at least one kill landed inside the migrations


def test_a_second_upgrader_that_waited_for_the_lock_finds_the_work_done(
    old_files: dict[str, tuple[Path, OldDatabase]], tmp_path: Path
) -> None:
    """Two programs started on the old file (the desktop and the nightly sync): the one that
    waited for the write lock neither backs up the upgraded file as "pre-upgrade-0001" nor
    migrates it again."""
    from counter_app.store.engine import Store
    from counter_app.store.migrate import schema_state
    from counter_app.store.upgrade import upgrade_with_backup

    path = _copy(old_files["0001"][0], tmp_path / "data")
    late = Store(path)
    stale = schema_state(late.engine)
    assert stale.current == "0001"
    assert run_cli("--db", str(path), "db", "upgrade").code == 0  # the first one
    digest = content_digest(path)
    try:
        assert upgrade_with_backup(late, stale, tmp_path / "late-backups") is None
    finally:
        late.dispose()
    assert not (tmp_path / "late-backups").exists()
    assert _revision(path) == head_revision() and content_digest(path) == digest


def test_a_backup_that_cannot_be_put_back_is_named_with_the_command_that_restores_it(
    old_files: dict[str, tuple[Path, OldDatabase]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Part of the upgrade escaped its transaction while another program had the file open:
    the file is not swapped under that program's feet; the message names the backup and the
    command, and that command brings back every record."""
    path = _copy(old_files["0001"][0], tmp_path / "data")
    digest = content_digest(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM requests')\n"
         "print('open', flush=True); time.sleep(120)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(migrate, "applied", _fail_at("0016", commit_at="0012"))
        res = run_cli("--db", str(path), "db", "upgrade")
    finally:
        holder.kill()
        holder.wait()
    assert res.code == 2, res.out + res.err
    backup = next(AppPaths.default().backups.glob("counter-pre-upgrade-0001-*.sqlite3"))
    assert (
        f"The upgrade to schema {head_revision()} failed and the database could not be put back "
        f"as it was. The backup made before the upgrade is kept: {backup}. Close every counter "
        f"program, then run `counter-app db restore --from {backup} --force`."
    ) in res.err, res.err
    assert _revision(path) == "0016"  # whole at a revision of its own: it opens and upgrades

    monkeypatch.setattr(migrate, "applied", REAL_APPLIED)
    res = run_cli("--db", str(path), "db", "restore", "--from", str(backup), "--force")
    assert res.code == 0, res.out + res.err
    assert _revision(path) == "0001" and content_digest(path) == digest


# The upgrade made to commit part of its work and fail (as _fail_at), saying when it starts
# putting the backup back, so a kill can land inside the copy, its check or the swap.
_HALF_AND_TOLD = """
import sys
from alembic import op
from counter_app.cli import main
from counter_app.store import migrate, upgrade

def applied(revision, _seconds):
    if revision == "0012":
        op.get_bind().exec_driver_sql("COMMIT")
    if revision == "0016":
        raise RuntimeError("migration 0016 broke")

put_back = upgrade._put_back

def telling(*args, **kwargs):
    print("put-back", flush=True)
    return put_back(*args, **kwargs)

migrate.applied = applied
upgrade._put_back = telling
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_sigkill_while_the_backup_is_put_back_leaves_a_database_that_opens(
    bigger_old_file: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "COUNTER_APP_LANG": "en"}
    old_digest = content_digest(bigger_old_file)
    rng = random.Random(17)
    outcomes = []
    for trial in range(5):
        home = tmp_path / f"t{trial}"
        path = _copy(bigger_old_file, home / "data")
        seen = _kill_at([sys.executable, "-c", _HALF_AND_TOLD, "--db", str(path), "db", "upgrade"],
                        {**env, "COUNTER_APP_HOME": str(home)}, "put-back",
                        rng.uniform(0, 0.6))  # fmt: skip
        assert seen[-1] == "put-back"
        assert path.exists()
        conn = rawdb.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        revision = _revision(path)
        outcomes.append(revision)
        assert revision in {"0001", "0016"}  # the backup put back, or the file the upgrade left
        if revision == "0001":
            assert content_digest(path) == old_digest
        for command in ("upgrade", "check"):
            res = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(path), "db",
                                  command], env={**env, "COUNTER_APP_HOME": str(home)},
                                 capture_output=True, text=True)  # fmt: skip
            assert res.returncode == 0, (command, res.stdout, res.stderr)
    print("revision after a kill while putting the backup back:", outcomes)
