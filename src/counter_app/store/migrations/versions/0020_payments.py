"""Fees (issue 16): ``payments``, one row per request whose fee the counter received.

Append-only like the request events: triggers refuse UPDATE and DELETE. ``request_id`` is
UNIQUE, so a fee recorded twice (two clerks at once) is refused by the database itself.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 03:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("amount_syp", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("bank_receipt_no", sa.String(length=30), nullable=True),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=150), nullable=False),
        sa.Column("station", sa.String(length=20), nullable=False),
        sa.CheckConstraint("amount_syp > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            "method IN ('bank_receipt', 'bank_desk')", name=op.f("ck_payments_method_known")
        ),
        sa.CheckConstraint(
            "(method = 'bank_receipt' AND bank_receipt_no IS NOT NULL) OR "
            "(method = 'bank_desk' AND bank_receipt_no IS NULL)",
            name=op.f("ck_payments_receipt_matches_method"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_payments_request_id_requests")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("request_id", name=op.f("uq_payments_request_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_payments_uuid")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_paid_at"), ["paid_at"], unique=False)
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER payments_no_{verb.lower()} BEFORE {verb} ON payments "
            "BEGIN SELECT RAISE(ABORT, 'payments is append-only'); END"
        )


def downgrade() -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS payments_no_{verb}")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_paid_at"))
    op.drop_table("payments")
