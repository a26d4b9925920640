"""The SQLite engine and the unit of work.

Pragmas are set on every new connection because SQLite forgets them per connection. Writes
start with ``BEGIN IMMEDIATE`` so that reading the audit chain's tip and appending to it happen
under the write lock, even with a second process (CLI next to the desktop app) on the same file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level; SQLAlchemy's "begin" event below issues BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.close()


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path | str) -> Engine:
    """Engine on a database file (created if missing); ``:memory:`` is refused on purpose."""
    engine = create_engine(
        f"sqlite+pysqlite:///{Path(path)}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty/missing file (a new database) or a file with SQLite's header."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


class Store:
    """Owns the engine of one database file and hands out units of work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One use case = one IMMEDIATE transaction; committed on success, rolled back on error."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
                yield session
                session.flush()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for queries; never writes."""
        with self.engine.connect() as conn, conn.begin(), Session(bind=conn) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
