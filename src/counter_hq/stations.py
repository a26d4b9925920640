"""Centers, stations, enrollment and token authentication (one transaction each)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import validate_center_code, validate_station
from counter_hq import lineage
from counter_hq.errors import ConflictError, Invalid, NotFoundError, Unauthorized
from counter_hq.models import Center, EnrollmentCode, Station
from counter_hq.security import code_hash, new_enrollment_code, new_token, sha256_hex
from counter_protocol.wire import EnrollRequest

ENROLLMENT_TTL = dt.timedelta(days=7)


@dataclass(frozen=True)
class StationRef:
    id: int
    center: str
    station_no: int
    # Known to replace no other station (read with the token): its lineage is itself, with no
    # query per batch. A station's predecessor is set when it is created and never changes.
    alone: bool = False

    @property
    def label(self) -> str:
        return f"{self.center}-{self.station_no:02d}"


def _center_code(raw: str) -> str:
    try:
        return validate_center_code(raw)
    except ValidationError:
        raise Invalid(f"{raw[:20]!r} is not a center code (2 to 6 Latin letters)") from None


def _station_no(number: int) -> int:
    try:
        return validate_station(number)
    except ValidationError:
        raise Invalid(f"{number} is not a station number (1 to 99)") from None


def add_center(session: Session, code: str, name: str, now: dt.datetime) -> str:
    center = _center_code(code)
    if session.get(Center, center) is not None:
        raise ConflictError(f"center {center} already exists")
    session.add(Center(code=center, name=name.strip(), created_at=now))
    session.commit()
    return center


def _find_station(session: Session, center: str, station_no: int) -> Station | None:
    return session.execute(
        select(Station).where(Station.center == center, Station.station_no == station_no)
    ).scalar_one_or_none()


def parse_label(raw: str) -> tuple[str, int]:
    """``AAA-01`` -> ("AAA", 1)."""
    center, _, number = raw.strip().rpartition("-")
    if not center or not number.isdigit():
        raise Invalid(f"{raw[:20]!r} is not a station (like MZH-02)")
    return _center_code(center), _station_no(int(number))


def add_station(
    session: Session,
    center: str,
    station_no: int | None,
    now: dt.datetime,
    *,
    ttl: dt.timedelta = ENROLLMENT_TTL,
    replaces: str | None = None,
) -> tuple[StationRef, str]:
    """Create the station (or keep the existing one) and issue a one-time enrollment code.

    No number: the center's next free one. ``replaces`` (``CENTER-NN``): the new station
    replaces that one, which is retired (lineage.replace_station). A number enrolled before
    is enrolled again only by the database HQ last saw (lineage.admit); its current token
    stays valid until the new code is used. A retired number gets no code.
    """
    code_ = _center_code(center)
    number = _station_no(station_no) if station_no is not None else None
    if session.get(Center, code_) is None:
        raise NotFoundError(f"no center {code_}; add it first with `counter-hq center add`")
    if replaces is not None:
        old_center, old_no = parse_label(replaces)
        if old_center != code_:
            raise Invalid(f"station {replaces} is not of center {code_}")
        predecessor = _find_station(session, code_, old_no)
        if predecessor is None:
            raise NotFoundError(f"no station {code_}-{old_no:02d} to replace")
        station = lineage.replace_station(session, predecessor, now, number)
    else:
        if number is None:
            number = lineage.next_free_number(session, code_)
        found = _find_station(session, code_, number)
        if found is not None and found.retired_at is not None:
            raise ConflictError(lineage.retired_message(session, found))
        if found is None:
            found = Station(center=code_, station_no=number, created_at=now)
            session.add(found)
            session.flush()
        station = found
    code = new_enrollment_code()
    session.add(
        EnrollmentCode(
            code_hash=code_hash(code), station_id=station.id, created_at=now, expires_at=now + ttl
        )
    )
    session.commit()
    return StationRef(station.id, station.center, station.station_no), code


def revoke_station(session: Session, center: str, station_no: int, now: dt.datetime) -> None:
    station = _find_station(session, _center_code(center), _station_no(station_no))
    if station is None:
        raise NotFoundError(f"no station {center}-{station_no}")
    station.revoked_at = now
    session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.station_id == station.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now)
    )
    session.commit()


def station_used(session: Session, station: StationRef) -> bool:
    """Enrolled before or holding requests: a code for it enrolls only the same database."""
    row = session.get(Station, station.id)
    return row is not None and (
        row.enrolled_at is not None or lineage.holds_requests(session, row.center, row.station_no)
    )


def station_numbers(session: Session, station: StationRef) -> tuple[int, ...]:
    """The station numbers (of its center) whose requests count as this station's own, its
    own first: its predecessors' too where it is their database renumbered. Reconciliation and
    the change feed use this, so a renumbered station still agrees with HQ about its past."""
    if station.alone:
        return (station.station_no,)
    return lineage.continued_numbers(session, station.id)


def enroll(
    session: Session, code: str, now: dt.datetime, claim: EnrollRequest | None = None
) -> tuple[StationRef, str]:
    """Exchange a one-time code for a fresh token; unknown, used or expired codes are 401.

    ``claim`` describes the enrolling database; a number used before is refused (409, the code
    stays usable) unless it is the database HQ last saw (lineage.admit)."""
    row = session.execute(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == code_hash(code))
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise Unauthorized("unknown, used or expired enrollment code")
    target = session.get(Station, row.station_id)
    assert target is not None
    try:
        continues = lineage.admit(session, target, claim or EnrollRequest(code=code))
    except lineage.Refused:
        session.rollback()
        raise
    # The conditional update makes two simultaneous uses of one code yield one winner.
    result = session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.id == row.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now)
    )
    won = cast(CursorResult[Any], result).rowcount
    if won != 1:
        session.rollback()
        raise Unauthorized("unknown, used or expired enrollment code")
    station = session.get(Station, row.station_id)
    assert station is not None
    token = new_token()
    station.token_hash = sha256_hex(token)
    station.enrolled_at = now
    station.revoked_at = None
    station.continues = continues
    session.commit()
    return StationRef(station.id, station.center, station.station_no), token


class RecentStations:
    """Stations whose token was found in the last ``ttl`` seconds, by the token's hash.

    A station that syncs makes many calls a second (a scan is one PUT), and looking its token up
    in the database cost about as much as storing a small scan. The price: a revocation or a
    re-enrollment done meanwhile takes effect after at most ``ttl`` seconds.
    """

    def __init__(
        self, ttl: float, clock: Callable[[], float] = time.monotonic, limit: int = 4096
    ) -> None:
        self.ttl = ttl
        self.clock = clock
        self.limit = limit
        self._until: dict[str, tuple[float, StationRef]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> StationRef | None:
        hit = self._until.get(digest)
        if hit is None or self.clock() >= hit[0]:
            return None
        return hit[1]

    def put(self, digest: str, station: StationRef) -> None:
        if self.ttl <= 0:
            return
        now = self.clock()
        with self._lock:
            if len(self._until) >= self.limit:
                self._until = {k: v for k, v in self._until.items() if v[0] > now}
                if len(self._until) >= self.limit:
                    self._until.clear()
            self._until[digest] = (now + self.ttl, station)


# Built once: every request of every station runs it, and building the statement cost more
# than running it. Plain columns, not the ORM entity: nothing is loaded into the session.
_BY_TOKEN = select(
    Station.id, Station.center, Station.station_no, Station.revoked_at, Station.replaces_id
).where(Station.token_hash == bindparam("digest"))


def authenticate(session: Session, token: str, recent: RecentStations | None = None) -> StationRef:
    digest = sha256_hex(token)
    if recent is not None and (known := recent.get(digest)) is not None:
        return known
    row = session.execute(_BY_TOKEN, {"digest": digest}).one_or_none()
    if row is None:
        raise Unauthorized("unknown station credentials")
    if row.revoked_at is not None:
        raise Unauthorized("station credentials revoked; enroll the station again")
    station = StationRef(row.id, row.center, row.station_no, alone=row.replaces_id is None)
    if recent is not None:
        recent.put(digest, station)
    return station
