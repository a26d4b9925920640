"""Handover batches: a counter sends a day's paper files to the archive under one printed slip.

The counter makes a batch of its requests of one day (taken at the counter; paper-era imports
are not sent) that are not handed over yet and prints the slip (print kind ``handover``, barcode
= batch number). The archive clerk scans the slip's barcode (the batch opens), then each file's
cover sheet (its receipt number): a listed file is ticked ``received``, a file that is not
listed is recorded as ``extra``. Closing the batch records every listed file not received as
``missing``; a missing file counts as not handed over, so the counter's next batch of that day
lists it again. Both sides see the same discrepancies (``list_batches``,
``list_discrepancies``).

Every step is one transaction with its audit row and its outbox item.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from counter_app.domain.batch_number import MAX_BATCHES_PER_DAY, BatchNumber
from counter_app.domain.errors import N_, Conflict, NotFound, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.record import record_change
from counter_app.store.models import (
    Citizen,
    HandoverBatch,
    HandoverFile,
    Request,
    ServiceRow,
    User,
)

SENT, RECEIVING, CLOSED = "sent", "receiving", "closed"
EXPECTED, RECEIVED, MISSING, EXTRA = "expected", "received", "missing", "extra"
# How a state is shown (translate the word): "missing" alone already means a document the
# citizen did not provide, so the words of batches and their files are their own msgids.
STATE_WORDS = {
    SENT: N_("sent"),
    RECEIVING: N_("being received"),
    CLOSED: N_("closed"),
    EXPECTED: N_("not received yet"),
    RECEIVED: N_("received"),
    MISSING: N_("missing from the batch"),
    EXTRA: N_("extra, not on the slip"),
}
# A file in one of these states is with the archive or on its way there.
_HANDED_OVER = (EXPECTED, RECEIVED, EXTRA)
LISTED = (EXPECTED, RECEIVED, MISSING)  # the states of files printed on the slip


@dataclass(frozen=True)
class BatchFileView:
    receipt_no: str
    request_uuid: str | None  # None: an extra file of a request this station does not have
    citizen_name: str | None
    service_code: str | None
    service_name_ar: str | None
    service_name_en: str | None
    state: str  # expected | received | missing | extra
    received_at: dt.datetime | None
    received_by: str | None


@dataclass(frozen=True)
class BatchSummary:
    uuid: str
    batch_no: str
    station: str  # e.g. MZH-02
    business_day: dt.date
    state: str  # sent | receiving | closed
    created_at: dt.datetime
    created_by: str
    opened_at: dt.datetime | None
    opened_by: str | None
    closed_at: dt.datetime | None
    closed_by: str | None
    listed: int  # files on the slip
    received: int
    pending: int  # listed, not received yet (becomes missing when the batch is closed)
    missing: int
    extra: int

    @property
    def has_discrepancies(self) -> bool:
        return bool(self.missing or self.extra)


@dataclass(frozen=True)
class BatchView(BatchSummary):
    files: list[BatchFileView]


@dataclass(frozen=True)
class ReceivedFile:
    receipt_no: str
    outcome: str  # received | extra
    citizen_name: str | None


@dataclass(frozen=True)
class ReceiveResult:
    batch: BatchView
    scanned: list[ReceivedFile]


@dataclass(frozen=True)
class Discrepancy:
    batch_no: str
    business_day: dt.date
    batch_state: str
    receipt_no: str
    kind: str  # missing | extra
    citizen_name: str | None
    recorded_at: dt.datetime  # when the extra file was scanned or the batch closed
    resent_in: str | None  # a missing file's later batch, once the counter sent it again


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(User.id, User.full_name, User.username).where(User.id.in_(wanted))
    ).all()
    return {r.id: r.full_name or r.username for r in rows}


def _station_label(center: str, station_no: int) -> str:
    return f"{center}-{station_no:02d}"


def _counts(states: Sequence[str]) -> dict[str, int]:
    return {
        "listed": sum(s in LISTED for s in states),
        "received": states.count(RECEIVED),
        "pending": states.count(EXPECTED),
        "missing": states.count(MISSING),
        "extra": states.count(EXTRA),
    }


def _summary_fields(
    batch: HandoverBatch, states: Sequence[str], names: dict[int, str]
) -> dict[str, Any]:
    center = batch.batch_no.split("-")[1]  # HO-<center>-...: batches of other centers too
    return {
        "uuid": batch.uuid,
        "batch_no": batch.batch_no,
        "station": _station_label(center, batch.station_no),
        "business_day": batch.business_day,
        "state": batch.state,
        "created_at": batch.created_at,
        "created_by": names.get(batch.created_by or 0, "-"),
        "opened_at": batch.opened_at,
        "opened_by": names.get(batch.opened_by) if batch.opened_by else None,
        "closed_at": batch.closed_at,
        "closed_by": names.get(batch.closed_by) if batch.closed_by else None,
        **_counts(states),
    }


def batch_view(session: Session, batch: HandoverBatch) -> BatchView:
    rows = session.execute(
        select(
            HandoverFile,
            Request.uuid,
            Citizen.name,
            ServiceRow.code,
            ServiceRow.name_ar,
            ServiceRow.name_en,
        )
        .outerjoin(Request, Request.id == HandoverFile.request_id)
        .outerjoin(Citizen, Citizen.id == Request.citizen_id)
        .outerjoin(ServiceRow, ServiceRow.code == Request.service_code)
        .where(HandoverFile.batch_id == batch.id)
        .order_by(HandoverFile.id)
    ).all()
    names = _names(
        session,
        {batch.created_by, batch.opened_by, batch.closed_by} | {row[0].received_by for row in rows},
    )
    files = [
        BatchFileView(
            receipt_no=f.receipt_no,
            request_uuid=request_uuid,
            citizen_name=citizen,
            service_code=code,
            service_name_ar=name_ar,
            service_name_en=name_en,
            state=f.state,
            received_at=f.received_at,
            received_by=names.get(f.received_by) if f.received_by else None,
        )
        for f, request_uuid, citizen, code, name_ar, name_en in rows
    ]
    return BatchView(**_summary_fields(batch, [f.state for f in files], names), files=files)


def find_batch(session: Session, ref: str) -> HandoverBatch:
    """A batch by its printed number; a misread number is refused by its check character."""
    number = str(BatchNumber.parse(ref))
    batch = session.execute(
        select(HandoverBatch).where(HandoverBatch.batch_no == number)
    ).scalar_one_or_none()
    if batch is None:
        raise NotFound(N_("There is no handover batch {batch}"), batch=number)
    return batch


def _day_bounds(ctx: AppContext, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = ctx.calendar.tz
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=1)).astimezone(dt.UTC)


def _not_handed_over(
    station_no: int, start: dt.datetime, end: dt.datetime
) -> Select[tuple[Request]]:
    handed = exists().where(
        HandoverFile.request_id == Request.id, HandoverFile.state.in_(_HANDED_OVER)
    )
    return (
        select(Request)
        .where(
            Request.station_no == station_no,
            # Paper-era requests (``request import``) were filed on paper long ago.
            Request.source == "counter",
            Request.received_at >= start,
            Request.received_at < end,
            ~handed,
        )
        .order_by(Request.year, Request.seq)
    )


@use_case(Permission.VIEW_HANDOVER)
def pending_handover(ctx: AppContext, actor: Actor, day: dt.date | None = None) -> list[str]:
    """Receipt numbers of this station's requests of ``day`` (today) not handed over yet."""
    with ctx.store.read() as session:
        station = ctx.station(session)
        start, end = _day_bounds(ctx, day or ctx.clock().astimezone(ctx.calendar.tz).date())
        stmt = _not_handed_over(station.station_no, start, end)
        return [r.receipt_no for r in session.execute(stmt).scalars()]


