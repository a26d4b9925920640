"""Resumable upload of a content-addressed blob (a scan) to HQ.

HQ is asked what it already holds, the upload continues from there in 1 MiB chunks (each with
its own SHA-256), and HQ verifies the whole on completion; a scan of one chunk is just sent
(being its own address, HQ keeps it at once). A damaged local copy is never stored as the scan:
a scan of many chunks is checked against its name before its first byte goes; a scan of one
chunk is sent with its name as the chunk's hash (HQ hashes what it receives anyway), and only
when HQ refuses it is the local copy hashed, to tell a damaged file from a refusal. A call cut
off by the network is resumed (a few times, at once and then after growing pauses) from what
HQ says it holds: every step is idempotent, and giving up the whole sync round for one lost
chunk answer would make a scan of many chunks unsendable on a poor link.
"""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

from counter_app.sync.client import HqClient, HqRefused, HqUnreachable
from counter_protocol.wire import MAX_CHUNK_BYTES

CHUNK_BYTES = min(1024 * 1024, MAX_CHUNK_BYTES)
_READ = 1024 * 1024
_RESTARTS = 3  # an offset conflict (another station uploading the same scan) restarts this often
RESUMES = 4  # network failures one upload survives, each resumed from HQ's offset
RESUME_PAUSE = 0.2  # seconds before the second resumption, then 2x, 3x (the first is at once)


class BlobUnavailable(Exception):
    """The local copy is missing or does not match its hash: a person must look."""


def _damaged(sha256: str) -> str:
    return f"the local copy of scan {sha256} is damaged (hash differs)"


def file_sha256(path: Path | bytes) -> str:
    if isinstance(path, bytes):
        return hashlib.sha256(path).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_READ):
            digest.update(block)
    return digest.hexdigest()


def upload_blob(client: HqClient, sha256: str, path: Path | bytes) -> int:
    """Make HQ hold the blob (a plain file, or the plain bytes of a sealed one: services/
    files.upload_source); returns the bytes sent (0 when HQ was found to hold it)."""
    if isinstance(path, bytes):
        size = len(path)
        whole = path if 0 < size <= CHUNK_BYTES else None
    elif not path.is_file():
        raise BlobUnavailable(f"the scan {sha256} is missing from {path.parent}")
    else:
        size = path.stat().st_size
        whole = path.read_bytes() if 0 < size <= CHUNK_BYTES else None
    if whole is None and file_sha256(path) != sha256:
        raise BlobUnavailable(_damaged(sha256))
    sent = [0]  # bytes sent over every attempt
    conflicts = failures = 0
    ask = False  # a scan of one chunk is simply sent: HQ's answer says what it holds
    while True:
        try:
            _resume(client, sha256, path, size, sent, ask=ask, whole=whole)
            return sent[0]
        except HqRefused as exc:
            if exc.code == "hash_mismatch" and file_sha256(path) != sha256:
                raise BlobUnavailable(_damaged(sha256)) from None
            conflicts += 1
            if exc.status != 409 or conflicts >= _RESTARTS:
                raise
            # The offset no longer matches (a concurrent upload): ask HQ again where to resume.
        except HqUnreachable as exc:
            failures += 1
            if failures >= RESUMES or (exc.retry_after or 0.0) > RESUME_PAUSE * RESUMES:
                raise  # HQ is down or asks for a long pause: the sync round backs off instead
            time.sleep(max(exc.retry_after or 0.0, RESUME_PAUSE * (failures - 1)))
        ask = True


def _resume(
    client: HqClient,
    sha256: str,
    path: Path | bytes,
    size: int,
    sent: list[int],
    *,
    ask: bool = True,
    whole: bytes | None = None,
) -> None:
    """Continue from what HQ holds, then ask HQ to verify and keep the whole."""
    if not ask and whole is not None:
        # One chunk hashing to the address is the whole scan, which HQ keeps at once (one
        # call instead of three). An HQ holding part of it answers 409, and the next attempt
        # asks where to resume; an HQ that does not keep it at once is asked to complete it.
        state = client.put_chunk(sha256, 0, whole, data_sha256=sha256)
        sent[0] += len(whole)
        if not state.complete:
            client.complete_blob(sha256, size)
        return
    state = client.blob_state(sha256)
    if state.complete:
        return
    offset = state.received if 0 <= state.received <= size else 0
    with path.open("rb") if isinstance(path, Path) else io.BytesIO(path) as fh:
        fh.seek(offset)
        while offset < size:
            chunk = fh.read(CHUNK_BYTES)
            if not chunk:
                break
            state = client.put_chunk(sha256, offset, chunk)
            sent[0] += len(chunk)
            offset += len(chunk)
            if state.received != offset:
                # HQ holds a different amount (a concurrent upload): resume from there.
                offset = state.received
                fh.seek(offset)
    client.complete_blob(sha256, size)
