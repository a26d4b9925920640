"""The words of citizens' search keys, one row each: tolerant name search looks up which of
a mistyped word's one-letter variants exist (a primary-key probe each) before asking the FTS
index, instead of sending it hundreds of words nobody is called.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "name_terms",
        sa.Column("term", sa.String(length=150), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_name_terms")),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    terms: set[str] = set()
    for (key,) in conn.exec_driver_sql("SELECT name_norm FROM citizens"):
        terms.update(t for t in (key or "").split(" ") if t)
    if terms:
        conn.exec_driver_sql(
            "INSERT INTO name_terms (term) VALUES (?)", [(t,) for t in sorted(terms)]
        )


def downgrade() -> None:
    op.drop_table("name_terms")
