"""Writing to the transactional outbox; the sync module (a later issue) drains it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from counter_app.store.models import OutboxItem
from counter_protocol.canonical import canonical_json, payload_sha256

_INSERT = insert(cast(Table, OutboxItem.__table__))


def enqueue(
    session: Session, *, kind: str, entity_uuid: str, payload: dict[str, Any], at: dt.datetime
) -> str:
    body = canonical_json(payload)
    item_uuid = str(uuid.uuid4())
    session.connection().execute(
        _INSERT,
        {
            "uuid": item_uuid,
            "kind": kind,
            "entity_uuid": entity_uuid,
            "payload": body,
            "payload_sha256": payload_sha256(body),
            "created_at": at,
            "state": "pending",
            "attempts": 0,
        },
    )
    return item_uuid
