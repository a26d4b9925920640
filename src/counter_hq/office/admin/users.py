"""HQ admin use cases for accounts: the list of users and the agencies a form offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_hq.models import (
    Agency,
    HqUser,
)
from counter_hq.office.access import WebUser, check_admin


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    agency: str | None
    center: str | None
    language: str
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime
    last_login_at: dt.datetime | None


def users_list(session: Session, user: WebUser) -> list[UserRow]:
    check_admin(user)
    return [
        UserRow(
            r.id,
            r.username,
            r.display_name,
            r.role,
            r.agency,
            r.center,
            r.language,
            r.active,
            r.locked_until,
            r.created_at,
            r.last_login_at,
        )
        for r in session.execute(select(HqUser).order_by(HqUser.username)).scalars()
    ]


def agency_choices(session: Session) -> list[tuple[str, str, str]]:
    """(code, Arabic name, English name) of the active agencies, for forms: the complaints'
    addressing (any role that may act) and the admin pages. Agencies' names are not secret,
    so this list alone is not limited to admins."""
    return [
        (c, a, e)
        for c, a, e in session.execute(
            select(Agency.code, Agency.name_ar, Agency.name_en)
            .where(Agency.active)
            .order_by(Agency.code)
        )
    ]
