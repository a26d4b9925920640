"""A note on a print job: the counter or ticket a reception slip sends the citizen to, kept
with the job so a retry prints the same slip.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 07:08:12.823866
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_column("note")
