"""HQ's signature on the status steps it makes, so a station can return them after a restore.

A station that pulled an HQ step holds it; when HQ is restored from a backup that predates the
step, the station sends it back (push kind ``hq.event``) and HQ takes it as its own only when
HQ's signature verifies: a station cannot forge an HQ decision. The signature is HMAC-SHA256
with a secret kept in a file beside the database, never in it (``Settings.signing_key_file``,
created at first use, owner-only): a database restored from a backup still verifies every
step signed since the key was made. Losing the file only means steps signed with it cannot be
returned; a new key is made and used from then on.

What is signed is what the station keeps of the step (its request, status, time, actor and
reason), so the station returns it from its own columns; the time is written in UTC with
microseconds on both sides.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter_hq.errors import Invalid
from counter_protocol.durable import TEMP_PREFIX, fsync_dir

KEY_BYTES = 32
KEY_FILE = "hq-signing.key"  # in HQ's data folder, beside (never inside) the database
_CONTEXT = "counter-hq status step v1"


def step_message(
    *,
    event_uuid: str,
    request_uuid: str,
    status: str,
    at: dt.datetime,
    actor: str,
    reason: str | None,
) -> bytes:
    """The bytes HQ signs for one status step (the same on issue and on return)."""
    if at.tzinfo is None:
        raise ValueError("a step's time must carry its offset")
    body = {
        "ctx": _CONTEXT,
        "uuid": event_uuid,
        "request_uuid": request_uuid,
        "status": status,
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        # As the station keeps them (it strips what it pulls): it returns them from its columns.
        "actor": actor.strip(),
        "reason": reason.strip() if reason else None,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Signer:
    key: bytes

    def sign(self, message: bytes) -> str:
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def verify(self, message: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature.lower())


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


@functools.lru_cache(maxsize=4)
def signer_for(data_dir: Path) -> Signer:
    """HQ's signer, read once per process (the key never changes while HQ runs)."""
    return load_signer(key_path(data_dir))


def load_signer(path: Path) -> Signer:
    """The key in ``path``, made (random, owner-only) when the file does not exist yet."""
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        _make_key(path)
        text = path.read_text("ascii").strip()
    except OSError as exc:
        raise Invalid(f"cannot read HQ's signing key {path}: {exc.strerror or exc}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise Invalid(f"HQ's signing key {path} is not a key (hex, at least 16 bytes)")
    return Signer(key)


def _make_key(path: Path) -> None:
    """A new key, written whole (mkstemp: owner-only) and linked into place only if no other
    process made one meanwhile: every process ends up with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES).hex().encode("ascii") + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    fsync_dir(path.parent)
