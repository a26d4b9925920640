"""request_milestones from the history, to check the table and to rebuild it.

The table is derived data (migration 0022's triggers keep it from requests and
request_events), and every report counts from it: a hand-edited or damaged row would falsify
the reports without a trace. ``db check`` compares each row with what the request and its
steps say (``milestone_mismatches``); ``counter-app db rebuild-milestones`` recomputes the
table from them (``rebuild``) in the caller's transaction.

The times are the triggers': UTC unix seconds of the first step to each status. Stored times
are naive UTC text of one format, so the first step is the text minimum, converted once per
request rather than once per step (5M steps on the 1M bench).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection

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


def expected_sql() -> str:
    """Each request's milestones as the triggers would have kept them, in COLUMNS' order,
    by request id."""
    firsts = ", ".join(f"min(CASE WHEN status = '{s}' THEN at END) AS {s}" for s in STEPS)
    station = "substr(r.receipt_no, 1, instr(r.receipt_no, '-') + 2)"
    return (
        f"SELECT r.id, r.service_code, r.created_by, {station}, {_epoch('r.received_at')}, "
        "CAST(julianday(r.due_date) - 2440587.5 AS INTEGER), "
        + ", ".join(_epoch(f"e.{s}") for s in STEPS)
        + f", {_epoch('e.closed')}, {_epoch('coalesce(e.ready, e.delivered)')} "
        "FROM requests r LEFT JOIN (SELECT request_id, "
        f"{firsts}, min(CASE WHEN status IN {CLOSING} THEN at END) AS closed "
        "FROM request_events GROUP BY request_id) e ON e.request_id = r.id"
    )


def milestone_mismatches(conn: Connection) -> Iterator[tuple[str, int]]:
    """("wrong", request id) for a request whose row is missing or differs from its history,
    ("orphan", id) for a row whose request does not exist; in request id order."""
    differs = " OR ".join(f"m.{c} IS NOT x.c{i}" for i, c in enumerate(COLUMNS) if i)
    named = ", ".join(f"c{i}" for i in range(len(COLUMNS)))
    wrong = (
        f"WITH x({named}) AS MATERIALIZED ({expected_sql()}) "
        "SELECT x.c0 FROM x LEFT JOIN request_milestones m ON m.request_id = x.c0 "
        f"WHERE m.request_id IS NULL OR {differs}"
    )
    for (request_id,) in conn.exec_driver_sql(wrong):
        yield "wrong", int(request_id)
    orphans = (
        "SELECT m.request_id FROM request_milestones m "
        "WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = m.request_id)"
    )
    for (request_id,) in conn.exec_driver_sql(orphans):
        yield "orphan", int(request_id)


def rebuild(conn: Connection) -> int:
    """Replace every row by the history's (in the caller's transaction); the number of rows.
    The indexes are dropped and made again: one sorted build each instead of 1M inserts
    into sixteen of them."""
    from sqlalchemy import Table

    from counter_app.store.models_reports import RequestMilestones

    table = RequestMilestones.__table__
    assert isinstance(table, Table)
    indexes = sorted(table.indexes, key=lambda i: str(i.name))
    for index in indexes:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    conn.exec_driver_sql("DELETE FROM request_milestones")
    conn.exec_driver_sql(f"INSERT INTO request_milestones ({', '.join(COLUMNS)}) {expected_sql()}")
    for index in indexes:
        index.create(conn)
    return int(conn.exec_driver_sql("SELECT count(*) FROM request_milestones").scalar_one())
