"""Per station, the newest audit tip it reported and a flag when one went back or forked.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_audit_tips",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("flagged", sa.String(length=20), nullable=True),
        sa.Column("flagged_at", sa.DateTime(), nullable=True),
        sa.Column("flag_detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_station_audit_tips_station_id_stations"),
        ),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_station_audit_tips")),
    )


def downgrade() -> None:
    op.drop_table("station_audit_tips")