@use_case(Permission.SEND_HANDOVER)
def create_batch(ctx: AppContext, actor: Actor, day: dt.date | None = None) -> BatchView:
    """A batch of this station's requests of ``day`` (default today) not yet handed over."""
    actor.require(Permission.SEND_HANDOVER)
    with ctx.store.write() as session:
        now = ctx.clock()
        business_day = day or now.astimezone(ctx.calendar.tz).date()
        station = ctx.station(session)
        start, end = _day_bounds(ctx, business_day)
        requests = session.execute(_not_handed_over(station.station_no, start, end)).scalars().all()
        if not requests:
            raise Conflict(
                N_("There are no files of {day} left to hand over"),
                day=business_day.isoformat(),
            )
        last = session.execute(
            select(func.max(HandoverBatch.seq)).where(
                HandoverBatch.station_no == station.station_no,
                HandoverBatch.business_day == business_day,
            )
        ).scalar_one_or_none()
        seq = (last or 0) + 1
        if seq > MAX_BATCHES_PER_DAY:
            raise Conflict(
                N_("At most {limit} handover batches can be made for one day"),
                limit=MAX_BATCHES_PER_DAY,
            )
        number = BatchNumber(station.center_code, station.station_no, business_day, seq)
        batch = HandoverBatch(
            uuid=str(uuid.uuid4()),
            batch_no=str(number),
            station_no=station.station_no,
            business_day=business_day,
            seq=seq,
            state=SENT,
            created_at=now,
            created_by=actor.user_id,
        )
        session.add(batch)
        session.flush()
        session.add_all(
            HandoverFile(
                batch_id=batch.id, request_id=r.id, receipt_no=r.receipt_no, state=EXPECTED
            )
            for r in requests
        )
        session.flush()
        receipts = [r.receipt_no for r in requests]
        record_change(
            ctx,
            session,
            actor,
            at=now,
            kind="handover.batch",
            entity_uuid=batch.uuid,
            payload={
                "uuid": batch.uuid,
                "batch_no": batch.batch_no,
                "business_day": business_day.isoformat(),
                "files": [{"receipt_no": r.receipt_no, "request_uuid": r.uuid} for r in requests],
            },
            action="handover.create",
            entity="handover",
            entity_ref=batch.batch_no,
            details={"business_day": business_day.isoformat(), "files": receipts},
        )
        return batch_view(session, batch)


