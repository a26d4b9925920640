"""A look at a database file with the sqlite3 module alone: what start-up and `status` read.

Importing SQLAlchemy and the models costs about 0.4 s of CPU on a counter PC, more than the whole
budget of the login window's first paint (0.6 s) or of `counter-app status` (0.3 s). What the
login window must know before it shows (the file is a database at this program's schema and
not marked damaged; the station's name and number; the language setting) and what `status`
prints are a few SELECTs, read here on a plain connection that never writes (``query_only``).

Anything unusual (no file yet, an empty one, a schema behind or ahead of this program, a file
SQLite cannot read) gives ``None``: the caller then takes the full way through
``store.database.open_database``, which creates, upgrades, backs up or says what is wrong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import StoreError as StoreErrorBase
from counter_app.domain.status import OPEN_STATUSES
from counter_app.store import sqlite_driver
from counter_app.store.integrity import Damage, read_marker
from counter_app.store.migrate import head_revision

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000  # as store/engine.py
_UNOPENABLE: tuple[type[BaseException], ...] = (*sqlite_driver.ERRORS, StoreErrorBase)
_OPEN = tuple(sorted(s.value for s in OPEN_STATUSES))


@dataclass(frozen=True)
class StationRow:
    center_code: str
    center_name: str
    station_no: int
    retired_reason: str | None


@dataclass(frozen=True)
class Glance:
    """A database at this program's head revision."""

    revision: str
    station: StationRow | None  # None: not set up
    damaged: Damage | None  # the marker beside the file: reads go on, writes are refused


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite_driver.Connection | None]:
    """A read-only use of an existing database file, plain or encrypted (its key from the
    credential store); None when there is no such file (missing, empty, not a database), its
    key is not at hand, or SQLite cannot open it. Never creates the file."""
    try:
        with path.open("rb") as fh:
            plain = fh.read(16) == SQLITE_MAGIC
    except OSError:
        yield None
        return
    secret: bytes | None = None
    if not plain:
        from counter_app.domain.errors import StoreError
        from counter_app.store.keys import key_id_path, secret_for

        if not key_id_path(path).exists():
            yield None
            return
        try:
            secret = secret_for(path)
        except StoreError:  # the full way says what is wrong with the key
            yield None
            return
    try:
        # mode=rw: an existing file only (a missing one would be created by a plain connect).
        conn = sqlite_driver.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            key=secret,
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
    except _UNOPENABLE:
        yield None
        return
    try:
        conn.execute("PRAGMA query_only = ON")
        yield conn
    finally:
        conn.close()


def revision(conn: sqlite_driver.Connection) -> str | None:
    """The schema's alembic revision; None for a database without one (new or foreign)."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite_driver.ERRORS:
        return None
    return str(row[0]) if row else None


def station(conn: sqlite_driver.Connection) -> StationRow | None:
    row = conn.execute(
        "SELECT center_code, center_name, station_no, retired_reason FROM station WHERE id = 1"
    ).fetchone()
    return None if row is None else StationRow(str(row[0]), str(row[1]), int(row[2]), row[3])


def raw_settings(conn: sqlite_driver.Connection) -> dict[str, str]:
    """Stored settings as their JSON text (services/settings.py declares names and defaults)."""
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM settings")}


def glance(path: Path) -> tuple[Glance, dict[str, str]] | None:
    """The file at this program's schema, its station and stored settings; None when the full
    open must run first (see the module's docstring)."""
    try:
        with reading(path) as conn:
            if conn is None or revision(conn) != head_revision():
                return None
            conn.execute("BEGIN")  # one snapshot for both reads
            found = Glance(head_revision(), station(conn), read_marker(path))
            settings = raw_settings(conn)
            conn.execute("COMMIT")
            return found, settings
    except sqlite_driver.ERRORS:
        return None


@dataclass(frozen=True)
class Counts:
    """What `counter-app status` counts (services/overview.py reads the same through the ORM
    for the settings screen; tests/cli/test_status_glance.py holds the two together)."""

    catalog_version: str | None
    users: int
    requests: int
    open_requests: int
    outbox_pending: int
    oldest_pending: dt.datetime | None
    hq_audit_flag: str | None


def counts(conn: sqlite_driver.Connection) -> Counts:
    conn.execute("BEGIN")
    try:
        catalog = conn.execute("SELECT version FROM catalog_versions WHERE active").fetchone()
        users = conn.execute("SELECT count(id) FROM users").fetchone()[0]
        requests = conn.execute("SELECT count(id) FROM requests").fetchone()[0]
        marks = ", ".join("?" for _ in _OPEN)
        open_requests = conn.execute(
            f"SELECT count(id) FROM requests WHERE status IN ({marks})", _OPEN
        ).fetchone()[0]
        pending, oldest = conn.execute(
            "SELECT count(id), min(created_at) FROM outbox WHERE state = 'pending'"
        ).fetchone()
        sync = conn.execute("SELECT hq_audit_flag FROM sync_state WHERE id = 1").fetchone()
    finally:
        conn.execute("COMMIT")
    return Counts(
        catalog_version=catalog[0] if catalog else None,
        users=int(users),
        requests=int(requests),
        open_requests=int(open_requests),
        outbox_pending=int(pending),
        oldest_pending=(
            dt.datetime.fromisoformat(oldest).replace(tzinfo=dt.UTC) if oldest else None
        ),
        hq_audit_flag=sync[0] if sync else None,
    )
