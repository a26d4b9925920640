"""The report by status without reading rows (issue 16): a one-month report grouped by each
request's status at the period's end read ~220,000 milestone rows and ~36,000 requests and
their events one by one (540 ms CPU on the 1M bench, the target is 300).

- The first-step indexes of request_milestones (received, forwarded, needs_info, ready,
  delivered, rejected, done) also carry the closing times (closed, cancelled, rejected,
  delivered, ready): the status at any instant of a request closed by then is a comparison of
  those, so each figure stays one covering range whatever the grouping.
- ``ix_request_milestones_open`` also carries closed_at (always NULL there): SQLite reads the
  row for a column the query names that the index lacks, even the partial index's own.
- ``ix_request_events_request_at`` (request_id, at, id, status) replaces the index on
  request_id alone: the newest step before an instant is one seek, not every step of the
  request read and sorted; every lookup by request_id uses its first column as before.
- ``ix_requests_open_status``: the open requests' status and its time, by id (a small partial
  index): whether a request still open has not changed since an instant, without its row.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 04:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

OPEN = "status IN ('forwarded','in_progress','needs_info','submitted')"
CLOSING = ["closed_at", "cancelled_at", "rejected_at", "delivered_at", "ready_at"]
STEPS = ["forwarded", "needs_info", "ready", "delivered", "rejected"]


def _figure_indexes(closing: list[str]) -> list[tuple[str, list[str], str | None]]:
    indexes: list[tuple[str, list[str], str | None]] = [
        ("ix_request_milestones_received_at", ["received_at", "created_by", "station"], None)
    ]
    for step in STEPS:
        column = f"{step}_at"
        indexes.append(
            (
                f"ix_request_milestones_{column}",
                [column, "created_by", "station"],
                f"{column} IS NOT NULL",
            )
        )
    indexes.append(
        (
            "ix_request_milestones_done_at",
            ["done_at", "service_code", "created_by", "station", "received_at", "due_day"],
            "done_at IS NOT NULL",
        )
    )
    return [
        (name, columns + [c for c in closing if c not in columns], where)
        for name, columns, where in indexes
    ]


def _rebuild(closing: list[str]) -> None:
    for name, columns, where in _figure_indexes(closing):
        op.drop_index(name, table_name="request_milestones")
        op.create_index(
            name,
            "request_milestones",
            columns,
            unique=False,
            sqlite_where=sa.text(where) if where else None,
        )


OPEN_AT_END = ["received_at", "due_day", "service_code", "created_by", "station"]


def _open_index(columns: list[str]) -> None:
    op.drop_index("ix_request_milestones_open", table_name="request_milestones")
    op.create_index(
        "ix_request_milestones_open",
        "request_milestones",
        columns,
        unique=False,
        sqlite_where=sa.text("closed_at IS NULL"),
    )


def upgrade() -> None:
    _rebuild(CLOSING)
    _open_index([*OPEN_AT_END, "closed_at"])
    op.create_index(
        "ix_request_events_request_at", "request_events", ["request_id", "at", "id", "status"]
    )
    op.drop_index("ix_request_events_request_id", table_name="request_events")
    op.create_index(
        "ix_requests_open_status",
        "requests",
        ["id", "status", "status_at"],
        unique=False,
        sqlite_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_requests_open_status", table_name="requests")
    op.create_index("ix_request_events_request_id", "request_events", ["request_id"])
    op.drop_index("ix_request_events_request_at", table_name="request_events")
    _open_index(OPEN_AT_END)
    _rebuild([])
