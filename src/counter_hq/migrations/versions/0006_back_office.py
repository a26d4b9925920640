"""The agencies' half (issue 15): agencies, their offices and the services they handle; each
request's current state for the work queues (backfilled from the events); back-office users,
sessions and audit; complaint answers; the notification outbox and opt-outs; catalog drafts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 00:04:41.921403
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_agencies")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("event_uuid", sa.String(length=36), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("center", sa.String(length=6), nullable=False),
        sa.Column("station_no", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("gateway_ref", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("event_uuid", name=op.f("uq_notifications_event_uuid")),
        sa.UniqueConstraint("uuid", name=op.f("uq_notifications_uuid")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_due", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notifications_request_uuid"), ["request_uuid"], unique=False
        )

    op.create_table(
        "sms_opt_outs",
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_sms_opt_outs")),
    )
    op.create_table(
        "agency_offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("center", sa.String(length=6), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_agency_offices_agency_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["center"], ["centers.code"], name=op.f("fk_agency_offices_center_centers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_offices")),
    )
    with op.batch_alter_table("agency_offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_offices_agency"), ["agency"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=20), nullable=True),
        sa.Column("center", sa.String(length=6), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_users_agency_agencies")
        ),
        sa.ForeignKeyConstraint(["center"], ["centers.code"], name=op.f("fk_users_center_centers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "catalog_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("published_seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_catalog_drafts_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_drafts")),
    )
    op.create_table(
        "complaint_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=True),
        sa.Column("agency", sa.String(length=20), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_complaint_answers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_answers")),
        sa.UniqueConstraint("uuid", name=op.f("uq_complaint_answers_uuid")),
    )
    with op.batch_alter_table("complaint_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_answers_request_uuid"), ["request_uuid"], unique=False
        )

    op.create_table(
        "hq_audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_hq_audit_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_audit")),
    )
    op.create_table(
        "request_states",
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("center", sa.String(length=6), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("status_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_request_states_agency_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_request_states_assignee_id_users")
        ),
        sa.PrimaryKeyConstraint("request_uuid", name=op.f("pk_request_states")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_request_states_receipt_no")),
    )
    with op.batch_alter_table("request_states", schema=None) as batch_op:
        batch_op.create_index(
            "ix_request_states_center", ["center", "open", "due_on"], unique=False
        )
        batch_op.create_index("ix_request_states_queue", ["agency", "open", "due_on"], unique=False)

    op.create_table(
        "services",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=20), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("sla_days", sa.Integer(), nullable=True),
        sa.Column("catalog_version", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_services_agency_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["agency_offices.id"], name=op.f("fk_services_office_id_agency_offices")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_services")),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_services_agency"), ["agency"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_sessions")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)
    _backfill_states()


_LATEST = (
    "(SELECT e.{col} FROM request_events e WHERE e.request_uuid = r.uuid "
    "ORDER BY e.at DESC, e.id DESC LIMIT 1)"
)


def _backfill_states() -> None:
    """Every request HQ already holds gets its state row (status from its newest event; the
    agency is set when the services are routed, counter_hq/routing.py)."""
    dialect = op.get_bind().dialect.name
    due = (
        "CAST(r.payload->>'due_date' AS DATE)"
        if dialect == "postgresql"
        else "json_extract(r.payload, '$.due_date')"
    )
    status = f"COALESCE({_LATEST.format(col='status')}, 'submitted')"
    op.execute(
        "INSERT INTO request_states (request_uuid, receipt_no, center, service, category, "
        "agency, status, open, status_at, received_at, due_on) "
        f"SELECT r.uuid, r.receipt_no, r.center, r.service, 'service', NULL, {status}, "
        f"{status} IN ('submitted', 'forwarded', 'in_progress', 'needs_info'), "
        f"COALESCE({_LATEST.format(col='at')}, r.received_at), r.received_at, {due} "
        "FROM requests r"
    )


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))

    op.drop_table("web_sessions")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_services_agency"))

    op.drop_table("services")
    with op.batch_alter_table("request_states", schema=None) as batch_op:
        batch_op.drop_index("ix_request_states_queue")
        batch_op.drop_index("ix_request_states_center")

    op.drop_table("request_states")
    op.drop_table("hq_audit")
    with op.batch_alter_table("complaint_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_answers_request_uuid"))

    op.drop_table("complaint_answers")
    op.drop_table("catalog_drafts")
    op.drop_table("users")
    with op.batch_alter_table("agency_offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_offices_agency"))

    op.drop_table("agency_offices")
    op.drop_table("sms_opt_outs")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_request_uuid"))
        batch_op.drop_index("ix_notifications_due")

    op.drop_table("notifications")
    op.drop_table("agencies")