@use_case(Permission.VIEW_HANDOVER)
def show_batch(ctx: AppContext, actor: Actor, ref: str) -> BatchView:
    with ctx.store.read() as session:
        return batch_view(session, find_batch(session, ref))


def _open(ctx: AppContext, session: Session, actor: Actor, batch: HandoverBatch) -> None:
    if batch.state != SENT:
        return
    now = ctx.clock()
    batch.state, batch.opened_at, batch.opened_by = RECEIVING, now, actor.user_id
    session.flush()
    record_change(
        ctx,
        session,
        actor,
        at=now,
        kind="handover.opened",
        entity_uuid=batch.uuid,
        payload={"uuid": batch.uuid, "batch_no": batch.batch_no},
        action="handover.open",
        entity="handover",
        entity_ref=batch.batch_no,
    )


@use_case(Permission.RECEIVE_HANDOVER)
def open_batch(ctx: AppContext, actor: Actor, ref: str) -> BatchView:
    """The archive scanned the slip: a sent batch starts being received. A batch already
    being received or closed is shown as it is."""
    actor.require(Permission.RECEIVE_HANDOVER)
    with ctx.store.write() as session:
        batch = find_batch(session, ref)
        _open(ctx, session, actor, batch)
        return batch_view(session, batch)


def _refuse_closed(batch: HandoverBatch) -> None:
    if batch.state == CLOSED:
        raise Conflict(
            N_("Handover batch {batch} is closed; nothing more can be received in it"),
            batch=batch.batch_no,
        )


