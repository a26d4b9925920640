"""Appliers for what HQ pushes besides status steps and catalogs (issue 15): the holiday calendar
and the agencies' answers to complaints. Each is one entry of sync/pull.py's table and runs in
the pull's transaction; a change that cannot be used is a ``PullProblem`` (kept for a person as
a sync problem, never applied), like the others.

A calendar is checked with the counter's own rules before it is stored; a bad one is never
installed, and the working days keep being counted with the calendar in use. Calendars only move
forward: one older than the newest held is a problem (HQ restored from a backup?). An answer is
stored once (by HQ's uuid) for the request it names; its file, if any, is named with its digest
and size and fetched later (``file_path`` stays empty until then).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import N_, CounterError
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext
from counter_app.store.models_pulled import CalendarVersion, ComplaintAnswerRow
from counter_app.sync.change_fields import named_request, payload_text, payload_time
from counter_app.sync.problems import PullProblem

HQ_ACTOR = "hq"

NO_CALENDAR = N_("HQ's holiday calendar update carries no calendar")
UNREADABLE_CALENDAR = N_("HQ's holiday calendar {version} is not a readable calendar file")
OLDER_CALENDAR = N_(
    "HQ's holiday calendar {version} is not newer than the one this station holds ({held}); "
    "it was not installed"
)
NO_ANSWER_ID = N_("HQ's complaint answer carries no identifier")
NO_ANSWER_TEXT = N_("HQ's complaint answer for {ref} carries no text")
NO_ANSWER_REQUEST = N_("No request at this station matches HQ's complaint answer for {ref}")

_VERSION_PART = re.compile(r"[0-9]+")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in _VERSION_PART.findall(version))


def apply_calendar(ctx: AppContext, session: Session, payload: dict[str, Any]) -> bool:
    """True when installed, False when already held; PullProblem when it cannot be."""
    content = payload.get("content")
    if not isinstance(content, str) or not content.strip():
        raise PullProblem(NO_CALENDAR)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    if session.execute(
        select(CalendarVersion.id).where(CalendarVersion.sha256 == digest)
    ).scalar_one_or_none():
        return False  # held already (pulled again after a cursor reset)
    version = (payload_text(payload, "version") or "")[:40]
    try:
        data = json.loads(content)
    except ValueError:
        raise PullProblem(UNREADABLE_CALENDAR, version=version or "?") from None
    if not isinstance(data, dict):
        raise PullProblem(UNREADABLE_CALENDAR, version=version or "?")
    try:
        calendar = WorkingCalendar.from_data(data)
    except CounterError as exc:
        raise PullProblem.of(exc) from None
    if not version:
        version = str(data.get("version") or "?")[:40]
    held = session.execute(
        select(CalendarVersion.version).order_by(CalendarVersion.id.desc()).limit(1)
    ).scalar_one_or_none()
    if held is not None and _version_key(version) <= _version_key(held):
        raise PullProblem(OLDER_CALENDAR, version=version, held=held)
    now = ctx.clock()
    session.add(CalendarVersion(version=version, sha256=digest, content=content, pulled_at=now))
    append_audit(
        session,
        at=now,
        user_id=None,
        username=HQ_ACTOR,
        station=ctx.station(session).label,
        action="calendar.install",
        entity="calendar",
        entity_ref=version,
        details={"sha256": digest, "holidays": len(calendar.holidays)},
    )
    ctx.working_calendar(session)  # this process counts with it from now on
    return True


def apply_complaint_answer(ctx: AppContext, session: Session, payload: dict[str, Any]) -> bool:
    """True when stored, False when already held; PullProblem when it cannot be."""
    answer_uuid = payload_text(payload, "uuid")
    if answer_uuid is None:
        raise PullProblem(NO_ANSWER_ID)
    if session.execute(
        select(ComplaintAnswerRow.id).where(ComplaintAnswerRow.uuid == answer_uuid)
    ).scalar_one_or_none():
        return False
    request_uuid = payload_text(payload, "request_uuid")
    receipt_no = payload_text(payload, "receipt_no")
    ref = receipt_no or request_uuid or answer_uuid
    req = named_request(session, request_uuid, receipt_no)
    if req is None:
        raise PullProblem(NO_ANSWER_REQUEST, ref=ref[:64])
    # Kept exactly as the agency wrote it: the screens show it as plain text, never markup.
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PullProblem(NO_ANSWER_TEXT, ref=ref[:64])
    size = payload.get("file_size")
    session.add(
        ComplaintAnswerRow(
            uuid=answer_uuid,
            request_id=req.id,
            text=text,
            at=payload_time(payload_text(payload, "at"), ctx.clock()),
            actor=(payload_text(payload, "actor") or HQ_ACTOR)[:100],
            agency=payload_text(payload, "agency"),
            agency_name_ar=payload_text(payload, "agency_name_ar"),
            agency_name_en=payload_text(payload, "agency_name_en"),
            file_sha256=payload_text(payload, "file_sha256"),
            file_name=payload_text(payload, "file_name"),
            file_size=size if isinstance(size, int) else None,
            file_path=None,
            pulled_at=ctx.clock(),
        )
    )
    return True
