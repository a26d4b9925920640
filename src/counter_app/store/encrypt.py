"""Converting a plain station database (or a plain backup) into an encrypted one, in place.

The copy is made beside the original (``<db>.encrypting``) with SQLCipher's
``sqlcipher_export`` while the original's write lock is held, verified (SQLite's
``integrity_check`` and SQLCipher's page HMACs, the same row count in every table, the same
audit chain tip), fsynced, and only then put in place by one atomic rename, after the key's
name was written durably beside it. A crash at any point therefore leaves one of two states:

- the plain original (perhaps with a stray ``.encrypting`` copy, removed by the next attempt,
  and a ``.keyid`` beside it, which ``keys.key_for`` ignores for a file with SQLite's plain
  header); or
- the encrypted file with its key's name beside it and its key in the credential store.

A failure (a full disk, a copy that does not verify) removes the copy and leaves the original
untouched.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.store import sqlite_driver
from counter_app.store.keys import DatabaseKey, key_id_path, write_key_id
from counter_app.store.restore import in_use
from counter_protocol.durable import fsync_dir

SUFFIX = ".encrypting"
_COMPANIONS = ("-journal", "-wal", "-shm")


class AlreadyEncrypted(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            N_("The database {path} is already encrypted; nothing was changed."), path=str(path)
        )


class EncryptionFailed(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            N_(
                "Encrypting {path} stopped ({detail}). The unencrypted database is unchanged and "
                "still in use; the partial copy was removed."
            ),
            path=str(path),
            detail=detail,
        )


class DiskFullWhileEncrypting(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            N_(
                "The disk holding {path} is full: encrypting needs room for a second copy of the "
                "database. The unencrypted database is unchanged and still in use; the partial "
                "copy was removed. Free some space and run `counter-app db encrypt` again."
            ),
            path=str(path.parent),
        )


class InUse(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            N_(
                "Another program has the database {path} open (the desktop app or a command). "
                "Close it, then encrypt; nothing was changed."
            ),
            path=str(path),
        )


@dataclass(frozen=True)
class Converted:
    path: Path
    tables: int
    rows: int
    audit_tip: int | None


def temp_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def remove_stray(path: Path) -> None:
    """A copy left by an attempt that was killed before its rename."""
    temp = temp_path(path)
    for item in (temp, *(temp.with_name(temp.name + s) for s in _COMPANIONS)):
        item.unlink(missing_ok=True)


def _is_plain(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == sqlite_driver.SQLITE_MAGIC
    except OSError:
        return False


def _counts(conn: sqlite_driver.Connection, schema: str) -> dict[str, int]:
    names = [
        str(r[0])
        for r in conn.execute(
            # Stored tables only: a virtual table's rows are in its shadow tables, counted here
            # (the copy's virtual tables are known only once it is opened on its own).
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0 "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _audit_tip(conn: sqlite_driver.Connection, schema: str) -> tuple[int, str] | None:
    try:
        row = conn.execute(
            f"SELECT id, hash FROM {schema}.audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    except sqlite_driver.OPERATIONAL_ERRORS:
        return None  # a database without an audit log (a foreign file would fail earlier)
    return None if row is None else (int(row[0]), str(row[1]))


def _problems(conn: sqlite_driver.Connection, pragma: str) -> list[str]:
    found = [str(r[0]) for r in conn.execute(pragma)]
    return [f for f in found if f != "ok"]


def _export(source: Path, temp: Path, key: DatabaseKey) -> Converted:
    """The verified encrypted copy of ``source`` at ``temp`` (fsynced), made under the
    source's write lock so that no write can land between the copy and its checks."""
    conn = sqlite_driver.connect(source, key=None, isolation_level=None, timeout=10.0)
    try:
        conn.execute(
            f"ATTACH DATABASE ? AS enc KEY {sqlite_driver.key_literal(key.secret)}", (str(temp),)
        )
        conn.execute("BEGIN IMMEDIATE")
        try:
            expected = _counts(conn, "main")
            tip = _audit_tip(conn, "main")
            conn.execute("SELECT sqlcipher_export('enc')")
            version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute(f"PRAGMA enc.user_version = {version}")
            got = _counts(conn, "enc")
            if got != expected:
                differ = sorted(
                    n for n in expected.keys() | got.keys() if expected.get(n) != got.get(n)
                )
                raise EncryptionFailed(source, "copy check: row counts of " + ", ".join(differ[:5]))
            if _audit_tip(conn, "enc") != tip:
                raise EncryptionFailed(source, "copy check: audit_log's last row")
            faults = _problems(conn, "PRAGMA enc.integrity_check")
            if faults:
                raise EncryptionFailed(source, "copy check: " + "; ".join(faults[:3]))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    # Read back from the disk with the key alone: every page's HMAC, then fsync the file.
    check = sqlite_driver.connect(temp, key=key.secret, isolation_level=None)
    try:
        faults = _problems(check, "PRAGMA cipher_integrity_check")
        if faults:
            raise EncryptionFailed(source, "copy check: " + "; ".join(faults[:3]))
    finally:
        check.close()
    fd = os.open(temp, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    rows = sum(expected.values())
    return Converted(source, len(expected), rows, tip[0] if tip else None)


def _full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG):
        return True
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code == 13 or "disk is full" in str(exc).lower()  # SQLITE_FULL


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def encrypt_file(path: Path, key: DatabaseKey) -> Converted:
    """Encrypt the plain SQLite file at ``path`` in place with ``key`` (see the module)."""
    if not _is_plain(path):
        if path.exists() and path.stat().st_size > 0:
            raise AlreadyEncrypted(path)
        raise StoreError(N_("{path} is not a counter database (not SQLite)"), path=str(path))
    if in_use(path):
        raise InUse(path)
    remove_stray(path)
    temp = temp_path(path)
    wrote_key_id = False
    try:
        converted = _export(path, temp, key)
        stamp = _stamp(path)
        wal = path.with_name(path.name + "-wal")
        # The plain file's WAL was folded into it when the last connection closed; a WAL or a
        # change now means another program opened it after the check above.
        if in_use(path) or (wal.exists() and wal.stat().st_size > 0):
            raise InUse(path)
        write_key_id(path, key.key_id)
        wrote_key_id = True
        if _stamp(path) != stamp or in_use(path):
            raise InUse(path)
        path.with_name(path.name + "-shm").unlink(missing_ok=True)
        wal.unlink(missing_ok=True)
        os.replace(temp, path)
    except BaseException as exc:
        remove_stray(path)
        if wrote_key_id and _is_plain(path):
            key_id_path(path).unlink(missing_ok=True)
        if isinstance(exc, StoreError):
            raise
        if _full(exc):
            raise DiskFullWhileEncrypting(path) from None
        if isinstance(exc, (*sqlite_driver.ERRORS, OSError)):
            raise EncryptionFailed(path, str(exc)[:200]) from None
        raise
    fsync_dir(path.parent)
    if os.name == "posix":
        path.chmod(0o600)
    return converted


def plain_backups(backup_dir: Path) -> list[Path]:
    if not backup_dir.is_dir():
        return []
    return sorted(p for p in backup_dir.glob("*.sqlite3") if _is_plain(p))


def encrypt_backups(backup_dir: Path, key: DatabaseKey) -> list[Path]:
    """Each plain backup replaced by an encrypted, verified copy (the same key and key name
    as the station's database, as new backups are made: store/backup.py)."""
    done = []
    for item in plain_backups(backup_dir):
        encrypt_file(item, key)
        done.append(item)
    return done
