"""HQ's signature on a status step pulled from HQ (sync/pull.py): the station can return the step
to an HQ restored from a backup that lost it, and HQ can tell it made the step (issue 13).
NULL for the station's own steps and for HQ steps pulled before HQ signed them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of the table would drop its append-only triggers.
    op.add_column("request_events", sa.Column("hq_signature", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("request_events", "hq_signature")
