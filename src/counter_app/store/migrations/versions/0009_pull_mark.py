"""The identity HQ gave the change at the pull cursor: a feed restored from a backup, numbering
its changes again, is told from HQ's own.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 08:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pull_mark", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("pull_mark")
