"""SQLAlchemy 2 typed models of the HQ database (PostgreSQL in production, SQLite embedded).

Timestamps are stored in UTC. Unique constraints carry idempotency: ``received_items.item_id``
(the counter's outbox UUID) is the permanent record of what was received, and ``requests.uuid``,
``requests.receipt_no`` and ``request_events.uuid`` make a second copy impossible even when two
pushes race.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_protocol.columns import NAMING_CONVENTION, UtcDateTime

JsonType = JSON().with_variant(JSONB(), "postgresql")
BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UtcDateTime,
        dict[str, Any]: JsonType,
    }


class Center(Base):
    __tablename__ = "centers"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]


class Station(Base):
    __tablename__ = "stations"
    __table_args__ = (UniqueConstraint("center", "station_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"))
    station_no: Mapped[int]
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    enrolled_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    # Lineage (lineage.py): a retired number issues nothing more; its successor ``replaces`` it,
    # pushes its requests and, when it is the same database renumbered, ``continues`` it.
    retired_at: Mapped[dt.datetime | None]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), unique=True)
    continues: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class ReceivedItem(Base):
    """The permanent idempotency record: one row per outbox item ever accepted."""

    __tablename__ = "received_items"
    # Ingest finds the batch or box an item refers to, and which station created it.
    __table_args__ = (
        Index("ix_received_items_entity", "entity_uuid"),
        # Migration 0008: a request's attachments (the back office's request page).
        Index(
            "ix_received_items_attachment_request",
            text("(payload ->> 'request_uuid')"),
            postgresql_where=text("kind = 'attachment'"),
        ).ddl_if(dialect="postgresql"),
    )

    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    payload_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime]
    # Kinds without a table of their own (attachment, audit) keep their payload here.
    payload: Mapped[dict[str, Any] | None]


class ItemConflict(Base):
    """Same item id, other payload hash: kept for a person, never applied."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("item_id", "payload_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]


class HqRequest(Base):
    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_station_day", "center", "station_no", "local_day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[str] = mapped_column(String(36))
    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"))
    station_no: Mapped[int]
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[dt.datetime]  # when the counter took the request (its clock)
    local_day: Mapped[dt.date] = mapped_column(Date)  # received_at's day in Asia/Damascus
    service: Mapped[str] = mapped_column(String(40))
    content_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    ingested_at: Mapped[dt.datetime]  # when HQ stored it (its clock)


class HqRequestEvent(Base):
    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # No foreign key: an event may arrive before its request (the request's item waited for
    # its blobs); the history is the union of events by request UUID.
    request_uuid: Mapped[str] = mapped_column(String(36), index=True)
    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(100))
    station: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10))  # counter | hq
    ingested_at: Mapped[dt.datetime]


class Blob(Base):
    """A verified, complete file, stored once however many centers uploaded it."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime]


class BlobOwner(Base):
    """A center that proved it holds the blob (by uploading every byte of it)."""

    __tablename__ = "blob_owners"

    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[dt.datetime]


class BlobUpload(Base):
    """A resumable upload in progress, per center (the partial file lives under the data dir)."""

    __tablename__ = "blob_uploads"
    __table_args__ = (Index("ix_blob_uploads_station", "station_id"),)  # the upload quota

    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    started_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class ChangeRow(Base):
    """What stations pull: status events made at HQ, catalog updates. ``seq`` is the cursor."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_station_seq", "center", "station_no", "seq"),
        # Migration 0008: what a request's HQ steps told its station (the request page).
        Index(
            "ix_changes_status_request",
            text("(payload ->> 'request_uuid')"),
            postgresql_where=text("kind = 'status_event'"),
        ).ddl_if(dialect="postgresql"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    center: Mapped[str | None] = mapped_column(String(6))  # NULL: every center
    station_no: Mapped[int | None]  # NULL: every station of the center
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]


class StationAuditTip(Base):
    """The newest audit tip (row id and hash) a station reported, and a standing flag when a
    later report went behind it or rewrote it (audit_tips.py). Cleared only by an operator."""

    __tablename__ = "station_audit_tips"

    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[dt.datetime]
    flagged: Mapped[str | None] = mapped_column(String(20))  # rewound | forked
    flagged_at: Mapped[dt.datetime | None]
    # What was reported then: numbers and hashes only, never a citizen's data.
    flag_detail: Mapped[str | None] = mapped_column(Text)


