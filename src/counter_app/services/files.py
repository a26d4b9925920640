"""The station's files under its data folder (scans, answers' files): the one place that
writes and reads them.

A file is content-addressed: ``<data>/blobs/ab/cd/<sha256 of the plain bytes>``. On an
encrypted station (its database has a key) a file is written sealed (store/filecrypt.py) with
a key derived from the database's; on a plain station it is written as it is. Reading takes
either form, so a station being converted (``db encrypt`` seals the files after the database:
store/blob_files.encrypt_existing) keeps working, and every read is checked against the name:
a damaged file is an error, never bytes handed on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.services.context import AppContext
from counter_app.store import filecrypt
from counter_app.store.blob_files import blob_path as blob_path
from counter_app.store.blob_files import head_is_sealed
from counter_app.store.blob_files import store_blob as store_blob
from counter_app.store.filecrypt import DAMAGED, WRONG_KEY, SealedFileUnreadable, is_sealed
from counter_app.store.keys import derive_file_key


class BlobMissing(StoreError):
    def __init__(self, sha256: str) -> None:
        super().__init__(N_("The stored file {name} is missing"), name=sha256)


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
        sealed_file = head_is_sealed(path)
    except OSError:
        return path  # missing: the uploader says so in its own words
    return read_blob(ctx, sha256) if sealed_file else path
