"""Where a station's audit chain is anchored: its newest tip, and a flag when it went back.

A station's audit log is a hash chain in its own file; someone with the file can cut its end
off or rewrite it whole. HQ keeps the newest tip (row id + hash) each station reported. A later
report must extend it: the same row with the same hash, or a newer row together with the
station's hash of the row HQ holds (``anchor``). A tip behind HQ's is ``rewound`` (rows were
removed), another hash for a row HQ holds is ``forked`` (the chain was rewritten). Either is
flagged on the station until an operator clears it (``counter-hq station audit-clear``); HQ
keeps the tip it held, so a rewritten chain can never become the reference by reporting on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_hq.errors import NotFoundError
from counter_hq.models import Station, StationAuditTip
from counter_hq.stations import StationRef
from counter_protocol.wire import AuditTip, AuditTipAnswer, AuditTipReport, AuditTipStatus

FLAGS = (AuditTipStatus.REWOUND, AuditTipStatus.FORKED)


def _judge(row: StationAuditTip, report: AuditTipReport) -> tuple[AuditTipStatus, str | None]:
    tip, anchor = report.tip, report.anchor
    if tip.seq < row.seq:
        return AuditTipStatus.REWOUND, f"reported row {tip.seq} after row {row.seq}"
    if tip.seq == row.seq:
        if tip.hash == row.hash:
            return AuditTipStatus.ACCEPTED, None
        return AuditTipStatus.FORKED, f"row {row.seq}: hash {tip.hash[:16]} after {row.hash[:16]}"
    if anchor is None or anchor.seq != row.seq:
        return AuditTipStatus.ANCHOR_NEEDED, None
    if anchor.hash != row.hash:
        return (
            AuditTipStatus.FORKED,
            f"row {row.seq}: hash {anchor.hash[:16]} after {row.hash[:16]}",
        )
    return AuditTipStatus.ACCEPTED, None


judge_tip = _judge  # enrollment judges a database's tip the same way (lineage.py)


def report_tip(
    session: Session, station: StationRef, report: AuditTipReport, now: dt.datetime
) -> AuditTipAnswer:
    """Judge and keep one report (one transaction; the row is locked against a concurrent
    report of the same station)."""
    row = session.execute(
        select(StationAuditTip).where(StationAuditTip.station_id == station.id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = StationAuditTip(
            station_id=station.id, seq=report.tip.seq, hash=report.tip.hash, reported_at=now
        )
        session.add(row)
        status: AuditTipStatus = AuditTipStatus.ACCEPTED
    else:
        status, detail = _judge(row, report)
        if status is AuditTipStatus.ACCEPTED:
            row.seq, row.hash, row.reported_at = report.tip.seq, report.tip.hash, now
        elif status in FLAGS and row.flagged is None:
            row.flagged, row.flagged_at, row.flag_detail = status.value, now, detail
    answer = AuditTipAnswer(
        status=status,
        held=AuditTip(seq=row.seq, hash=row.hash),
        flagged=AuditTipStatus(row.flagged) if row.flagged else None,
        flagged_at=row.flagged_at,
    )
    session.commit()
    return answer


@dataclass(frozen=True)
class StationAudit:
    label: str
    revoked: bool
    seq: int | None
    reported_at: dt.datetime | None
    flagged: str | None
    flagged_at: dt.datetime | None
    detail: str | None


def station_audits(session: Session) -> list[StationAudit]:
    """Every station with its audit tip and flag, for ``counter-hq station list``."""
    rows = session.execute(
        select(Station, StationAuditTip)
        .outerjoin(StationAuditTip, StationAuditTip.station_id == Station.id)
        .order_by(Station.center, Station.station_no)
    ).all()
    return [
        StationAudit(
            label=f"{st.center}-{st.station_no:02d}",
            revoked=st.revoked_at is not None,
            seq=tip.seq if tip else None,
            reported_at=tip.reported_at if tip else None,
            flagged=tip.flagged if tip else None,
            flagged_at=tip.flagged_at if tip else None,
            detail=tip.flag_detail if tip else None,
        )
        for st, tip in rows
    ]


def clear_flag(session: Session, center: str, station_no: int) -> None:
    """An operator looked into a flagged station: the next report it makes is the new
    reference (its chain as it is now)."""
    station = session.execute(
        select(Station).where(Station.center == center.upper(), Station.station_no == station_no)
    ).scalar_one_or_none()
    if station is None:
        raise NotFoundError(f"no station {center.upper()}-{station_no:02d}")
    row = session.get(StationAuditTip, station.id)
    if row is not None:
        session.delete(row)
    session.commit()
