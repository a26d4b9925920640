"""The station's files under its data folder (scans, answers' files): the one place that
writes and reads them.

A file is content-addressed: ``<data>/blobs/ab/cd/<sha256 of the plain bytes>``. On an
encrypted station (its database has a key) a file is written sealed (store/filecrypt.py) with
a key derived from the database's; on a plain station it is written as it is. Reading takes
either form, so a station being converted (``db encrypt`` seals the files after the database:
``encrypt_existing``) keeps working, and every read is checked against the name: a damaged
file is an error, never bytes handed on.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.services.context import AppContext
from counter_app.store import filecrypt
from counter_app.store.filecrypt import DAMAGED, WRONG_KEY, SealedFileUnreadable, is_sealed, seal
from counter_app.store.keys import derive_file_key
from counter_protocol.durable import TEMP_PREFIX, fsync_dir, write_durably

BLOBS = "blobs"
_NAME = re.compile(r"[0-9a-f]{64}")
_HEAD = 8
STALE_SECONDS = 3600  # a temporary file this old is no write in progress


class BlobMissing(StoreError):
    def __init__(self, sha256: str) -> None:
        super().__init__(N_("The stored file {name} is missing"), name=sha256)


def blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / BLOBS / sha256[:2] / sha256[2:4] / sha256


def sealed_size(size: int, chunk: int = filecrypt.CHUNK) -> int:
    """The size of ``size`` plain bytes once sealed (what an intact sealed copy measures)."""
    return filecrypt.HEADER + size + filecrypt.TAG * max(1, -(-size // chunk))


def store_blob(data_dir: Path, data: bytes, key: bytes | None = None) -> tuple[str, Path]:
    """Write ``data`` under its SHA-256 (sealed with ``key`` if given) unless an intact copy
    in that form is already there; a plain copy is replaced by a sealed one."""
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(data_dir, sha)
    want = len(data) if key is None else sealed_size(len(data))
    try:
        with target.open("rb") as fh:
            sealed_now = is_sealed(fh.read(_HEAD))
        if target.stat().st_size == want and sealed_now == (key is not None):
            return sha, target
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    write_durably(target, data if key is None else seal(data, key, sha))
    return sha, target


def file_key(ctx: AppContext) -> bytes | None:
    """The key the station's files are sealed with; None on a plain station. Derived once per
    context (and again only if the database's key changed: ``db encrypt``)."""
    secret = ctx.store.key
    if secret is None:
        return None
    if ctx._file_key is None or ctx._file_key[0] != secret:
        ctx._file_key = (secret, derive_file_key(secret))
    return ctx._file_key[1]


def put_blob(ctx: AppContext, data: bytes) -> str:
    """Keep ``data`` (sealed on an encrypted station); its SHA-256, the name it is read by."""
    sha, _ = store_blob(ctx.paths.data_dir, data, file_key(ctx))
    return sha


def decode(raw: bytes, key: bytes | None, sha256: str) -> bytes:
    """The plain bytes of a stored file's content ``raw``, checked against its name."""
    if is_sealed(raw):
        if key is None:
            raise SealedFileUnreadable(WRONG_KEY, sha256)
        data = filecrypt.open_sealed(raw, key, sha256)
    else:
        data = raw  # a plain file: a plain station's, or one not converted yet
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SealedFileUnreadable(DAMAGED, sha256)
    return data


def read_blob(ctx: AppContext, sha256: str) -> bytes:
    """The plain bytes of the file named ``sha256``; BlobMissing or SealedFileUnreadable."""
    try:
        raw = blob_path(ctx.paths.data_dir, sha256).read_bytes()
    except FileNotFoundError:
        raise BlobMissing(sha256) from None
    except OSError:
        raise SealedFileUnreadable(DAMAGED, sha256) from None
    return decode(raw, file_key(ctx), sha256)


def blob_exists(ctx: AppContext, sha256: str) -> bool:
    return blob_path(ctx.paths.data_dir, sha256).is_file()


def upload_source(ctx: AppContext, sha256: str) -> Path | bytes:
    """What sync sends to HQ for ``sha256``: always the plain bytes. A plain file is sent from
    its path (streamed, checked by the uploader); a sealed one is opened and checked here."""
    path = blob_path(ctx.paths.data_dir, sha256)
    try:
        with path.open("rb") as fh:
            sealed_file = is_sealed(fh.read(_HEAD))
    except OSError:
        return path  # missing: the uploader says so in its own words
    return read_blob(ctx, sha256) if sealed_file else path


@dataclass
class EncryptCounts:
    sealed: int = 0  # plain files sealed now
    already: int = 0  # found sealed
    damaged: int = 0  # plain files not matching their name: left as they are, for db check
    swept: int = 0  # temporary files an interrupted write left behind, removed

    def as_dict(self) -> dict[str, int]:
        return {
            "sealed": self.sealed,
            "already": self.already,
            "damaged": self.damaged,
            "swept": self.swept,
        }


def stored_files(data_dir: Path) -> list[Path]:
    """Every file under the blobs folder (whatever its name), sorted."""
    root = data_dir / BLOBS
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _seal_in_place(path: Path, key: bytes) -> bool:
    """Replace the plain file ``path`` by its sealed form: written to a temporary file beside
    it, read back and opened to the same SHA-256, then renamed over it. A crash leaves the
    plain file (and a temporary file swept next time) or the sealed one, never neither."""
    sha = path.name
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        return False
    temp = path.with_name(f"{TEMP_PREFIX}{sha}")
    try:
        with temp.open("wb") as fh:
            fh.write(seal(data, key, sha))
            fh.flush()
            os.fsync(fh.fileno())
        if hashlib.sha256(filecrypt.open_sealed(temp.read_bytes(), key, sha)).hexdigest() != sha:
            raise SealedFileUnreadable(DAMAGED, sha)  # never: the disk gave back other bytes
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return True


def _stale(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def encrypt_existing(data_dir: Path, key: bytes) -> EncryptCounts:
    """Seal every plain file of the station in place (``db encrypt`` calls it after the
    database is converted). Idempotent: sealed files are left, and a run cut off anywhere is
    finished by the next."""
    counts = EncryptCounts()
    for path in stored_files(data_dir):
        if path.name.startswith(TEMP_PREFIX):
            # Ours (named after the file it seals) at once; another writer's only once stale.
            if _NAME.fullmatch(path.name[len(TEMP_PREFIX) :]) or _stale(path):
                path.unlink(missing_ok=True)
                counts.swept += 1
            continue
        if not _NAME.fullmatch(path.name):
            continue
        with path.open("rb") as fh:
            if is_sealed(fh.read(_HEAD)):
                counts.already += 1
                continue
        if _seal_in_place(path, key):
            counts.sealed += 1
        else:
            counts.damaged += 1
    return counts
