"""Reading the fields of a change pulled from HQ, shared by the appliers (sync/pull*.py): a
missing or blank text is None, a time that cannot be read is a ``PullProblem`` kept for a
person rather than a guess, and the request a change names is found by uuid or receipt.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.store.models import Request
from counter_app.sync.problems import UNREADABLE_TIME, PullProblem


def payload_text(payload: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` holding a non-blank string, stripped; None when none does."""
    for key in keys:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def payload_time(raw: str | None, fallback: dt.datetime) -> dt.datetime:
    """An ISO time (``Z`` or an offset; naive is read as UTC), ``fallback`` when absent."""
    if raw is None:
        return fallback
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PullProblem(UNREADABLE_TIME, time=raw[:40]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def named_request(
    session: Session, request_uuid: str | None, receipt_no: str | None
) -> Request | None:
    """The station's request a change names: by uuid first, by receipt number when the uuid
    is absent or unknown here (a request HQ knows only by its receipt); None when neither."""
    req = None
    if request_uuid:
        req = session.execute(
            select(Request).where(Request.uuid == request_uuid)
        ).scalar_one_or_none()
    if req is None and receipt_no:
        req = session.execute(
            select(Request).where(Request.receipt_no == receipt_no)
        ).scalar_one_or_none()
    return req
