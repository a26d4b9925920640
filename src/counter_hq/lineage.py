"""Which station numbers are one station, and when a number may be enrolled again.

A receipt number is unique because each station numbers its own requests: a station that
numbers again from an older state (a new PC set up with the same number, a database restored
from a backup) hands out numbers citizens already hold. So:

- a number enrolled before, or holding requests, is enrolled again only for the database HQ
  last saw and not an older copy of it: its audit tip extends the tip HQ holds (audit_tips.py)
  and its highest sequence of every year reaches HQ's;
- a replacement PC, or a database that lost numbers, gets a new number: ``station code CENTER
  --replaces CENTER-NN`` retires the old one (its token revoked, never enrolled again) and
  records the lineage. The successor pushes its predecessors' requests (``issuing_numbers``);
  when it is the predecessor's database renumbered (``continues``), it also counts them as its
  own in reconciliation and pulls HQ's steps on them (``continued_numbers``);
- a station is told at enrollment the highest sequence HQ holds for its number, per year, and
  numbers above it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_hq.errors import ConflictError, NotFoundError
from counter_hq.models import (
    EnrollmentCode,
    HqRequest,
    ReceiptCollision,
    Station,
    StationAuditTip,
)
from counter_protocol.wire import AuditTipStatus, EnrollRequest, YearSeq

MAX_STATION_NO = 99


def _label(center: str, station_no: int) -> str:
    return f"{center}-{station_no:02d}"


def _chain(session: Session, station_id: int) -> list[Station]:
    """The station and its predecessors, newest first."""
    out: list[Station] = []
    seen: set[int] = set()
    current: int | None = station_id
    while current is not None and current not in seen:
        seen.add(current)
        row = session.get(Station, current)
        if row is None:
            break
        out.append(row)
        current = row.replaces_id
    return out


def issuing_numbers(session: Session, station_id: int) -> tuple[int, ...]:
    """Numbers whose receipts this station may push: its own and every one it replaced."""
    return tuple(row.station_no for row in _chain(session, station_id))


def issuing_stations(session: Session, station_id: int) -> dict[int, int]:
    """The station and those it replaced: station id -> number (what ingest lets it send,
    and whose earlier items it may send again)."""
    return {row.id: row.station_no for row in _chain(session, station_id)}


def continued_numbers(session: Session, station_id: int) -> tuple[int, ...]:
    """Numbers whose requests this station holds as its own: its own, and its predecessors'
    as long as each successor is its predecessor's database renumbered."""
    chain = _chain(session, station_id)
    out = [chain[0].station_no]
    for successor, predecessor in itertools.pairwise(chain):
        # A number no database ever took (replaced again before use) passes its lineage on.
        if not (successor.continues or successor.enrolled_at is None):
            break
        out.append(predecessor.station_no)
    return tuple(out)


def highest_sequences(session: Session, center: str, station_no: int) -> dict[int, int]:
    """HQ's highest receipt sequence of the station number, per two-digit year.

    Grouped in the database by the number's first part (``CENTER-NN-YY-``) and its length, so a
    station's history is one aggregate query however long it is; within one length the text
    order is the sequence's order (six digits, more only from 1,000,000 on, never a leading
    zero then; legacy numbers have one check character, new ones two).
    """
    prefix_len = len(center) + 7
    prefix = func.substr(HqRequest.receipt_no, 1, prefix_len)
    rows = session.execute(
        select(func.max(HqRequest.receipt_no))
        .where(HqRequest.center == center, HqRequest.station_no == station_no)
        .group_by(prefix, func.length(HqRequest.receipt_no))
    ).scalars()
    out: dict[int, int] = {}
    for text in rows:
        try:
            number = ReceiptNumber.parse(text)
        except ValidationError:
            continue  # HQ stores only numbers it parsed: not reached
        out[number.year] = max(out.get(number.year, 0), number.seq)
    return out


def holds_requests(session: Session, center: str, station_no: int) -> bool:
    return bool(
        session.execute(
            select(exists().where(HqRequest.center == center, HqRequest.station_no == station_no))
        ).scalar()
    )


def _used(session: Session, station: Station) -> bool:
    """Enrolled before or holding requests: enrolling it again needs proof."""
    return station.enrolled_at is not None or holds_requests(
        session, station.center, station.station_no
    )


