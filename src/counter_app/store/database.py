"""Opening a database file safely: refuse foreign files, notice damage, back up before migrating.

A file small enough gets SQLite's ``quick_check`` at every open (see integrity.py for the size
and its measured cost); damage found marks the file so that nothing more is written into it.
The database and its -wal/-shm are made readable by their owner only (they hold citizen data).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from counter_app.domain.errors import N_, StoreError
from counter_app.store import sqlite_driver
from counter_app.store.backup import BackupResult
from counter_app.store.engine import Store, looks_like_sqlite, store_failure
from counter_app.store.integrity import (
    QUICK_CHECK_MAX_BYTES,
    mark_damaged,
    marker_path,
    run_check,
)
from counter_app.store.keys import KeyMissing, secret_for
from counter_app.store.migrate import schema_state
from counter_app.store.upgrade import upgrade_with_backup

_UNREADABLE: tuple[type[BaseException], ...] = (DatabaseError, *sqlite_driver.DATABASE_ERRORS)


@dataclass(frozen=True)
class OpenResult:
    store: Store
    created: bool
    upgraded_from: str | None
    backup: BackupResult | None


def _refuse_foreign(path: Path) -> None:
    if path.is_dir():
        raise StoreError(N_("{path} is a folder, not a database file"), path=str(path))
    if not looks_like_sqlite(path):
        if _whole_pages(path):  # an encrypted database whose key's name was lost, likely
            raise KeyMissing(path, N_("the key's name file beside it is missing"))
        raise StoreError(N_("{path} is not a counter database (not SQLite)"), path=str(path))


def _whole_pages(path: Path) -> bool:
    size = path.stat().st_size
    return size >= 4096 and size % 4096 == 0


def make_private(path: Path) -> None:
    """Owner-only modes for the database and its companions (POSIX; a no-op on Windows, where
    the per-user profile folder already keeps other users out)."""
    if os.name != "posix":
        return
    for item in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            if item.exists() and item.stat().st_mode & 0o077:
                item.chmod(0o600)
        except OSError:
            pass  # not ours to change (another owner): opening still works, nothing to fix here


def _quick_check(store: Store, path: Path) -> None:
    """``quick_check`` on a small file; damage found is marked."""
    if marker_path(path).exists() or path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        return
    raw = store.engine.raw_connection()
    try:
        faults = run_check(raw.driver_connection, quick=True)
    finally:
        raw.close()
    if faults:  # reads go on (a citizen's request can still be looked up); writes are refused
        mark_damaged(path, "; ".join(faults[:5]))


def open_database(path: Path, *, backup_dir: Path, upgrade: bool = True) -> OpenResult:
    """Open (and if needed create or upgrade) the database at ``path``.

    An existing database that is behind is backed up first; a failed backup stops the upgrade.
    """
    _refuse_foreign(path)
    created = not path.exists() or path.stat().st_size == 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            N_("Cannot create the data folder {path}: {detail}"),
            path=str(path.parent),
            detail=exc.strerror or str(exc),
        ) from exc
    # Before anything is opened: a missing or wrong key is an error that changes nothing.
    store = Store(path, secret_for(path))
    try:
        if not created:
            _quick_check(store, path)
        state = schema_state(store.engine)
        backup = None
        upgraded_from = None
        if state.behind and upgrade:
            backup = upgrade_with_backup(store, state, backup_dir)  # old or new, never half
            upgraded_from = state.current
        elif state.behind:
            raise StoreError(
                N_("The database schema is out of date; run `counter-app db upgrade`"),
            )
    except _UNREADABLE as exc:
        store.dispose()
        typed = store_failure(path, exc)
        if typed is not None:
            raise typed from None
        raise StoreError(
            N_("{path} cannot be read as a counter database: {detail}"),
            path=str(path),
            detail=str(getattr(exc, "orig", exc)),
        ) from exc
    except BaseException:
        store.dispose()
        raise
    make_private(path)
    return OpenResult(store=store, created=created, upgraded_from=upgraded_from, backup=backup)