@use_case(Permission.RECEIVE_HANDOVER)
def receive_files(ctx: AppContext, actor: Actor, ref: str, scans: Sequence[str]) -> ReceiveResult:
    """Tick the files whose cover sheets were scanned (their receipt numbers), all or none.

    A scanned file the slip does not list is recorded as ``extra``. A file scanned twice
    (in this call or before) is refused, and then nothing of this call is stored.
    """
    actor.require(Permission.RECEIVE_HANDOVER)
    if not scans:
        raise ValidationError(N_("Scan at least one cover sheet"), field="receipt")
    receipts = [str(ReceiptNumber.parse(s)) for s in scans]
    seen: set[str] = set()
    for receipt in receipts:
        if receipt in seen:
            raise Conflict(N_("File {receipt} was scanned twice"), receipt=receipt)
        seen.add(receipt)
    with ctx.store.write() as session:
        batch = find_batch(session, ref)
        _refuse_closed(batch)
        _open(ctx, session, actor, batch)
        scanned = [_receive_one(ctx, session, actor, batch, receipt) for receipt in receipts]
        return ReceiveResult(batch_view(session, batch), scanned)


@use_case(Permission.RECEIVE_HANDOVER)
def receive_file(ctx: AppContext, actor: Actor, ref: str, scan: str) -> ReceiveResult:
    """One scan from the barcode gun (what the archive screen calls)."""
    return receive_files(ctx, actor, ref, [scan])


def _receive_one(
    ctx: AppContext, session: Session, actor: Actor, batch: HandoverBatch, receipt: str
) -> ReceivedFile:
    now = ctx.clock()
    row = session.execute(
        select(HandoverFile).where(
            HandoverFile.batch_id == batch.id, HandoverFile.receipt_no == receipt
        )
    ).scalar_one_or_none()
    if row is not None and row.state != EXPECTED:
        raise Conflict(
            N_("File {receipt} was already received in batch {batch}"),
            receipt=receipt,
            batch=batch.batch_no,
        )
    request = session.execute(
        select(Request).where(Request.receipt_no == receipt)
    ).scalar_one_or_none()
    if row is None:
        row = HandoverFile(
            batch_id=batch.id,
            request_id=request.id if request else None,
            receipt_no=receipt,
            state=EXTRA,
        )
        session.add(row)
    else:
        row.state = RECEIVED
    row.received_at, row.received_by = now, actor.user_id
    session.flush()
    record_change(
        ctx,
        session,
        actor,
        at=now,
        kind="handover.file",
        entity_uuid=batch.uuid,
        payload={
            "batch_uuid": batch.uuid,
            "batch_no": batch.batch_no,
            "receipt_no": receipt,
            "request_uuid": request.uuid if request else None,
            "state": row.state,
        },
        action="handover.receive",
        entity="handover",
        entity_ref=batch.batch_no,
        details={"receipt_no": receipt, "state": row.state},
    )
    citizen = session.get(Citizen, request.citizen_id) if request else None
    return ReceivedFile(receipt, row.state, citizen.name if citizen else None)


@use_case(Permission.RECEIVE_HANDOVER)
def close_batch(ctx: AppContext, actor: Actor, ref: str) -> BatchView:
    """End receiving: every listed file not received is recorded as missing."""
    actor.require(Permission.RECEIVE_HANDOVER)
    with ctx.store.write() as session:
        batch = find_batch(session, ref)
        if batch.state == CLOSED:
            raise Conflict(N_("Handover batch {batch} is already closed"), batch=batch.batch_no)
        now = ctx.clock()
        files = (
            session.execute(
                select(HandoverFile)
                .where(HandoverFile.batch_id == batch.id)
                .order_by(HandoverFile.id)
            )
            .scalars()
            .all()
        )
        for f in files:
            if f.state == EXPECTED:
                f.state = MISSING
        batch.state, batch.closed_at, batch.closed_by = CLOSED, now, actor.user_id
        session.flush()
        missing = [f.receipt_no for f in files if f.state == MISSING]
        extra = [f.receipt_no for f in files if f.state == EXTRA]
        record_change(
            ctx,
            session,
            actor,
            at=now,
            kind="handover.closed",
            entity_uuid=batch.uuid,
            payload={
                "uuid": batch.uuid,
                "batch_no": batch.batch_no,
                "missing": missing,
                "extra": extra,
            },
            action="handover.close",
            entity="handover",
            entity_ref=batch.batch_no,
            details={"missing": missing, "extra": extra},
        )
        return batch_view(session, batch)


