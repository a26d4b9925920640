"""What an agency officer does to a request: accept it, ask for information, mark it ready for
collection, reject it; one request or a selection.

Each step on one request is one transaction: HQ's event, the change its station pulls (with the
agency and, for ``ready``, where and from when to collect), the request's state, an ``hq_audit``
row and the citizen's SMS in the notification outbox. Either all of them exist or none: a
selection is done request by request, each with its own outcome, never half of one.

Errors carry a fixed English msgid and its parameters (errors.HQError.text): the web page says
them in the reader's language (web/locale/ar.json).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import Conflict
from counter_app.domain.status import Status, check_transition
from counter_hq.backoffice import current_status, record_step
from counter_hq.calendars import current_calendar
from counter_hq.db import lock_changes
from counter_hq.errors import ConflictError, Forbidden, HQError, Invalid, NotFoundError
from counter_hq.models import Center, HqAudit, HqRequest
from counter_hq.notify.outbox import enqueue_for_step
from counter_hq.office.access import WebUser, check_may_act, check_visible
from counter_hq.office.requests import find_state
from counter_hq.signing import Signer
from counter_protocol.payloads import MAX_HQ_REASON

MAX_PLACE = 200  # StatusEventChange.collect_place
MAX_BULK = 200  # a selection is a few pages of the queue at most
MAX_COLLECT_AHEAD = dt.timedelta(days=366)


class Action(StrEnum):
    ACCEPT = "accept"
    NEEDS_INFO = "needs_info"
    READY = "ready"
    REJECT = "reject"


TARGETS: dict[Action, Status] = {
    Action.ACCEPT: Status.IN_PROGRESS,
    Action.NEEDS_INFO: Status.NEEDS_INFO,
    Action.READY: Status.READY,
    Action.REJECT: Status.REJECTED,
}
# The SMS each step sends the citizen (counter_hq/notify/templates.py KINDS); accepting sends none.
SMS_KINDS: dict[Action, str] = {
    Action.NEEDS_INFO: "needs_info",
    Action.READY: "ready",
    Action.REJECT: "rejected",
}


@dataclass(frozen=True)
class ActionInput:
    """What an action needs besides the request (checked by ``checked_input``)."""

    action: Action
    text: str | None = None  # needs_info: the message for the citizen; reject: the reason
    collect_from: dt.date | None = None  # ready
    collect_place: str | None = None  # ready (None: the center the request was made at)


@dataclass(frozen=True)
class ActionDone:
    request_uuid: str
    receipt_no: str
    event_uuid: str
    status: str
    seq: int  # the change the station pulls
    notification: str | None  # the SMS's state (queued, no_phone, opted_out), None: no SMS


class Outcome(StrEnum):
    DONE = "done"
    NOT_ALLOWED = "not_allowed"  # the step is not allowed from its status, or not by this user
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class BulkLine:
    ref: str  # as given
    outcome: Outcome
    done: ActionDone | None = None
    error: HQError | None = None  # why not (its msgid and parameters)


@dataclass(frozen=True)
class BulkResult:
    lines: tuple[BulkLine, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)


# -- one request -------------------------------------------------------------------------------


def accept(
    session: Session, user: WebUser, ref: str, *, now: dt.datetime, signer: Signer | None = None
) -> ActionDone:
    """The agency takes the request in hand (in progress)."""
    return apply_action(session, user, ref, ActionInput(Action.ACCEPT), now=now, signer=signer)


def ask_for_information(
    session: Session,
    user: WebUser,
    ref: str,
    message: str | None,
    *,
    now: dt.datetime,
    signer: Signer | None = None,
) -> ActionDone:
    """The agency needs something from the citizen: ``message`` says what (it is sent)."""
    return apply_action(
        session, user, ref, ActionInput(Action.NEEDS_INFO, text=message), now=now, signer=signer
    )


def mark_ready(
    session: Session,
    user: WebUser,
    ref: str,
    collect_from: dt.date | None,
    collect_place: str | None = None,
    *,
    now: dt.datetime,
    signer: Signer | None = None,
) -> ActionDone:
    """The result can be collected from ``collect_from`` (a working day, not past) at
    ``collect_place`` (the request's center when not given)."""
    item = ActionInput(Action.READY, collect_from=collect_from, collect_place=collect_place)
    return apply_action(session, user, ref, item, now=now, signer=signer)


def reject(
    session: Session,
    user: WebUser,
    ref: str,
    reason: str | None,
    *,
    now: dt.datetime,
    signer: Signer | None = None,
) -> ActionDone:
    return apply_action(
        session, user, ref, ActionInput(Action.REJECT, text=reason), now=now, signer=signer
    )


def apply_action(
    session: Session,
    user: WebUser,
    ref: str,
    item: ActionInput,
    *,
    now: dt.datetime,
    signer: Signer | None = None,
    calendar: WorkingCalendar | None = None,
) -> ActionDone:
    """One action on one request, in one transaction (committed here; rolled back on error)."""
    cal = calendar if calendar is not None else current_calendar(session)
    clean = checked_input(item, now, cal)
    try:
        done = _apply(session, user, ref, clean, now=now, signer=signer)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return done


def _apply(
    session: Session,
    user: WebUser,
    ref: str,
    item: ActionInput,
    *,
    now: dt.datetime,
    signer: Signer | None,
) -> ActionDone:
    lock_changes(session)  # steps of one request one after another (and the feed in order)
    # Not found outside the user's scope (whoever holds it); forbidden for supervisors.
    state = check_visible(user, find_state(session, ref))
    check_may_act(user, state)
    req = session.execute(
        select(HqRequest).where(HqRequest.uuid == state.request_uuid)
    ).scalar_one_or_none()
    if req is None:
        raise NotFoundError("No such request")
    target = TARGETS[item.action]
    current = current_status(session, req.uuid)
    try:
        check_transition(current, target)
    except Conflict:
        raise ConflictError(
            "A request that is {current} cannot become {target}",
            current=current.value,
            target=target.value,
        ) from None
    place = item.collect_place
    if item.action is Action.READY and not place:
        center = session.get(Center, req.center)
        place = (center.name if center is not None and center.name else req.center)[:MAX_PLACE]
    change = record_step(
        session,
        req,
        target,
        now,
        reason=item.text,
        actor=actor_of(user),
        signer=signer,
        collect_from=item.collect_from if item.action is Action.READY else None,
        collect_place=place if item.action is Action.READY else None,
    )
    details: dict[str, str] = {"status": target.value, "from": current.value}
    if item.text:
        details["message" if item.action is Action.NEEDS_INFO else "reason"] = item.text
    if item.action is Action.READY and item.collect_from is not None and place:
        details["collect_from"] = item.collect_from.isoformat()
        details["collect_place"] = place
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action=f"request.{item.action.value}",
            target=req.receipt_no,
            details={**details, "event": change.event_uuid},
        )
    )
    notification = None
    kind = SMS_KINDS.get(item.action)
    if kind is not None:
        notification = queue_sms(session, req.uuid, change.event_uuid, kind, now, details)
    session.flush()
    return ActionDone(
        request_uuid=req.uuid,
        receipt_no=req.receipt_no,
        event_uuid=change.event_uuid,
        status=target.value,
        seq=change.seq,
        notification=notification,
    )


