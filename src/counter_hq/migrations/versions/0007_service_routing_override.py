"""A service whose routing an HQ admin set (counter_hq/routing.py): a later catalog publish
keeps the admin's agency and office for it instead of the catalog's.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "services",
        sa.Column("admin_routed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("admin_routed")
