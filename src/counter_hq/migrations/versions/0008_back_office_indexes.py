"""Indexes the back office reads by (issue 15): the queue tabs count each status within an
agency, a center or everything without visiting the rows; the admin queue orders all open
requests by their promised date; a receipt typed in part is found by its beginning; a
request page finds its scans and what its HQ steps told the station without reading the
others (expression indexes on the JSON payloads, PostgreSQL only: the embedded SQLite HQ is
small enough to scan).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_STATUS_INDEXES = {
    "ix_request_states_agency_status": ["agency", "status", "due_on"],
    "ix_request_states_center_status": ["center", "status", "due_on"],
    "ix_request_states_status": ["status", "due_on"],
    "ix_request_states_open_due": ["open", "due_on"],
}


def upgrade() -> None:
    for name, columns in _STATUS_INDEXES.items():
        op.create_index(name, "request_states", columns)
    if op.get_bind().dialect.name != "postgresql":
        return
    # LIKE 'MZH-01-26-00%' uses an index only with the pattern operator class (the database
    # collation may order text otherwise than byte by byte).
    op.execute(
        "CREATE INDEX ix_request_states_receipt_prefix "
        "ON request_states (receipt_no varchar_pattern_ops)"
    )
    op.create_index(
        "ix_received_items_attachment_request",
        "received_items",
        [sa.text("(payload ->> 'request_uuid')")],
        postgresql_where=sa.text("kind = 'attachment'"),
    )
    op.create_index(
        "ix_changes_status_request",
        "changes",
        [sa.text("(payload ->> 'request_uuid')")],
        postgresql_where=sa.text("kind = 'status_event'"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_changes_status_request", table_name="changes")
        op.drop_index("ix_received_items_attachment_request", table_name="received_items")
        op.drop_index("ix_request_states_receipt_prefix", table_name="request_states")
    for name in reversed(list(_STATUS_INDEXES)):
        op.drop_index(name, table_name="request_states")