def next_free_number(session: Session, center: str) -> int:
    """The lowest number of the center no station has had (retired numbers stay taken)."""
    taken = set(
        session.execute(select(Station.station_no).where(Station.center == center)).scalars()
    )
    taken |= set(
        session.execute(
            select(HqRequest.station_no).where(HqRequest.center == center).distinct()
        ).scalars()
    )
    for number in range(1, MAX_STATION_NO + 1):
        if number not in taken:
            return number
    raise ConflictError(f"center {center} has no free station number left (1 to 99 all used)")


def find(session: Session, center: str, station_no: int) -> Station | None:
    return session.execute(
        select(Station).where(Station.center == center, Station.station_no == station_no)
    ).scalar_one_or_none()


def successor_of(session: Session, station_id: int) -> Station | None:
    return session.execute(
        select(Station).where(Station.replaces_id == station_id)
    ).scalar_one_or_none()


def retired_message(session: Session, station: Station) -> str:
    after = successor_of(session, station.id)
    by = f", replaced by {_label(after.center, after.station_no)}" if after else ""
    label = _label(station.center, station.station_no)
    return f"station {label} is retired{by}; its number is never enrolled again"


def replace_station(
    session: Session, predecessor: Station, now: dt.datetime, station_no: int | None = None
) -> Station:
    """A new station number for the center that replaces ``predecessor``, which is retired:
    its token revoked, its unused codes void, never enrolled again (caller commits)."""
    if predecessor.retired_at is not None:
        raise ConflictError(retired_message(session, predecessor))
    number = station_no if station_no is not None else next_free_number(session, predecessor.center)
    existing = find(session, predecessor.center, number)
    if number == predecessor.station_no:
        raise ConflictError("a station cannot replace itself: give another number or none")
    if existing is not None or holds_requests(session, predecessor.center, number):
        raise ConflictError(
            f"station {_label(predecessor.center, number)} exists already; a replacement gets a "
            "number never used (leave the number out to get the next free one)"
        )
    successor = Station(
        center=predecessor.center,
        station_no=number,
        created_at=now,
        replaces_id=predecessor.id,
        continues=False,
    )
    session.add(successor)
    predecessor.retired_at = now
    predecessor.revoked_at = predecessor.revoked_at or now
    session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.station_id == predecessor.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now)
    )
    session.flush()
    return successor


class Refused(ConflictError):
    """A station number HQ will not enroll for this database (409, the code is not used up)."""

    code = "station_in_use"


_NEW_NUMBER = (
    "A replacement PC, or a database restored from a backup, gets a new station number: at HQ "
    "run `counter-hq station code {center} --replaces {label}` and enroll with that code."
)


def admit(session: Session, station: Station, claim: EnrollRequest) -> bool:
    """Whether the database described by ``claim`` may take ``station``'s number with this
    code; raises Refused saying why not. Returns ``continues``: the database is the
    predecessor's renumbered, holding its requests."""
    label = _label(station.center, station.station_no)
    if station.retired_at is not None:
        raise Refused(retired_message(session, station), code="station_retired")
    claimed = claim.station_no
    if claim.center is not None and claim.center != station.center:
        raise Refused(
            f"this code is for station {label}; the enrolling station belongs to center "
            f"{claim.center}",
            code="wrong_station",
        )
    replaced = issuing_numbers(session, station.id)[1:]
    if claimed is not None and claimed in replaced:
        # A replaced station's own database (or a PC set up with its number) takes the new
        # number: only while the new number is unused, so that one database holds it.
        if _used(session, station):
            raise Refused(f"station {label} is already in use by another database")
        return any(y.seq > 0 for y in claim.highest)
    if claimed is not None and claimed != station.station_no:
        raise Refused(
            f"this code is for station {label}, but the enrolling station is "
            f"{_label(station.center, claimed)}",
            code="wrong_station",
        )
    if not _used(session, station):
        return False
    new_number = _NEW_NUMBER.format(center=station.center, label=label)
    if claim.retired:
        raise Refused(
            f"station {label}'s database says its own number is retired (restored from a "
            f"backup, or numbers it issued were found issued again). {new_number}",
            code="station_retired",
        )
    why = _unproven(session, station, claim)
    if why is not None:
        raise Refused(f"station {label} was enrolled before; {why}. {new_number}")
    return station.continues


