"""``db check``: SQLite integrity, foreign keys and the audit chain, as a list of faults."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from counter_app.domain.audit import GENESIS_HASH, chain_hash


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    audit_rows: int = 0

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.audit)


def audit_record(row: dict[str, object]) -> dict[str, object]:
    """The columns an audit row's hash covers (the same on write and on verification)."""
    return {
        "at": row["at"],
        "user_id": row["user_id"],
        "username": row["username"],
        "station": row["station"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_ref": row["entity_ref"],
        "details": row["details"],
    }


def verify_audit_chain(conn: Connection, *, limit_faults: int = 20) -> tuple[int, list[str]]:
    faults: list[str] = []
    prev = GENESIS_HASH
    rows = 0
    result = conn.execute(
        text(
            "SELECT id, at, user_id, username, station, action, entity, entity_ref, details, "
            "prev_hash, hash FROM audit_log ORDER BY id"
        )
    ).mappings()
    for row in result:
        rows += 1
        if row["prev_hash"] != prev:
            faults.append(f"audit row {row['id']}: chain broken (a row before it was removed)")
        expected = chain_hash(row["prev_hash"], audit_record(dict(row)))
        if row["hash"] != expected:
            faults.append(f"audit row {row['id']}: content does not match its hash (altered)")
        prev = row["hash"]
        if len(faults) >= limit_faults:
            faults.append("... more faults not listed")
            break
    return rows, faults


def check_database(conn: Connection) -> CheckReport:
    report = CheckReport()
    for (msg,) in conn.exec_driver_sql("PRAGMA integrity_check"):
        if msg != "ok":
            report.integrity.append(str(msg))
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        report.foreign_keys.append(f"{row[0]} row {row[1]} refers to a missing {row[2]} row")
    report.audit_rows, report.audit = verify_audit_chain(conn)
    return report


def report_json(report: CheckReport) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "integrity": report.integrity,
            "foreign_keys": report.foreign_keys,
            "audit": report.audit,
            "audit_rows": report.audit_rows,
        },
        ensure_ascii=False,
    )
