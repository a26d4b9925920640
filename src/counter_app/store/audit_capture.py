"""Which audited rows a transaction wrote, for the audit row that records it.

Each connection of the app gets TEMP triggers on the audited tables (domain/audit.py) that put
``"<code>:<key>" -> row hash`` into the connection's TEMP table ``audit_touch`` on every insert,
update of a hashed column, and delete (hash NULL). The hash is computed by a Python function
registered on the connection. The audit row appended in the transaction takes them and clears
the table (services/audit.py); TEMP tables are transactional, so a rollback or a rolled-back
savepoint forgets its rows too.

Why TEMP triggers, not triggers in the file: a trigger stored in the file would also fire for
an edit made with the sqlite3 shell, and the next audit row would then bless the edited row.
TEMP triggers exist only on the app's own connections. Why a function instead of reading the
rows back: the trigger has the row at hand; intake would pay a query per table otherwise.

A write that appends no audit row itself (none should) is still covered: before COMMIT,
``settle`` appends a ``db.write`` audit row for what is left, so no app write goes unrecorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event

from counter_app.domain.audit import (
    AUDITED_TABLES,
    GENESIS_HASH,
    AuditedTable,
    canonical_json,
    chain_hash,
    row_hash,
)
from counter_app.store import sqlite_driver

# In the pool record's info: (schema cookies the triggers match, whether this schema captures).
_INFO_KEY = "audit_capture"
_QUIET_KEY = "audit_quiet"  # SQLite's total_changes right after the last audit row
ROWS_COLUMN = "row_hashes"


def _columns(cur: sqlite_driver.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in cur.execute(f"PRAGMA main.table_info({table})")}


def _trigger_sql(t: AuditedTable, cols: list[str]) -> list[str]:
    args = "json_array(" + ", ".join(f"NEW.{c}" for c in cols) + ")"
    ref = f"'{t.code}:' || NEW.{t.key}"
    touch = f"INSERT OR REPLACE INTO audit_touch (k, h) VALUES ({ref}, audit_row('{t.code}', "
    return [
        f"CREATE TEMP TRIGGER audit_{t.table}_ins AFTER INSERT ON {t.table} BEGIN "
        f"{touch}{args})); END",
        f"CREATE TEMP TRIGGER audit_{t.table}_upd AFTER UPDATE OF {', '.join(cols)} "
        f"ON {t.table} BEGIN {touch}{args})); END",
        f"CREATE TEMP TRIGGER audit_{t.table}_del AFTER DELETE ON {t.table} BEGIN "
        f"INSERT OR REPLACE INTO audit_touch (k, h) VALUES ('{t.code}:' || OLD.{t.key}, NULL); "
        "END",
    ]


def _cookies(cur: sqlite_driver.Connection) -> tuple[int, int]:
    main = cur.execute("PRAGMA main.schema_version").fetchone()[0]
    temp = cur.execute("PRAGMA temp.schema_version").fetchone()[0]
    return int(main), int(temp)


def _drop_triggers(cur: sqlite_driver.Connection) -> None:
    for (name,) in cur.execute(
        "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' "
        "ESCAPE '\\'"
    ).fetchall():
        cur.execute(f"DROP TRIGGER temp.{name}")


def suspend(conn: Connection) -> None:
    """No capture during a migration: its DDL (a dropped column, a rebuilt table) would trip
    over TEMP triggers naming the old columns. The next BEGIN after it sets them up again."""
    dbapi = conn.connection.dbapi_connection
    if isinstance(dbapi, sqlite_driver.CONNECTIONS):
        cur = dbapi.cursor()
        try:
            _drop_triggers(cur)
        finally:
            cur.close()
    conn.info[_INFO_KEY] = None


def ensure_triggers(dbapi_conn: sqlite_driver.Connection, info: dict[str, Any]) -> None:
    """(Re)create the TEMP triggers when the schema changed since (a migration rebuilt a
    table, dropping its TEMP triggers with it) or a rollback undid their creation."""
    cur = dbapi_conn.cursor()
    try:
        cookies = _cookies(cur)
        known = info.get(_INFO_KEY)
        if known is not None and known[0] == cookies:
            return
        _drop_triggers(cur)
        # Only a database whose audit log can hold row hashes is captured (not one that is
        # still being migrated up to it: its audit rows could not record them).
        on = ROWS_COLUMN in _columns(cur, "audit_log")
        if on:
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS audit_touch (k TEXT PRIMARY KEY, h TEXT) "
                "WITHOUT ROWID"
            )
            for t in AUDITED_TABLES:
                present = _columns(cur, t.table)
                if t.key in present:
                    for sql in _trigger_sql(t, [c for c in t.columns if c in present]):
                        cur.execute(sql)
        info[_INFO_KEY] = (_cookies(cur), on)
    finally:
        cur.close()


def _capturing(conn: Connection) -> sqlite_driver.Connection | None:
    """The raw connection when it captures (set up at BEGIN for a schema with row hashes)."""
    known = conn.info.get(_INFO_KEY)
    dbapi = conn.connection.dbapi_connection
    if known is None or not known[1] or not isinstance(dbapi, sqlite_driver.CONNECTIONS):
        return None
    return dbapi


def take_touched(conn: Connection) -> str | None:
    """The rows written since the last audit row, as the canonical JSON an audit row keeps;
    None on a connection that does not capture (an old schema mid-migration)."""
    dbapi = _capturing(conn)
    if dbapi is None:
        return None
    touched = dict(dbapi.execute("DELETE FROM audit_touch RETURNING k, h").fetchall())
    return canonical_json(touched)


def recorded(conn: Connection) -> None:
    """Called once the audit row is in: until the next change on this connection, ``settle``
    has nothing to look for (SQLite's total_changes counts every row any statement changed)."""
    dbapi = conn.connection.dbapi_connection
    if isinstance(dbapi, sqlite_driver.CONNECTIONS):
        conn.info[_QUIET_KEY] = dbapi.total_changes


def _on_connect(dbapi_conn: sqlite_driver.Connection, record: Any) -> None:
    dbapi_conn.create_function("audit_row", 2, row_hash, deterministic=True)
    record.info.pop(_INFO_KEY, None)


def _on_begin(conn: Connection) -> None:
    dbapi = conn.connection.dbapi_connection
    if isinstance(dbapi, sqlite_driver.CONNECTIONS):
        ensure_triggers(dbapi, conn.info)


def settle(conn: Connection) -> None:
    """Before COMMIT: rows written without an audit row of their own get a ``db.write`` one."""
    dbapi = _capturing(conn)
    if dbapi is None or dbapi.total_changes == conn.info.get(_QUIET_KEY):
        return  # nothing written since the last audit row (the common case: a use case's own)
    if dbapi.execute("SELECT 1 FROM audit_touch LIMIT 1").fetchone() is None:
        return
    rows = take_touched(conn)
    station = dbapi.execute("SELECT center_code, station_no FROM station WHERE id = 1").fetchone()
    append_row(
        dbapi,
        {
            "at": None,
            "user_id": None,
            "username": "system",
            # The same label as services.context.StationInfo.label.
            "station": f"{station[0]}-{int(station[1]):02d}" if station else "",
            "action": "db.write",
            "entity": "rows",
            "entity_ref": "",
            "details": "{}",
            ROWS_COLUMN: rows,
        },
    )


def audit_record(row: dict[str, object]) -> dict[str, object]:
    """The columns an audit row's hash covers (the same on write and on verification). An
    era-1 row (no ``row_hashes``) is hashed exactly as before row hashing existed."""
    record = {
        "at": row["at"],
        "user_id": row["user_id"],
        "username": row["username"],
        "station": row["station"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_ref": row["entity_ref"],
        "details": row["details"],
    }
    if row.get(ROWS_COLUMN) is not None:
        record[ROWS_COLUMN] = row[ROWS_COLUMN]
    return record


def append_row(dbapi_conn: sqlite_driver.Connection, row: dict[str, Any]) -> str:
    """Append one audit row with plain sqlite3 (used by ``settle`` inside the commit)."""
    import datetime as dt

    if row["at"] is None:
        row["at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    tip = dbapi_conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = tip[0] if tip else GENESIS_HASH
    digest = chain_hash(prev, audit_record(row))
    dbapi_conn.execute(
        "INSERT INTO audit_log (at, user_id, username, station, action, entity, entity_ref, "
        "details, row_hashes, prev_hash, hash) VALUES (:at, :user_id, :username, :station, "
        ":action, :entity, :entity_ref, :details, :row_hashes, :prev_hash, :hash)",
        {**row, "prev_hash": prev, "hash": digest},
    )
    return digest


def era_row(dbapi_conn: sqlite_driver.Connection, station: str) -> dict[str, Any]:
    """The ``audit.row_hashing`` row of a database whose rows so far carry no row hashes
    (as migration 0011 writes it): per table, the first row id that will."""
    cur = dbapi_conn.cursor()
    since = {}
    for t in AUDITED_TABLES:
        if t.key == "id" and _columns(cur, t.table):
            top = cur.execute(f"SELECT max(id) FROM {t.table}").fetchone()[0]
            since[t.code] = int(top or 0) + 1
    cur.close()
    return {
        "at": None,
        "user_id": None,
        "username": "system",
        "station": station,
        "action": "audit.row_hashing",
        "entity": "audit",
        "entity_ref": "",
        "details": canonical_json({"since": since}),
        ROWS_COLUMN: "{}",
    }


def install(engine: Engine) -> None:
    """Capture on every connection of ``engine``: the function at connect, the triggers at
    each BEGIN (cheap when nothing changed: two PRAGMA reads), settling before each COMMIT."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "commit", settle)
    event.listen(engine, "rollback", _forget)


def _forget(conn: Connection) -> None:
    """A rollback undoes the TEMP triggers the transaction created: set them up again at the
    next BEGIN. (The schema cookies cannot tell: SQLite 3.53, which SQLCipher bundles, leaves
    the temp schema's cookie as it was after the rollback.)"""
    conn.info[_INFO_KEY] = None
