"""Opening a database file safely: refuse foreign files, back up before migrating."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from counter_app.domain.errors import N_, StoreError
from counter_app.store.backup import BackupResult, backup_database
from counter_app.store.engine import Store, looks_like_sqlite
from counter_app.store.migrate import schema_state, upgrade_schema


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
        raise StoreError(N_("{path} is not a counter database (not SQLite)"), path=str(path))


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
    store = Store(path)
    try:
        state = schema_state(store.engine)
        backup = None
        upgraded_from = None
        if state.behind and upgrade:
            if not state.empty:
                backup = backup_database(path, backup_dir, label=f"pre-upgrade-{state.current}")
                upgraded_from = state.current
            upgrade_schema(store.engine)
        elif state.behind:
            raise StoreError(
                N_("The database schema is out of date; run `counter-app db upgrade`"),
            )
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        store.dispose()
        raise StoreError(
            N_("{path} cannot be read as a counter database: {detail}"),
            path=str(path),
            detail=str(getattr(exc, "orig", exc)),
        ) from exc
    except BaseException:
        store.dispose()
        raise
    return OpenResult(store=store, created=created, upgraded_from=upgraded_from, backup=backup)
