"""HQ admin use cases for centers: the list, adding one, the choices of a form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import validate_center_code
from counter_hq import stations
from counter_hq.errors import ConflictError, HQError, Invalid
from counter_hq.models import (
    Center,
    HqAudit,
    Station,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.common import (
    BAD_CENTER_CODE,
    CENTER_EXISTS,
    CENTER_NAME,
    MAX_CENTER_NAME,
)


@dataclass(frozen=True)
class CenterRow:
    code: str
    name: str
    stations: int
    created_at: dt.datetime


def centers_list(session: Session, user: WebUser) -> list[CenterRow]:
    check_admin(user)
    per_center = dict(
        session.execute(select(Station.center, func.count()).group_by(Station.center))
        .tuples()
        .all()
    )
    return [
        CenterRow(c.code, c.name, int(per_center.get(c.code, 0)), c.created_at)
        for c in session.execute(select(Center).order_by(Center.code)).scalars()
    ]


def _center_code(raw: str) -> str:
    try:
        return validate_center_code(raw)
    except ValidationError:
        raise Invalid(BAD_CENTER_CODE, center=raw.strip()[:20]) from None


def add_center(session: Session, user: WebUser, now: dt.datetime, code: str, name: str) -> str:
    """A new center (stations are added to it afterwards). Audited; commits."""
    check_admin(user)
    center = _center_code(code)
    shown = name.strip()
    if not shown or len(shown) > MAX_CENTER_NAME or any(ord(c) < 32 for c in shown):
        raise Invalid(CENTER_NAME, n=MAX_CENTER_NAME)
    if session.get(Center, center) is not None:
        raise ConflictError(CENTER_EXISTS, center=center)
    session.add(
        HqAudit(
            at=now, user_id=user.id, action="center.add", target=center, details={"name": shown}
        )
    )
    try:
        return stations.add_center(session, center, shown, now)  # commits the audit row too
    except HQError:
        session.rollback()
        raise ConflictError(CENTER_EXISTS, center=center) from None


def center_choices(session: Session, user: WebUser) -> list[tuple[str, str]]:
    """(code, name) of every center, for the forms."""
    check_admin(user)
    return [
        (c, n) for c, n in session.execute(select(Center.code, Center.name).order_by(Center.code))
    ]
