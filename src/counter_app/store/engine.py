"""The SQLite engine and the unit of work.

Pragmas are set on every new connection because SQLite forgets them per connection. Writes
start with ``BEGIN IMMEDIATE`` so that reading the audit chain's tip and appending to it happen
under the write lock, even with a second process (CLI next to the desktop app) on the same file.

SQLite's failures that a person can act on are raised as typed errors, mapped once here for the
CLI and the desktop alike: the database busy (another program holds the write lock longer than
the busy timeout), the disk full, the file damaged (which also stops every later write, see
integrity.py). Each message says that nothing was saved, because the transaction rolled back.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, StoreError
from counter_app.store import audit_capture, sqlite_driver
from counter_app.store.integrity import (
    DatabaseDamaged,
    is_damage,
    mark_damaged,
    refuse_if_damaged,
)

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL = 5, 6, 10, 13


# What a unit of work turns into typed errors (store_failure decides which it is).
_FAILURES: tuple[type[BaseException], ...] = (DBAPIError, *sqlite_driver.ERRORS, OSError)


class DatabaseBusy(StoreError):
    """Another program kept the database locked for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "The database is busy: another program is writing to it (a long import or "
                "backup?). Nothing was saved. Wait a moment and try again."
            )
        )


class DiskFull(StoreError):
    """The disk holding the database (or its journal) has no room left."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            N_(
                "The disk holding {path} is full. Nothing was saved. Free some space on that "
                "disk (old files, the recycle bin) and try again."
            ),
            path=str(path.parent),
        )


def store_failure(path: Path, exc: BaseException) -> StoreError | None:
    """The typed error a SQLite failure means for a person, or None for a plain bug."""
    orig = getattr(exc, "orig", exc)
    if is_damage(orig):
        mark_damaged(path, str(orig))
        return DatabaseDamaged(path)
    if isinstance(orig, OSError) and orig.errno == errno.ENOSPC:
        return DiskFull(path)
    if not isinstance(orig, sqlite_driver.ERRORS):
        return None
    code = getattr(orig, "sqlite_errorcode", 0) & 0xFF
    message = str(orig).lower()
    if code == SQLITE_FULL or "disk is full" in message or "database or disk is full" in message:
        return DiskFull(path)
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in message:
        return DatabaseBusy()
    if code == SQLITE_IOERR and _nearly_full(path):
        # SQLite says "disk I/O error" when growing the -shm or -wal file fails for lack of
        # room; the free space on that disk tells a full disk from a failing one.
        return DiskFull(path)
    return None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def _on_connect(dbapi_conn: sqlite_driver.Connection, _record: Any) -> None:
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


def make_engine(path: Path | str, key: bytes | None = None) -> Engine:
    """Engine on a database file (created if missing); ``:memory:`` is refused on purpose.

    Every connection is made by sqlite_driver (SQLCipher) and keyed with ``key`` before its
    first statement; None opens a plain database."""
    target = Path(path)

    def _connect() -> Any:
        return sqlite_driver.connect(
            target, key=key, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    engine = create_engine(
        f"sqlite+pysqlite:///{target}", module=sqlite_driver.dbapi, creator=_connect
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    # After BEGIN (listeners run in order): which audited rows each transaction writes.
    audit_capture.install(engine)
    return engine


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty/missing file (a new database), a file with SQLite's header, or an
    encrypted one with its key's name beside it (SQLCipher's file is random from byte 0)."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as fh:
        if fh.read(16) == SQLITE_MAGIC:
            return True
    return path.with_name(path.name + ".keyid").exists()


class Store:
    """Owns the engine of one database file and hands out units of work."""

    def __init__(self, path: Path, key: bytes | None = None) -> None:
        if key is None and sqlite_driver.is_encrypted_file(path):
            # Unkeyed, SQLCipher's file reads as "not a database": damage, to the code below.
            from counter_app.store.keys import KeyMissing

            raise KeyMissing(path, N_("it was opened without its key"))
        self.path = path
        self.key = key
        self.engine = make_engine(path, key)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One use case = one IMMEDIATE transaction; committed on success, rolled back on error.

        Refused at once on a file marked damaged (by this or any earlier process)."""
        refuse_if_damaged(self.path)
        with self._typed_failures(), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
                yield session
                session.flush()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for queries; never writes."""
        with (
            self._typed_failures(),
            self.engine.connect() as conn,
            conn.begin(),
            Session(bind=conn) as session,
        ):
            yield session

    @contextmanager
    def _typed_failures(self) -> Iterator[None]:
        try:
            yield
        except _FAILURES as exc:
            typed = store_failure(self.path, exc)
            if typed is None:
                raise
            # The SQLite error (with the statement's parameters: citizen data) is not chained.
            raise typed from None

    def dispose(self) -> None:
        self.engine.dispose()
