"""Applier for HQ's ``notification`` changes (issue 15): what became of an SMS HQ sent a
citizen (sent, failed, or not sent: opted out, no phone). One entry of sync/pull.py's table,
run in the pull's transaction; a change that cannot be used is a ``PullProblem`` kept for a
person, like the others.

One row per HQ notification uuid. A later change with the same uuid supersedes the earlier
(HQ reports a message once it is final, but a resent one may be reported again): its state,
time, attempts and error replace the row's. Changes are applied in HQ's order, so after a
cursor reset the pull ends on the newest state again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_
from counter_app.services.context import AppContext
from counter_app.store.models_notices import SmsNotice
from counter_app.sync.change_fields import named_request, payload_text, payload_time
from counter_app.sync.problems import PullProblem

KINDS = frozenset({"ready", "needs_info", "rejected", "answer"})
STATES = frozenset({"sent", "failed", "opted_out", "no_phone"})

NO_NOTICE_ID = N_("HQ's message report carries no identifier")
NO_NOTICE_REQUEST = N_("No request at this station matches HQ's message report for {ref}")
UNKNOWN_NOTICE = N_("HQ's message report for {ref} says {value}, which this station does not know")


def apply_notification(ctx: AppContext, session: Session, payload: dict[str, Any]) -> bool:
    """True when stored or updated, False when held as it is; PullProblem when unusable."""
    notice_uuid = payload_text(payload, "uuid")
    if notice_uuid is None:
        raise PullProblem(NO_NOTICE_ID)
    request_uuid = payload_text(payload, "request_uuid")
    receipt_no = payload_text(payload, "receipt_no")
    ref = (receipt_no or request_uuid or notice_uuid)[:64]
    kind, state = payload_text(payload, "kind"), payload_text(payload, "state")
    for said, known in ((kind, KINDS), (state, STATES)):
        if said not in known:
            raise PullProblem(UNKNOWN_NOTICE, ref=ref, value=str(said)[:40])
    assert kind is not None and state is not None
    at = payload_time(payload_text(payload, "at"), ctx.clock())
    attempts = payload.get("attempts")
    error = payload_text(payload, "error")
    values: dict[str, object] = {
        "kind": kind,
        "channel": (payload_text(payload, "channel") or "sms")[:20],
        "state": state,
        "at": at,
        "attempts": attempts if isinstance(attempts, int) else 0,
        "error": error[:200] if error else None,
        "event_uuid": payload_text(payload, "event_uuid"),
    }
    held = session.execute(
        select(SmsNotice).where(SmsNotice.uuid == notice_uuid)
    ).scalar_one_or_none()
    if held is not None:
        if all(getattr(held, key) == value for key, value in values.items()):
            return False
        for key, value in values.items():
            setattr(held, key, value)
        held.pulled_at = ctx.clock()
        return True
    req = named_request(session, request_uuid, receipt_no)
    if req is None:
        raise PullProblem(NO_NOTICE_REQUEST, ref=ref)
    session.add(SmsNotice(uuid=notice_uuid, request_id=req.id, pulled_at=ctx.clock(), **values))
    return True
