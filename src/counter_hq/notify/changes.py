"""The change a station pulls when a message reaches a final state (kind ``notification``):
the counter's call list shows what was sent, what failed and what was never sent and why."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from counter_hq.db import lock_changes
from counter_hq.models import ChangeRow, Notification
from counter_protocol.payloads import NOTIFICATION, NotificationChange


def notification_change(
    session: Session,
    row: Notification,
    receipt_no: str | None,
    now: dt.datetime,
    *,
    lock: bool = True,
) -> ChangeRow:
    """Append the change in the caller's transaction (the sequence lock keeps the feed in
    commit order, as for status steps; ``lock=False`` when the caller took it already)."""
    if lock:
        lock_changes(session)
    change = ChangeRow(
        center=row.center,
        station_no=row.station_no,
        kind=NOTIFICATION,
        payload=NotificationChange(
            uuid=row.uuid,
            request_uuid=row.request_uuid,
            receipt_no=receipt_no,
            event_uuid=row.event_uuid,
            kind=row.kind,
            channel=row.channel,
            state=row.state,
            at=(row.sent_at or now).isoformat(),
            attempts=row.attempts,
            error=(row.last_error or None) and row.last_error[:200],
        ).model_dump(exclude_none=True),
        created_at=now,
    )
    session.add(change)
    return change
