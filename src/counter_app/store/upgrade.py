"""Upgrading an existing station database: a verified backup first, then every pending migration
in one transaction, and a database that is afterwards either wholly new or wholly as it was.

What happens on each fault:

- The backup cannot be made (disk full, folder not writable): the upgrade does not start; the
  database was only read. ``BackupFailed`` says why.
- A migration fails (a bug, the disk fills up while the tables are rewritten): SQLite's DDL is
  transactional and alembic runs on the one connection handed in, so the whole upgrade rolls
  back. The file is then compared with the backup (integrity check, schema revision, every row
  of every table): equal, it stays in place (``UpgradeRolledBack``); different (a migration that
  committed part of its work, or damage), a checked copy of the backup replaces it in one
  rename and the file the upgrade left is kept beside it (``UpgradeRestored``). If that cannot
  be done (another program has the file open, no room for the copy), ``UpgradeNotRestored``
  names the backup and the command that restores it; the file then stays at the revision its
  last commit left, whole, and opens.
- The process is killed: the transaction never committed, so SQLite's write-ahead log drops it
  at the next open; killed while the backup is put back, one file or the other is in place
  (tests/test_upgrades.py kills it at random moments of both).

The write lock is taken before the backup and held until the last migration commits, so
nothing another program saves in between can be missing from the backup (or lost by putting it
back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.domain.errors import N_, CounterError, StoreError, Translate
from counter_app.store import sqlite_driver
from counter_app.store.backup import BackupResult, backup_database
from counter_app.store.engine import DiskFull, Store, store_failure
from counter_app.store.integrity import DatabaseDamaged, clear_marker, is_damage, run_check
from counter_app.store.keys import connect_file
from counter_app.store.migrate import SchemaState, upgrade_schema
from counter_protocol.durable import fsync_dir

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)


class _NotPutBack(Exception):
    """Why the backup was not copied back (logged; the person reads UpgradeNotRestored)."""


_NOT_PUT_BACK: tuple[type[BaseException], ...] = (
    OSError,
    StoreError,
    _NotPutBack,
    *sqlite_driver.ERRORS,
)
_UNREADABLE: tuple[type[BaseException], ...] = (StoreError, *sqlite_driver.ERRORS)


class UpgradeError(StoreError):
    """An upgrade that did not happen, with the reason (a typed error of its own or words)."""

    def __init__(self, message: str, cause: BaseException, **params: Any) -> None:
        super().__init__(message, **params)
        self.cause = cause if isinstance(cause, CounterError) else None
        self.detail = "" if self.cause else (str(getattr(cause, "orig", cause)) or repr(cause))

    def render(self, translate: Translate = lambda m: m) -> str:
        text = super().render(translate)
        if self.cause is not None:
            return f"{text} {self.cause.render(translate)}"
        reason = translate(N_("Reason: {detail}")).format(detail=self.detail[:300])
        return f"{text} {reason}"


class BackupFailed(UpgradeError):
    def __init__(self, state: SchemaState, cause: BaseException) -> None:
        super().__init__(
            N_(
                "The upgrade to schema {new} starts with a verified backup, and the backup "
                "failed, so the upgrade did not start: the database is unchanged (schema {old})."
            ),
            cause,
            new=state.head,
            old=state.current,
        )


class UpgradeRolledBack(UpgradeError):
    def __init__(self, state: SchemaState, backup: Path, cause: BaseException) -> None:
        super().__init__(
            N_(
                "The upgrade to schema {new} failed and was undone: the database is as it was "
                "before (schema {old}), checked against the backup made before the upgrade "
                "({path}), which is kept. Nothing was lost."
            ),
            cause,
            new=state.head,
            old=state.current,
            path=str(backup),
        )


class UpgradeRestored(UpgradeError):
    def __init__(self, state: SchemaState, backup: Path, kept: Path, cause: BaseException) -> None:
        super().__init__(
            N_(
                "The upgrade to schema {new} failed; the database was restored from the backup "
                "made before it ({path}). Nothing was lost. The file the failed upgrade left is "
                "kept as {kept}."
            ),
            cause,
            new=state.head,
            path=str(backup),
            kept=str(kept),
        )


class UpgradeNotRestored(UpgradeError):
    def __init__(self, state: SchemaState, backup: Path, cause: BaseException) -> None:
        super().__init__(
            N_(
                "The upgrade to schema {new} failed and the database could not be put back as "
                "it was. The backup made before the upgrade is kept: {path}. Close every "
                "counter program, then run `counter-app db restore --from {path} --force`."
            ),
            cause,
            new=state.head,
            path=str(backup),
        )


def upgrade_with_backup(store: Store, state: SchemaState, backup_dir: Path) -> BackupResult | None:
    """Bring the database at ``store`` from ``state`` to the head; the backup made (None for a
    new, empty database, which has nothing to keep)."""
    if state.empty:
        upgrade_schema(store.engine)
        return None
    made: list[BackupResult] = []

    def backup(conn: Connection) -> None:
        now = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        if now != state.current:
            return  # another process upgraded it while this one waited for the lock
        try:
            made.append(
                backup_database(store.path, backup_dir, label=f"pre-upgrade-{state.current}")
            )
        except DatabaseDamaged:
            raise  # refused before anything was copied: its own message says what to do
        except StoreError as exc:
            raise BackupFailed(state, _backup_cause(exc, backup_dir)) from exc

    try:
        upgrade_schema(store.engine, before=backup)
    except BackupFailed:
        raise
    except Exception as exc:
        if not made:
            raise  # nothing was written yet (the lock refused, say): the caller's usual errors
        log.exception("the upgrade from %s to %s failed", state.current, state.head)
        raise _recover(store, state, made[0], exc) from exc
    return made[0] if made else None


def _backup_cause(exc: StoreError, backup_dir: Path) -> BaseException:
    orig = exc.__cause__
    if orig is not None and isinstance(store_failure(backup_dir / "backup", orig), DiskFull):
        return DiskFull(backup_dir / "backup")
    return exc


def _recover(store: Store, state: SchemaState, made: BackupResult, exc: Exception) -> UpgradeError:
    """After the rollback: the file left as it was, or the backup put back in its place."""
    store.dispose()
    db, backup = store.path, made.path
    cause: BaseException = exc
    if not is_damage(exc):
        cause = store_failure(db, exc) or exc
    try:
        expected = content_digest(backup)
    except _UNREADABLE:
        log.exception("the pre-upgrade backup %s cannot be read", backup)
        return UpgradeNotRestored(state, backup, cause)
    if _digest_if_whole(db, state.current, made.tables) == expected:
        return UpgradeRolledBack(state, backup, cause)
    try:
        kept = _put_back(db, backup, expected)
    except _NOT_PUT_BACK:
        log.exception("putting the pre-upgrade backup %s back failed", backup)
        return UpgradeNotRestored(state, backup, cause)
    return UpgradeRestored(state, backup, kept, cause)


def content_digest(path: Path) -> str:
    """SHA-256 of the schema and of every row of every table of the database at ``path``:
    two files with the same digest hold the same records."""
    conn = connect_file(path, readonly=True)
    try:
        digest = hashlib.sha256()
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        for row in schema:
            digest.update(repr(tuple(row)).encode())
        for kind, name, _tbl, sql in schema:
            if kind != "table" or name.startswith("sqlite_") or "VIRTUAL" in (sql or ""):
                continue
            digest.update(f"\n{name}\n".encode())
            for row in conn.execute(f'SELECT * FROM "{name}"'):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def _digest_if_whole(db: Path, revision: str | None, tables: dict[str, int]) -> str | None:
    """The file's content digest if it passes the integrity check, is at ``revision`` and has
    the row counts the backup had."""
    try:
        conn = connect_file(db)
        try:
            if run_check(conn, quick=False):
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()
        if row is None or row[0] != revision or counts != tables:
            return None
        return content_digest(db)
    except _UNREADABLE:
        return None


def _put_back(db: Path, backup: Path, expected: str) -> Path:
    """Copy ``backup`` over ``db`` (checked before it replaces anything) in one rename, so a
    killed process leaves one file or the other in place, never none; the file the upgrade left
    is kept (a hard link) beside it."""
    from counter_app.store.restore import in_use

    if in_use(db):
        raise _NotPutBack("another program has the database open")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    incoming = db.with_name(db.name + ".restoring")
    try:
        shutil.copyfile(backup, incoming)
        with incoming.open("rb+") as fh:
            os.fsync(fh.fileno())
        key_id = backup.with_name(backup.name + ".keyid")
        if key_id.exists():  # the copy opens with the backup's own key while it is checked
            shutil.copyfile(key_id, incoming.with_name(incoming.name + ".keyid"))
        if content_digest(incoming) != expected:
            raise _NotPutBack("the copy of the backup differs from the backup")
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    finally:
        incoming.with_name(incoming.name + ".keyid").unlink(missing_ok=True)
    kept = db.with_name(f"{db.name}.failed-upgrade-{stamp}")
    wal = db.with_name(db.name + "-wal")
    _merge_log(db)
    if wal.exists() and wal.stat().st_size > 0:
        # Not merged (a damaged file): it goes with the kept file before the swap, so it can
        # never be replayed onto the restored one.
        os.replace(wal, kept.with_name(kept.name + "-wal"))
    try:
        os.link(db, kept)
    except OSError:  # a file system without hard links
        shutil.copyfile(db, kept)
    os.replace(incoming, db)
    for suffix in ("-wal", "-shm", "-journal"):  # empty, or the old file's: not the new one's
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    fsync_dir(db.parent)
    clear_marker(db)  # a damage mark was about the file now kept aside
    return kept


def _merge_log(db: Path) -> None:
    """Checkpoint the write-ahead log into the file and empty it (best effort)."""
    try:
        conn = connect_file(db)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except _UNREADABLE:
        log.warning("the log of %s could not be merged before the backup was put back", db)
