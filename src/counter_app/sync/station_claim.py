"""What a station shows HQ when it enrolls, and what it does with HQ's answer.

HQ enrolls a station number used before only for the database it last saw, not an older copy
(counter_hq/lineage.py): the station shows its audit tip (with its own hash of the row HQ last
accepted, the anchor), its highest receipt sequence per year, and whether its own number is
retired. HQ answers with the numbers the enrolled one replaces (a code made with
``--replaces``: this station is renumbered) and its highest sequence per year for the number,
which this station numbers above.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from counter_app.services.context import AppContext, StationInfo
from counter_app.services.station_identity import (
    highest_numbers,
    raise_floor,
    renumber,
    retired_reason,
)
from counter_app.store.models import SyncState
from counter_app.sync.audit_tip import _TIP, _hash_at
from counter_protocol.wire import AuditTip, AuditTipReport, EnrollRequest, EnrollResponse, YearSeq


def enrollment_claim(ctx: AppContext, code: str, station: StationInfo) -> EnrollRequest:
    with ctx.store.read() as session:
        tip = session.execute(_TIP).first()
        state = session.get(SyncState, 1)
        known = state.hq_audit_seq if state else None
        highest = highest_numbers(session)
        retired = retired_reason(session) is not None
    report = None
    if tip is not None:
        anchor = AuditTip(seq=known, hash=_hash_at(ctx, known)) if known else None
        report = AuditTipReport(tip=AuditTip(seq=int(tip[0]), hash=str(tip[1])), anchor=anchor)
    return EnrollRequest(
        code=code,
        center=station.center_code,
        station_no=station.station_no,
        retired=retired,
        tip=report,
        highest=tuple(YearSeq(year=y, seq=s) for y, s in sorted(highest.items()) if s > 0),
    )


def answer_fits(station: StationInfo, answer: EnrollResponse) -> bool:
    """HQ enrolled this station's own number, or one that replaces it."""
    return answer.center == station.center_code and (
        answer.station_no == station.station_no or station.station_no in answer.replaces
    )


def take_enrollment(session: Session, answer: EnrollResponse, now: dt.datetime) -> int | None:
    """Inside the enrollment's write: renumber when HQ enrolled a successor number, and raise
    the numbering above what HQ holds. Returns the old number when renumbered."""
    old = renumber(session, answer.station_no, answer.replaces, now)
    raise_floor(session, {y.year: y.seq for y in answer.highest})
    return old