def queue_sms(
    session: Session,
    request_uuid: str,
    event_uuid: str,
    kind: str,
    now: dt.datetime,
    details: dict[str, str],
) -> str | None:
    """The citizen's message for the step, in the step's transaction (the outbox sends it)."""
    row = enqueue_for_step(
        session,
        request_uuid=request_uuid,
        event_uuid=event_uuid,
        kind=kind,
        now=now,
        details=details,
    )
    return row.state if row is not None else None


def actor_of(user: WebUser) -> str:
    """Who the step names (the counter shows it): the person's name, else the login."""
    name = (user.display_name or "").strip() or user.username.strip()
    return name[:100]


# -- a selection -------------------------------------------------------------------------------


def bulk_action(
    session: Session,
    user: WebUser,
    refs: Sequence[str],
    item: ActionInput,
    *,
    now: dt.datetime,
    signer: Signer | None = None,
    calendar: WorkingCalendar | None = None,
) -> BulkResult:
    """The same action on each selected request, each in its own transaction with its own
    outcome. What the action needs (a message, a date) is checked once, before any request:
    an incomplete form changes nothing."""
    cal = calendar if calendar is not None else current_calendar(session)
    clean = checked_input(item, now, cal)
    unique = list(dict.fromkeys(r.strip() for r in refs if r and r.strip()))
    if not unique:
        raise Invalid("Select at least one request")
    if len(unique) > MAX_BULK:
        raise Invalid("At most {most} requests at once", most=MAX_BULK)
    lines = []
    for ref in unique:
        try:
            done = _apply(session, user, ref, clean, now=now, signer=signer)
        except NotFoundError as exc:
            session.rollback()
            lines.append(BulkLine(ref, Outcome.NOT_FOUND, error=exc))
            continue
        except (ConflictError, Forbidden) as exc:
            session.rollback()
            lines.append(BulkLine(ref, Outcome.NOT_ALLOWED, error=exc))
            continue
        except BaseException:
            session.rollback()
            raise
        session.commit()
        lines.append(BulkLine(ref, Outcome.DONE, done=done))
    return BulkResult(tuple(lines))


# -- input -------------------------------------------------------------------------------------


def checked_input(item: ActionInput, now: dt.datetime, cal: WorkingCalendar) -> ActionInput:
    """The action's input cleaned and checked, or Invalid (nothing is read or written)."""
    if item.action is Action.NEEDS_INFO:
        text = clean_text(item.text, MAX_HQ_REASON)
        if not text:
            raise Invalid("Write the message the citizen will receive")
        return ActionInput(item.action, text=text)
    if item.action is Action.REJECT:
        text = clean_text(item.text, MAX_HQ_REASON)
        if not text:
            raise Invalid("A reason is required to reject a request")
        return ActionInput(item.action, text=text)
    if item.action is Action.READY:
        day = item.collect_from
        if day is None:
            raise Invalid("Give the day the citizen can collect from")
        today = now.astimezone(cal.tz).date()
        if day < today:
            raise Invalid("The collection day {day} is in the past", day=day.isoformat())
        if day - today > MAX_COLLECT_AHEAD:
            raise Invalid("The collection day {day} is more than a year ahead", day=day.isoformat())
        if not cal.is_working_day(day):
            raise Invalid("The collection day {day} is not a working day", day=day.isoformat())
        place = clean_text(item.collect_place, MAX_PLACE, one_line=True)
        return ActionInput(item.action, collect_from=day, collect_place=place)
    return ActionInput(item.action)


def clean_text(raw: str | None, most: int, *, one_line: bool = False) -> str | None:
    """Text typed for a citizen: stripped, line ends as ``\\n``; control characters (and line
    breaks where one line is expected) refused; at most ``most`` characters. None: empty."""
    if raw is None:
        return None
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    allowed = "" if one_line else "\n\t"
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise Invalid("The text may not hold control characters")
    if len(text) > most:
        raise Invalid(
            "The text has {n} characters; at most {most} are allowed", n=len(text), most=most
        )
    return text
