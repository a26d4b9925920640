"""Push: one batch of outbox items, one transaction, one result per item.

Per item: the payload hash is recomputed (mismatch: rejected); an item id already received is a
duplicate (same hash, acknowledged) or a conflict (other hash, kept in ``conflicts`` for a
person, never applied); a payload of another center or station is rejected and never stored;
referenced blobs this center has not completed make it ``missing_blobs`` (nothing stored, so the
retry after the upload creates it). Each item is applied in a SAVEPOINT: when a concurrent push
of the same item wins a unique constraint, the loser re-reads and answers duplicate/conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.audit import canonical_json
from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status
from counter_app.sync.protocol import ItemKind, ItemResult, ItemStatus, PushItem
from counter_hq.blobs import missing_blobs
from counter_hq.models import HqRequest, HqRequestEvent, ItemConflict, ReceivedItem
from counter_hq.stations import StationRef

LOCAL_TZ = ZoneInfo("Asia/Damascus")
_Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


class _EventIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    uuid: _Uuid
    status: Status
    at: AwareDatetime
    actor: Annotated[str, Field(max_length=100)]
    station: Annotated[str, Field(max_length=40)]
    reason: str | None = None


class _EventItemIn(_EventIn):
    request_uuid: _Uuid


class _CreatedIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    uuid: _Uuid
    receipt_no: Annotated[str, Field(max_length=32)]
    center: str
    station: int
    service: Annotated[str, Field(min_length=1, max_length=40)]
    received_at: AwareDatetime
    events: list[_EventIn] = []


class _Held(Exception):
    """The request is already held with other content (found before the database said so)."""


class _Reject(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def payload_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _validation_reason(exc: PydanticValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "payload"
    return f"invalid payload: {where}: {first['msg']}"[:300]


class Ingest:
    """One batch for one station; call :meth:`run` once."""

    def __init__(self, session: Session, station: StationRef, now: dt.datetime) -> None:
        self.session = session
        self.station = station
        self.now = now

    def run(self, items: tuple[PushItem, ...]) -> list[ItemResult]:
        results = [self._one(item) for item in items]
        self.session.commit()
        return results

    # -- one item ---------------------------------------------------------------------------

    def _one(self, item: PushItem) -> ItemResult:
        actual = payload_hash(item.payload)
        if actual != item.payload_sha256:
            return ItemResult(
                id=item.id, status=ItemStatus.REJECTED, reason="payload hash mismatch"
            )
        prior = self._received(item.id)
        if prior is not None:
            return self._repeat(item, prior)
        try:
            with self.session.begin_nested():
                return self._apply(item)
        except _Reject as exc:
            return ItemResult(id=item.id, status=ItemStatus.REJECTED, reason=exc.reason)
        except (IntegrityError, _Held):
            # A concurrent push stored the same item (or the same request/event under another
            # item id) first: answer from what is now held.
            prior = self._received(item.id)
            if prior is not None:
                return self._repeat(item, prior)
            self._keep_conflict(item)
            return ItemResult(
                id=item.id,
                status=ItemStatus.CONFLICT,
                reason="its request, receipt number or event is already held with other content",
            )

    def _received(self, item_id: str) -> ReceivedItem | None:
        return self.session.execute(
            select(ReceivedItem).where(ReceivedItem.item_id == item_id)
        ).scalar_one_or_none()

    def _repeat(self, item: PushItem, prior: ReceivedItem) -> ItemResult:
        if prior.station_id != self.station.id:
            return ItemResult(
                id=item.id,
                status=ItemStatus.REJECTED,
                reason="this item id was received from another station",
            )
        if prior.payload_sha256 != item.payload_sha256:
            self._keep_conflict(item)
            return ItemResult(
                id=item.id,
                status=ItemStatus.CONFLICT,
                reason="this item id was received with other content; kept for review",
            )
        return ItemResult(id=item.id, status=ItemStatus.DUPLICATE, **self._echo(item))

    def _echo(self, item: PushItem) -> dict[str, Any]:
        if item.kind is not ItemKind.REQUEST_CREATED:
            return {}
        row = self.session.execute(
            select(HqRequest.receipt_no, HqRequest.content_sha256).where(
                HqRequest.uuid == item.entity_uuid
            )
        ).first()
        if row is None:
            return {}
        return {"receipt_no": row.receipt_no, "content_sha256": row.content_sha256}

    def _keep_conflict(self, item: PushItem) -> None:
        try:
            with self.session.begin_nested():
                self.session.add(
                    ItemConflict(
                        item_id=item.id,
                        station_id=self.station.id,
                        kind=item.kind.value,
                        payload=item.payload,
                        payload_sha256=item.payload_sha256,
                        received_at=self.now,
                    )
                )
        except IntegrityError:
            pass  # this very replay is already kept

    def _record(self, item: PushItem, *, keep_payload: bool = False) -> None:
        self.session.add(
            ReceivedItem(
                item_id=item.id,
                station_id=self.station.id,
                kind=item.kind.value,
                entity_uuid=item.entity_uuid,
                payload_sha256=item.payload_sha256,
                received_at=self.now,
                payload=item.payload if keep_payload else None,
            )
        )
        self.session.flush()

    def _apply(self, item: PushItem) -> ItemResult:
        if item.kind is ItemKind.REQUEST_CREATED:
            return self._request_created(item)
        if item.kind is ItemKind.REQUEST_EVENT:
            return self._request_event(item)
        return self._generic(item)

    def _missing(self, item: PushItem) -> ItemResult | None:
        missing = missing_blobs(self.session, self.station.center, item.blobs)
        if missing:
            return ItemResult(id=item.id, status=ItemStatus.MISSING_BLOBS, missing=tuple(missing))
        return None

    def _request_created(self, item: PushItem) -> ItemResult:
        try:
            p = _CreatedIn.model_validate(item.payload)
        except PydanticValidationError as exc:
            raise _Reject(_validation_reason(exc)) from None
        st = self.station
        if p.center != st.center:
            raise _Reject(f"the request belongs to center {p.center[:10]}, not {st.center}")
        if p.station != st.station_no:
            raise _Reject(f"the request belongs to station {p.station}, not {st.station_no}")
        if p.uuid != item.entity_uuid:
            raise _Reject("entity_uuid differs from the payload's uuid")
        try:
            receipt = ReceiptNumber.parse(p.receipt_no)
        except ValidationError:
            raise _Reject(f"{p.receipt_no!r} is not a valid receipt number") from None
        if (receipt.center, receipt.station) != (st.center, st.station_no):
            raise _Reject(f"receipt {receipt} was not issued by station {st.label}")
        missing = self._missing(item)
        if missing is not None:
            return missing
        echo = {"receipt_no": str(receipt), "content_sha256": item.payload_sha256}
        held = self.session.execute(
            select(HqRequest.content_sha256).where(HqRequest.uuid == p.uuid)
        ).scalar_one_or_none()
        if held is not None:  # the same request under another item id (re-queued by a person)
            if held != item.payload_sha256:
                raise _Held
            self._record(item)
            return ItemResult(id=item.id, status=ItemStatus.DUPLICATE, **echo)
        request = HqRequest(
            uuid=p.uuid,
            item_id=item.id,
            center=st.center,
            station_no=st.station_no,
            receipt_no=str(receipt),
            received_at=p.received_at,
            local_day=p.received_at.astimezone(LOCAL_TZ).date(),
            service=p.service,
            content_sha256=item.payload_sha256,
            payload=item.payload,
            ingested_at=self.now,
        )
        self.session.add(request)
        for e in p.events:
            self.session.add(self._event_row(e, p.uuid))
        self._record(item)
        return ItemResult(id=item.id, status=ItemStatus.CREATED, **echo)

    def _event_row(self, e: _EventIn, request_uuid: str) -> HqRequestEvent:
        return HqRequestEvent(
            uuid=e.uuid,
            request_uuid=request_uuid,
            center=self.station.center,
            status=e.status.value,
            at=e.at,
            actor=e.actor,
            station=e.station,
            reason=e.reason,
            origin="counter",
            ingested_at=self.now,
        )

    def _request_event(self, item: PushItem) -> ItemResult:
        try:
            e = _EventItemIn.model_validate(item.payload)
        except PydanticValidationError as exc:
            raise _Reject(_validation_reason(exc)) from None
        if e.uuid != item.entity_uuid:
            raise _Reject("entity_uuid differs from the payload's uuid")
        if e.status is Status.SUBMITTED:
            raise _Reject("a submitted event only arrives with its request")
        owner = self.session.execute(
            select(HqRequest.center).where(HqRequest.uuid == e.request_uuid)
        ).scalar_one_or_none()
        if owner is not None and owner != self.station.center:
            raise _Reject("unknown request")  # another center's: never say whose
        missing = self._missing(item)
        if missing is not None:
            return missing
        # An event may precede its request (that item may be waiting for blobs): stored by
        # request UUID, the history is complete once the request arrives.
        self.session.add(self._event_row(e, e.request_uuid))
        self._record(item)
        return ItemResult(id=item.id, status=ItemStatus.CREATED)

    def _generic(self, item: PushItem) -> ItemResult:
        center = item.payload.get("center")
        if center is not None and center != self.station.center:
            raise _Reject(f"the item belongs to center {str(center)[:10]}, not yours")
        missing = self._missing(item)
        if missing is not None:
            return missing
        self._record(item, keep_payload=True)
        return ItemResult(id=item.id, status=ItemStatus.CREATED)
