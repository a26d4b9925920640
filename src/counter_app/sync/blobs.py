"""Resumable upload of a content-addressed blob (a scan) to HQ.

HQ is asked what it already holds, the upload continues from there in 1 MiB chunks (each with
its own SHA-256), and HQ verifies the whole on completion. The local file is checked against
its name first: corrupted bytes are never sent as if they were the scan.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from counter_app.sync.client import HqClient, HqRefused
from counter_app.sync.protocol import MAX_CHUNK_BYTES

CHUNK_BYTES = min(1024 * 1024, MAX_CHUNK_BYTES)
_READ = 1024 * 1024
_RESTARTS = 3  # an offset conflict (another station uploading the same scan) restarts this often


class BlobUnavailable(Exception):
    """The local copy is missing or does not match its hash: a person must look."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_READ):
            digest.update(block)
    return digest.hexdigest()


def upload_blob(client: HqClient, sha256: str, path: Path) -> int:
    """Make HQ hold the blob; returns the bytes sent (0 when HQ already had it)."""
    if not path.is_file():
        raise BlobUnavailable(f"the scan {sha256} is missing from {path.parent}")
    if file_sha256(path) != sha256:
        raise BlobUnavailable(f"the local copy of scan {sha256} is damaged (hash differs)")
    size = path.stat().st_size
    sent = 0
    for attempt in range(_RESTARTS):
        state = client.blob_state(sha256)
        if state.complete:
            return sent
        offset = state.received if 0 <= state.received <= size else 0
        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                while offset < size:
                    chunk = fh.read(CHUNK_BYTES)
                    if not chunk:
                        break
                    state = client.put_chunk(sha256, offset, chunk)
                    sent += len(chunk)
                    offset += len(chunk)
                    if state.received != offset:
                        # HQ holds a different amount (a concurrent upload): resume from there.
                        offset = state.received
                        fh.seek(offset)
            client.complete_blob(sha256, size)
            return sent
        except HqRefused as exc:
            if exc.status == 409 and attempt + 1 < _RESTARTS:
                continue  # offset no longer matches: ask HQ again where to resume
            raise
    return sent
