"""What became of the SMS HQ sent citizens (issue 15): one row per HQ notification, pulled as
``notification`` changes; the call list shows sent, failed, or not sent (opted out, no phone).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_protocol.columns import UtcDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("event_uuid", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("pulled_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_notifications_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("uuid", name=op.f("uq_notifications_uuid")),
    )
    op.create_index("ix_notifications_request", "notifications", ["request_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_request", table_name="notifications")
    op.drop_table("notifications")
