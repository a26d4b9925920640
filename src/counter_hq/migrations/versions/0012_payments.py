"""Fees (issue 16): ``payments``, one per request whose fee a counter received.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("center", sa.String(length=6), nullable=False),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("amount_syp", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("bank_receipt_no", sa.String(length=30), nullable=True),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["center"], ["centers.code"], name=op.f("fk_payments_center_centers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("request_uuid", name=op.f("uq_payments_request_uuid")),
        sa.UniqueConstraint("uuid", name=op.f("uq_payments_uuid")),
    )
    op.create_index("ix_payments_center_day", "payments", ["center", "local_day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_payments_center_day", table_name="payments")
    op.drop_table("payments")
