"""One schema per payload kind, used by both ends: what a push item or a pulled change holds.

The counter checks each outbox payload against its kind's schema before sending it (a payload
that fails is quarantined at the station with the reason, never sent), HQ parses every pushed
item with the same schema before storing anything, and HQ builds the changes stations pull with
the pull schemas that the counter reads them with. A kind with no schema is an ``UnknownKind``
error on either side: nothing falls into another kind's handling by default.

Schemas forbid keys they do not list: a payload is exactly what the counter writes today
(services/intake.py, requests.py, attachments.py, handover_batches.py, diwan.py,
archive_boxes.py with services/record.py). Only the parts that are open by nature are free:
a request's catalog-driven ``fields`` and a status step's ``details``.

Archive records (handover, diwan, archive box and location, audit) carry the ``center`` and
``station`` label of the station that wrote them (services/record.py): HQ refuses such an item
without them or of another station.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from counter_protocol.wire import ItemKind

# Anything HQ stores must be placeable on a local day in the centers' time zone (UTC+2/+3):
# a time within a day of the calendar's ends cannot be.
_EARLIEST = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
_LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


def _time_text(value: Any) -> Any:
    # A number would be read as seconds since 1970: the counter always writes ISO 8601 text.
    if not isinstance(value, (str, dt.datetime)):
        raise ValueError("a time is written as ISO 8601 text")
    return value


def _representable(value: dt.datetime) -> dt.datetime:
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if not _EARLIEST <= utc <= _LATEST:
        raise ValueError("the time is out of range")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_time_text), AfterValidator(_representable)]
Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]
Center = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,10}$")]
StationLabel = Annotated[str, Field(max_length=40)]
Actor = Annotated[str, Field(max_length=100)]
Receipt = Annotated[str, Field(max_length=32)]
StatusName = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
Short = Annotated[str, Field(max_length=200)]
Text = Annotated[str, Field(max_length=2000)]
# A reason HQ gives for its own status step: the counter keeps 1,000 characters of a reason,
# and a step HQ signed must come back from the counter exactly as signed (signing.py).
MAX_HQ_REASON = 1000
HqReason = Annotated[str, Field(max_length=MAX_HQ_REASON)]


class UnknownKind(ValueError):
    """A payload kind this side has no schema for (a newer peer, or a forged item)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no schema for the payload kind {kind[:40]!r}")
        self.kind = kind


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def times(self) -> Iterator[dt.datetime]:
        """Every time this payload holds (a station may not date anything in the future).
        Schemas with times name them (fast: HQ asks for every item); this walk is the rest's."""
        yield from _times(self)


def _times(value: Any) -> Iterator[dt.datetime]:
    if isinstance(value, dt.datetime):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _times(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _times(inner)


# -- push: what a station sends ---------------------------------------------------------------


class EventStep(Payload):
    """A status step as listed inside ``request.created`` (its history at intake or import)."""

    uuid: Uuid
    status: StatusName
    at: Instant
    actor: Actor
    station: StationLabel
    reason: Text | None = None


class Citizen(Payload):
    national_id: Annotated[str, Field(max_length=40)] | None
    name: Short
    phone: Annotated[str, Field(max_length=40)] | None


class Document(Payload):
    type: Annotated[str, Field(max_length=60)]
    state: Annotated[str, Field(max_length=40)]
    note: Text | None


class RequestCreated(Payload):
    def times(self) -> Iterator[dt.datetime]:
        yield self.received_at
        for step in self.events:
            yield step.at

    uuid: Uuid
    receipt_no: Receipt
    center: Center
    station: Annotated[int, Field(ge=1, le=999)]
    service: Annotated[str, Field(min_length=1, max_length=40)]
    catalog_version: Annotated[str, Field(max_length=40)] | None
    citizen: Citizen
    organization: Short | None
    fields: dict[str, Any]  # catalog-driven: each service declares its own
    documents: list[Document]
    received_at: Instant
    due_date: dt.date | None
    source: Annotated[str, Field(max_length=20)]
    paper_ref: Short | None
    events: list[EventStep]


class RequestEvent(Payload):
    """A status step made after intake (services/requests.py append_status_event)."""

    def times(self) -> Iterator[dt.datetime]:
        yield self.at

    request_uuid: Uuid
    receipt_no: Receipt
    uuid: Uuid
    status: StatusName
    at: Instant
    actor: Actor
    station: StationLabel
    reason: Text | None
    details: dict[str, Short] | None = None  # e.g. who collected the papers (handover.py)


class Attachment(Payload):
    def times(self) -> Iterator[dt.datetime]:
        yield self.created_at

    uuid: Uuid
    request_uuid: Uuid
    receipt_no: Receipt
    doc_type: Annotated[str, Field(max_length=60)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=0)]
    filename: Short | None
    media_type: Annotated[str, Field(max_length=100)] | None
    created_at: Instant
    actor: Actor
    station: StationLabel


class Recorded(Payload):
    """What services/record.py adds to every archive record: when, who, where."""

    def times(self) -> Iterator[dt.datetime]:
        yield self.at  # the records' only time (their days are dates, not times)

    at: Instant
    actor: Actor
    center: Center
    station: StationLabel


