"""The supervision report's milestones (issue 16): per request, when it was received and when
it first became forwarded, needs_info, ready, delivered, rejected or cancelled (UTC unix
seconds), with the columns a report groups by, kept by triggers on requests and
request_events; each count of a report is then one covering index range (store/models_reports
.py says why). Filled from the existing history on upgrade (~45 s on the 1M bench).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

KEYS = ["service_code", "created_by", "station"]
STEPS = ["forwarded", "needs_info", "ready", "delivered", "rejected"]
CLOSING = "('ready','delivered','rejected','cancelled')"


def _epoch(column: str) -> str:
    # Stored times are naive UTC text ('YYYY-MM-DD HH:MM:SS.ffffff'); seconds are enough.
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


def _station(receipt: str) -> str:
    # The receipt's <center>-<station> prefix: station numbers are two digits.
    return f"substr({receipt}, 1, instr({receipt}, '-') + 2)"


def _day(column: str) -> str:
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _first(column: str, status: str, at: str) -> str:
    return (
        f"{column} = CASE WHEN NEW.status = '{status}' "
        f"THEN min(coalesce({column}, {at}), {at}) ELSE {column} END"
    )


_INSERTED = (
    "CREATE TRIGGER request_milestones_ai AFTER INSERT ON requests BEGIN "
    "INSERT INTO request_milestones (request_id, service_code, created_by, station, "
    "received_at, due_day) VALUES (NEW.id, NEW.service_code, NEW.created_by, "
    f"{_station('NEW.receipt_no')}, {_epoch('NEW.received_at')}, {_day('NEW.due_date')}); END"
)
_CHANGED = (
    "CREATE TRIGGER request_milestones_au AFTER UPDATE OF service_code, created_by, "
    "receipt_no, received_at, due_date ON requests BEGIN "
    "UPDATE request_milestones SET service_code = NEW.service_code, "
    f"created_by = NEW.created_by, station = {_station('NEW.receipt_no')}, "
    f"received_at = {_epoch('NEW.received_at')}, due_day = {_day('NEW.due_date')} "
    "WHERE request_id = NEW.id; END"
)
_DELETED = (
    "CREATE TRIGGER request_milestones_ad AFTER DELETE ON requests BEGIN "
    "DELETE FROM request_milestones WHERE request_id = OLD.id; END"
)


def _step_trigger() -> str:
    at = _epoch("NEW.at")
    # The first step to a status is the earliest, whatever order steps arrive in (a step
    # pulled from HQ may be older than one already here).
    sets = [_first(f"{s}_at", s, at) for s in [*STEPS, "cancelled"]]
    sets.append(
        f"closed_at = CASE WHEN NEW.status IN {CLOSING} "
        f"THEN min(coalesce(closed_at, {at}), {at}) ELSE closed_at END"
    )
    sets.append(
        f"done_at = CASE WHEN NEW.status = 'ready' THEN min(coalesce(ready_at, {at}), {at}) "
        f"WHEN NEW.status = 'delivered' AND ready_at IS NULL "
        f"THEN min(coalesce(delivered_at, {at}), {at}) ELSE done_at END"
    )
    counted = "('forwarded','needs_info','ready','delivered','rejected','cancelled')"
    return (
        "CREATE TRIGGER request_milestones_step AFTER INSERT ON request_events "
        f"WHEN NEW.status IN {counted} BEGIN UPDATE request_milestones SET "
        + ", ".join(sets)
        + " WHERE request_id = NEW.request_id; END"
    )


def _backfill() -> str:
    firsts = ", ".join(
        f"min(CASE WHEN status = '{s}' THEN {_epoch('at')} END) AS {s}"
        for s in [*STEPS, "cancelled"]
    )
    closing = " UNION ALL ".join(
        f"SELECT e.{s} AS x" for s in ["ready", "delivered", "rejected", "cancelled"]
    )
    return (
        "INSERT INTO request_milestones (request_id, service_code, created_by, station, "
        "received_at, due_day, forwarded_at, needs_info_at, ready_at, delivered_at, "
        "rejected_at, cancelled_at, closed_at, done_at) "
        f"SELECT r.id, r.service_code, r.created_by, {_station('r.receipt_no')}, "
        f"{_epoch('r.received_at')}, {_day('r.due_date')}, "
        "e.forwarded, e.needs_info, e.ready, e.delivered, e.rejected, e.cancelled, "
        f"(SELECT min(x) FROM ({closing})), coalesce(e.ready, e.delivered) "
        f"FROM requests r LEFT JOIN (SELECT request_id, {firsts} FROM request_events "
        "GROUP BY request_id) e ON e.request_id = r.id"
    )


def _index(name: str, columns: list[str], where: str | None = None) -> None:
    op.create_index(
        name,
        "request_milestones",
        columns,
        unique=False,
        sqlite_where=sa.text(where) if where else None,
    )


def upgrade() -> None:
    op.create_table(
        "request_milestones",
        sa.Column("request_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("service_code", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("station", sa.String(length=12), nullable=False),
        sa.Column("received_at", sa.Integer(), nullable=False),
        sa.Column("due_day", sa.Integer(), nullable=False),
        *(sa.Column(f"{s}_at", sa.Integer(), nullable=True) for s in [*STEPS, "cancelled"]),
        sa.Column("closed_at", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_request_milestones")),
    )
    # Filled before the indexes exist: one sorted build each instead of 1M inserts into them.
    op.execute(_backfill())
    # Per figure: by time (a bucket's count, the clerk's and the station's rows), and by
    # service then time (a service's count: one range per service, no sort).
    _index("ix_request_milestones_received_at", ["received_at", "created_by", "station"])
    _index("ix_request_milestones_service_received", ["service_code", "received_at"])
    for step in STEPS:
        column = f"{step}_at"
        where = f"{column} IS NOT NULL"
        _index(f"ix_request_milestones_{column}", [column, "created_by", "station"], where)
        _index(f"ix_request_milestones_service_{step}", ["service_code", column], where)
    _index(
        "ix_request_milestones_done_at",
        ["done_at", *KEYS, "received_at", "due_day"],
        "done_at IS NOT NULL",
    )
    _index(
        "ix_request_milestones_closed_at",
        ["closed_at", "received_at", "due_day", *KEYS],
        "closed_at IS NOT NULL",
    )
    _index("ix_request_milestones_open", ["received_at", "due_day", *KEYS], "closed_at IS NULL")
    for trigger in (_INSERTED, _CHANGED, _DELETED, _step_trigger()):
        op.execute(trigger)


def downgrade() -> None:
    for name in ("step", "ad", "au", "ai"):
        op.execute(f"DROP TRIGGER IF EXISTS request_milestones_{name}")
    op.drop_table("request_milestones")
