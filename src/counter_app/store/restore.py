"""``db restore``: put the newest good backup in place of a damaged database.

A backup is trusted only after it is checked again now (it may have been damaged on disk since
it was written): SQLite header, full ``integrity_check``, a schema this program knows. The
damaged file (with its -wal and -shm, which hold committed data too) is renamed aside, never
deleted. Restoring under another process that has the database open would swap the file under
its feet, so it is refused while one has it open.

Numbers handed out to citizens after the backup (receipt and diwan register numbers) must never
be handed out twice, so the restored file's counters are raised to the damaged file's where
that can still be read. That is not enough for a station enrolled with HQ: the damaged file may
be unreadable or older than what it printed, and HQ holds numbers the backup lacks. So the
restored station's number is retired (services/station_identity.py): it issues no receipt
until it is enrolled under a new station number, and keeps sending what it holds.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.store import sqlite_driver
from counter_app.store.engine import looks_like_sqlite
from counter_app.store.integrity import check_file, clear_marker, marker_path
from counter_app.store.keys import connect_file, read_key_id, write_key_id
from counter_app.store.migrate import MIGRATIONS_DIR
from counter_protocol.durable import fsync_dir

_STAMP = re.compile(r"-(\d{8}T\d{12})Z\.sqlite3$")  # backup.py's name: microseconds too
_COUNTERS = (("receipt_sequences", "last_seq"), ("diwan_sequences", "last_no"))
_NEEDED_TABLES = {"station", "requests", "audit_log", "alembic_version"}
# SQLite's unix VFS: every connection to a WAL database holds a shared lock on this byte of the
# -shm file (the "DMS" slot) for as long as it is open.
_SHM_DMS_BYTE = 128
_UNREADABLE: tuple[type[BaseException], ...] = (StoreError, *sqlite_driver.ERRORS)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    backup_time: dt.datetime
    damaged_kept: list[Path]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # Requests the damaged file holds that were saved after the backup; None: unreadable.
    lost_requests: int | None = None
    counters_raised: bool = False
    counters_read: bool = True  # False: the damaged file's receipt numbering was unreadable
    retired: bool = False  # the station's number issues no more receipts (it was enrolled)


def _known_revisions() -> set[str]:
    found = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        match = re.search(r'^revision = "([^"]+)"$', path.read_text("utf-8"), re.M)
        if match:
            found.add(match.group(1))
    return found


def verify_backup(path: Path) -> list[str]:
    """Why ``path`` cannot be restored (empty when it can)."""
    if not path.is_file() or path.stat().st_size == 0 or not looks_like_sqlite(path):
        return ["not a SQLite database file"]
    try:
        faults = check_file(path, quick=False)
    except StoreError as exc:  # its key is missing here, or is not the one it was made with
        return [exc.render()]
    if faults:
        return faults[:5]
    conn = connect_file(path, readonly=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not _NEEDED_TABLES.issubset(tables):
            return ["not a counter database (tables missing)"]
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] not in _known_revisions():
            return [f"schema {row[0] if row else '?'} is unknown to this version of the program"]
    except sqlite_driver.ERRORS as exc:
        return [str(exc)]
    finally:
        conn.close()
    return []


def station_of(path: Path) -> str | None:
    """The station label (``CENTER-NN``) a database or backup belongs to; None when it cannot
    be read (damaged, no key here, not set up)."""
    try:
        conn = connect_file(path, readonly=True)
    except _UNREADABLE:
        return None
    try:
        row = conn.execute("SELECT center_code, station_no FROM station WHERE id = 1").fetchone()
    except sqlite_driver.ERRORS:
        return None
    finally:
        conn.close()
    return f"{row[0]}-{int(row[1]):02d}" if row else None


def backup_time(path: Path) -> dt.datetime:
    match = _STAMP.search(path.name)
    if match:
        return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def candidates(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("*.sqlite3"), key=backup_time, reverse=True)


def in_use(db: Path) -> bool:
    """Another process has the database open (POSIX: its lock on the -shm file)."""
    shm = db.with_name(db.name + "-shm")
    try:
        import fcntl
    except ImportError:  # Windows refuses to rename an open file: the rename tells instead
        return False
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no -shm: nobody has it open in WAL mode
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)


def _max_request_id(path: Path) -> int:
    conn = connect_file(path, readonly=True)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM requests").fetchone()[0])
    finally:
        conn.close()


def _read_damaged(db: Path, after_id: int) -> tuple[int | None, dict[str, dict[int, int]]]:
    """Best effort on the damaged file: requests the backup lacks and the number counters."""
    lost: int | None = None
    counters: dict[str, dict[int, int]] = {}
    if not db.exists():
        return lost, counters
    try:
        conn = connect_file(db, readonly=True)
    except sqlite_driver.ERRORS:
        return lost, counters
    try:
        try:
            query = "SELECT count(*) FROM requests WHERE id > ?"
            lost = int(conn.execute(query, (after_id,)).fetchone()[0])
        except sqlite_driver.ERRORS:
            lost = None
        for table, column in _COUNTERS:
            try:
                rows = conn.execute(f"SELECT year, {column} FROM {table}").fetchall()
                counters[table] = {int(y): int(n) for y, n in rows}
            except sqlite_driver.ERRORS:
                continue
    finally:
        conn.close()
    return lost, counters


def _raise_counters(db: Path, counters: dict[str, dict[int, int]]) -> bool:
    raised = False
    conn = connect_file(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for table, column in _COUNTERS:
            for year, last in counters.get(table, {}).items():
                cur = conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE year = ? AND {column} < ?",
                    (last, year, last),
                )
                if cur.rowcount == 0:
                    cur = conn.execute(
                        f"INSERT OR IGNORE INTO {table} (year, {column}) VALUES (?, ?)",
                        (year, last),
                    )
                raised = raised or cur.rowcount > 0
        conn.execute("COMMIT")
    finally:
        conn.close()
    return raised


def _enrolled(db: Path) -> bool:
    """Whether the file says the station was enrolled with HQ (best effort on a damaged one)."""
    try:
        conn = connect_file(db, readonly=True)
    except sqlite_driver.ERRORS:
        return False
    try:
        row = conn.execute("SELECT hq_url FROM sync_state WHERE id = 1").fetchone()
        return bool(row and row[0])
    except sqlite_driver.ERRORS:
        return False
    finally:
        conn.close()


def _retire_number(db: Path, enrolled: bool, backup_dir: Path) -> bool:
    """Retire the restored station's number when it was enrolled with HQ (a station that never
    was has no number anyone else holds, and its counters were raised above)."""
    if not enrolled:
        return False
    conn = connect_file(db)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(station)")}
    finally:
        conn.close()
    if "retired_reason" not in columns:  # a backup older than the column: brought up first
        from counter_app.store.database import open_database

        open_database(db, backup_dir=backup_dir, upgrade=True).store.dispose()
    conn = connect_file(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE station SET retired_at = ?, retired_reason = 'restored' "
            "WHERE id = 1 AND retired_at IS NULL",
            (dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),),  # SQLAlchemy's form
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return True


def _copy_whole(source: Path, temp: Path, db: Path) -> None:
    """The backup copied beside the database and synced; a full disk removes the partial copy
    and says so before anything else is touched."""
    try:
        with source.open("rb") as src, temp.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise StoreError(
                N_(
                    "The disk holding {path} has no room for the restored copy ({size} MB). "
                    "Nothing was changed. Free some space on that disk and restore again."
                ),
                path=str(db.parent),
                size=max(1, source.stat().st_size // (1024 * 1024)),
            ) from None
        raise StoreError(
            N_("Cannot copy the backup {path} into place: {detail}. Nothing was changed."),
            path=str(source),
            detail=exc.strerror or str(exc),
        ) from None


def _link_or_copy(item: Path, aside: Path) -> None:
    try:
        os.link(item, aside)
    except OSError:  # a file system without hard links: a copy keeps it as well
        shutil.copy2(item, aside)


def _take_key_name(backup: Path, db: Path) -> None:
    """An encrypted backup's key name goes with it (the same station's is the same name)."""
    key_id = read_key_id(backup)
    if key_id and key_id != read_key_id(db):
        write_key_id(db, key_id)


def _in_use_error(db: Path) -> StoreError:
    return StoreError(
        N_(
            "Another program has the database {path} open (the desktop app or a command). "
            "Close it, then restore; nothing was changed."
        ),
        path=str(db),
    )


def _other_station(db: Path, here: str, backup: Path, theirs: str) -> StoreError:
    return StoreError(
        N_(
            "The backup {path} is of station {theirs}; this database is station {here}. "
            "Nothing was changed (add --force to restore it anyway)."
        ),
        path=str(backup),
        theirs=theirs,
        here=here,
    )


def restore_database(
    db: Path, backup_dir: Path, *, source: Path | None = None, other_station: bool = False
) -> RestoreResult:
    """Put the newest good backup (or ``source``) in place of ``db``.

    A backup of another station (a file copied by hand from another PC) is never taken on its
    own: named with ``source`` it is refused unless ``other_station``, among the candidates it
    is skipped. The station is read from the current file while it can still be read."""
    if in_use(db):
        raise _in_use_error(db)
    here = station_of(db) if db.exists() else None
    skipped: list[tuple[Path, str]] = []
    chosen: Path | None = None
    for item in [source] if source is not None else candidates(backup_dir):
        faults = verify_backup(item)
        if not faults:
            theirs = station_of(item)
            if here and theirs and theirs != here and not other_station:
                if source is not None:
                    raise _other_station(db, here, item, theirs)
                skipped.append((item, f"a backup of station {theirs}"))
                continue
            chosen = item
            break
        skipped.append((item, "; ".join(faults)))
    if chosen is None:
        if source is not None:
            raise StoreError(
                N_("The backup {path} cannot be restored: {detail}. Nothing was changed."),
                path=str(source),
                detail=skipped[0][1],
            )
        raise StoreError(
            N_("There is no good backup in {path} to restore; nothing was changed."),
            path=str(backup_dir),
        )
    when = backup_time(chosen)
    db_existed = db.exists()
    lost, counters = _read_damaged(db, _max_request_id(chosen))
    enrolled = db_existed and _enrolled(db)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    temp = db.with_name(f".{db.name}.restoring")
    _copy_whole(chosen, temp, db)
    kept: list[Path] = []
    try:
        # The main file is linked aside, not moved: killed at any moment, the database's name
        # still holds either the old file or the restored one, never nothing (an empty name
        # would be set up afresh at the next start). Its -wal and -shm move aside first: a stale
        # log must never meet the restored file.
        for suffix in ("-wal", "-shm", ""):
            item = db.with_name(db.name + suffix)
            if item.exists():
                aside = db.with_name(f"{db.name}.damaged-{stamp}{suffix}")
                if suffix:
                    item.rename(aside)
                else:
                    _link_or_copy(item, aside)
                kept.append(aside)
    except PermissionError:  # Windows: a file another program has open cannot be renamed
        for aside in kept:  # put back what moved, so nothing changed
            if aside.name.endswith(("-wal", "-shm")):
                aside.rename(db.with_name(db.name + aside.name.rsplit(stamp, 1)[1]))
            else:
                aside.unlink(missing_ok=True)
        temp.unlink(missing_ok=True)
        raise _in_use_error(db) from None
    kept.sort(key=lambda p: p.name)  # the main file first, as before
    os.replace(temp, db)
    fsync_dir(db.parent)
    _take_key_name(chosen, db)
    raised = _raise_counters(db, counters)
    retired = _retire_number(db, enrolled or _enrolled(db), backup_dir)
    clear_marker(db)
    if os.name == "posix":
        db.chmod(0o600)
    assert not marker_path(db).exists()
    read = not db_existed or "receipt_sequences" in counters
    return RestoreResult(chosen, when, kept, skipped, lost, raised, read, retired)
