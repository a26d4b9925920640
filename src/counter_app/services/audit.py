"""Appending to the hash-chained audit log inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from counter_app.domain.audit import GENESIS_HASH, canonical_json, chain_hash
from counter_app.store.check import audit_record
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
    prev = session.connection().execute(_TIP).scalar_one_or_none() or GENESIS_HASH
    row: dict[str, Any] = {
        "at": iso_utc(at),
        "user_id": user_id,
        "username": username,
        "station": station,
        "action": action,
        "entity": entity,
        "entity_ref": entity_ref,
        "details": canonical_json(details or {}),
    }
    digest = chain_hash(prev, audit_record(row))
    session.connection().execute(_INSERT, {**row, "prev_hash": prev, "hash": digest})
    return digest