def _unproven(session: Session, station: Station, claim: EnrollRequest) -> str | None:
    """Why ``claim`` does not prove to be the database HQ last saw, not older; None if it does."""
    from counter_hq.audit_tips import judge_tip  # audit_tips imports stations, which imports us

    held = session.get(StationAuditTip, station.id)
    if held is None:
        return "HQ never received its audit log, so no database can show it is the same one"
    if claim.tip is None:
        return "this database did not show its audit log (an empty or older program)"
    status, _ = judge_tip(held, claim.tip)
    if status is AuditTipStatus.ANCHOR_NEEDED:
        return (
            f"this database's audit log does not show row {held.seq}, the one HQ holds (sync "
            "once with the station's current credentials if it still has them)"
        )
    if status is not AuditTipStatus.ACCEPTED:
        return (
            f"this database's audit log is {status.value} against the one HQ holds: it is an "
            "older or another copy"
        )
    mine = {y.year: y.seq for y in claim.highest}
    for year, seq in sorted(highest_sequences(session, station.center, station.station_no).items()):
        if mine.get(year, 0) < seq:
            return (
                f"HQ holds receipt {year:02d}-{seq:06d} of it and this database numbers only up "
                f"to {year:02d}-{mine.get(year, 0):06d}: it is an older copy"
            )
    return None


def enrolled_facts(
    session: Session, station_id: int
) -> tuple[tuple[int, ...], tuple[YearSeq, ...]]:
    """What the enrollment answer tells the station: the numbers it replaces (newest first)
    and HQ's highest sequence per year for its own number."""
    station = session.get(Station, station_id)
    if station is None:
        raise NotFoundError("no such station")
    replaces = issuing_numbers(session, station_id)[1:]
    highest = highest_sequences(session, station.center, station.station_no)
    return replaces, tuple(YearSeq(year=y, seq=s) for y, s in sorted(highest.items()))


# -- collisions: a receipt number pushed for another request than HQ holds under it ----------


def record_collision(
    session: Session,
    station_id: int,
    item_id: str,
    receipt_no: str,
    request_uuid: str,
    held_uuid: str,
    now: dt.datetime,
) -> None:
    """Kept once per item (a resend does not add a row); inside the caller's transaction."""
    with session.begin_nested():
        found = session.execute(
            select(ReceiptCollision.id).where(ReceiptCollision.item_id == item_id)
        ).first()
        if found is None:
            session.add(
                ReceiptCollision(
                    station_id=station_id,
                    item_id=item_id,
                    receipt_no=receipt_no,
                    request_uuid=request_uuid,
                    held_uuid=held_uuid,
                    received_at=now,
                )
            )


@dataclass(frozen=True)
class CollisionSummary:
    count: int
    latest_receipt: str
    latest_at: dt.datetime


def collisions_by_station(session: Session) -> dict[int, CollisionSummary]:
    """Per station id: how many receipt numbers it pushed that HQ held for other requests."""
    out: dict[int, CollisionSummary] = {}
    rows = session.execute(
        select(ReceiptCollision).order_by(ReceiptCollision.received_at, ReceiptCollision.id)
    ).scalars()
    for row in rows:
        before = out.get(row.station_id)
        out[row.station_id] = CollisionSummary(
            (before.count if before else 0) + 1, row.receipt_no, row.received_at
        )
    return out


@dataclass(frozen=True)
class StationNote:
    retired: bool
    lineage: str  # "replaces MZH-01", "replaced by MZH-03"
    collisions: str  # "COLLISION 2 receipts issued twice, latest ... at ...", or ""


def station_notes(session: Session) -> dict[str, StationNote]:
    """Per station label, what ``counter-hq station list`` adds: retirement, lineage and
    receipt numbers it pushed that HQ held for other requests (a flag: exit 1)."""
    stations = {row.id: row for row in session.execute(select(Station)).scalars()}
    found = collisions_by_station(session)
    successors = {row.replaces_id: row for row in stations.values() if row.replaces_id}
    out: dict[str, StationNote] = {}
    for row in stations.values():
        parts = []
        if row.replaces_id in stations:
            old = stations[row.replaces_id]
            continued = ", its database renumbered" if row.continues else ""
            parts.append(f"replaces {_label(old.center, old.station_no)}{continued}")
        if row.id in successors:
            new = successors[row.id]
            parts.append(f"replaced by {_label(new.center, new.station_no)}")
        hit = found.get(row.id)
        words = (
            f"COLLISION {hit.count} receipt numbers issued twice, latest {hit.latest_receipt} "
            f"at {hit.latest_at:%Y-%m-%d %H:%M}"
            if hit
            else ""
        )
        out[_label(row.center, row.station_no)] = StationNote(
            row.retired_at is not None, "; ".join(parts), words
        )
    return out
