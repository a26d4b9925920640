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
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from counter_protocol.columns import NAMING_CONVENTION, UtcDateTime

NOTE_LIMIT = 60  # a print job's note (the reception slip's "go to counter 3 / ticket 127")


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
    # Set when numbers issued under this station number may be issued again (restored from a
    # backup, audit log behind HQ's, a receipt HQ held for another request): intake refuses
    # until the station is enrolled under a new number (services/station_identity.py).
    retired_at: Mapped[dt.datetime | None]
    retired_reason: Mapped[str | None] = mapped_column(String(20))


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


class CitizenNameCorrection(Base):
    """A citizen's name changed by a later intake: who, when, from what to what. Earlier
    requests keep the name they were taken with; this row says it was corrected since."""

    __tablename__ = "citizen_name_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    old_name: Mapped[str] = mapped_column(String(150))
    new_name: Mapped[str] = mapped_column(String(150))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))


class NameTerm(Base):
    """A word of some citizen's search key (``citizens.name_norm``): tolerant name search asks
    which one-letter variants of a typed word exist before it queries the FTS index."""

    __tablename__ = "name_terms"
    __table_args__ = ({"sqlite_with_rowid": False},)

    term: Mapped[str] = mapped_column(String(150), primary_key=True)


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
        # A name search's page: the newest requests of the matching citizens (0016).
        Index("ix_requests_citizen_received", "citizen_id", "received_at"),
        # The supervisor's overdue list: open statuses whose due date has passed.
        Index("ix_requests_status_due", "status", "due_date"),
        # The dashboard's counts (0021, services/dashboard.py repeats the WHERE text exactly):
        # open requests by service (complaints open), and the call list's waiting statuses.
        Index(
            "ix_requests_open_service",
            "service_code",
            sqlite_where=text("status IN ('forwarded','in_progress','needs_info','submitted')"),
        ),
        # An open request's status and its time by id (0024, services/reports/build.py).
        Index(
            "ix_requests_open_status",
            "id",
            "status",
            "status_at",
            sqlite_where=text("status IN ('forwarded','in_progress','needs_info','submitted')"),
        ),
        Index(
            "ix_requests_call_status",
            "status",
            "status_at",
            sqlite_where=text("status IN ('needs_info','rejected')"),
        ),
        UniqueConstraint("year", "seq", name="uq_requests_year_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    seq: Mapped[int]
    service_code: Mapped[str] = mapped_column(ForeignKey("services.code"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"))
    # The name as given at intake (what the receipt says); the citizen row holds today's name.
    citizen_name: Mapped[str | None] = mapped_column(String(150))
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
    # A request's steps in time order, covering the status (0024): the newest step before an
    # instant is one seek (the report by status at a period's end).
    __table_args__ = (Index("ix_request_events_request_at", "request_id", "at", "id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(150))
    station: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(1000))
    origin: Mapped[str] = mapped_column(String(10), default="counter")
    # HQ's signature of a step pulled from HQ: lets the station return it to a restored HQ.
    hq_signature: Mapped[str | None] = mapped_column(String(64))
    # What an HQ step says besides its status (migration 0018): the agency holding the request,
    # as HQ named it then, and for ``ready`` from which day and where the citizen collects.
    agency: Mapped[str | None] = mapped_column(String(20))
    agency_name_ar: Mapped[str | None] = mapped_column(String(200))
    agency_name_en: Mapped[str | None] = mapped_column(String(200))
    collect_from: Mapped[dt.date | None] = mapped_column(Date)
    collect_place: Mapped[str | None] = mapped_column(String(200))


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
    # An account's sign-ins, failures, lockouts and unlocks, newest first (0026,
    # services/lockout.py repeats the WHERE text exactly).
    __table_args__ = (
        Index("ix_audit_log_user", "entity_ref", "id", sqlite_where=text("entity = 'user'")),
    )

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
    # The rows its transaction wrote: {"<code>:<key>": row hash or null}, NULL before row
    # hashing (domain/audit.py, store/audit_capture.py).
    row_hashes: Mapped[str | None] = mapped_column(Text)
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
    # What the clerk added for the citizen on this paper: the slip's counter or ticket.
    note: Mapped[str | None] = mapped_column(String(NOTE_LIMIT))


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
    # The report's calls of a period (0023).
    __table_args__ = (Index("ix_call_attempts_at", "at", "outcome"),)

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
    pull_mark: Mapped[str | None] = mapped_column(String(32))  # HQ's identity of that change
    last_attempt_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    clock_skew_seconds: Mapped[float | None]
    # The audit tip HQ last accepted from this station (``db check`` compares the chain).
    hq_audit_seq: Mapped[int | None]
    hq_audit_hash: Mapped[str | None] = mapped_column(String(64))
    # HQ's last word on the audit log when not a clean accept: rewound, forked, or its standing
    # flag (sync/audit_tip.py); None once HQ accepts it unflagged. `status` shows it.
    hq_audit_flag: Mapped[str | None] = mapped_column(String(20))


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


class ScanImport(Base):
    """One scanned file taken in (import, scanner or hot folder), whatever became of it.

    The file's SHA-256 is unique: the same scan imported twice is told apart and changes
    nothing. Its bytes are kept content-addressed (``blobs/``) before anything else happens, so
    a quarantined file is never lost. ``message``/``message_args`` hold the untranslated msgid
    and its parameters, translated where shown.
    """

    __tablename__ = "scan_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # NULL only for a file refused unread (empty, or too large to read): nothing to compare.
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(12))  # import | scanner | hotfolder
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), index=True)  # filed|partial|unfiled|quarantined
    message: Mapped[str | None] = mapped_column(Text)
    message_args: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    pages: Mapped[int] = mapped_column(Integer, default=0)
    filed_pages: Mapped[int] = mapped_column(Integer, default=0)
    unfiled_pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScanFiling(Base):
    """A run of pages of a scanned file filed as one attachment of one request."""

    __tablename__ = "scan_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("scan_imports.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"))
    doc_type: Mapped[str] = mapped_column(String(40))
    first_page: Mapped[int]  # 0-based index in the scanned file
    # JSON list of the 0-based page indices (a repeated cover sheet inside a run is skipped).
    page_indices: Mapped[str] = mapped_column(Text)


class UnfiledPage(Base):
    """A scanned page no cover sheet could place, waiting for a person to assign it.

    ``sha256`` names the page's own content-addressed file (a one-page PDF). Once assigned, the
    ``assigned_*`` columns say where it went; the row stays as the record of that decision.
    """

    __tablename__ = "unfiled_pages"
    __table_args__ = (
        UniqueConstraint("import_id", "page_index", name="uq_unfiled_pages_import_page"),
        Index("ix_unfiled_pages_open", "assigned_request_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("scan_imports.id"))
    page_index: Mapped[int]  # 0-based index in the scanned file
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    # before_cover | unknown_request | invalid_code | after_unknown_cover
    reason: Mapped[str] = mapped_column(String(24))
    code: Mapped[str | None] = mapped_column(String(64))  # what the barcode said, if anything
    created_at: Mapped[dt.datetime]
    assigned_request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    assigned_doc_type: Mapped[str | None] = mapped_column(String(40))
    assigned_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    assigned_at: Mapped[dt.datetime | None]
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class HandoverBatch(Base):
    """A counter's day of paper files sent to the archive under one printed handover slip.

    ``state`` moves ``sent`` -> ``receiving`` (the archive opened it) -> ``closed``; closing
    turns every file not received into a recorded ``missing`` discrepancy.
    """

    __tablename__ = "handover_batches"
    __table_args__ = (
        UniqueConstraint("station_no", "business_day", "seq", name="uq_handover_batches_day_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    batch_no: Mapped[str] = mapped_column(String(32), unique=True)
    station_no: Mapped[int]
    business_day: Mapped[dt.date] = mapped_column(Date)
    seq: Mapped[int]
    state: Mapped[str] = mapped_column(String(10), index=True)  # sent | receiving | closed
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime | None]
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class HandoverFile(Base):
    """One paper file of a batch: listed on the slip (``expected`` -> ``received`` or
    ``missing``), or scanned by the archive without being listed (``extra``).

    An extra file's receipt number may belong to no request of this station (``request_id``
    is then empty): the paper arrived all the same, and that is what is recorded.
    """

    __tablename__ = "handover_files"
    __table_args__ = (
        UniqueConstraint("batch_id", "receipt_no", name="uq_handover_files_batch_receipt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("handover_batches.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    receipt_no: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10))  # expected | received | missing | extra
    received_at: Mapped[dt.datetime | None]
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DiwanSequence(Base):
    """Last diwan register number handed out per (four-digit) year."""

    __tablename__ = "diwan_sequences"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_no: Mapped[int]


class DiwanEntry(Base):
    """An entry of the ministry's incoming register (ديوان): one per request, never rewritten
    (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "diwan_entries"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_diwan_entries_year_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    year: Mapped[int]
    number: Mapped[int]
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), unique=True)
    registered_on: Mapped[dt.date] = mapped_column(Date)  # the center's local day
    subject: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ArchiveBox(Base):
    """A box of paper files on a shelf; its code is printed with a barcode on its label."""

    __tablename__ = "archive_boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    shelf: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FileLocation(Base):
    """Append-only history of where a request's paper file is: the newest row is where it is
    now. Triggers refuse UPDATE and DELETE, so a move never hides where the file was."""

    __tablename__ = "file_locations"
    __table_args__ = (Index("ix_file_locations_request_id_id", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    box_id: Mapped[int] = mapped_column(ForeignKey("archive_boxes.id"), index=True)
    from_box_id: Mapped[int | None] = mapped_column(ForeignKey("archive_boxes.id"))
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# Tables of issue 15 kept in their own module, registered on the same Base (migration 0017).
from counter_app.store import models_notices as _models_notices  # noqa: E402, F401
from counter_app.store import models_pulled as _models_pulled  # noqa: E402, F401
