"""HQ admin use cases for stations: the list, enrolling one (its code), revoking one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import validate_station
from counter_hq import lineage, stations
from counter_hq.errors import ConflictError, Invalid, NotFoundError
from counter_hq.models import (
    Center,
    EnrollmentCode,
    HqAudit,
    Station,
    StationAuditTip,
)
from counter_hq.office.access import WebUser, check_admin
from counter_hq.office.admin.centers import (
    _center_code,
)
from counter_hq.office.admin.common import (
    BAD_STATION_NO,
    NO_CENTER,
    NO_FREE_NUMBER,
    NO_STATION,
    STATION_RETIRED,
    STATION_REVOKED_ALREADY,
)


@dataclass(frozen=True)
class StationRow:
    id: int
    center: str
    station_no: int
    label: str
    created_at: dt.datetime
    enrolled_at: dt.datetime | None
    revoked_at: dt.datetime | None
    retired_at: dt.datetime | None
    code_until: dt.datetime | None  # an unused enrollment code is valid until then
    replaces: str | None
    replaced_by: str | None
    audit_seq: int | None
    audit_at: dt.datetime | None
    flagged: str | None  # rewound | forked
    flagged_at: dt.datetime | None
    collisions: int

    @property
    def state(self) -> str:
        """retired | revoked | enrolled | code_issued | new (the msgid ``station:<state>``)."""
        if self.retired_at is not None:
            return "retired"
        if self.revoked_at is not None:
            return "revoked"
        if self.enrolled_at is not None:
            return "enrolled"
        return "code_issued" if self.code_until is not None else "new"


def stations_list(
    session: Session, user: WebUser, now: dt.datetime, center: str | None = None
) -> list[StationRow]:
    check_admin(user)
    query = (
        select(Station, StationAuditTip)
        .outerjoin(StationAuditTip, StationAuditTip.station_id == Station.id)
        .order_by(Station.center, Station.station_no)
    )
    if center:
        query = query.where(Station.center == _center_code(center))
    found = session.execute(query).tuples().all()
    labels = {st.id: _label(st.center, st.station_no) for st, _ in found}
    successors = {st.replaces_id: st.id for st, _ in found if st.replaces_id is not None}
    codes = dict(
        session.execute(
            select(EnrollmentCode.station_id, func.max(EnrollmentCode.expires_at))
            .where(EnrollmentCode.used_at.is_(None), EnrollmentCode.expires_at > now)
            .group_by(EnrollmentCode.station_id)
        )
        .tuples()
        .all()
    )
    collisions = lineage.collisions_by_station(session)
    rows: list[StationRow] = []
    for st, tip in found:
        hit = collisions.get(st.id)
        replaced_by = successors.get(st.id)
        rows.append(
            StationRow(
                id=st.id,
                center=st.center,
                station_no=st.station_no,
                label=labels[st.id],
                created_at=st.created_at,
                enrolled_at=st.enrolled_at,
                revoked_at=st.revoked_at,
                retired_at=st.retired_at,
                code_until=codes.get(st.id),
                replaces=labels.get(st.replaces_id) if st.replaces_id else None,
                replaced_by=labels.get(replaced_by) if replaced_by else None,
                audit_seq=tip.seq if tip else None,
                audit_at=tip.reported_at if tip else None,
                flagged=tip.flagged if tip else None,
                flagged_at=tip.flagged_at if tip else None,
                collisions=hit.count if hit else 0,
            )
        )
    return rows


def _label(center: str, number: int) -> str:
    return f"{center}-{number:02d}"


def parse_station_label(raw: str) -> tuple[str, int]:
    """``MZH-02`` -> ("MZH", 2), refused with a msgid."""
    center, _, number = raw.strip().rpartition("-")
    if not center or not number.isdigit() or len(number) > 2:
        raise NotFoundError(NO_STATION, label=raw.strip()[:20])
    return _center_code(center), _station_number(int(number))


def _station_number(number: int) -> int:
    try:
        return validate_station(number)
    except ValidationError:
        raise Invalid(BAD_STATION_NO, number=number) from None


def station_row(session: Session, user: WebUser, now: dt.datetime, label: str) -> StationRow:
    center, number = parse_station_label(label)
    for row in stations_list(session, user, now, center):
        if row.station_no == number:
            return row
    raise NotFoundError(NO_STATION, label=_label(center, number))


@dataclass(frozen=True)
class NewCode:
    label: str
    code: str  # shown once: HQ keeps only its hash
    expires_at: dt.datetime
    used_before: bool  # enrolled before or holding requests: enrolls only the same database


def add_station(
    session: Session, user: WebUser, now: dt.datetime, center: str, number: int | None
) -> NewCode:
    """A station (the center's next free number when none is given) and a one-time enrollment
    code for it; a station that exists gets a new code. Audited; commits."""
    check_admin(user)
    code_ = _center_code(center)
    if session.get(Center, code_) is None:
        raise NotFoundError(NO_CENTER, center=code_)
    if number is None:
        try:
            number = lineage.next_free_number(session, code_)
        except ConflictError:
            raise ConflictError(NO_FREE_NUMBER, center=code_) from None
    number = _station_number(number)
    label = _label(code_, number)
    held = lineage.find(session, code_, number)
    if held is not None and held.retired_at is not None:
        raise ConflictError(STATION_RETIRED, label=label)
    # The number is fixed before the call, so the audit row names it and commits with it.
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="station.code",
            target=label,
            details={"new": held is None},
        )
    )
    ref, code = stations.add_station(session, code_, number, now)
    used = stations.station_used(session, ref)
    return NewCode(ref.label, code, now + stations.ENROLLMENT_TTL, used)


def revoke_station(session: Session, user: WebUser, now: dt.datetime, label: str) -> str:
    """Revoke the station's token and any unused code (the station must enroll again).
    Audited; commits."""
    check_admin(user)
    center, number = parse_station_label(label)
    held = lineage.find(session, center, number)
    shown = _label(center, number)
    if held is None:
        raise NotFoundError(NO_STATION, label=shown)
    if held.revoked_at is not None:
        raise ConflictError(STATION_REVOKED_ALREADY, label=shown)
    session.add(HqAudit(at=now, user_id=user.id, action="station.revoke", target=shown))
    stations.revoke_station(session, center, number, now)  # commits the audit row too
    return shown