class HandoverFileRef(Payload):
    receipt_no: Receipt
    request_uuid: Uuid


class HandoverBatch(Recorded):
    uuid: Uuid
    batch_no: Annotated[str, Field(max_length=40)]
    business_day: dt.date
    files: list[HandoverFileRef]


class HandoverOpened(Recorded):
    uuid: Uuid  # the batch's
    batch_no: Annotated[str, Field(max_length=40)]


class HandoverFile(Recorded):
    batch_uuid: Uuid
    batch_no: Annotated[str, Field(max_length=40)]
    receipt_no: Receipt  # as scanned: an extra file may be of a request this station lacks
    request_uuid: Uuid | None
    state: Annotated[str, Field(max_length=20)]


class HandoverClosed(Recorded):
    uuid: Uuid  # the batch's
    batch_no: Annotated[str, Field(max_length=40)]
    missing: list[Receipt]
    extra: list[Receipt]


class DiwanEntry(Recorded):
    uuid: Uuid
    register_no: Annotated[str, Field(max_length=20)]
    year: Annotated[int, Field(ge=1, le=9999)]
    number: Annotated[int, Field(ge=1)]
    registered_on: dt.date
    subject: Text
    request_uuid: Uuid
    receipt_no: Receipt


class ArchiveBox(Recorded):
    uuid: Uuid
    code: Annotated[str, Field(max_length=40)]
    shelf: Annotated[str, Field(max_length=100)] | None
    label: Short | None


class ArchiveLocation(Recorded):
    uuid: Uuid
    request_uuid: Uuid
    receipt_no: Receipt
    box_uuid: Uuid
    box: Annotated[str, Field(max_length=40)]
    shelf: Annotated[str, Field(max_length=100)] | None
    from_box: Annotated[str, Field(max_length=40)] | None


class Payment(Recorded):
    """A request's fee as the counter received it (services/payments.py)."""

    def times(self) -> Iterator[dt.datetime]:
        yield self.at
        yield self.paid_at

    uuid: Uuid
    request_uuid: Uuid
    receipt_no: Receipt
    service: Annotated[str, Field(max_length=40)]
    amount_syp: Annotated[int, Field(gt=0, le=100_000_000)]
    method: Literal["bank_receipt", "bank_desk"]
    bank_receipt_no: Annotated[str, Field(min_length=1, max_length=30)] | None
    paid_at: Instant

    @model_validator(mode="after")
    def _proof(self) -> Payment:
        # The same rule as the counter's table: a bank's number for a bank payment, none for
        # the bank desk.
        if (self.method == "bank_receipt") != (self.bank_receipt_no is not None):
            raise ValueError("bank_receipt_no is required for bank_receipt and refused otherwise")
        return self


class Audit(Recorded):
    """An audit row sent for the record (no counter sends one yet; the kind is reserved)."""

    action: Annotated[str, Field(max_length=60)]
    entity: Annotated[str, Field(max_length=40)]
    entity_ref: Short | None = None
    details: dict[str, Any] | None = None  # each action's own


class HqEvent(Payload):
    """A status step HQ made, returned by the station that pulled it to an HQ restored from a
    backup (counter_app/sync/recover.py); HQ takes it only with its own valid signature
    (counter_hq/signing.py, recovery.py)."""

    uuid: Uuid
    request_uuid: Uuid
    receipt_no: Receipt
    status: StatusName
    at: Instant
    actor: Actor
    station: StationLabel
    reason: HqReason | None
    signature: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


PUSH_SCHEMAS: Mapping[ItemKind, type[Payload]] = {
    ItemKind.REQUEST_CREATED: RequestCreated,
    ItemKind.REQUEST_EVENT: RequestEvent,
    ItemKind.ATTACHMENT: Attachment,
    ItemKind.AUDIT: Audit,
    ItemKind.HANDOVER_BATCH: HandoverBatch,
    ItemKind.HANDOVER_OPENED: HandoverOpened,
    ItemKind.HANDOVER_FILE: HandoverFile,
    ItemKind.HANDOVER_CLOSED: HandoverClosed,
    ItemKind.DIWAN_ENTRY: DiwanEntry,
    ItemKind.ARCHIVE_BOX: ArchiveBox,
    ItemKind.ARCHIVE_LOCATION: ArchiveLocation,
    ItemKind.HQ_EVENT: HqEvent,
    ItemKind.PAYMENT: Payment,
}


def is_record(kind: str) -> bool:
    """Whether ``kind`` is an archive record (it carries its center and station label)."""
    try:
        schema = PUSH_SCHEMAS.get(ItemKind(kind))
    except ValueError:
        return False
    return schema is not None and issubclass(schema, Recorded)


def parse_payload(kind: str, payload: dict[str, Any]) -> Payload:
    """The payload read with its kind's schema: UnknownKind for a kind without one,
    pydantic's ValidationError (see ``problem_of``) for a payload that does not fit it."""
    try:
        schema = PUSH_SCHEMAS[ItemKind(kind)]
    except (ValueError, KeyError):
        raise UnknownKind(str(kind)) from None
    return schema.model_validate(payload)