Side = Literal["counter", "archive"]


@use_case(Permission.VIEW_HANDOVER)
def list_batches(
    ctx: AppContext,
    actor: Actor,
    *,
    side: Side = "counter",
    discrepancies_only: bool = False,
    limit: int = 100,
) -> list[BatchSummary]:
    """The counter side: the batches this station sent, newest first. The archive side: the
    batches of every station, those still to receive first."""
    with ctx.store.read() as session:
        stmt = select(HandoverBatch)
        if side == "counter":
            stmt = stmt.where(HandoverBatch.station_no == ctx.station(session).station_no)
            stmt = stmt.order_by(HandoverBatch.id.desc())
        else:
            stmt = stmt.order_by((HandoverBatch.state == CLOSED).asc(), HandoverBatch.id.desc())
        if discrepancies_only:
            stmt = stmt.where(
                exists().where(
                    HandoverFile.batch_id == HandoverBatch.id,
                    HandoverFile.state.in_((MISSING, EXTRA)),
                )
            )
        batches = session.execute(stmt.limit(max(1, min(limit, 1000)))).scalars().all()
        if not batches:
            return []
        states: dict[int, list[str]] = {b.id: [] for b in batches}
        for batch_id, state in session.execute(
            select(HandoverFile.batch_id, HandoverFile.state).where(
                HandoverFile.batch_id.in_(states)
            )
        ):
            states[batch_id].append(state)
        names = _names(
            session, {u for b in batches for u in (b.created_by, b.opened_by, b.closed_by)}
        )
        return [BatchSummary(**_summary_fields(b, states[b.id], names)) for b in batches]


@use_case(Permission.VIEW_HANDOVER)
def list_discrepancies(
    ctx: AppContext, actor: Actor, *, batch: str | None = None, limit: int = 200
) -> list[Discrepancy]:
    """Missing and extra files, newest first; a missing file sent again says in which batch."""
    with ctx.store.read() as session:
        stmt = (
            select(HandoverFile, HandoverBatch, Citizen.name)
            .join(HandoverBatch, HandoverBatch.id == HandoverFile.batch_id)
            .outerjoin(Request, Request.id == HandoverFile.request_id)
            .outerjoin(Citizen, Citizen.id == Request.citizen_id)
            .where(HandoverFile.state.in_((MISSING, EXTRA)))
            .order_by(HandoverFile.id.desc())
            .limit(max(1, min(limit, 1000)))
        )
        if batch is not None:
            stmt = stmt.where(HandoverFile.batch_id == find_batch(session, batch).id)
        found: list[Discrepancy] = []
        for f, b, citizen in session.execute(stmt).all():
            resent = None
            if f.state == MISSING and f.request_id is not None:
                resent = session.execute(
                    select(HandoverBatch.batch_no)
                    .join(HandoverFile, HandoverFile.batch_id == HandoverBatch.id)
                    .where(
                        HandoverFile.request_id == f.request_id,
                        HandoverFile.id > f.id,
                        HandoverFile.state.in_(_HANDED_OVER),
                    )
                    .order_by(HandoverFile.id)
                    .limit(1)
                ).scalar_one_or_none()
            recorded = f.received_at if f.state == EXTRA else b.closed_at
            assert recorded is not None
            found.append(
                Discrepancy(
                    b.batch_no,
                    b.business_day,
                    b.state,
                    f.receipt_no,
                    f.state,
                    citizen,
                    recorded,
                    resent,
                )
            )
        return found
