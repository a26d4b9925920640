"""Updates from HQ (issue 17): `app_releases`, every app release HQ published; the newest
(highest id) is what `GET /api/v1/release` tells the stations.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_protocol.columns import UtcDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("url_windows", sa.String(length=2000), nullable=True),
        sa.Column("url_debian", sa.String(length=2000), nullable=True),
        sa.Column("notes_ar", sa.Text(), nullable=False),
        sa.Column("notes_en", sa.Text(), nullable=False),
        sa.Column("minimum_version", sa.String(length=64), nullable=True),
        sa.Column("published_at", UtcDateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_releases")),
    )


def downgrade() -> None:
    op.drop_table("app_releases")
