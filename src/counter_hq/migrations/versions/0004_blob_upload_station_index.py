"""An index of unfinished uploads by station: each chunk checks the station's upload quota.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 18:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_blob_uploads_station", "blob_uploads", ["station_id"])


def downgrade() -> None:
    op.drop_index("ix_blob_uploads_station", table_name="blob_uploads")
