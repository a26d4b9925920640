"""Appending to the hash-chained audit log inside the caller's transaction.

The row also records the hashes of the audited rows the transaction wrote so far
(store/audit_capture.py collects them), so ``db check`` can tell an edited or deleted row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from counter_app.domain.audit import GENESIS_HASH, canonical_json, chain_hash
from counter_app.store.audit_capture import audit_record, recorded, take_touched
from counter_app.store.models import AuditEntry

_TIP = text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
_INSERT = insert(cast(Table, AuditEntry.__table__))


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append_audit(
    session: Session,
    *,
    at: dt.datetime,
    user_id: int | None,
    username: str,
    station: str,
    action: str,
    entity: str,
    entity_ref: str,
    details: dict[str, Any] | None = None,
) -> str:
    """Append one row; the transaction must be IMMEDIATE so the tip cannot move under us."""
    # ORM changes still pending (a login's failure count) are written first, so this row
    # records them instead of leaving them to a later one.
    session.flush()
    conn = session.connection()
    prev = conn.execute(_TIP).scalar_one_or_none() or GENESIS_HASH
    row: dict[str, Any] = {
        "at": iso_utc(at),
        "user_id": user_id,
        "username": username,
        "station": station,
        "action": action,
        "entity": entity,
        "entity_ref": entity_ref,
        "details": canonical_json(details or {}),
        "row_hashes": take_touched(conn),
    }
    digest = chain_hash(prev, audit_record(row))
    conn.execute(_INSERT, {**row, "prev_hash": prev, "hash": digest})
    recorded(conn)
    return digest
