"""The station database's key: made at setup, kept in the OS credential store, never on disk.

Beside the database lies only the key's name (``counter.sqlite3.keyid``: a random id, no
secret); the 32 random bytes are in the OS keyring (Windows Credential Manager, the Secret
Service on Linux) under that name. A stolen disk therefore holds ciphertext and a name. The
same key opens the station's backups (each has its own ``.keyid`` beside it) and, through a
derived key, its files (scans, answers: store/filecrypt.py).

A missing or unreadable key is a clear error that changes nothing: nothing is ever written to
a database whose key could not be read, and a key is never replaced once stored.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.store.sqlite_driver import SQLITE_MAGIC, Connection, connect, is_encrypted_file

KEYRING_SERVICE = "citizen-service-counter/database-key"
KEY_BYTES = 32
FILE_KEY_INFO = b"citizen-service-counter files v1"


class KeyMissing(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            N_(
                "The database {path} is encrypted and its key is not available on this computer "
                "({reason}). Nothing was changed. Import the key kept for this station with "
                "`counter-app db key import`."
            ),
            path=str(path),
            reason=reason,
        )


class KeyStoreUnavailable(StoreError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            N_(
                "This computer's credential store cannot keep the database key ({detail}). "
                "Nothing was changed."
            ),
            detail=detail,
        )


@dataclass(frozen=True)
class DatabaseKey:
    key_id: str
    secret: bytes

    def file_key(self) -> bytes:
        return derive_file_key(self.secret)


def derive_file_key(secret: bytes) -> bytes:
    """The key the station's files are encrypted with, derived (HKDF-SHA256) so that a key
    leaked from the file format's use does not also open the database."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=FILE_KEY_INFO).derive(secret)


def key_id_path(db: Path) -> Path:
    return db.with_name(db.name + ".keyid")


def read_key_id(db: Path) -> str | None:
    try:
        raw = json.loads(key_id_path(db).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return ""
    key_id = raw.get("key_id") if isinstance(raw, dict) else None
    return key_id if isinstance(key_id, str) and key_id else ""


def _plain(db: Path) -> bool:
    try:
        with db.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def write_key_id(db: Path, key_id: str) -> None:
    from counter_protocol.durable import write_durably

    write_durably(key_id_path(db), json.dumps({"key_id": key_id}).encode("utf-8"))


def mark_exported(db: Path, at: str) -> None:
    """Remember beside the file when its key was last exported for safekeeping (a date, no
    secret): `status` reminds an admin whose key exists only in this PC's credential store."""
    from counter_protocol.durable import write_durably

    key_id = read_key_id(db)
    if not key_id:
        return
    body = {"key_id": key_id, "exported_at": at}
    write_durably(key_id_path(db), json.dumps(body).encode("utf-8"))


def exported_at(db: Path) -> str | None:
    try:
        raw = json.loads(key_id_path(db).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    at = raw.get("exported_at") if isinstance(raw, dict) else None
    return at if isinstance(at, str) else None


def _keyring_get(key_id: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, key_id)
    except (KeyringError, RuntimeError, OSError) as exc:
        raise KeyStoreUnavailable(type(exc).__name__) from None


def load_key(key_id: str, *, db: Path) -> DatabaseKey:
    stored = _keyring_get(key_id)
    if stored is None:
        raise KeyMissing(db, N_("no key of that name in the credential store"))
    try:
        secret = bytes.fromhex(stored)
    except ValueError:
        raise KeyMissing(db, N_("the stored key is not readable")) from None
    if len(secret) != KEY_BYTES:
        raise KeyMissing(db, N_("the stored key is not readable"))
    return DatabaseKey(key_id, secret)


def key_for(db: Path) -> DatabaseKey | None:
    """The key of the database at ``db``: None for a plain database (SQLite's header, whatever
    lies beside it: a conversion interrupted before its rename), the key named beside it for an
    encrypted or a not yet created one."""
    if _plain(db):
        return None
    key_id = read_key_id(db)
    if key_id is None:
        if is_encrypted_file(db):
            raise KeyMissing(db, N_("the key's name file beside it is missing"))
        return None
    if key_id == "":
        raise KeyMissing(db, N_("the key's name file beside it is damaged"))
    return load_key(key_id, db=db)


def store_new_key(secret: bytes | None = None) -> DatabaseKey:
    """A new key, kept in the credential store and read back before anyone relies on it."""
    import keyring
    from keyring.errors import KeyringError

    key = DatabaseKey(secrets.token_hex(16), secret or os.urandom(KEY_BYTES))
    try:
        keyring.set_password(KEYRING_SERVICE, key.key_id, key.secret.hex())
    except (KeyringError, RuntimeError, OSError) as exc:
        raise KeyStoreUnavailable(type(exc).__name__) from None
    if _keyring_get(key.key_id) != key.secret.hex():
        raise KeyStoreUnavailable(N_("the key could not be read back"))
    return key


def secret_for(db: Path) -> bytes | None:
    key = key_for(db)
    return key.secret if key is not None else None


def connect_file(
    db: Path, *, readonly: bool = False, isolation_level: str | None = None, timeout: float = 10.0
) -> Connection:
    """A raw connection to a station database or backup, keyed with its own key (if any)."""
    return connect(
        db,
        key=secret_for(db),
        readonly=readonly,
        isolation_level=isolation_level,
        timeout=timeout,
    )
