"""Lockout from the audit log (issue 17): a sign-in decides whether an account is locked from
its own recent audit rows (login, login.failed, login.locked, user.unlock) instead of the
users row, which one UPDATE could clear. ix_audit_log_user finds an account's newest rows
in one seek; partial (entity = 'user'), so the intake's audit rows never enter it and a save
pays nothing for it.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_log_user",
        "audit_log",
        ["entity_ref", "id"],
        sqlite_where=sa.text("entity = 'user'"),
    )


def downgrade() -> None:
    op.drop_index("ix_audit_log_user", table_name="audit_log")
