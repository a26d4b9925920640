"""Push: one batch of outbox items, one transaction, one result per item.

Per item: the payload hash is recomputed (mismatch: rejected); an item id already received is a
duplicate (same hash, acknowledged) or a conflict (other hash, kept in ``conflicts`` for a
person, never applied); a payload of another center or station is rejected and never stored;
referenced blobs this center has not completed make it ``missing_blobs`` (nothing stored, so the
retry after the upload creates it).

A batch is first planned with a few statements: everything it needs to know is read at once
(which ids were received, which requests are held, which blobs this center owns), each item is
checked against that, and the rows of every accepted item are inserted together. When that
does not hold (the batch repeats an id, request or event within itself, or a concurrent push
wins a unique constraint, which rolls the whole transaction back), the batch is redone item by
item, each in its own SAVEPOINT: the loser of a race re-reads and answers duplicate/conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status
from counter_hq.blobs import missing_blobs
from counter_hq.models import BlobOwner, HqRequest, HqRequestEvent, ItemConflict, ReceivedItem
from counter_hq.recovery import StepRefused, check_hq_event
from counter_hq.signing import Signer
from counter_hq.stations import StationRef, station_numbers
from counter_protocol import payloads as schema
from counter_protocol.canonical import canonical_json
from counter_protocol.payloads import Payload, UnknownKind, parse_payload, problem_of
from counter_protocol.wire import ItemKind, ItemResult, ItemStatus, PushItem

LOCAL_TZ = ZoneInfo("Asia/Damascus")


class _Held(Exception):
    """The request is already held with other content (found before the database said so)."""


class _Reject(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_REQUESTS = cast(Table, HqRequest.__table__)
_EVENTS = cast(Table, HqRequestEvent.__table__)
_RECEIVED = cast(Table, ReceivedItem.__table__)
_INSERT_ORDER = (_REQUESTS, _EVENTS, _RECEIVED)
_Rows = list[tuple[Table, dict[str, Any]]]


@dataclass(frozen=True)
class _Plan:
    """What storing one item means: its answer, its rows, the unique keys those rows claim."""

    result: ItemResult
    rows: _Rows
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Known:
    """What HQ holds that a batch refers to, read once for the whole batch."""

    received: dict[str, ReceivedItem]
    requests: dict[str, tuple[str, str, str]]  # uuid -> (center, receipt_no, content_sha256)
    owned_blobs: set[str]


def payload_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class Ingest:
    """One batch for one station; call :meth:`run` once."""

    def __init__(
        self,
        session: Session,
        station: StationRef,
        now: dt.datetime,
        signer: Signer | None = None,  # HQ's key: checks the steps a station returns
    ) -> None:
        self.session = session
        self.station = station
        self.now = now
        self.signer = signer
        self._known: _Known | None = None  # set while a batch is planned as a whole

    def run(self, items: tuple[PushItem, ...]) -> list[ItemResult]:
        results = self._batch(items)
        if results is None:
            self._known = None
            results = [self._one(item) for item in items]
        self.session.commit()
        return results

    # -- the whole batch at once --------------------------------------------------------------

    def _batch(self, items: Sequence[PushItem]) -> list[ItemResult] | None:
        """Every item planned against what HQ held when the batch began, and the accepted
        rows inserted together; None when the batch must be redone item by item."""
        self._known = self._read_known(items)
        results: list[ItemResult] = []
        rows: _Rows = []
        claimed: set[str] = set()
        for item in items:
            early = self._early(item)
            if early is not None:
                results.append(early)
                continue
            try:
                plan = self._apply(item)
            except _Reject as exc:
                results.append(
                    ItemResult(id=item.id, status=ItemStatus.REJECTED, reason=exc.reason)
                )
                continue
            except _Held:
                return None
            if plan.keys & claimed:
                return None  # the batch repeats an item, request, receipt or event
            claimed |= plan.keys
            rows.extend(plan.rows)
            results.append(plan.result)
        if rows:
            try:
                self._insert(rows)
            except IntegrityError:
                self.session.rollback()  # a concurrent push stored some of it first
                return None
        return results

    def _read_known(self, items: Sequence[PushItem]) -> _Known:
        ids = [item.id for item in items]
        received = {
            row.item_id: row
            for row in self.session.execute(
                select(ReceivedItem).where(ReceivedItem.item_id.in_(ids))
            ).scalars()
        }
        uuids = {item.entity_uuid for item in items}
        for item in items:
            for key in ("uuid", "request_uuid"):
                value = item.payload.get(key)
                if isinstance(value, str) and len(value) == 36:
                    uuids.add(value)
        requests = {
            row.uuid: (row.center, row.receipt_no, row.content_sha256)
            for row in self.session.execute(
                select(
                    HqRequest.uuid, HqRequest.center, HqRequest.receipt_no, HqRequest.content_sha256
                ).where(HqRequest.uuid.in_(uuids))
            )
        }
        blobs = {sha for item in items for sha in item.blobs}
        owned: set[str] = set()
        if blobs:
            owned = set(
                self.session.execute(
                    select(BlobOwner.sha256).where(
                        BlobOwner.center == self.station.center, BlobOwner.sha256.in_(blobs)
                    )
                ).scalars()
            )
        return _Known(received, requests, owned)

    def _insert(self, rows: _Rows) -> None:
        by_table: dict[Table, list[dict[str, Any]]] = {}
        for table, row in rows:
            by_table.setdefault(table, []).append(row)
        for table in _INSERT_ORDER:
            if table in by_table:
                self.session.execute(insert(table), by_table[table])

    # -- one item ---------------------------------------------------------------------------

    def _early(self, item: PushItem) -> ItemResult | None:
        """The answer that needs no planning: a wrong hash, or an id received before."""
        actual = payload_hash(item.payload)
        if actual != item.payload_sha256:
            return ItemResult(
                id=item.id, status=ItemStatus.REJECTED, reason="payload hash mismatch"
            )
        prior = self._received(item.id)
        if prior is not None:
            return self._repeat(item, prior)
        return None

    def _one(self, item: PushItem) -> ItemResult:
        early = self._early(item)
        if early is not None:
            return early
        try:
            with self.session.begin_nested():
                plan = self._apply(item)
                self._insert(plan.rows)
                return plan.result
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
        if self._known is not None:
            return self._known.received.get(item_id)
        return self.session.execute(
            select(ReceivedItem).where(ReceivedItem.item_id == item_id)
        ).scalar_one_or_none()

    def _held_request(self, request_uuid: str) -> str | None:
        """The content hash of the request already held under this UUID, if any."""
        if self._known is not None:
            known = self._known.requests.get(request_uuid)
            return known[2] if known else None
        return self.session.execute(
            select(HqRequest.content_sha256).where(HqRequest.uuid == request_uuid)
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
        if self._known is not None:
            known = self._known.requests.get(item.entity_uuid)
            return {"receipt_no": known[1], "content_sha256": known[2]} if known else {}
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

    def _record(
        self, item: PushItem, *, keep_payload: bool = False
    ) -> tuple[Table, dict[str, Any]]:
        return (
            _RECEIVED,
            {
                "item_id": item.id,
                "station_id": self.station.id,
                "kind": item.kind.value,
                "entity_uuid": item.entity_uuid,
                "payload_sha256": item.payload_sha256,
                "received_at": self.now,
                "payload": item.payload if keep_payload else None,
            },
        )

    def _apply(self, item: PushItem) -> _Plan:
        """Check one item; raises _Reject (refused) or _Held (held with other content).

        The payload is read with its kind's schema, then handled by its kind's handler: a
        kind with neither is refused, never stored by some generic default."""
        handler = _HANDLERS.get(item.kind)
        try:
            payload = parse_payload(item.kind, item.payload)
        except UnknownKind:
            raise _Reject(f"unknown item kind {str(item.kind)[:40]!r}") from None
        except PydanticValidationError as exc:
            raise _Reject(problem_of(exc)) from None
        if handler is None:
            raise _Reject(f"unknown item kind {str(item.kind)[:40]!r}")
        return handler(self, item, payload)

    def _missing(self, item: PushItem) -> _Plan | None:
        if self._known is not None:
            missing = sorted(set(item.blobs) - self._known.owned_blobs)
        else:
            missing = missing_blobs(self.session, self.station.center, item.blobs)
        if missing:
            result = ItemResult(id=item.id, status=ItemStatus.MISSING_BLOBS, missing=tuple(missing))
            return _Plan(result, [])
        return None

    def _request_created(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.RequestCreated, payload)
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
        steps = [(e, _status(e.status)) for e in p.events]
        missing = self._missing(item)
        if missing is not None:
            return missing
        echo = {"receipt_no": str(receipt), "content_sha256": item.payload_sha256}
        held = self._held_request(p.uuid)
        if held is not None:  # the same request under another item id (re-queued by a person)
            if held != item.payload_sha256:
                raise _Held
            result = ItemResult(id=item.id, status=ItemStatus.DUPLICATE, **echo)
            return _Plan(result, [self._record(item)], frozenset({f"item:{item.id}"}))
        request = {
            "uuid": p.uuid,
            "item_id": item.id,
            "center": st.center,
            "station_no": st.station_no,
            "receipt_no": str(receipt),
            "received_at": p.received_at,
            "local_day": p.received_at.astimezone(LOCAL_TZ).date(),
            "service": p.service,
            "content_sha256": item.payload_sha256,
            "payload": item.payload,
            "ingested_at": self.now,
        }
        rows: _Rows = [(_REQUESTS, request)]
        rows += [self._event_row(e, status, p.uuid) for e, status in steps]
        rows.append(self._record(item))
        keys = {f"item:{item.id}", f"request:{p.uuid}", f"receipt:{receipt}"}
        keys.update(f"event:{e.uuid}" for e in p.events)
        result = ItemResult(id=item.id, status=ItemStatus.CREATED, **echo)
        return _Plan(result, rows, frozenset(keys))

    def _event_row(
        self, e: schema.EventStep | schema.RequestEvent, status: Status, request_uuid: str
    ) -> tuple[Table, dict[str, Any]]:
        return (
            _EVENTS,
            {
                "uuid": e.uuid,
                "request_uuid": request_uuid,
                "center": self.station.center,
                "status": status.value,
                "at": e.at,
                "actor": e.actor,
                "station": e.station,
                "reason": e.reason,
                "origin": "counter",
                "ingested_at": self.now,
            },
        )

    def _request_event(self, item: PushItem, payload: Payload) -> _Plan:
        e = cast(schema.RequestEvent, payload)
        if e.uuid != item.entity_uuid:
            raise _Reject("entity_uuid differs from the payload's uuid")
        status = _status(e.status)
        if status is Status.SUBMITTED:
            raise _Reject("a submitted event only arrives with its request")
        if self._known is not None:
            known = self._known.requests.get(e.request_uuid)
            owner = known[0] if known else None
        else:
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
        rows = [self._event_row(e, status, e.request_uuid), self._record(item)]
        result = ItemResult(id=item.id, status=ItemStatus.CREATED)
        return _Plan(result, rows, frozenset({f"item:{item.id}", f"event:{e.uuid}"}))

    def _hq_event(self, item: PushItem, payload: Payload) -> _Plan:
        """HQ's own step, returned by the station that pulled it (HQ restored from a backup):
        taken as HQ's only with HQ's valid signature (recovery.py), once by its UUID."""
        try:
            step = check_hq_event(
                item.payload,
                item.entity_uuid,
                self.signer,
                self._request_owner,
                self.station,
                lambda: station_numbers(self.session, self.station),  # a renumbered database
            )
        except StepRefused as exc:
            raise _Reject(exc.reason) from None
        uuid = step.step.uuid
        held = self.session.execute(
            select(HqRequestEvent.id).where(HqRequestEvent.uuid == uuid)
        ).first()
        result = ItemResult(id=item.id, status=ItemStatus.DUPLICATE if held else ItemStatus.CREATED)
        rows: _Rows = [] if held else [(_EVENTS, step.row(self.station.center, self.now))]
        rows.append(self._record(item))
        return _Plan(result, rows, frozenset({f"item:{item.id}", f"event:{uuid}"}))

    def _request_owner(self, request_uuid: str) -> tuple[str, int] | None:
        row = self.session.execute(
            select(HqRequest.center, HqRequest.station_no).where(HqRequest.uuid == request_uuid)
        ).first()
        return (row[0], row[1]) if row else None

    def _kept(self, item: PushItem, payload: Payload) -> _Plan:
        """A record HQ keeps as received (payload and hash): attachments, the archive's."""
        center = getattr(payload, "center", None)
        if center is not None and center != self.station.center:
            raise _Reject(f"the item belongs to center {str(center)[:10]}, not yours")
        missing = self._missing(item)
        if missing is not None:
            return missing
        result = ItemResult(id=item.id, status=ItemStatus.CREATED)
        return _Plan(
            result, [self._record(item, keep_payload=True)], frozenset({f"item:{item.id}"})
        )


def _status(name: str) -> Status:
    try:
        return Status(name)
    except ValueError:
        raise _Reject(f"invalid payload: status: unknown status {name[:40]!r}") from None


_Handler = Callable[[Ingest, PushItem, Payload], _Plan]
# One handler per kind; a kind missing here is refused (tests/hq/test_payload_kinds.py checks
# that every ItemKind has its schema and its handler).
_HANDLERS: Mapping[ItemKind, _Handler] = {
    ItemKind.REQUEST_CREATED: Ingest._request_created,
    ItemKind.REQUEST_EVENT: Ingest._request_event,
    ItemKind.ATTACHMENT: Ingest._kept,
    ItemKind.AUDIT: Ingest._kept,
    ItemKind.HANDOVER_BATCH: Ingest._kept,
    ItemKind.HANDOVER_OPENED: Ingest._kept,
    ItemKind.HANDOVER_FILE: Ingest._kept,
    ItemKind.HANDOVER_CLOSED: Ingest._kept,
    ItemKind.DIWAN_ENTRY: Ingest._kept,
    ItemKind.ARCHIVE_BOX: Ingest._kept,
    ItemKind.ARCHIVE_LOCATION: Ingest._kept,
    ItemKind.HQ_EVENT: Ingest._hq_event,
}
