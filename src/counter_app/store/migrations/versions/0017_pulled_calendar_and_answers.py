"""What HQ pushes besides steps and catalogs (issue 15): the holiday calendars pulled from HQ
(every one kept, like the catalogs; the newest valid one counts the working days) and the
agencies' answers to complaints, shown at the counter (the answer's file is named here and
fetched later: ``file_path`` once it is held).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 00:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_protocol.columns import UtcDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hq_seq", sa.Integer(), nullable=True),
        sa.Column("pulled_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_versions")),
        sa.UniqueConstraint("sha256", name=op.f("uq_calendar_versions_sha256")),
    )
    op.create_table(
        "complaint_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("agency", sa.String(length=20), nullable=True),
        sa.Column("agency_name_ar", sa.String(length=200), nullable=True),
        sa.Column("agency_name_en", sa.String(length=200), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_path", sa.Text(), nullable=True),
        sa.Column("pulled_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_complaint_answers_request_id_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_answers")),
        sa.UniqueConstraint("uuid", name=op.f("uq_complaint_answers_uuid")),
    )
    with op.batch_alter_table("complaint_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_answers_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_answers_request_id"))
    op.drop_table("complaint_answers")
    op.drop_table("calendar_versions")
