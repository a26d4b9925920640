"""HQ admin use cases for routing: which agency (and office) receives each service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_hq import routing
from counter_hq.errors import Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    AgencyOffice,
    HqService,
    RequestState,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.common import (
    NO_AGENCY,
    NO_SERVICE,
    NOT_AN_OFFICE,
)
from counter_hq.signing import Signer


@dataclass(frozen=True)
class RouteRow:
    service: str
    name_ar: str
    name_en: str
    category: str
    agency: str
    agency_name_ar: str
    agency_name_en: str
    office_id: int | None
    office_name_ar: str | None
    admin_routed: bool
    open_requests: int


@dataclass(frozen=True)
class OfficeRow:
    id: int
    agency: str
    name_ar: str
    name_en: str
    center: str | None


def routing_table(session: Session, user: WebUser) -> tuple[list[RouteRow], list[OfficeRow]]:
    """Every routed service with the agency and office handling it, and every office."""
    check_admin(user)
    open_counts = dict(
        session.execute(
            select(RequestState.service, func.count())
            .where(RequestState.open)
            .group_by(RequestState.service)
        )
        .tuples()
        .all()
    )
    rows = session.execute(
        select(HqService, Agency.name_ar, Agency.name_en, AgencyOffice.name_ar)
        .join(Agency, Agency.code == HqService.agency)
        .outerjoin(AgencyOffice, AgencyOffice.id == HqService.office_id)
        .order_by(HqService.agency, HqService.code)
    ).tuples()
    routes = [
        RouteRow(
            s.code,
            s.name_ar,
            s.name_en,
            s.category,
            s.agency,
            a_ar,
            a_en or "",
            s.office_id,
            o_ar,
            s.admin_routed,
            int(open_counts.get(s.code, 0)),
        )
        for s, a_ar, a_en, o_ar in rows
    ]
    offices = [
        OfficeRow(o.id, o.agency, o.name_ar, o.name_en, o.center)
        for o in session.execute(
            select(AgencyOffice).order_by(AgencyOffice.agency, AgencyOffice.id)
        ).scalars()
    ]
    return routes, offices


def change_routing(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    service: str,
    agency: str,
    office_id: int | None,
    *,
    signer: Signer | None,
) -> int:
    """Route ``service`` to ``agency`` (and office) for good (routing.set_routing: audited,
    committed); returns how many waiting requests were forwarded by it."""
    check_admin(user)
    code = service.strip().upper()
    if session.get(HqService, code) is None:
        raise NotFoundError(NO_SERVICE, service=code[:40])
    target = agency.strip().upper()
    held = session.get(Agency, target)
    if held is None or not held.active:
        raise Invalid(NO_AGENCY, agency=target[:20])
    if office_id is not None:
        office = session.get(AgencyOffice, office_id)
        if office is None or office.agency != target:
            raise Invalid(NOT_AN_OFFICE, office=office_id, agency=target)
    return routing.set_routing(
        session, code, target, now, office_id=office_id, user_id=user.id, signer=signer
    )