class ReceiptCollision(Base):
    """A receipt number pushed for another request than the one HQ holds under it: issued twice
    by a station (a rewound database). Kept for the operator; ``station list`` flags it."""

    __tablename__ = "receipt_collisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32))
    request_uuid: Mapped[str] = mapped_column(String(36))  # the request pushed
    held_uuid: Mapped[str] = mapped_column(String(36))  # the request HQ holds under the number
    received_at: Mapped[dt.datetime]


# -- issue 15: the agencies' half (routing, back office, complaints, notifications) ------------


class Agency(Base):
    """An agency requests are forwarded to (catalog agencies plus HQ's own additions)."""

    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime]


class AgencyOffice(Base):
    """An office of an agency (a directorate, a desk at a center) that handles services."""

    __tablename__ = "agency_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency: Mapped[str] = mapped_column(String(20), ForeignKey("agencies.code"), index=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    center: Mapped[str | None] = mapped_column(String(6), ForeignKey("centers.code"))


class HqService(Base):
    """Where a service's requests go: the agency (and office) that handles it, its category
    and SLA. Filled from the published catalog; the routing may be changed by an HQ admin."""

    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency: Mapped[str] = mapped_column(String(20), ForeignKey("agencies.code"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("agency_offices.id"))
    category: Mapped[str] = mapped_column(String(20), default="service")
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    sla_days: Mapped[int | None]
    catalog_version: Mapped[str | None] = mapped_column(String(40))
    # Set by an HQ admin (routing.set_routing): a later catalog keeps this agency and office.
    admin_routed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RequestState(Base):
    """The current state of a request at HQ, one row per request, kept in step with its events
    in the same transaction (ingest, back office): the work queue reads this, never the events."""

    __tablename__ = "request_states"
    __table_args__ = (
        Index("ix_request_states_queue", "agency", "open", "due_on"),
        Index("ix_request_states_center", "center", "open", "due_on"),
        # Migrations 0008/0009: bounded tab counts read from the index alone (the queue's
        # filters on included columns), status pages, the admin queue, receipt prefix.
        Index(
            "ix_request_states_agency_status",
            "agency",
            "status",
            "due_on",
            postgresql_include=["center", "service", "received_at"],
        ),
        Index(
            "ix_request_states_center_status",
            "center",
            "status",
            "due_on",
            postgresql_include=["agency", "service", "received_at"],
        ),
        Index(
            "ix_request_states_status",
            "status",
            "due_on",
            postgresql_include=["agency", "center", "service", "received_at"],
        ),
        Index("ix_request_states_open_due", "open", "due_on"),
        # Migration 0010: the work queue's center and service lists (office/queue.py).
        Index("ix_request_states_agency_center", "agency", "center"),
        Index("ix_request_states_center_service", "center", "service"),
        # Migration 0011: the complaints page (office/complaints.py), open complaints only.
        Index(
            "ix_request_states_complaints_agency",
            "agency",
            "due_on",
            "received_at",
            "request_uuid",
            postgresql_where=text("category = 'complaint' AND open"),
            sqlite_where=text("category = 'complaint' AND open"),
        ),
        Index(
            "ix_request_states_complaints",
            "due_on",
            "received_at",
            "request_uuid",
            postgresql_where=text("category = 'complaint' AND open"),
            sqlite_where=text("category = 'complaint' AND open"),
        ),
        Index(
            "ix_request_states_receipt_prefix",
            "receipt_no",
            postgresql_ops={"receipt_no": "varchar_pattern_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    request_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    center: Mapped[str] = mapped_column(String(6))
    service: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20), default="service")
    agency: Mapped[str | None] = mapped_column(String(20), ForeignKey("agencies.code"))
    status: Mapped[str] = mapped_column(String(20))
    open: Mapped[bool] = mapped_column(Boolean)
    status_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime]
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # complaints
    escalated_at: Mapped[dt.datetime | None]


class HqUser(Base):
    """A back-office person: an agency officer (one agency), a center supervisor (one center)
    or an HQ admin. Passwords are argon2id; ``failed_logins``/``locked_until`` the lockout."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # officer | supervisor | admin
    agency: Mapped[str | None] = mapped_column(String(20), ForeignKey("agencies.code"))
    center: Mapped[str | None] = mapped_column(String(6), ForeignKey("centers.code"))
    password_hash: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="ar")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    last_login_at: Mapped[dt.datetime | None]


class WebSession(Base):
    """A signed-in browser: the cookie holds a random id, the database only its SHA-256."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class HqAudit(Base):
    """Who did what in the back office (sign-ins, steps, answers, admin changes)."""

    __tablename__ = "hq_audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any] | None]


class ComplaintAnswer(Base):
    """An agency's answer to a complaint: text and, optionally, a file kept as a blob."""

    __tablename__ = "complaint_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_uuid: Mapped[str] = mapped_column(String(36), index=True)
    text: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    agency: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime]