# -- pull: what HQ sends back -----------------------------------------------------------------
# The counter words each problem with a change itself (an unreadable time, an unknown status),
# so these schemas fix the shape and leave such values as text for it to judge.


class StatusEventChange(Payload):
    """A status step made at HQ (counter_hq/backoffice.py set_status)."""

    uuid: Annotated[str, Field(max_length=64)] | None = None
    request_uuid: Annotated[str, Field(max_length=64)] | None = None
    receipt_no: Annotated[str, Field(max_length=64)] | None = None
    status: Annotated[str, Field(max_length=64)] | None = None
    at: Annotated[str, Field(max_length=64)] | None = None
    actor: Actor | None = None
    station: StationLabel | None = None
    reason: HqReason | None = None
    origin: Annotated[str, Field(max_length=20)] | None = None
    # HQ's signature of the step (counter_hq/signing.py): the station may return it to an HQ
    # restored from a backup that lost it.
    signature: Annotated[str, Field(max_length=512)] | None = None
    # Issue 15: which agency holds the request (forwarded, accepted...), and for ``ready``
    # where and from which day the citizen collects; absent on older HQs' steps.
    agency: Annotated[str, Field(max_length=20)] | None = None
    agency_name_ar: Annotated[str, Field(max_length=200)] | None = None
    agency_name_en: Annotated[str, Field(max_length=200)] | None = None
    collect_from: Annotated[str, Field(max_length=20)] | None = None  # ISO date
    collect_place: Annotated[str, Field(max_length=200)] | None = None


class CatalogChange(Payload):
    """A published service catalog (counter_hq/catalogs.py): its file as text."""

    version: Annotated[str, Field(max_length=40)] | None = None
    sha256: Annotated[str, Field(max_length=64)] | None = None
    content: str | None = None


class CalendarChange(Payload):
    """A published holiday calendar (counter_hq/calendars.py): its file as text, like the
    catalog; the station checks it with its own calendar rules before using it."""

    version: Annotated[str, Field(max_length=40)] | None = None
    sha256: Annotated[str, Field(max_length=64)] | None = None
    content: str | None = None


class NotificationChange(Payload):
    """What became of a message HQ sent a citizen (counter_hq/notify): the call list shows it.
    ``uuid`` is the notification's own; a later change with the same uuid supersedes it."""

    uuid: Annotated[str, Field(max_length=64)] | None = None
    request_uuid: Annotated[str, Field(max_length=64)] | None = None
    receipt_no: Annotated[str, Field(max_length=64)] | None = None
    event_uuid: Annotated[str, Field(max_length=64)] | None = None
    # kind: ready | needs_info | rejected | answer; state: sent | failed | opted_out | no_phone
    kind: Annotated[str, Field(max_length=40)] | None = None
    channel: Annotated[str, Field(max_length=20)] | None = None  # sms
    state: Annotated[str, Field(max_length=20)] | None = None
    at: Annotated[str, Field(max_length=64)] | None = None
    attempts: Annotated[int, Field(ge=0, le=10_000)] | None = None
    error: Annotated[str, Field(max_length=200)] | None = None


class ComplaintAnswerChange(Payload):
    """An agency's answer to a complaint (counter_hq/complaints.py), shown at the counter."""

    uuid: Annotated[str, Field(max_length=64)] | None = None
    request_uuid: Annotated[str, Field(max_length=64)] | None = None
    receipt_no: Annotated[str, Field(max_length=64)] | None = None
    text: Annotated[str, Field(max_length=4000)] | None = None
    at: Annotated[str, Field(max_length=64)] | None = None
    actor: Actor | None = None
    agency: Annotated[str, Field(max_length=20)] | None = None
    agency_name_ar: Annotated[str, Field(max_length=200)] | None = None
    agency_name_en: Annotated[str, Field(max_length=200)] | None = None
    file_sha256: Annotated[str, Field(max_length=64)] | None = None
    file_name: Annotated[str, Field(max_length=200)] | None = None
    file_size: Annotated[int, Field(ge=0)] | None = None


STATUS_EVENT = "status_event"
CATALOG = "catalog"
CALENDAR = "calendar"
NOTIFICATION = "notification"
COMPLAINT_ANSWER = "complaint_answer"
CHANGE_SCHEMAS: Mapping[str, type[Payload]] = {
    STATUS_EVENT: StatusEventChange,
    CATALOG: CatalogChange,
    CALENDAR: CalendarChange,
    NOTIFICATION: NotificationChange,
    COMPLAINT_ANSWER: ComplaintAnswerChange,
}


def parse_change(kind: str, payload: dict[str, Any]) -> Payload:
    """A pulled change's payload read with its kind's schema (UnknownKind: no schema)."""
    schema = CHANGE_SCHEMAS.get(kind)
    if schema is None:
        raise UnknownKind(str(kind))
    return schema.model_validate(payload)


def problem_of(exc: PydanticValidationError) -> str:
    """Where a payload does not fit its schema, in words that never quote its content."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "payload"
    return f"invalid payload: {where}: {first['msg']}"[:300]
