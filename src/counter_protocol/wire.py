"""The counter <-> HQ wire protocol, defined once and imported by both sides.

Every request carries ``Sync-Protocol: <PROTOCOL_VERSION>``; HQ answers 412 to a version it does
not speak. Stations authenticate with ``Authorization: Bearer <token>`` (from enrollment).
Errors are ``ErrorBody`` JSON with a stable ``code``. Limits are part of the protocol so the
client can adapt its batches before HQ has to refuse them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

PROTOCOL_VERSION = "1"
PROTOCOL_HEADER = "Sync-Protocol"
API_PREFIX = "/api/v1"
MAX_BATCH_ITEMS = 100
MAX_BATCH_BYTES = 1024 * 1024
MAX_CHUNK_BYTES = 4 * 1024 * 1024
MAX_PULL = 500
MAX_PAYLOAD_DEPTH = 32

# The station's clock, sent with every push: items are dated by it, so a station whose clock
# is off by more than this (a wrong date, not drift or a time-zone slip) must not push until a
# person sets it right (HQ answers 412 clock_skew; the counter checks /time first itself).
CLIENT_TIME_HEADER = "Sync-Client-Time"
MAX_CLOCK_SKEW = dt.timedelta(hours=2)


def skew_words(skew_seconds: float) -> str:
    """ "3 days ahead of HQ's" and the like: for the message a person reads."""
    ahead = skew_seconds < 0  # HQ minus station: negative when the station is ahead
    size = abs(skew_seconds)
    amount = f"{size / 86400:.0f} days" if size >= 86400 else f"{size / 3600:.1f} hours"
    return f"{amount} {'ahead of' if ahead else 'behind'} HQ's"


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


def _time_text(value: Any) -> Any:
    # pydantic would read a number as seconds since 1970: a counter always sends ISO 8601 text,
    # so a number here is a malformed request, not a time.
    if not isinstance(value, (str, dt.datetime)):
        raise ValueError("a time is written as ISO 8601 text")
    return value


WireTime = Annotated[dt.datetime, BeforeValidator(_time_text)]


def payload_problem(payload: Any) -> str | None:
    """Why a payload cannot be stored as JSON at HQ (PostgreSQL ``jsonb``), or None.

    Numbers must be finite (NaN and Infinity are not JSON), text must be valid Unicode without
    U+0000 (PostgreSQL text cannot hold it), and nesting is at most ``MAX_PAYLOAD_DEPTH``.
    """
    if _storable(payload, 0):  # the common case, without building paths
        return None
    stack: list[tuple[Any, str, int]] = [(payload, "payload", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_PAYLOAD_DEPTH:
            return f"{where}: nested deeper than {MAX_PAYLOAD_DEPTH} levels"
        if isinstance(value, dict):
            for key, inner in value.items():
                problem = _text_problem(key) if isinstance(key, str) else "is not text"
                if problem:
                    return f"{where}: a key {problem}"
                stack.append((inner, f"{where}.{key[:40]}", depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((inner, f"{where}[{i}]", depth + 1) for i, inner in enumerate(value))
        elif isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                return f"{where}: {problem}"
        elif isinstance(value, float) and value - value != 0.0:  # NaN or +-Infinity
            return f"{where}: not a finite number"
    return None  # pragma: no cover - _storable and this walk agree


def _storable(value: Any, depth: int) -> bool:
    if isinstance(value, str):
        return _text_problem(value) is None
    if isinstance(value, dict):
        if depth >= MAX_PAYLOAD_DEPTH and value:
            return False
        return all(
            isinstance(key, str) and _text_problem(key) is None and _storable(inner, depth + 1)
            for key, inner in value.items()
        )
    if isinstance(value, list | tuple):
        if depth >= MAX_PAYLOAD_DEPTH and value:
            return False
        return all(_storable(inner, depth + 1) for inner in value)
    if isinstance(value, float):
        return bool(value - value == 0.0)
    return True


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains U+0000 (NUL), which cannot be stored"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "is not valid Unicode (a lone surrogate)"
    return None


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(_Wire):
    code: str  # e.g. protocol_version, unauthorized, forbidden, too_large, hash_mismatch
    message: str


class YearSeq(_Wire):
    """The highest receipt sequence of one two-digit year."""

    year: Annotated[int, Field(ge=0, le=99)]
    seq: Annotated[int, Field(ge=0, le=999_999_999)]


class EnrollRequest(_Wire):
    code: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    # What the enrolling database is (an older counter sends the code only). HQ enrolls a
    # station number used before only for the database it last saw, not an older copy: its
    # audit tip must extend the one HQ holds and its numbers reach HQ's highest. A code made
    # with ``--replaces`` renumbers the replaced station's database (counter_hq/lineage.py).
    center: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")] | None = None
    station_no: Annotated[int, Field(ge=1, le=99)] | None = None
    retired: bool = False  # its own number issues nothing more (restored, rewound, collided)
    tip: AuditTipReport | None = None
    highest: Annotated[tuple[YearSeq, ...], Field(max_length=100)] = ()


class EnrollResponse(_Wire):
    center: str
    station_no: int
    token: str  # kept in the OS keyring by the counter, never in its database
    server_time: dt.datetime
    replaces: tuple[int, ...] = ()  # the center's station numbers this one replaces, newest first
    highest: tuple[YearSeq, ...] = ()  # HQ's highest sequence per year for this number


class ItemKind(StrEnum):
    REQUEST_CREATED = "request.created"
    REQUEST_EVENT = "request.event"
    ATTACHMENT = "attachment"
    AUDIT = "audit"
    # The archive's paper side: HQ keeps them as received (payload and hash), for the record.
    HANDOVER_BATCH = "handover.batch"
    HANDOVER_OPENED = "handover.opened"
    HANDOVER_FILE = "handover.file"
    HANDOVER_CLOSED = "handover.closed"
    DIWAN_ENTRY = "diwan.entry"
    ARCHIVE_BOX = "archive.box"
    ARCHIVE_LOCATION = "archive.location"
    # A status step HQ made and signed, returned by the station that pulled it to an HQ restored
    # from a backup that lost it (counter_hq/recovery.py checks HQ's signature).
    HQ_EVENT = "hq.event"
    # A request's fee as the counter received it (issue 16): HQ keeps one per request.
    PAYMENT = "payment.recorded"


class PushItem(_Wire):
    id: Uuid  # the outbox item's UUID: HQ's permanent idempotency key
    kind: ItemKind
    entity_uuid: Uuid
    payload: dict[str, Any]
    payload_sha256: Sha256  # of the canonical JSON of payload
    created_at: WireTime
    blobs: tuple[Sha256, ...] = ()  # content the item refers to (scans)

    @field_validator("payload")
    @classmethod
    def _storable(cls, payload: dict[str, Any]) -> dict[str, Any]:
        problem = payload_problem(payload)
        if problem:
            raise ValueError(problem)
        return payload


class PushRequest(_Wire):
    items: Annotated[tuple[PushItem, ...], Field(min_length=1, max_length=MAX_BATCH_ITEMS)]


class ItemStatus(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"  # same id, same hash: already held (acknowledged)
    CONFLICT = "conflict"  # same id, other hash: kept for a person, never overwritten
    REJECTED = "rejected"  # invalid; reason says why; the counter quarantines it
    MISSING_BLOBS = "missing_blobs"  # upload these first, then push again
    # It refers to a request or record HQ does not hold yet, so HQ cannot check that it is the
    # station's own: nothing stored; the counter keeps it pending and sends it again later.
    WAITING = "waiting"
    # HQ holds the receipt number for another request: the number was issued twice. Kept at HQ
    # for the operator; the counter stops issuing under its number and says so (never silent).
    COLLISION = "collision"


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
    # Any kind's name: a station reads each kind with its schema (payloads.CHANGE_SCHEMAS), and
    # one it does not know (a newer HQ) is kept as a problem for a person, not the whole page lost.
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,39}$")]
    payload: dict[str, Any]


class PullResponse(_Wire):
    changes: tuple[Change, ...]
    cursor: int  # pass back as ?cursor= ; saved with the applied changes in one transaction
    more: bool
    # The identity of HQ's change number ``cursor``; passed back as ?mark= so that HQ can tell
    # a feed restored from a backup, whose numbers were handed out again, from its own.
    cursor_mark: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None


class DayCount(_Wire):
    day: dt.date
    count: int
    digest: Sha256  # sha256 of the sorted request UUIDs of the day, one per line


class ReconcileResponse(_Wire):
    center: str
    station_no: int
    days: tuple[DayCount, ...]


# -- recovery after an HQ restore: the station lists what it holds, HQ answers what it lacks --
# Identifiers in one /reconcile/missing question, all lists together: 800 SHA-256s in JSON are
# 54 KB, under the 64 KiB HQ reads of a body other than a push or a chunk (api/limits.py).
MAX_RECOVER_KEYS = 800


class MissingQuery(_Wire):
    items: tuple[Uuid, ...] = ()  # outbox item ids HQ acknowledged (any kind)
    hq_events: tuple[Uuid, ...] = ()  # UUIDs of HQ's own status steps the station holds
    blobs: tuple[Sha256, ...] = ()  # scans the station's attachments refer to

    @model_validator(mode="after")
    def _bounded(self) -> MissingQuery:
        if len(self.items) + len(self.hq_events) + len(self.blobs) > MAX_RECOVER_KEYS:
            raise ValueError(f"at most {MAX_RECOVER_KEYS} identifiers in one question")
        return self


class MissingAnswer(_Wire):
    items: tuple[Uuid, ...] = ()  # not received: push them again under the same ids
    hq_events: tuple[Uuid, ...] = ()  # not held: return them (kind hq.event) with HQ's signature
    blobs: tuple[Sha256, ...] = ()  # not held for this center (or its file is gone): upload
    dropped_blobs: tuple[Sha256, ...] = ()  # of those, rows HQ had kept for a file it lost


class TimeResponse(_Wire):
    server_time: dt.datetime


# -- the audit chain's tip, anchored at HQ ---------------------------------------------------
# After each sync the counter reports the newest audit row (its id and hash). HQ keeps the
# newest tip per station; a later tip must extend it: the counter proves that with ``anchor``,
# its own hash of the row HQ holds. A tip behind HQ's (rows removed) or another hash for a row
# HQ holds (the chain rewritten) is flagged at HQ and answered as such.
class AuditTip(_Wire):
    seq: Annotated[int, Field(ge=1, le=2**62)]  # the audit row's id
    hash: Sha256


class AuditTipReport(_Wire):
    tip: AuditTip
    anchor: AuditTip | None = None  # the counter's row at the seq HQ holds (from HQ's answer)


class AuditTipStatus(StrEnum):
    ACCEPTED = "accepted"  # HQ holds this tip now (or held it already)
    ANCHOR_NEEDED = "anchor_needed"  # send again with ``anchor`` at ``held.seq``
    REWOUND = "rewound"  # behind the tip HQ holds: audit rows were removed
    FORKED = "forked"  # another hash for a row HQ holds: the chain was rewritten


class AuditTipAnswer(_Wire):
    status: AuditTipStatus
    held: AuditTip | None  # what HQ holds for this station after this report
    # A standing flag on this station (the first rewound/forked report), until an operator
    # clears it at HQ: one clean report does not undo a rewritten past.
    flagged: AuditTipStatus | None = None
    flagged_at: dt.datetime | None = None


EnrollRequest.model_rebuild()  # its audit tip is declared further down
