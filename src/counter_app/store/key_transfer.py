"""The database key carried to another computer: a replaced PC, a restore elsewhere.

The export is the only time the secret leaves the credential store: a small JSON file, the
owner's alone (mode 0600, never over an existing file), meant for a USB stick in a safe. The
import keeps it in this computer's store only after it opened the database: a key that does
not open it (another station's, a mistyped file) stores nothing, and a different key already
stored under the same name is never replaced.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError, ValidationError
from counter_app.store import keys, sqlite_driver

FORMAT = "citizen-service-counter/database-key/1"


@dataclass(frozen=True)
class KeyFile:
    key: keys.DatabaseKey
    station: str


class NotEncrypted(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            N_("The database {path} is not encrypted: it has no key. Nothing was written."),
            path=str(path),
        )


def export_key(db: Path, out: Path, *, station: str) -> keys.DatabaseKey:
    if not sqlite_driver.is_encrypted_file(db):
        raise NotEncrypted(db)
    key = keys.key_for(db)
    if key is None:  # pragma: no cover - is_encrypted_file said otherwise
        raise NotEncrypted(db)
    body = {
        "format": FORMAT,
        "station": station,
        "key_id": key.key_id,
        "secret": key.secret.hex(),
        "note": "Keep this file offline (a USB stick in a safe): with it, the station's "
        "database, backups and scans can be read.",
    }
    data = (json.dumps(body, indent=2) + "\n").encode("utf-8")
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValidationError(
            N_("{path} already exists; nothing was written (choose a new file name)"),
            field="out",
            path=str(out),
        ) from None
    except OSError as exc:
        raise ValidationError(
            N_("Cannot write {path}: {detail}"), field="out", path=str(out), detail=exc.strerror
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        out.unlink(missing_ok=True)
        raise ValidationError(
            N_("Cannot write {path}: {detail}"), field="out", path=str(out), detail=exc.strerror
        ) from None
    return key


def read_key_file(path: Path) -> KeyFile:
    bad = ValidationError(
        N_("{path} is not a database key exported by `counter-app db key export`"),
        field="file",
        path=str(path),
    )
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise ValidationError(N_("No such file: {path}"), field="file", path=str(path)) from None
    except (OSError, ValueError):
        raise bad from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise bad
    key_id, secret = raw.get("key_id"), raw.get("secret")
    if not isinstance(key_id, str) or not key_id or not isinstance(secret, str):
        raise bad
    try:
        raw_secret = bytes.fromhex(secret)
    except ValueError:
        raise bad from None
    if len(raw_secret) != keys.KEY_BYTES:
        raise bad
    return KeyFile(keys.DatabaseKey(key_id, raw_secret), str(raw.get("station", "")))


def import_key(db: Path, path: Path) -> KeyFile:
    """Keep the key in ``path`` for the database ``db`` once it has opened it."""
    found = read_key_file(path)
    if not sqlite_driver.is_encrypted_file(db):
        raise NotEncrypted(db)
    # WrongKey when it does not open the file: raised before anything is stored.
    sqlite_driver.connect(db, key=found.key.secret, readonly=True).close()
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(keys.KEYRING_SERVICE, found.key.key_id)
        if stored is not None and stored != found.key.secret.hex():
            raise StoreError(
                N_(
                    "This computer already keeps another key named {key_id}; it is never "
                    "replaced. Nothing was changed."
                ),
                key_id=found.key.key_id,
            )
        if stored is None:
            keyring.set_password(keys.KEYRING_SERVICE, found.key.key_id, found.key.secret.hex())
    except (KeyringError, RuntimeError, OSError) as exc:
        raise keys.KeyStoreUnavailable(type(exc).__name__) from None
    if keys.load_key(found.key.key_id, db=db) != found.key:
        raise keys.KeyStoreUnavailable(N_("the key could not be read back"))
    if keys.read_key_id(db) != found.key.key_id:
        keys.write_key_id(db, found.key.key_id)
    return found
