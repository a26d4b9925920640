"""Updates from HQ and the nightly runs (issue 17): `app_release`, the newest release HQ
told this station of (one row), and who ran each nightly sync and why it failed, kept in
`reconciliations` beside the reconciliation's outcome (a failed run is a row too).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 06:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from counter_protocol.columns import UtcDateTime

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=True),
        sa.Column("url_windows", sa.String(length=2000), nullable=True),
        sa.Column("url_debian", sa.String(length=2000), nullable=True),
        sa.Column("notes_ar", sa.Text(), nullable=False),
        sa.Column("notes_en", sa.Text(), nullable=False),
        sa.Column("minimum_version", sa.String(length=64), nullable=True),
        sa.Column("published_at", UtcDateTime(), nullable=True),
        sa.Column("received_at", UtcDateTime(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("problem_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_release")),
    )
    with op.batch_alter_table("reconciliations") as batch:
        batch.add_column(sa.Column("runner", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reconciliations") as batch:
        batch.drop_column("error")
        batch.drop_column("runner")
    op.drop_table("app_release")
