"""The supervisor's dashboard (issue 16): two partial indexes, each a small slice of requests.

- ``ix_requests_open_service``: open requests by service. The dashboard's "complaints open"
  counts the open requests of the complaint services; through (status, due_date) it had to
  read every open request's row for its service (57 ms on the 1M bench), here it counts index
  entries (0.1 ms).
- ``ix_requests_call_status``: needs-information and rejected requests with the time they
  reached that status: the call list's count checks each one's calls since that time without
  reading its row (30 -> 7 ms on the 1M bench).

Queries must repeat the WHERE text exactly (services/dashboard.py) for SQLite to use them.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 03:15:12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

OPEN = "status IN ('forwarded','in_progress','needs_info','submitted')"
TO_CALL = "status IN ('needs_info','rejected')"


def upgrade() -> None:
    op.create_index(
        "ix_requests_open_service",
        "requests",
        ["service_code"],
        unique=False,
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_requests_call_status",
        "requests",
        ["status", "status_at"],
        unique=False,
        sqlite_where=sa.text(TO_CALL),
    )


def downgrade() -> None:
    op.drop_index("ix_requests_call_status", table_name="requests")
    op.drop_index("ix_requests_open_service", table_name="requests")