class Notification(Base):
    """The notification outbox: one message per event (``event_uuid`` unique: never twice),
    queued in the event's transaction, sent by the sender with retries (counter_hq/notify)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    event_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_uuid: Mapped[str] = mapped_column(String(36), index=True)
    center: Mapped[str] = mapped_column(String(6))
    station_no: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(20))  # ready | needs_info | rejected | answer
    channel: Mapped[str] = mapped_column(String(20), default="sms")
    phone: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    segments: Mapped[int] = mapped_column(Integer, default=1)
    # queued | sending | sent | failed | opted_out | no_phone
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    gateway_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]


class SmsOptOut(Base):
    """A phone number that asked for no messages (kept normalised, +963...)."""

    __tablename__ = "sms_opt_outs"

    phone: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[dt.datetime]
    source: Mapped[str] = mapped_column(String(40), default="admin")


class CatalogDraft(Base):
    """A catalog file an HQ admin uploaded: validated, compared with the published one, and
    published (or not). Kept whole, valid or not, so the admin sees why it was refused."""

    __tablename__ = "catalog_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str | None] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    valid: Mapped[bool] = mapped_column(Boolean)
    errors: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime]
    published_seq: Mapped[int | None] = mapped_column(BigInteger)


class HqPayment(Base):
    """A request's fee as its counter received it (issue 16): at most one per request. A second
    payment of the same request (another uuid) fails ``request_uuid``'s unique constraint and is
    answered ``conflict`` (ingest.py), never stored beside the first."""

    __tablename__ = "payments"
    # A center's cash per local day (the counter's cash report, at HQ).
    __table_args__ = (Index("ix_payments_center_day", "center", "local_day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[str] = mapped_column(String(36))
    # No foreign key, like request_events: HQ checks the request is held and the station's.
    request_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32))
    center: Mapped[str] = mapped_column(String(6), ForeignKey("centers.code"))
    station: Mapped[str] = mapped_column(String(40))
    service: Mapped[str] = mapped_column(String(40))
    amount_syp: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(20))
    bank_receipt_no: Mapped[str | None] = mapped_column(String(30))
    paid_at: Mapped[dt.datetime]  # the counter's clock
    local_day: Mapped[dt.date] = mapped_column(Date)  # paid_at's day in Asia/Damascus
    actor: Mapped[str] = mapped_column(String(100))
    ingested_at: Mapped[dt.datetime]


class AppRelease(Base):
    """An app release HQ published (issue 17, `counter-hq release publish`); every one is
    kept, the newest (highest id) is what the stations are told (``GET /api/v1/release``)."""

    __tablename__ = "app_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64))  # PEP 440, in its normal form
    url_windows: Mapped[str | None] = mapped_column(String(2000))
    url_debian: Mapped[str | None] = mapped_column(String(2000))
    notes_ar: Mapped[str] = mapped_column(Text, default="")
    notes_en: Mapped[str] = mapped_column(Text, default="")
    minimum_version: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[dt.datetime]
    published_by: Mapped[str] = mapped_column(String(100))
