"""request_milestones recomputed where the SQLite that wrote them rounded differently.

Issue 17 moved every connection to SQLCipher, which bundles SQLite 3.53. Its ``strftime('%s')``
truncates a time's fractional second (``05:16:59.999899`` -> ...19); the Python's own SQLite
(3.40) that kept the table before rounded it to the nearest second (...20). Both are the
triggers' arithmetic (0022), so a step at the end of a second, kept under the old library, now
differs by one second from what `db check` recomputes (found on the bench generator's database,
written with the standard library). Those rows alone (times a second apart, nothing else) are
recomputed here, with the library that will check them; every other row is left as it is.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 07:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

COLUMNS = (
    "request_id",
    "service_code",
    "created_by",
    "station",
    "received_at",
    "due_day",
    "forwarded_at",
    "needs_info_at",
    "ready_at",
    "delivered_at",
    "rejected_at",
    "cancelled_at",
    "closed_at",
    "done_at",
)
STEPS = ("forwarded", "needs_info", "ready", "delivered", "rejected", "cancelled")
CLOSING = "('ready','delivered','rejected','cancelled')"


def _epoch(column: str) -> str:
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


def _expected() -> str:
    """Each request's milestones as 0022's triggers keep them (as store/milestones.py on the
    day of this migration: frozen here, a migration never changes with the code)."""
    firsts = ", ".join(f"min(CASE WHEN status = '{s}' THEN at END) AS {s}" for s in STEPS)
    station = "substr(r.receipt_no, 1, instr(r.receipt_no, '-') + 2)"
    return (
        f"SELECT r.id AS c0, r.service_code AS c1, r.created_by AS c2, {station} AS c3, "
        f"{_epoch('r.received_at')} AS c4, "
        "CAST(julianday(r.due_date) - 2440587.5 AS INTEGER) AS c5, "
        + ", ".join(f"{_epoch(f'e.{s}')} AS c{6 + i}" for i, s in enumerate(STEPS))
        + f", {_epoch('e.closed')} AS c12, {_epoch('coalesce(e.ready, e.delivered)')} AS c13 "
        "FROM requests r LEFT JOIN (SELECT request_id, "
        f"{firsts}, min(CASE WHEN status IN {CLOSING} THEN at END) AS closed "
        "FROM request_events GROUP BY request_id) e ON e.request_id = r.id"
    )


def upgrade() -> None:
    conn = op.get_bind()
    differs = " OR ".join(f"m.{c} IS NOT x.c{i}" for i, c in enumerate(COLUMNS) if i)
    # Only a second's rounding: a row edited by hand (any other difference) is left for
    # `db check` to report, as before.
    same = " AND ".join(
        f"(m.{c} IS x.c{i} OR abs(m.{c} - x.c{i}) = 1)" if c.endswith("_at") else f"m.{c} IS x.c{i}"
        for i, c in enumerate(COLUMNS)
        if i
    )
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE milestones_0027 AS SELECT x.* FROM ({_expected()}) x "
        "JOIN request_milestones m ON m.request_id = x.c0 "
        f"WHERE ({differs}) AND {same}"
    )
    conn.exec_driver_sql(
        "DELETE FROM request_milestones WHERE request_id IN (SELECT c0 FROM milestones_0027)"
    )
    conn.exec_driver_sql(
        f"INSERT INTO request_milestones ({', '.join(COLUMNS)}) "
        f"SELECT {', '.join(f'c{i}' for i in range(len(COLUMNS)))} FROM milestones_0027"
    )
    conn.exec_driver_sql("DROP TABLE milestones_0027")


def downgrade() -> None:
    """Nothing to undo: the rows hold what their history says."""
