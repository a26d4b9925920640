"""The counter <-> HQ wire protocol, defined once and imported by both sides.

Every request carries ``Sync-Protocol: <PROTOCOL_VERSION>``; HQ answers 412 to a version it does
not speak. Stations authenticate with ``Authorization: Bearer <token>`` (from enrollment).
Errors are ``ErrorBody`` JSON with a stable ``code``. Limits are part of the protocol so the
client can adapt its batches before HQ has to refuse them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = "1"
PROTOCOL_HEADER = "Sync-Protocol"
API_PREFIX = "/api/v1"
MAX_BATCH_ITEMS = 100
MAX_BATCH_BYTES = 1024 * 1024
MAX_CHUNK_BYTES = 4 * 1024 * 1024
MAX_PULL = 500

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(_Wire):
    code: str  # e.g. protocol_version, unauthorized, forbidden, too_large, hash_mismatch
    message: str


class EnrollRequest(_Wire):
    code: Annotated[str, StringConstraints(min_length=8, max_length=64)]


class EnrollResponse(_Wire):
    center: str
    station_no: int
    token: str  # kept in the OS keyring by the counter, never in its database
    server_time: dt.datetime


class ItemKind(StrEnum):
    REQUEST_CREATED = "request.created"
    REQUEST_EVENT = "request.event"
    ATTACHMENT = "attachment"
    AUDIT = "audit"


class PushItem(_Wire):
    id: Uuid  # the outbox item's UUID: HQ's permanent idempotency key
    kind: ItemKind
    entity_uuid: Uuid
    payload: dict[str, Any]
    payload_sha256: Sha256  # of the canonical JSON of payload
    created_at: dt.datetime
    blobs: tuple[Sha256, ...] = ()  # content the item refers to (scans)


class PushRequest(_Wire):
    items: Annotated[tuple[PushItem, ...], Field(min_length=1, max_length=MAX_BATCH_ITEMS)]


class ItemStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"  # same id, same hash: already held (acknowledged)
    CONFLICT = "conflict"  # same id, other hash: kept for a person, never overwritten
    REJECTED = "rejected"  # invalid; reason says why; the counter quarantines it
    MISSING_BLOBS = "missing_blobs"  # upload these first, then push again


class ItemResult(_Wire):
    id: Uuid
    status: ItemStatus
    reason: str | None = None
    missing: tuple[Sha256, ...] = ()
    receipt_no: str | None = None  # echoed with the content hash: the receipt is provably held
    content_sha256: Sha256 | None = None


class PushResponse(_Wire):
    results: tuple[ItemResult, ...]
    server_time: dt.datetime


class BlobState(_Wire):
    sha256: Sha256
    size: int | None  # declared total size, when known
    received: int  # bytes held so far (resume from here)
    complete: bool


class Change(_Wire):
    seq: int
    kind: Literal["status_event", "catalog"]
    payload: dict[str, Any]


class PullResponse(_Wire):
    changes: tuple[Change, ...]
    cursor: int  # pass back as ?cursor= ; saved with the applied changes in one transaction
    more: bool


class DayCount(_Wire):
    day: dt.date
    count: int
    digest: Sha256  # sha256 of the sorted request UUIDs of the day, one per line


class ReconcileResponse(_Wire):
    center: str
    station_no: int
    days: tuple[DayCount, ...]


class TimeResponse(_Wire):
    server_time: dt.datetime
