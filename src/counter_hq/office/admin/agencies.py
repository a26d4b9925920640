"""HQ admin use cases for agencies and their offices: add, rename, (de)activate, remove."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_hq.errors import ConflictError, Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    AgencyOffice,
    Center,
    HqAudit,
    HqService,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.centers import (
    _center_code,
)
from counter_hq.office.admin.common import (
    _AGENCY_CODE,
    _NAMED,
    AGENCY_ACTIVE_ALREADY,
    AGENCY_CODE_MAX,
    AGENCY_EXISTS,
    AGENCY_IN_USE,
    AGENCY_INACTIVE_ALREADY,
    ARABIC_NAME,
    BAD_AGENCY_CODE,
    ENGLISH_NAME,
    MAX_NAME,
    NO_AGENCY,
    NO_CENTER,
    NO_OFFICE,
    OFFICE_IN_USE,
)


@dataclass(frozen=True)
class AgencyOfficeRow:
    id: int
    name_ar: str
    name_en: str
    center: str | None
    services: int  # services routed to this office


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name_ar: str
    name_en: str
    active: bool
    created_at: dt.datetime
    services: int  # services routed to this agency
    offices: tuple[AgencyOfficeRow, ...]


def agencies_list(session: Session, user: WebUser) -> list[AgencyRow]:
    """Every agency (active or not) with its offices and how many services each handles."""
    check_admin(user)
    per_agency = dict(
        session.execute(select(HqService.agency, func.count()).group_by(HqService.agency))
        .tuples()
        .all()
    )
    per_office = dict(
        session.execute(
            select(HqService.office_id, func.count())
            .where(HqService.office_id.is_not(None))
            .group_by(HqService.office_id)
        )
        .tuples()
        .all()
    )
    offices: dict[str, list[AgencyOfficeRow]] = {}
    for o in session.execute(select(AgencyOffice).order_by(AgencyOffice.id)).scalars():
        offices.setdefault(o.agency, []).append(
            AgencyOfficeRow(o.id, o.name_ar, o.name_en, o.center, int(per_office.get(o.id, 0)))
        )
    return [
        AgencyRow(
            a.code,
            a.name_ar,
            a.name_en,
            a.active,
            a.created_at,
            int(per_agency.get(a.code, 0)),
            tuple(offices.get(a.code, ())),
        )
        for a in session.execute(
            select(Agency).order_by(Agency.active.desc(), Agency.code)
        ).scalars()
    ]


def _agency_code(raw: str) -> str:
    code = raw.strip().upper()
    if not _AGENCY_CODE.match(code):
        raise Invalid(BAD_AGENCY_CODE, agency=raw.strip()[:AGENCY_CODE_MAX])
    return code


def _names(name_ar: str, name_en: str) -> tuple[str, str]:
    """The Arabic name (required) and the English one (optional), each one line of at most
    MAX_NAME characters."""
    arabic, english = name_ar.strip(), name_en.strip()
    if not arabic or len(arabic) > MAX_NAME or any(ord(c) < 32 for c in arabic):
        raise Invalid(ARABIC_NAME, n=MAX_NAME)
    if len(english) > MAX_NAME or any(ord(c) < 32 for c in english):
        raise Invalid(ENGLISH_NAME, n=MAX_NAME)
    return arabic, english


def _held_agency(session: Session, code: str) -> Agency:
    held = session.get(Agency, _agency_code(code))
    if held is None:
        raise NotFoundError(NO_AGENCY, agency=code.strip().upper()[:AGENCY_CODE_MAX])
    return held


def _some(codes: list[str]) -> str:
    """The first few codes of a refusal, "…" when there are more."""
    shown = ", ".join(codes[:_NAMED])
    return shown + (", …" if len(codes) > _NAMED else "")


def add_agency(
    session: Session, user: WebUser, now: dt.datetime, code: str, name_ar: str, name_en: str
) -> str:
    """A new agency, active, with no office and no service yet. Audited; commits."""
    check_admin(user)
    agency = _agency_code(code)
    arabic, english = _names(name_ar, name_en)
    if session.get(Agency, agency) is not None:
        raise ConflictError(AGENCY_EXISTS, agency=agency)
    session.add(Agency(code=agency, name_ar=arabic, name_en=english, active=True, created_at=now))
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.add",
            target=agency,
            details={"name_ar": arabic, "name_en": english},
        )
    )
    try:
        session.commit()
    except IntegrityError:  # added by another admin between the check and the commit
        session.rollback()
        raise ConflictError(AGENCY_EXISTS, agency=agency) from None
    return agency


def rename_agency(
    session: Session, user: WebUser, now: dt.datetime, code: str, name_ar: str, name_en: str
) -> str:
    """New names for an agency (its code stays: requests, users and services name it).
    Audited; commits."""
    check_admin(user)
    held = _held_agency(session, code)
    arabic, english = _names(name_ar, name_en)
    before = {"name_ar": held.name_ar, "name_en": held.name_en}
    held.name_ar, held.name_en = arabic, english
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.rename",
            target=held.code,
            details={"before": before, "name_ar": arabic, "name_en": english},
        )
    )
    agency = held.code
    session.commit()
    return agency


def set_agency_active(
    session: Session, user: WebUser, now: dt.datetime, code: str, active: bool
) -> str:
    """Deactivate an agency (no longer offered for routing or complaints) or activate it again.
    Refused while services are routed to it: its new requests would go to an agency nobody
    may route to, so the refusal names them. Audited; commits."""
    check_admin(user)
    held = _held_agency(session, code)
    if held.active == active:
        raise ConflictError(
            AGENCY_ACTIVE_ALREADY if active else AGENCY_INACTIVE_ALREADY, agency=held.code
        )
    if not active:
        # Locked so that a routing change committed meanwhile cannot slip a service in.
        routed = list(
            session.execute(
                select(HqService.code)
                .where(HqService.agency == held.code)
                .order_by(HqService.code)
                .with_for_update()
            ).scalars()
        )
        if routed:
            raise ConflictError(
                AGENCY_IN_USE, agency=held.code, n=len(routed), services=_some(routed)
            )
    held.active = active
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="agency.activate" if active else "agency.deactivate",
            target=held.code,
        )
    )
    agency = held.code
    session.commit()
    return agency


def _office_center(session: Session, center: str) -> str | None:
    if not center.strip():
        return None
    code = _center_code(center)
    if session.get(Center, code) is None:
        raise NotFoundError(NO_CENTER, center=code)
    return code


def add_office(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    agency: str,
    name_ar: str,
    name_en: str,
    center: str = "",
) -> int:
    """A new office of ``agency`` (a directorate, or a desk at one center). Audited; commits;
    returns the office's id."""
    check_admin(user)
    held = _held_agency(session, agency)
    arabic, english = _names(name_ar, name_en)
    where = _office_center(session, center)
    office = AgencyOffice(agency=held.code, name_ar=arabic, name_en=english, center=where)
    session.add(office)
    session.flush()
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.add",
            target=f"{held.code}/{office.id}",
            details={"name_ar": arabic, "name_en": english, "center": where},
        )
    )
    office_id = office.id
    session.commit()
    return office_id


