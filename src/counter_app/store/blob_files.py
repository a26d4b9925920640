"""The station's files in its data folder, as files: where each lives, how one is written
(sealed or plain), and the in-place sealing of a station's plain files (``db encrypt``).

A file is content-addressed: ``<data>/blobs/ab/cd/<sha256 of the plain bytes>``. The use cases
read and write through services/files.py, which knows the station's key; this module is what
needs none (the conversion is given the key by its caller).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from counter_app.store import filecrypt
from counter_app.store.filecrypt import DAMAGED, SealedFileUnreadable, is_sealed, seal
from counter_protocol.durable import TEMP_PREFIX, fsync_dir, write_durably

BLOBS = "blobs"
NAME = re.compile(r"[0-9a-f]{64}")
HEAD = 8  # bytes enough to tell a sealed file (filecrypt.is_sealed)
STALE_SECONDS = 3600  # a temporary file this old is no write in progress


def head_is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return is_sealed(fh.read(HEAD))


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
            sealed_now = is_sealed(fh.read(HEAD))
        if target.stat().st_size == want and sealed_now == (key is not None):
            return sha, target
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    write_durably(target, data if key is None else seal(data, key, sha))
    return sha, target


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
            if NAME.fullmatch(path.name[len(TEMP_PREFIX) :]) or _stale(path):
                path.unlink(missing_ok=True)
                counts.swept += 1
            continue
        if not NAME.fullmatch(path.name):
            continue
        with path.open("rb") as fh:
            if is_sealed(fh.read(HEAD)):
                counts.already += 1
                continue
        if _seal_in_place(path, key):
            counts.sealed += 1
        else:
            counts.damaged += 1
    return counts
