"""A station number that must issue no more receipts: retired after a restore from a backup, an
audit log HQ found cut short or rewritten, or a receipt number HQ already held for another
request (services/station_identity.py). Enrolling under a new number clears it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("retired_reason", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_column("retired_reason")
        batch_op.drop_column("retired_at")
