"""Partial indexes of the complaints (issue 15): the complaints page lists an agency's (or every)
complaint in due-date order, and complaints are a small share of the requests; without them the
page read every open request of the scope (a bitmap scan of 100,000 rows on the 1M bench).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 01:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The open ones: the page's every tab but "answered" (read by the other indexes).
_COMPLAINT = sa.text("category = 'complaint' AND open")


def upgrade() -> None:
    op.create_index(
        "ix_request_states_complaints_agency",
        "request_states",
        ["agency", "due_on", "received_at", "request_uuid"],
        postgresql_where=_COMPLAINT,
        sqlite_where=_COMPLAINT,
    )
    op.create_index(
        "ix_request_states_complaints",
        "request_states",
        ["due_on", "received_at", "request_uuid"],
        postgresql_where=_COMPLAINT,
        sqlite_where=_COMPLAINT,
    )


def downgrade() -> None:
    op.drop_index("ix_request_states_complaints", table_name="request_states")
    op.drop_index("ix_request_states_complaints_agency", table_name="request_states")
