"""SQLAlchemy 2 typed models of the counter's local database.

Timestamps are stored in UTC. Events and the audit log are append-only: triggers created by the
migration refuse UPDATE and DELETE on them, so history cannot be rewritten through the app.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# A stable naming convention lets alembic name (and later drop) constraints deterministically.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive values are refused, not guessed."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UtcDateTime, dict[str, Any]: JSON}


class Station(Base):
    """The one row describing this workstation (created by ``setup``)."""

    __tablename__ = "station"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_code: Mapped[str] = mapped_column(String(6))
    center_name: Mapped[str] = mapped_column(String(200))
    station_no: Mapped[int]
    language: Mapped[str] = mapped_column(String(5), default="ar")
    created_at: Mapped[dt.datetime]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(150), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


class CatalogVersion(Base):
    """Every catalog ever imported, kept whole so old requests stay explainable."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime]
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class ServiceRow(Base):
    """Flattened view of the active catalog's services; rows are never deleted (requests refer)."""

    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    sla_days: Mapped[int]
    fee_syp: Mapped[int]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    catalog_version_id: Mapped[int] = mapped_column(ForeignKey("catalog_versions.id"))


class Citizen(Base):
    __tablename__ = "citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    national_id: Mapped[str] = mapped_column(String(11), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    name_norm: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(10), index=True)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(400), unique=True)
    created_at: Mapped[dt.datetime]


class ReceiptSequence(Base):
    """Last receipt sequence number handed out per two-digit year."""

    __tablename__ = "receipt_sequences"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int]


class Request(Base):
    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_service_received", "service_code", "received_at"),
        Index("ix_requests_citizen_service", "citizen_id", "service_code"),
        # The supervisor's overdue list: open statuses whose due date has passed.
        Index("ix_requests_status_due", "status", "due_date"),
        UniqueConstraint("year", "seq", name="uq_requests_year_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    seq: Mapped[int]
    service_code: Mapped[str] = mapped_column(ForeignKey("services.code"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    phone: Mapped[str | None] = mapped_column(String(10), index=True)
    fields: Mapped[str] = mapped_column(Text, default="{}")
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    station_no: Mapped[int]
    source: Mapped[str] = mapped_column(String(10), default="counter")
    paper_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    catalog_version: Mapped[str] = mapped_column(String(20))

    citizen: Mapped[Citizen] = relationship()
    documents: Mapped[list[RequestDocument]] = relationship(order_by="RequestDocument.id")
    events: Mapped[list[RequestEvent]] = relationship(order_by="RequestEvent.id")


class RequestDocument(Base):
    __tablename__ = "request_documents"
    __table_args__ = (UniqueConstraint("request_id", "doc_type", name="uq_request_documents_doc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    doc_type: Mapped[str] = mapped_column(String(40))
    requirement: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))


class RequestEvent(Base):
    """Append-only status history; the request's ``status`` column caches the latest one."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))
    station: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(1000))
    origin: Mapped[str] = mapped_column(String(10), default="counter")


class OutboxItem(Base):
    """Transactional outbox: written in the same transaction as the change it carries."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Hash-chained audit log: each row's hash covers the previous row's hash."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # ISO-8601 UTC text written by us, not by the driver, so the hashed bytes are exactly known.
    at: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_ref: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class PrintJob(Base):
    """A document to print, recorded before it is sent, so a failed print is never lost.

    ``copy_no`` 0 is the original; a receipt's original can exist once (partial unique index),
    so every later print of it is a numbered copy and is audited.
    """

    __tablename__ = "print_jobs"
    __table_args__ = (
        Index("ix_print_jobs_state_id", "state", "id"),
        Index("ix_print_jobs_kind_ref", "kind", "ref"),
        Index(
            "uq_print_jobs_receipt_original",
            "kind",
            "ref",
            unique=True,
            sqlite_where=text("kind = 'receipt' AND copy_no = 0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt | cover | slip
    ref: Mapped[str] = mapped_column(String(64))  # receipt number or service code
    copy_no: Mapped[int]
    paper: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(5))
    printer: Mapped[str] = mapped_column(String(300))  # backend:target, e.g. cups:CSC-PDF
    state: Mapped[str] = mapped_column(String(12))  # queued|sending|sent|done|failed|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    printer_job_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[dt.datetime | None]


class Setting(Base):
    """A station setting; names, types and defaults are declared once in services/settings.py."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Delivery(Base):
    """Who collected a finished request: the citizen, or a proxy with an identity number."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), unique=True)
    event_uuid: Mapped[str] = mapped_column(String(36))
    collector: Mapped[str] = mapped_column(String(10))  # citizen | proxy
    proxy_name: Mapped[str | None] = mapped_column(String(150))
    proxy_national_id: Mapped[str | None] = mapped_column(String(11))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CallAttempt(Base):
    """A call to tell a citizen that the request is ready, and how it went."""

    __tablename__ = "call_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(12))  # called | no_answer | collected
    note: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Attachment(Base):
    """A scanned document of a request; the bytes live in a content-addressed file (SHA-256)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_request_doc", "request_id", "doc_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    doc_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SyncState(Base):
    """The one row of sync bookkeeping: enrolment identity (never the token), cursor, health.

    Outbox items move ``pending`` -> ``sent`` (HQ answered created/duplicate) or
    ``quarantined`` (conflict/rejected; the reason is in ``outbox.last_error``).
    """

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hq_url: Mapped[str | None] = mapped_column(String(500))
    center_code: Mapped[str | None] = mapped_column(String(6))
    station_no: Mapped[int | None]
    enrolled_at: Mapped[dt.datetime | None]
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    clock_skew_seconds: Mapped[float | None]


class SyncProblem(Base):
    """A change pulled from HQ that could not be applied (e.g. an illegal status transition).

    Kept whole for a person to resolve, so advancing the pull cursor never loses anything.
    """

    __tablename__ = "sync_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # HQ's change sequence number
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str | None] = mapped_column(String(64))  # receipt number or event uuid
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
