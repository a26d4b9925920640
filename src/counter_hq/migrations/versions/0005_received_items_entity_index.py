"""An index of received items by entity: ingest checks that the handover batch or archive box
an item refers to was created by the pushing station (issue 13, a station writes only its own).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 18:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_received_items_entity", "received_items", ["entity_uuid"])


def downgrade() -> None:
    op.drop_index("ix_received_items_entity", table_name="received_items")
