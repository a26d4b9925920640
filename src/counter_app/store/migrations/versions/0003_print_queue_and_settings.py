"""Print queue (jobs recorded before they are sent) and station settings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 03:36:27.955446
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("paper", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("printer", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("printer_job_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_print_jobs_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sa.UniqueConstraint("uuid", name=op.f("uq_print_jobs_uuid")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_print_jobs_kind_ref", ["kind", "ref"], unique=False)
        batch_op.create_index("ix_print_jobs_state_id", ["state", "id"], unique=False)
        batch_op.create_index(
            "uq_print_jobs_receipt_original",
            ["kind", "ref"],
            unique=True,
            sqlite_where=sa.text("kind = 'receipt' AND copy_no = 0"),
        )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_settings_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_print_jobs_receipt_original",
            sqlite_where=sa.text("kind = 'receipt' AND copy_no = 0"),
        )
        batch_op.drop_index("ix_print_jobs_state_id")
        batch_op.drop_index("ix_print_jobs_kind_ref")

    op.drop_table("print_jobs")
