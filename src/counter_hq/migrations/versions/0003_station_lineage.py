"""Station lineage and receipt collisions (issue 13: no receipt number issued twice).

A station number can be retired and replaced by a new one (``replaces_id``); the successor
pushes its predecessor's requests and, when it continues the predecessor's database
(``continues``), counts them as its own. A receipt number pushed for another request than the
one HQ holds under it is kept in ``receipt_collisions`` for the operator.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("continues", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_stations_replaces_id_stations"), "stations", ["replaces_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_stations_replaces_id"), ["replaces_id"])
    op.create_table(
        "receipt_collisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("request_uuid", sa.String(length=36), nullable=False),
        sa.Column("held_uuid", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_receipt_collisions_station_id_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_collisions")),
        sa.UniqueConstraint("item_id", name=op.f("uq_receipt_collisions_item_id")),
    )
    op.create_index(op.f("ix_receipt_collisions_station_id"), "receipt_collisions", ["station_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_receipt_collisions_station_id"), table_name="receipt_collisions")
    op.drop_table("receipt_collisions")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_stations_replaces_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_stations_replaces_id_stations"), type_="foreignkey")
        batch_op.drop_column("continues")
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("retired_at")
