"""The station's sealed files (scans, answers' files): AES-256-GCM in chunks, authenticated.

Layout: a 24-byte header, then the content in chunks of ``chunk`` bytes (the last may be
shorter, or empty for empty content), each sealed with its own 16-byte tag::

    magic "CSCSEAL" | version 1 | chunk size (4, big-endian) | nonce prefix (7, random)
    | key check (5)

A chunk's nonce is the file's random prefix, its index and a last-chunk flag; its associated
data is the header, the file's name (the SHA-256 of the plain bytes for a scan) and the same
index and flag. So a chunk moved within the file, taken from another file, a file cut at a
chunk boundary or given another file's name, all fail to open; nothing partial is ever
returned. The key check (an HMAC of the header's start) only tells "another key" from
"damaged" in the message; the tags decide.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.errors import N_, StoreError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CSCSEAL"
VERSION = 1
CHUNK = 1024 * 1024
_PREFIX = 7
_CHECK = 5
_FIXED = struct.Struct(">7sBI")  # magic, version, chunk size
HEADER = _FIXED.size + _PREFIX + _CHECK  # 24
TAG = 16
KEY_BYTES = 32
_MIN_CHUNK, _MAX_CHUNK = 4096, 16 * 1024 * 1024  # what a header may claim (damage otherwise)


class SealedFileUnreadable(StoreError):
    """A sealed file that does not open: another key, or damaged or cut short."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message, name=name)


WRONG_KEY = N_(
    "The file {name} was encrypted with another key than this station's (or its header is "
    "damaged); it cannot be read here. Nothing was changed."
)
DAMAGED = N_(
    "The file {name} is damaged or cut short (its encryption does not verify); it cannot be "
    "read. Nothing was changed."
)
NEWER = N_(
    "The file {name} is encrypted in a newer format than this version of the app reads. "
    "Nothing was changed."
)


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with ``head`` (its first bytes; 8 suffice) is a sealed file."""
    return head[: len(MAGIC)] == MAGIC


def _key_check(key: bytes, fixed: bytes) -> bytes:
    return hmac.new(key, b"key check\x00" + fixed, hashlib.sha256).digest()[:_CHECK]


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I?", index, last)


def _aad(header: bytes, name: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">H", len(name)) + name + struct.pack(">Q?", index, last)


def _aead(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(key) != KEY_BYTES:
        raise ValueError("a file key is 32 bytes")
    return AESGCM(key)


def seal(data: bytes, key: bytes, name: str, *, chunk: int = CHUNK) -> bytes:
    """``data`` sealed under ``key`` and bound to ``name``."""
    if not _MIN_CHUNK <= chunk <= _MAX_CHUNK:
        raise ValueError(f"chunk size {chunk} out of range")
    aead = _aead(key)
    prefix = os.urandom(_PREFIX)
    fixed = _FIXED.pack(MAGIC, VERSION, chunk)
    header = fixed + prefix + _key_check(key, fixed + prefix)
    label = name.encode("utf-8")
    count = max(1, -(-len(data) // chunk))
    view = memoryview(data)
    out = [header]
    for index in range(count):
        last = index == count - 1
        piece = view[index * chunk : (index + 1) * chunk]
        out.append(
            aead.encrypt(_nonce(prefix, index, last), piece, _aad(header, label, index, last))
        )
    return b"".join(out)


def encrypt_existing(data_dir: Path, file_key: bytes) -> int:
    """Seal a station's plain files in place (``db encrypt``: cli/cmd_db_keys.py looks it up
    here); how many were sealed. store/blob_files.encrypt_existing has the whole account."""
    from counter_app.store.blob_files import encrypt_existing as seal_files

    return seal_files(data_dir, file_key).sealed


def open_sealed(blob: bytes, key: bytes, name: str) -> bytes:
    """The plain bytes of a sealed file; SealedFileUnreadable if any part does not verify."""
    from cryptography.exceptions import InvalidTag

    if len(blob) < HEADER + TAG or not is_sealed(blob):
        raise SealedFileUnreadable(DAMAGED, name)
    _, version, chunk = _FIXED.unpack_from(blob)
    if version != VERSION:
        raise SealedFileUnreadable(NEWER if version > VERSION else DAMAGED, name)
    if not _MIN_CHUNK <= chunk <= _MAX_CHUNK:
        raise SealedFileUnreadable(DAMAGED, name)
    header = blob[:HEADER]
    prefix = header[_FIXED.size : _FIXED.size + _PREFIX]
    if not hmac.compare_digest(
        _key_check(key, header[: _FIXED.size + _PREFIX]), header[_FIXED.size + _PREFIX :]
    ):
        raise SealedFileUnreadable(WRONG_KEY, name)
    aead = _aead(key)
    label = name.encode("utf-8")
    step = chunk + TAG
    body = memoryview(blob)[HEADER:]
    count = max(1, -(-len(body) // step))
    out = []
    try:
        for index in range(count):
            last = index == count - 1
            piece = body[index * step : (index + 1) * step]  # a view: no copy
            out.append(
                aead.decrypt(_nonce(prefix, index, last), piece, _aad(header, label, index, last))
            )
    except InvalidTag:
        raise SealedFileUnreadable(DAMAGED, name) from None
    return b"".join(out)