def _held_office(session: Session, agency: str, office_id: int) -> AgencyOffice:
    """The office, when it is one of ``agency``'s (an office of another agency is "not
    found" here: the address names both)."""
    code = agency.strip().upper()[:AGENCY_CODE_MAX]
    office = session.get(AgencyOffice, office_id)
    if office is None or office.agency != code:
        raise NotFoundError(NO_OFFICE, office=office_id, agency=code)
    return office


def rename_office(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    agency: str,
    office_id: int,
    name_ar: str,
    name_en: str,
    center: str = "",
) -> int:
    """New names (and center) for an office. Audited; commits."""
    check_admin(user)
    office = _held_office(session, agency, office_id)
    arabic, english = _names(name_ar, name_en)
    where = _office_center(session, center)
    before = {"name_ar": office.name_ar, "name_en": office.name_en, "center": office.center}
    office.name_ar, office.name_en, office.center = arabic, english, where
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.rename",
            target=f"{office.agency}/{office.id}",
            details={"before": before, "name_ar": arabic, "name_en": english, "center": where},
        )
    )
    session.commit()
    return office_id


def remove_office(
    session: Session, user: WebUser, now: dt.datetime, agency: str, office_id: int
) -> str:
    """Remove an office no service is routed to (a service routed to it must be routed
    elsewhere first: the refusal names them). Audited; commits; returns its Arabic name."""
    check_admin(user)
    office = _held_office(session, agency, office_id)
    routed = list(
        session.execute(
            select(HqService.code)
            .where(HqService.office_id == office.id)
            .order_by(HqService.code)
            .with_for_update()
        ).scalars()
    )
    if routed:
        raise ConflictError(
            OFFICE_IN_USE, office=office.name_ar, n=len(routed), services=_some(routed)
        )
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="office.remove",
            target=f"{office.agency}/{office.id}",
            details={"name_ar": office.name_ar, "name_en": office.name_en, "center": office.center},
        )
    )
    name = office.name_ar
    session.delete(office)
    session.commit()
    return name
