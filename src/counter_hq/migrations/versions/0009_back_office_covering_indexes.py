"""The back-office status indexes carry the columns the queue filters on (issue 15): a tab's
count under a center, service or age filter is read from the index alone (an index-only scan
with the filter on the included columns) instead of visiting up to tens of thousands of rows
per status; measured on 1,000,000 requests (bench/bench_backoffice.py). PostgreSQL only
(INCLUDE); the embedded SQLite HQ keeps 0008's plain indexes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 00:55:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# name: (key columns, included columns)
_INDEXES = {
    "ix_request_states_agency_status": (
        ["agency", "status", "due_on"],
        ["center", "service", "received_at"],
    ),
    "ix_request_states_center_status": (
        ["center", "status", "due_on"],
        ["agency", "service", "received_at"],
    ),
    "ix_request_states_status": (
        ["status", "due_on"],
        ["agency", "center", "service", "received_at"],
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (columns, included) in _INDEXES.items():
        op.drop_index(name, table_name="request_states")
        op.create_index(name, "request_states", columns, postgresql_include=included)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (columns, _) in _INDEXES.items():
        op.drop_index(name, table_name="request_states")
        op.create_index(name, "request_states", columns)
