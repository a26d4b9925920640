"""A request keeps the citizen name it was taken with (what its receipt says), and a later
intake that names the citizen differently is recorded as a correction instead of silently
renaming the earlier requests.

Existing requests get today's citizen name: the names they were taken with are not known any
more, and today's name is what their reprints showed until now.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_name", sa.String(length=150), nullable=True))
    op.execute(
        "UPDATE requests SET citizen_name = "
        "(SELECT name FROM citizens WHERE citizens.id = requests.citizen_id)"
    )
    op.create_table(
        "citizen_name_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("old_name", sa.String(length=150), nullable=False),
        sa.Column("new_name", sa.String(length=150), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=150), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
            name=op.f("fk_citizen_name_corrections_citizen_id_citizens"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_citizen_name_corrections_request_id_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_citizen_name_corrections_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_name_corrections")),
    )
    with op.batch_alter_table("citizen_name_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizen_name_corrections_citizen_id"), ["citizen_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("citizen_name_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_name_corrections_citizen_id"))
    op.drop_table("citizen_name_corrections")
    # Not a batch (table copy): other tables refer to requests, and SQLite >= 3.35 drops a
    # column in place.
    op.execute("ALTER TABLE requests DROP COLUMN citizen_name")
