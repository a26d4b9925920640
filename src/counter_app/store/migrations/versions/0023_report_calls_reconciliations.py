"""The report's calls and messages of a period (indexes by time), and the nightly
reconciliation's outcome kept for the report's sync health (issue 16).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_protocol.columns import UtcDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_call_attempts_at", "call_attempts", ["at", "outcome"])
    op.create_index("ix_notifications_at", "notifications", ["at", "state"])
    op.create_table(
        "reconciliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("disagreeing", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliations")),
    )


def downgrade() -> None:
    op.drop_table("reconciliations")
    op.drop_index("ix_notifications_at", table_name="notifications")
    op.drop_index("ix_call_attempts_at", table_name="call_attempts")
