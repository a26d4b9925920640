"""The HQ admin's overview page: counts of centers, stations, users, drafts and messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_hq import calendars
from counter_hq.models import (
    CatalogDraft,
    Center,
    HqService,
    HqUser,
    Notification,
    Station,
    StationAuditTip,
)
from counter_hq.notify.outbox import QUEUED, RETRY
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.catalogs import (
    _published_catalog,
)


@dataclass(frozen=True)
class Overview:
    centers: int
    stations: int
    stations_flagged: int
    users: int
    users_active: int
    catalog_version: str | None  # None: none published (stations use the shipped one)
    drafts_waiting: int  # valid, not published
    calendar_version: str
    services: int
    notifications_waiting: int  # queued or retrying
    notifications_failed: int


def overview(session: Session, user: WebUser) -> Overview:
    check_admin(user)

    def count(*what: Any) -> int:
        return int(session.execute(select(func.count()).select_from(*what)).scalar_one())

    flagged = int(
        session.execute(
            select(func.count())
            .select_from(StationAuditTip)
            .where(StationAuditTip.flagged.is_not(None))
        ).scalar_one()
    )
    users_active = int(
        session.execute(select(func.count()).select_from(HqUser).where(HqUser.active)).scalar_one()
    )
    drafts = int(
        session.execute(
            select(func.count())
            .select_from(CatalogDraft)
            .where(CatalogDraft.valid, CatalogDraft.published_seq.is_(None))
        ).scalar_one()
    )
    by_state = dict(
        session.execute(
            select(Notification.state, func.count())
            .where(Notification.state.in_((QUEUED, RETRY, "failed")))
            .group_by(Notification.state)
        )
        .tuples()
        .all()
    )
    published = _published_catalog(session)
    return Overview(
        centers=count(Center),
        stations=count(Station),
        stations_flagged=flagged,
        users=count(HqUser),
        users_active=users_active,
        catalog_version=published[1] if published else None,
        drafts_waiting=drafts,
        calendar_version=calendars.current_calendar_info(session).version,
        services=count(HqService),
        notifications_waiting=int(by_state.get(QUEUED, 0)) + int(by_state.get(RETRY, 0)),
        notifications_failed=int(by_state.get("failed", 0)),
    )
