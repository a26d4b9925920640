"""HQ's side of the history: status events made at HQ, the change feed, reconciliation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import Conflict, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status, check_reason, check_transition, parse_status
from counter_hq.db import lock_changes
from counter_hq.errors import ConflictError, Invalid, NotFoundError
from counter_hq.models import Agency, ChangeRow, HqRequest, HqRequestEvent, RequestState
from counter_hq.signing import Signer, step_message
from counter_hq.states import advance
from counter_hq.stations import StationRef, station_numbers
from counter_protocol.payloads import MAX_HQ_REASON, STATUS_EVENT, StatusEventChange
from counter_protocol.wire import MAX_PULL, Change, DayCount, PullResponse

MAX_RECONCILE_DAYS = 366


@dataclass(frozen=True)
class StatusChange:
    request_uuid: str
    receipt_no: str
    event_uuid: str
    status: str
    seq: int


def current_status(session: Session, request_uuid: str) -> Status:
    last = session.execute(
        select(HqRequestEvent.status)
        .where(HqRequestEvent.request_uuid == request_uuid)
        .order_by(HqRequestEvent.at.desc(), HqRequestEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return Status(last) if last else Status.SUBMITTED


def set_status(
    session: Session,
    receipt: str,
    status: str,
    now: dt.datetime,
    *,
    reason: str | None = None,
    actor: str = "hq",
    signer: Signer | None = None,
    collect_from: dt.date | None = None,
    collect_place: str | None = None,
) -> StatusChange:
    """Append an HQ-origin status event and the change its station will pull (one transaction).
    With ``signer`` the change carries HQ's signature: the station can return the step to an
    HQ restored from a backup that lost it (signing.py)."""
    try:
        receipt_no = str(ReceiptNumber.parse(receipt))
        target = parse_status(status)
        clean_reason = reason.strip() if reason and reason.strip() else None
        check_reason(target, clean_reason)
    except ValidationError as exc:
        raise Invalid(exc.render()) from None
    if clean_reason and len(clean_reason) > MAX_HQ_REASON:
        raise Invalid(f"a reason has at most {MAX_HQ_REASON} characters, not {len(clean_reason)}")
    if target is Status.SUBMITTED:
        raise Invalid("HQ cannot submit a request")
    lock_changes(session)  # also serialises status changes of one request
    req = session.execute(
        select(HqRequest).where(HqRequest.receipt_no == receipt_no)
    ).scalar_one_or_none()
    if req is None:
        raise NotFoundError(f"no request {receipt_no} at HQ")
    try:
        check_transition(current_status(session, req.uuid), target)
    except Conflict as exc:
        raise ConflictError(exc.render()) from None
    change = record_step(
        session,
        req,
        target,
        now,
        reason=clean_reason,
        actor=actor,
        signer=signer,
        collect_from=collect_from,
        collect_place=collect_place,
    )
    session.commit()
    return change


def record_step(
    session: Session,
    req: HqRequest,
    target: Status,
    now: dt.datetime,
    *,
    reason: str | None,
    actor: str,
    signer: Signer | None = None,
    collect_from: dt.date | None = None,
    collect_place: str | None = None,
) -> StatusChange:
    """The step's event, the change its station pulls and the request's state, in the caller's
    transaction (flushed, not committed). The caller holds ``lock_changes`` and has checked the
    transition and the reason. The change names the agency holding the request (from its
    state, HQ's routing) so the counter can say who has it, and for ``ready`` where and from
    which day the citizen collects."""
    event_uuid = str(uuid.uuid4())
    session.add(
        HqRequestEvent(
            uuid=event_uuid,
            request_uuid=req.uuid,
            center=req.center,
            status=target.value,
            at=now,
            actor=actor,
            station="HQ",
            reason=reason,
            origin="hq",
            ingested_at=now,
        )
    )
    step = StatusEventChange(
        request_uuid=req.uuid,
        receipt_no=req.receipt_no,
        uuid=event_uuid,
        status=target.value,
        at=now.isoformat(),
        actor=actor,
        station="HQ",
        reason=reason,
        origin="hq",
        **_agency_fields(session, req.uuid),
        **_collection_fields(collect_from, collect_place),
    )
    # Built with the schema the station reads it with (counter_protocol/payloads.py).
    payload = step.model_dump(exclude_unset=True)
    if signer is not None:
        message = step_message(
            event_uuid=event_uuid,
            request_uuid=req.uuid,
            status=target.value,
            at=now,
            actor=actor,
            reason=reason,
        )
        payload["signature"] = signer.sign(message)
    change = ChangeRow(
        center=req.center,
        station_no=req.station_no,
        kind=STATUS_EVENT,
        payload=payload,
        created_at=now,
    )
    session.add(change)
    session.flush()
    advance(session, req.uuid, target, now)
    return StatusChange(req.uuid, req.receipt_no, event_uuid, target.value, change.seq)


def _agency_fields(session: Session, request_uuid: str) -> dict[str, str]:
    """The agency holding the request, as its step's change names it (none when HQ has not
    routed the request: its service is unknown to HQ)."""
    row = session.execute(
        select(Agency.code, Agency.name_ar, Agency.name_en)
        .join(RequestState, RequestState.agency == Agency.code)
        .where(RequestState.request_uuid == request_uuid)
    ).first()
    if row is None:
        return {}
    return {"agency": row[0], "agency_name_ar": row[1], "agency_name_en": row[2]}


def _collection_fields(collect_from: dt.date | None, place: str | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if collect_from is not None:
        fields["collect_from"] = collect_from.isoformat()
    if place:
        fields["collect_place"] = place
    return fields


def change_mark(row: ChangeRow) -> str:
    """What makes change ``seq`` this very change: a backup's feed hands its numbers out again
    to other changes, with other times and contents."""
    body = json.dumps(row.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = f"{row.seq}\n{row.kind}\n{row.created_at.isoformat()}\n{body}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def pull_changes(
    session: Session,
    station: StationRef,
    cursor: int,
    limit: int = MAX_PULL,
    mark: str | None = None,
) -> PullResponse:
    if cursor < 0:
        raise Invalid("cursor must be >= 0")
    if not 1 <= limit <= MAX_PULL:
        raise Invalid(f"limit must be between 1 and {MAX_PULL}")
    if cursor > 0:
        top = session.execute(select(func.max(ChangeRow.seq))).scalar_one_or_none() or 0
        if cursor > top:
            raise ConflictError(
                f"cursor {cursor} is ahead of this server's changes ({top}); "
                "the station's cursor does not belong to this HQ",
                code="cursor_ahead",
            )
        if mark is not None:
            at_cursor = session.get(ChangeRow, cursor)
            if at_cursor is None or change_mark(at_cursor) != mark:
                raise ConflictError(
                    f"change {cursor} here is not the one the station pulled (HQ restored "
                    "from a backup and numbering again?); pull again from the start",
                    code="cursor_ahead",
                )
    mine = or_(
        ChangeRow.center.is_(None),
        and_(
            ChangeRow.center == station.center,
            or_(
                ChangeRow.station_no.is_(None),
                ChangeRow.station_no.in_(station_numbers(session, station)),  # lineage
            ),
        ),
    )
    rows = (
        session.execute(
            select(ChangeRow)
            .where(ChangeRow.seq > cursor, mine)
            .order_by(ChangeRow.seq)
            .limit(limit + 1)
        )
        .scalars()
        .all()
    )
    page = rows[:limit]
    last = page[-1] if page else (session.get(ChangeRow, cursor) if cursor > 0 else None)
    return PullResponse(
        changes=tuple(Change(seq=r.seq, kind=r.kind, payload=r.payload) for r in page),
        cursor=page[-1].seq if page else cursor,
        more=len(rows) > limit,
        cursor_mark=change_mark(last) if last is not None else None,
    )


def day_digest(uuids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(uuids)).encode("ascii")).hexdigest()


def reconcile(
    session: Session, station: StationRef, start: dt.date, end: dt.date
) -> tuple[DayCount, ...]:
    """Every day of [start, end]: how many of this station's requests HQ holds, and a digest."""
    if end < start:
        raise Invalid("end is before start")
    if (end - start).days >= MAX_RECONCILE_DAYS:
        raise Invalid(f"at most {MAX_RECONCILE_DAYS} days at once")
    by_day: dict[dt.date, list[str]] = {}
    for day, req_uuid in session.execute(
        select(HqRequest.local_day, HqRequest.uuid).where(
            HqRequest.center == station.center,
            HqRequest.station_no.in_(station_numbers(session, station)),  # lineage
            HqRequest.local_day >= start,
            HqRequest.local_day <= end,
        )
    ):
        by_day.setdefault(day, []).append(req_uuid)
    days = []
    for offset in range((end - start).days + 1):  # never steps past date.max
        day = start + dt.timedelta(days=offset)
        found = by_day.get(day, [])
        days.append(DayCount(day=day, count=len(found), digest=day_digest(found)))
    return tuple(days)
