"""What HQ last said of this station's audit log when it was not a clean accept (rewound, forked,
or a standing flag), so `counter-app status` can say it between syncs.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hq_audit_flag", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("hq_audit_flag")
