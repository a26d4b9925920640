"""The one SQLite driver of the counter: SQLCipher (sqlcipher3), keyed or plain.

Every connection the counter opens to its station database (the engine, the login's glance,
backups, restores, checks) goes through ``connect``, so an encrypted database and a plain one
(made before encryption, or by a station set up without a credential store) are opened the same
way and the same SQLite version (the one SQLCipher bundles) reads both. The key is a raw 256-bit
key (``x'..'``): SQLCipher then skips its password derivation, which would cost every new
connection about 100 ms.

sqlcipher3 has its own exception classes, not sqlite3's: code that catches driver errors uses
``ERRORS``/``DATABASE_ERRORS`` (both families), so a stdlib connection (the HQ's embedded
default, a test's raw edit) is still understood.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as cipher  # type: ignore[import-untyped]

from counter_app.domain.errors import N_, StoreError

# What ``except`` clauses catch: the errors of either driver family.
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, cipher.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, cipher.DatabaseError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError,
    cipher.OperationalError,
)
CONNECTIONS: tuple[type[Any], ...] = (sqlite3.Connection, cipher.Connection)
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_NOTADB = 26
HMAC = "HMAC_SHA256"

# The DB-API module handed to SQLAlchemy (``create_engine(module=...)``) so that it wraps
# SQLCipher's exceptions like sqlite3's.
dbapi: Any = cipher
Connection = Any  # sqlcipher3 ships no type information


class WrongKey(StoreError):
    """The key found does not open the file (another station's key, or page 1 is damaged)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            N_(
                "The database {path} cannot be opened with the key kept for it on this computer "
                "(a key of another station, or the file's first page is damaged). Nothing was "
                "changed. Restore the right key with `counter-app db key import`, or restore a "
                "backup with `counter-app db restore`."
            ),
            path=str(path),
        )


def is_encrypted_file(path: Path) -> bool:
    """A file that exists, is not empty and does not start with SQLite's plain header.

    An encrypted SQLCipher file is random from its first byte; a new (missing or empty) file is
    neither: what it becomes is decided when it is created."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except (FileNotFoundError, IsADirectoryError):
        return False
    return len(head) > 0 and head != SQLITE_MAGIC


def key_literal(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("a database key is 32 bytes")
    return f"\"x'{key.hex()}'\""


def apply_key(conn: Connection, key: bytes | None) -> None:
    """Key a fresh connection before its first statement (SQLCipher's rule)."""
    # SQLCipher writes its own complaints (a wrong key's HMAC failures) to stderr otherwise.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # HMAC-SHA256 instead of SQLCipher's SHA-512: with the CPU's SHA extensions a page's HMAC
    # costs about half (the daily backup of 1M requests re-authenticates 5 GB). Set as the
    # library's default too, on every connection (a plain one included), so that a database
    # attached with a KEY (db encrypt's sqlcipher_export from the plain file) is written the
    # same way. Part of the file format from issue 17 on.
    conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {HMAC}")
    if key is not None:
        conn.execute(f"PRAGMA key = {key_literal(key)}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {HMAC}")


def connect(
    path: Path | str,
    *,
    key: bytes | None,
    readonly: bool = False,
    uri: bool = False,
    timeout: float = 10.0,
    isolation_level: str | None = None,
    check_same_thread: bool = True,
    verify: bool = True,
) -> Connection:
    """A connection to ``path`` keyed with ``key`` (None: a plain database).

    ``verify`` reads page 1 at once, so a wrong key is told apart here (``WrongKey``) instead
    of surfacing later as "file is not a database", which would read as damage. ``readonly``
    opens with ``mode=ro`` (never creates the file)."""
    target = Path(path) if not uri else Path(str(path).split("?")[0].removeprefix("file://"))
    if readonly:
        conn = cipher.connect(
            f"{target.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=timeout,
            isolation_level=isolation_level,
            check_same_thread=check_same_thread,
        )
    else:
        conn = cipher.connect(
            str(path) if uri else str(target),
            uri=uri,
            timeout=timeout,
            isolation_level=isolation_level,
            check_same_thread=check_same_thread,
        )
    try:
        apply_key(conn, key)
        if verify and key is not None:
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except cipher.DatabaseError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == SQLITE_NOTADB:
                    raise WrongKey(target) from None
                raise
    except BaseException:
        conn.close()
        raise
    return conn
