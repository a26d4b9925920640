"""Pulling HQ's changes (status events, catalog updates) since the saved cursor.

Each page of changes is applied and the new cursor saved in ONE transaction, so a crash either
keeps both or neither. Event UUIDs make the merge a union: an event already held is skipped.
A change that cannot be applied (an illegal transition, an unknown request) is kept whole as a
sync problem for a person; the cursor still moves on, so nothing blocks and nothing is lost.

HQ answers 409 ``cursor_ahead`` when the saved cursor is beyond its whole feed: HQ was restored
from a backup (or the station was pointed at another HQ). The numbers past HQ's last change
will be reused for new changes, so keeping the cursor would skip them. The station then resets
its cursor to 0, once per pull, and pulls everything again, which changes nothing it already
holds (events by UUID, catalogs by content, problems by number and content), and records the
reset among its sync problems: HQ's steps lost with the backup exist only at the station now,
and a person at HQ must know. A reset cannot be detected once HQ's restored feed has grown past
the old cursor again: the station must pull before that (it does, every round).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import CounterError
from counter_app.domain.status import Status, check_transition
from counter_app.services.audit import append_audit
from counter_app.services.catalog import install_catalog
from counter_app.services.context import AppContext
from counter_app.services.sync_state import state_row
from counter_app.store.models import (
    CatalogVersion,
    RequestEvent,
    SyncProblem,
    SyncState,
)
from counter_app.sync import problems as why
from counter_app.sync.change_fields import named_request, payload_text, payload_time
from counter_app.sync.client import HqClient, HqRefused
from counter_app.sync.problems import PullProblem as _Problem
from counter_app.sync.pull_hq_data import apply_calendar, apply_complaint_answer
from counter_app.sync.pull_notices import apply_notification
from counter_protocol.canonical import canonical_json
from counter_protocol.payloads import (
    CALENDAR,
    CATALOG,
    COMPLAINT_ANSWER,
    NOTIFICATION,
    STATUS_EVENT,
    UnknownKind,
    parse_change,
)
from counter_protocol.wire import MAX_PULL, Change

HQ_ACTOR = "hq"
CURSOR_AHEAD = "cursor_ahead"  # HQ's error code: the cursor is beyond HQ's feed
CURSOR_RESET = "cursor_reset"  # the sync problem that records a reset


@dataclass
class PullStats:
    applied: int = 0
    skipped: int = 0
    problems: int = 0
    pages: int = 0
    cursor: int = 0
    reset_from: int | None = None  # the cursor HQ no longer knew, when it was reset


def _apply_status_event(ctx: AppContext, session: Session, payload: dict[str, Any]) -> bool:
    """True when applied, False when already held; _Problem when it cannot be applied."""
    event_uuid = payload_text(payload, "uuid", "event_uuid")
    if event_uuid is None:
        raise _Problem(why.NO_UUID)
    held = session.execute(
        select(RequestEvent.id).where(RequestEvent.uuid == event_uuid)
    ).scalar_one_or_none()
    if held is not None:
        return False
    request_uuid = payload_text(payload, "request_uuid")
    receipt_no = payload_text(payload, "receipt_no")
    req = named_request(session, request_uuid, receipt_no)
    if req is None:
        raise _Problem(why.NO_REQUEST, ref=receipt_no or request_uuid or "?")
    try:
        target = Status(payload_text(payload, "status") or "")
    except ValueError:
        raise _Problem(why.UNKNOWN_STATUS, status=str(payload.get("status"))[:40]) from None
    moves = True
    try:
        check_transition(Status(req.status), target)
    except CounterError as exc:
        if target is not Status.FORWARDED:
            raise _Problem.of(exc) from None
        # HQ forwards a request by itself when it stores it: one the counter closed before
        # it pulled the forward keeps its status, and the step is kept as history.
        moves = False
    at = payload_time(payload_text(payload, "at"), ctx.clock())
    reason = payload_text(payload, "reason")
    session.add(
        RequestEvent(
            uuid=event_uuid,
            request_id=req.id,
            status=target.value,
            at=at,
            user_id=None,
            actor=(payload_text(payload, "actor") or HQ_ACTOR)[:150],
            station=(payload_text(payload, "station") or "HQ")[:20],
            reason=reason[:1000] if reason else None,
            origin="hq",
            # Kept to return the step to an HQ restored from a backup (sync/recover.py).
            hq_signature=payload_text(payload, "signature"),
            # Who holds the request and, when ready, where and from when to collect: shown in
            # the request's history (services/requests.step_note).
            agency=payload_text(payload, "agency"),
            agency_name_ar=payload_text(payload, "agency_name_ar"),
            agency_name_en=payload_text(payload, "agency_name_en"),
            collect_from=_day(payload_text(payload, "collect_from")),
            collect_place=payload_text(payload, "collect_place"),
        )
    )
    if moves:
        req.status = target.value
        req.status_at = at
    return True


def _day(raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _Problem(why.UNREADABLE_TIME, time=raw[:40]) from None


def _apply_catalog(ctx: AppContext, session: Session, payload: dict[str, Any]) -> bool:
    content = payload.get("content")
    if isinstance(content, dict):
        raw = json.dumps(content, ensure_ascii=False).encode("utf-8")
    elif isinstance(content, str):
        raw = content.encode("utf-8")
    elif isinstance(payload.get("catalog"), dict):
        raw = json.dumps(payload["catalog"], ensure_ascii=False).encode("utf-8")
    else:
        raise _Problem(why.NO_CATALOG)
    digest = hashlib.sha256(raw).hexdigest()
    if session.execute(
        select(CatalogVersion.id).where(CatalogVersion.sha256 == digest)
    ).scalar_one_or_none():
        return False  # held already (pulled again after a reset), even if newer ones followed
    try:
        with session.begin_nested():
            result = install_catalog(ctx, session, raw, user_id=None, username=HQ_ACTOR)
    except CounterError as exc:
        raise _Problem.of(exc) from None
    return result.changed


_Applier = Callable[[AppContext, Session, dict[str, Any]], bool]
# One applier per kind HQ sends; any other kind is a problem kept for a person (a newer HQ),
# never handled as some default kind.
_APPLIERS: Mapping[str, _Applier] = {
    STATUS_EVENT: _apply_status_event,
    CATALOG: _apply_catalog,
    CALENDAR: apply_calendar,
    COMPLAINT_ANSWER: apply_complaint_answer,
    NOTIFICATION: apply_notification,
}


def _dispatch(ctx: AppContext, session: Session, change: Change) -> bool:
    applier = _APPLIERS.get(change.kind)
    try:
        parse_change(change.kind, change.payload)
    except UnknownKind:
        raise _Problem(why.UNKNOWN_KIND, kind=change.kind[:40]) from None
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise _Problem(why.MALFORMED_CHANGE, where=where[:80]) from None
    if applier is None:
        raise _Problem(why.UNKNOWN_KIND, kind=change.kind[:40])
    return applier(ctx, session, change.payload)


def _spare_seq(session: Session) -> int:
    """A number for a sync problem that is no HQ change number (those are positive)."""
    lowest = session.execute(select(func.min(SyncProblem.seq))).scalar_one_or_none()
    return min(lowest or 0, 0) - 1


def _apply(ctx: AppContext, session: Session, change: Change, stats: PullStats) -> None:
    kept = session.execute(
        select(SyncProblem).where(SyncProblem.seq == change.seq)
    ).scalar_one_or_none()
    if kept is not None:
        if kept.payload == canonical_json(change.payload):
            stats.skipped += 1
            return
        # The number is reused by HQ's feed after a reset: another change. The problem of the
        # old feed stays for the person, under a number of its own.
        kept.seq = _spare_seq(session)
        session.flush()
    try:
        done = _dispatch(ctx, session, change)
    except _Problem as exc:
        session.add(
            SyncProblem(
                seq=change.seq,
                kind=change.kind,
                ref=(payload_text(change.payload, "receipt_no", "uuid", "version") or "")[:64]
                or None,
                reason=exc.stored(),
                payload=canonical_json(change.payload),
                created_at=ctx.clock(),
            )
        )
        session.flush()
        stats.problems += 1
        return
    if done:
        stats.applied += 1
    else:
        stats.skipped += 1


def _reset_cursor(ctx: AppContext, cursor: int, refusal: HqRefused) -> None:
    """Cursor back to 0 and the reset recorded for a person, in one transaction."""
    with ctx.store.write() as session:
        state = state_row(session)
        if state.pull_cursor != cursor:
            return  # another process moved it meanwhile: it asks HQ again itself
        state.pull_cursor, state.pull_mark = 0, None
        now = ctx.clock()
        session.add(
            SyncProblem(
                seq=_spare_seq(session),
                kind=CURSOR_RESET,
                ref=str(cursor),
                reason=_Problem(why.CURSOR_RESET, cursor=cursor).stored(),
                payload=canonical_json({"cursor": cursor, "hq": refusal.message}),
                created_at=now,
            )
        )
        append_audit(
            session,
            at=now,
            user_id=None,
            username=HQ_ACTOR,
            station=ctx.station(session).label,
            action="sync.pull_reset",
            entity="sync",
            entity_ref=str(cursor),
            details={"hq": refusal.message[:500]},
        )


def pull_changes(ctx: AppContext, client: HqClient, *, limit: int = MAX_PULL) -> PullStats:
    stats = PullStats()
    while True:
        with ctx.store.read() as session:
            saved = session.get(SyncState, 1)
            row = saved.pull_cursor if saved else 0
            mark = saved.pull_mark if saved and row else None
        try:
            # The mark lets HQ tell its own change ``row`` from one a restored feed numbered
            # the same (without it, such changes would be skipped as already pulled).
            page = client.changes(row, limit, mark) if mark else client.changes(row, limit)
        except HqRefused as exc:
            # One reset per pull: an HQ still refusing after it is left to a person (no loop).
            if exc.status != 409 or exc.code != CURSOR_AHEAD or stats.reset_from is not None:
                raise
            _reset_cursor(ctx, row, exc)
            stats.reset_from = row
            continue
        with ctx.store.write() as session:
            state = state_row(session)
            if state.pull_cursor != row:
                continue  # another process pulled meanwhile: ask again from its cursor
            before = (stats.applied, stats.problems)
            for change in page.changes:
                _apply(ctx, session, change, stats)
            state.pull_cursor = page.cursor
            state.pull_mark = page.cursor_mark
            if (stats.applied, stats.problems) != before:
                station = ctx.station(session)
                append_audit(
                    session,
                    at=ctx.clock(),
                    user_id=None,
                    username=HQ_ACTOR,
                    station=station.label,
                    action="sync.pull",
                    entity="sync",
                    entity_ref=str(page.cursor),
                    details={
                        "applied": stats.applied - before[0],
                        "problems": stats.problems - before[1],
                    },
                )
        stats.pages += 1
        stats.cursor = page.cursor
        if not page.more or page.cursor == row:
            return stats
