"""The call list: requests the citizen must hear about (ready to collect, information needed,
rejected), what HQ's SMS did (sent, failed, not sent), and what happened when the counter
called."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, Conflict, ValidationError
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.requests import find_request
from counter_app.store.models import CallAttempt

OUTCOMES = ("called", "no_answer", "collected")
# Statuses the citizen must be told of. A ready request stays on the list until it is handed
# over; one that needs information or was rejected until a call since that step reached the
# citizen (called, or collected) or its next step (rejected is final: only the call ends it).
CALL_STATUSES = ("ready", "needs_info", "rejected")

# Those requests, oldest first, with the calls made since they reached their status (the latest
# one's outcome) and the newest SMS HQ reported for that step (sync/pull_notices.py; none when
# the step was made at the counter or HQ has not reported yet; an answered complaint's step is
# ready and its message an "answer"). "collected" on the phone means
# the citizen said someone already took it.
_STEP_SMS = "(n.kind = r.status OR (r.status = 'ready' AND n.kind = 'answer'))"
_CALL_LIST = text(
    "SELECT r.receipt_no, c.name, r.phone, r.service_code, s.name_ar AS service_name_ar, "
    "s.name_en AS service_name_en, r.status_at AS ready_at, r.status, "
    "(SELECT n.state FROM notifications n WHERE n.request_id = r.id AND " + _STEP_SMS + " "
    " ORDER BY n.at DESC, n.id DESC LIMIT 1) AS sms_state, "
    "(SELECT n.error FROM notifications n WHERE n.request_id = r.id AND " + _STEP_SMS + " "
    " ORDER BY n.at DESC, n.id DESC LIMIT 1) AS sms_error, "
    "(SELECT count(*) FROM call_attempts a WHERE a.request_id = r.id "
    " AND a.at >= r.status_at) AS attempts, "
    "(SELECT a.outcome FROM call_attempts a WHERE a.request_id = r.id AND a.at >= r.status_at "
    " ORDER BY a.id DESC LIMIT 1) AS last_outcome, "
    "(SELECT a.at FROM call_attempts a WHERE a.request_id = r.id AND a.at >= r.status_at "
    " ORDER BY a.id DESC LIMIT 1) AS last_call_at "
    "FROM requests r JOIN citizens c ON c.id = r.citizen_id "
    "JOIN services s ON s.code = r.service_code "
    "WHERE r.status IN ('ready', 'needs_info', 'rejected') "
    "AND (r.status = 'ready' OR NOT EXISTS (SELECT 1 FROM call_attempts t "
    " WHERE t.request_id = r.id AND t.at >= r.status_at AND t.outcome IN ('called', 'collected'))) "
    "ORDER BY r.status_at LIMIT :limit"
)


@dataclass(frozen=True)
class CallItem:
    receipt_no: str
    name: str
    phone: str | None
    service_code: str
    service_name_ar: str
    service_name_en: str
    ready_at: dt.datetime  # when the request reached its status
    attempts: int
    last_outcome: str | None
    last_call_at: dt.datetime | None
    status: str = "ready"
    sms_state: str | None = None  # sent | failed | opted_out | no_phone; None: none reported
    sms_error: str | None = None


def _moment(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@use_case(Permission.VIEW_CALLS)
def call_list(ctx: AppContext, actor: Actor, *, limit: int = 500) -> list[CallItem]:
    with ctx.store.read() as session:
        rows = session.connection().execute(_CALL_LIST, {"limit": max(1, min(limit, 5000))})
        items = []
        for r in rows:
            ready = _moment(r.ready_at)
            assert ready is not None
            items.append(
                CallItem(
                    r.receipt_no,
                    r.name,
                    r.phone,
                    r.service_code,
                    r.service_name_ar,
                    r.service_name_en,
                    ready,
                    int(r.attempts),
                    r.last_outcome,
                    _moment(r.last_call_at),
                    r.status,
                    r.sms_state,
                    r.sms_error,
                )
            )
        return items


@use_case(Permission.CHANGE_STATUS)
def record_call(
    ctx: AppContext, actor: Actor, ref: str, outcome: str, note: str | None = None
) -> CallItem | None:
    actor.require(Permission.CHANGE_STATUS)
    if outcome not in OUTCOMES:
        raise ValidationError(
            N_("Unknown call outcome {value}; use one of: {allowed}"),
            field="outcome",
            value=outcome[:20],
            allowed=", ".join(OUTCOMES),
        )
    clean = clean_input_text(note or "", field="note", max_length=500) or None
    with ctx.store.write() as session:
        req = find_request(session, ref)
        if req.status not in CALL_STATUSES:
            raise Conflict(
                N_(
                    "Only ready, needs-information and rejected requests are on the call list; "
                    "this one is {status}"
                ),
                status=req.status,
            )
        now = ctx.clock()
        session.add(
            CallAttempt(
                request_id=req.id, outcome=outcome, note=clean, at=now, user_id=actor.user_id
            )
        )
        append_audit(
            session,
            at=now,
            user_id=actor.user_id,
            username=actor.username,
            station=ctx.station(session).label,
            action="request.call",
            entity="request",
            entity_ref=req.receipt_no,
            details={"outcome": outcome},
        )
        receipt = req.receipt_no
    return next((i for i in call_list(ctx, actor) if i.receipt_no == receipt), None)
