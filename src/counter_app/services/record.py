"""One change of archive data recorded twice in the caller's transaction: an outbox item for
HQ and an audit row, so neither can exist without the other or without the change itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.outbox import enqueue


def record_change(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    *,
    at: dt.datetime,
    kind: str,
    entity_uuid: str,
    payload: dict[str, Any],
    action: str,
    entity: str,
    entity_ref: str,
    details: dict[str, Any] | None = None,
) -> None:
    info = ctx.station(session)
    station = info.label
    # The center and station say whose record it is: HQ refuses an archive record without
    # them or of another station (counter_protocol/payloads.py).
    enqueue(
        session,
        kind=kind,
        entity_uuid=entity_uuid,
        at=at,
        payload={
            **payload,
            "at": at.isoformat(),
            "actor": actor.username,
            "center": info.center_code,
            "station": station,
        },
    )
    append_audit(
        session,
        at=at,
        user_id=actor.user_id,
        username=actor.username,
        station=station,
        action=action,
        entity=entity,
        entity_ref=entity_ref,
        details=details,
    )
