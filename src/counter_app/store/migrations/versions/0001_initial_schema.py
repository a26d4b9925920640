"""Initial schema: station, users, catalog, citizens, requests, events, outbox, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 21:02:48.080030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("national_id", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("name_norm", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizens")),
        sa.UniqueConstraint("national_id", name=op.f("uq_citizens_national_id")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizens_phone"), ["phone"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_norm", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("name_norm", name=op.f("uq_organizations_name_norm")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("uuid", name=op.f("uq_outbox_uuid")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_state_id", ["state", "id"], unique=False)

    op.create_table(
        "receipt_sequences",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_receipt_sequences")),
    )
    op.create_table(
        "station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_code", sa.String(length=6), nullable=False),
        sa.Column("center_name", sa.String(length=200), nullable=False),
        sa.Column("station_no", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_station_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=150), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_ref", sa.String(length=64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_catalog_versions_imported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
        sa.UniqueConstraint("sha256", name=op.f("uq_catalog_versions_sha256")),
    )
    op.create_table(
        "services",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("sla_days", sa.Integer(), nullable=False),
        sa.Column("fee_syp", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("catalog_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalog_version_id"],
            ["catalog_versions.id"],
            name=op.f("fk_services_catalog_version_id_catalog_versions"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_services")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("service_code", sa.String(length=40), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=10), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("station_no", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("paper_ref", sa.String(length=64), nullable=True),
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_requests_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_requests_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_code"], ["services.code"], name=op.f("fk_requests_service_code_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_requests_receipt_no")),
        sa.UniqueConstraint("uuid", name=op.f("uq_requests_uuid")),
        sa.UniqueConstraint("year", "seq", name="uq_requests_year_seq"),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_requests_citizen_service", ["citizen_id", "service_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requests_created_by"), ["created_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_paper_ref"), ["paper_ref"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_phone"), ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_received_at"), ["received_at"], unique=False)
        batch_op.create_index(
            "ix_requests_service_received", ["service_code", "received_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requests_status"), ["status"], unique=False)

    op.create_table(
        "request_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("requirement", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_request_documents_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_documents")),
        sa.UniqueConstraint("request_id", "doc_type", name="uq_request_documents_doc"),
    )
    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=150), nullable=False),
        sa.Column("station", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_request_events_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_request_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
        sa.UniqueConstraint("uuid", name=op.f("uq_request_events_uuid")),
    )
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_events_request_id"), ["request_id"], unique=False
        )

    # Name search: an FTS5 index over the normalised citizen name, kept in step by triggers so
    # no code path can forget it.
    op.execute(
        "CREATE VIRTUAL TABLE citizen_name_fts USING fts5("
        "name_norm, content='citizens', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )
    op.execute(
        "CREATE TRIGGER citizens_fts_ai AFTER INSERT ON citizens BEGIN "
        "INSERT INTO citizen_name_fts(rowid, name_norm) VALUES (new.id, new.name_norm); END"
    )
    op.execute(
        "CREATE TRIGGER citizens_fts_ad AFTER DELETE ON citizens BEGIN "
        "INSERT INTO citizen_name_fts(citizen_name_fts, rowid, name_norm) "
        "VALUES ('delete', old.id, old.name_norm); END"
    )
    op.execute(
        "CREATE TRIGGER citizens_fts_au AFTER UPDATE OF name_norm ON citizens BEGIN "
        "INSERT INTO citizen_name_fts(citizen_name_fts, rowid, name_norm) "
        "VALUES ('delete', old.id, old.name_norm); "
        "INSERT INTO citizen_name_fts(rowid, name_norm) VALUES (new.id, new.name_norm); END"
    )
    # History is append-only: the database itself refuses to rewrite it.
    for table in ("request_events", "audit_log"):
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in ("request_events", "audit_log"):
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    for name in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS citizens_fts_{name}")
    op.execute("DROP TABLE IF EXISTS citizen_name_fts")
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_events_request_id"))

    op.drop_table("request_events")
    op.drop_table("request_documents")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_paper_ref"))
        batch_op.drop_index(batch_op.f("ix_requests_status"))
        batch_op.drop_index("ix_requests_service_received")
        batch_op.drop_index(batch_op.f("ix_requests_received_at"))
        batch_op.drop_index(batch_op.f("ix_requests_phone"))
        batch_op.drop_index(batch_op.f("ix_requests_created_by"))
        batch_op.drop_index("ix_requests_citizen_service")

    op.drop_table("requests")
    op.drop_table("services")
    op.drop_table("catalog_versions")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("station")
    op.drop_table("receipt_sequences")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state_id")

    op.drop_table("outbox")
    op.drop_table("organizations")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizens_phone"))

    op.drop_table("citizens")
