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
from dataclasses import dataclass, field
from typing import Any, cast
from zoneinfo import ZoneInfo

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Table, insert, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.status import Status
from counter_hq import states
from counter_hq.blobs import missing_blobs
from counter_hq.db import lock_changes
from counter_hq.lineage import issuing_stations, record_collision
from counter_hq.models import (
    BlobOwner,
    ChangeRow,
    HqPayment,
    HqRequest,
    HqRequestEvent,
    ItemConflict,
    ReceivedItem,
    RequestState,
)
from counter_hq.recovery import StepRefused, check_hq_event
from counter_hq.routing import Route, forward_at, forward_rows, forward_uuid, routes_for
from counter_hq.signing import Signer
from counter_hq.stations import StationRef, station_numbers
from counter_protocol import payloads as schema
from counter_protocol.canonical import canonical_json
from counter_protocol.payloads import Payload, UnknownKind, parse_payload, problem_of
from counter_protocol.wire import MAX_CLOCK_SKEW, ItemKind, ItemResult, ItemStatus, PushItem

LOCAL_TZ = ZoneInfo("Asia/Damascus")


class _Held(Exception):
    """The request is already held with other content (found before the database said so)."""


class _Reject(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Wait(_Reject):
    """The item refers to a request or record HQ does not hold yet: its owner cannot be
    checked, so nothing is stored and the station sends it again later (``waiting``)."""


# The kinds that create what later items refer to (and so belong to the station that sent them).
_CREATES = {
    ItemKind.REQUEST_CREATED: "request",
    ItemKind.HANDOVER_BATCH: ItemKind.HANDOVER_BATCH.value,
    ItemKind.ARCHIVE_BOX: ItemKind.ARCHIVE_BOX.value,
}
_RECORD_KINDS = (ItemKind.HANDOVER_BATCH.value, ItemKind.ARCHIVE_BOX.value)


_REQUESTS = cast(Table, HqRequest.__table__)
_EVENTS = cast(Table, HqRequestEvent.__table__)
_RECEIVED = cast(Table, ReceivedItem.__table__)
_STATES = cast(Table, RequestState.__table__)
_CHANGES = cast(Table, ChangeRow.__table__)
_PAYMENTS = cast(Table, HqPayment.__table__)
_INSERT_ORDER = (_REQUESTS, _EVENTS, _PAYMENTS, _RECEIVED)
_GENERIC_PLANS = text("SET LOCAL plan_cache_mode = auto")
_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")
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
    # Who made what the batch refers to: request uuid -> station number; (kind, uuid) of a
    # handover batch or archive box -> the id of each station that sent it.
    stations: dict[str, int] = field(default_factory=dict)
    records: dict[tuple[str, str], set[int]] = field(default_factory=dict)


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
        # (what, uuid) created by the items planned so far in this batch: the station's own.
        self._made: set[tuple[str, str]] = set()
        self._own_labels: frozenset[str] | None = None
        self._lineage: dict[int, int] | None = None

    def run(self, items: tuple[PushItem, ...]) -> list[ItemResult]:
        results = self._batch(items)
        if results is None:
            self._known = None
            self._made = set()
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
                results.append(_refused(item, exc))
                continue
            except _Held:
                return None
            if plan.keys & claimed:
                return None  # the batch repeats an item, request, receipt or event
            claimed |= plan.keys
            self._note_made(item, plan)
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
        ids = {item.id for item in items}
        # The ids received before, and who sent the handover batches and archive boxes the
        # batch names (their owners are checked): one query.
        refs = {ref for item in items for ref in _record_refs(item)}
        wanted: ColumnElement[bool] = ReceivedItem.item_id.in_(ids)
        if refs:
            named = ReceivedItem.entity_uuid.in_(refs) & ReceivedItem.kind.in_(_RECORD_KINDS)
            wanted = or_(wanted, named)
        received: dict[str, ReceivedItem] = {}
        records: dict[tuple[str, str], set[int]] = {}
        for row in self.session.execute(select(ReceivedItem).where(wanted)).scalars():
            if row.item_id in ids:
                received[row.item_id] = row
            if row.entity_uuid in refs and row.kind in _RECORD_KINDS:
                records.setdefault((row.kind, row.entity_uuid), set()).add(row.station_id)
        uuids = {item.entity_uuid for item in items}
        for item in items:
            uuids.update(_request_refs(item.payload))
        found = self.session.execute(
            select(
                HqRequest.uuid,
                HqRequest.center,
                HqRequest.station_no,
                HqRequest.receipt_no,
                HqRequest.content_sha256,
            ).where(HqRequest.uuid.in_(uuids))
        ).all()
        requests = {row.uuid: (row.center, row.receipt_no, row.content_sha256) for row in found}
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
        stations = {row.uuid: row.station_no for row in found}
        return _Known(received, requests, owned, stations, records)

    def _insert(self, rows: _Rows) -> None:
        by_table: dict[Table, list[dict[str, Any]]] = {}
        for table, row in rows:
            by_table.setdefault(table, []).append(row)
        settle = self._route(by_table)
        # The connection plans every statement with its values (db.py: for the lookups'
        # IN lists); psycopg prepares an executemany's INSERT, and a generic plan of a plain
        # INSERT is as good as any: planned once, not once per row (measured: the inserts
        # took 40 % less database time). Local to the transaction: a whole batch commits after
        # it; item by item it is set back for the next item's reads.
        generic = self.session.get_bind().dialect.name == "postgresql"
        if generic:
            self.session.execute(_GENERIC_PLANS)
        for table in _INSERT_ORDER:
            if table in by_table:
                self._put(table, by_table[table])
        if settle.changes:
            # Writers of `changes` serialise (seq order = commit order), and take the lock
            # before touching any state row, as the back office does: no deadlock between them.
            lock_changes(self.session)
        if settle.states:
            self._put(_STATES, settle.states)
        for request_uuid, status, at in settle.advances:
            states.advance(self.session, request_uuid, status, at)
        if settle.changes:
            self._put(_CHANGES, settle.changes)
        if generic and self._known is None:  # item by item: the next items read again
            self.session.execute(_CUSTOM_PLANS)

    def _put(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self.session.execute(insert(table), rows)  # one executemany (psycopg: a pipeline)

    def _route(self, by_table: dict[Table, list[dict[str, Any]]]) -> _Settle:
        """What storing these rows means for the requests' states: a new request gets its
        state row, routed to its service's agency and forwarded when it is still submitted (its
        forwarded step joins the events); a step of a request held before advances its state.

        A new request's status is its newest step in this very batch (a cancel pushed with it
        counts), so a request closed before it reached HQ is never forwarded."""
        settle = _Settle()
        new = {r["uuid"]: r for r in by_table.get(_REQUESTS, ())}
        newest: dict[str, dict[str, Any]] = {}
        for e in by_table.get(_EVENTS, ()):
            request_uuid = e["request_uuid"]
            if request_uuid in new:
                top = newest.get(request_uuid)
                if top is None or e["at"] >= top["at"]:  # equal times: the later one listed
                    newest[request_uuid] = e
            else:
                settle.advances.append((request_uuid, e["status"], e["at"]))
        if not new:
            return settle
        held = self._held_steps(new, newest) if self._known is None else set()
        routes = routes_for(self.session, {r["service"] for r in new.values()})
        forwards: list[dict[str, Any]] = []
        for request_uuid, r in new.items():
            top = newest.get(request_uuid)
            status = top["status"] if top else Status.SUBMITTED.value
            status_at = top["at"] if top else r["received_at"]
            route = routes.get(r["service"])
            if route is not None and status == Status.SUBMITTED.value and request_uuid not in held:
                at = forward_at(self.now, status_at)
                step = forward_rows(
                    request_uuid=request_uuid,
                    receipt_no=r["receipt_no"],
                    center=r["center"],
                    station_no=r["station_no"],
                    route=route,
                    at=at,
                    now=self.now,
                    signer=self.signer,
                )
                forwards.append(step.event)
                settle.changes.append(step.change)
                status, status_at = Status.FORWARDED.value, at
            settle.states.append(_state_values(r, route, status, status_at))
        if forwards:
            by_table.setdefault(_EVENTS, []).extend(forwards)
        return settle

    def _held_steps(self, new: Mapping[str, Any], newest: dict[str, dict[str, Any]]) -> set[str]:
        """HQ's steps held before their request (a station returned them after a restore while
        the request waited for its scans) count in the new state, and a forwarded one is not
        made again: the requests whose forward HQ holds.

        Read item by item only (it cost a fifth of a batch's database time, for a case that
        exists only after a restore): in a batch, a held forward fails the insert on its UUID
        and the batch is redone item by item, which reads it."""
        found = self.session.execute(
            select(
                HqRequestEvent.uuid,
                HqRequestEvent.request_uuid,
                HqRequestEvent.status,
                HqRequestEvent.at,
            ).where(HqRequestEvent.request_uuid.in_(list(new)))
        ).all()
        forwarded: set[str] = set()
        for row in found:
            top = newest.get(row.request_uuid)
            if top is None or row.at > top["at"]:
                newest[row.request_uuid] = {"status": row.status, "at": row.at}
            if row.uuid == forward_uuid(row.request_uuid):
                forwarded.add(row.request_uuid)
        return forwarded

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
            return _refused(item, exc)
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

    def _issuing(self) -> dict[int, int]:
        """Station id -> number of this station and those it replaced (lineage.py): whose
        receipts it may send, and whose items it may send again; read once per batch."""
        if self._lineage is None and self.station.alone:
            self._lineage = {self.station.id: self.station.station_no}
        elif self._lineage is None:
            self._lineage = issuing_stations(self.session, self.station.id)
        return self._lineage

    def _receipt_holder(self, receipt_no: str) -> str | None:
        """The UUID of the request HQ holds under this receipt number, if any."""
        if self._known is not None:
            # Not looked up for a whole batch (measured: it doubled the batch's lookup): a number
            # held already fails the batch's insert on its unique constraint, and the batch is
            # redone item by item, which looks it up.
            return None
        return self.session.execute(
            select(HqRequest.uuid).where(HqRequest.receipt_no == receipt_no)
        ).scalar_one_or_none()

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
        if prior.station_id not in self._issuing():  # the station or one it replaced
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
        self._check_times(item, payload)
        return handler(self, item, payload)

    # -- a station writes only its own history ----------------------------------------------
    # Old times are taken (weeks offline, imported paper-era history); a time further ahead of
    # HQ's clock than the protocol's skew window is a wrong clock or a forged date.

    def _check_times(self, item: PushItem, payload: Payload) -> None:
        limit = self.now + MAX_CLOCK_SKEW
        created = item.created_at
        if created.tzinfo is None:  # the wire lets a naive time through: read it as UTC
            created = created.replace(tzinfo=dt.UTC)
        if created > limit:
            raise _Reject(_future("created_at", created - self.now))
        for moment in payload.times():  # the schema's times are aware
            if moment > limit:
                raise _Reject(_future("payload", moment - self.now))

    def _check_writer(self, center: str, label: str) -> None:
        """The center and station label a record carries must be the pushing station's (or
        of a station it replaced)."""
        st = self.station
        if center != st.center:
            raise _Reject(f"the item belongs to center {center[:10]}, not {st.center}")
        if label not in self._labels():
            raise _Reject(f"the item was written by station {label[:40]}, not {st.label}")

    def _labels(self) -> frozenset[str]:
        if self._own_labels is None:
            st = self.station
            self._own_labels = frozenset(f"{st.center}-{n:02d}" for n in self._issuing().values())
        return self._own_labels

    def _check_requests(self, request_uuids: Sequence[str]) -> None:
        """Each request must be one this station (or one it replaced) sent: another's is
        refused without saying whose, one HQ does not hold yet makes the item wait."""
        waiting = False
        for request_uuid in request_uuids:
            if ("request", request_uuid) in self._made:
                continue
            owner = self._owner_of_request(request_uuid)
            if owner is None:
                waiting = True
            elif owner[0] != self.station.center or owner[1] not in self._issuing().values():
                raise _Reject("unknown request")
        if waiting:
            raise _Wait("its request has not reached HQ yet; it is sent again after it")

    def _owner_of_request(self, request_uuid: str) -> tuple[str, int] | None:
        if self._known is not None:
            known = self._known.requests.get(request_uuid)
            return (known[0], self._known.stations[request_uuid]) if known else None
        row = self.session.execute(
            select(HqRequest.center, HqRequest.station_no).where(HqRequest.uuid == request_uuid)
        ).first()
        return (row[0], row[1]) if row else None

    def _senders(self, kind: ItemKind, entity_uuid: str) -> set[int]:
        """The stations that sent the handover batch or archive box ``entity_uuid``."""
        if self._known is not None:
            return self._known.records.get((kind.value, entity_uuid), set())
        return set(
            self.session.execute(
                select(ReceivedItem.station_id).where(
                    ReceivedItem.entity_uuid == entity_uuid, ReceivedItem.kind == kind.value
                )
            ).scalars()
        )

    def _check_record(self, kind: ItemKind, entity_uuid: str, *, new: bool = False) -> None:
        """A batch or box referred to must be this station's; a new one must not take the
        identifier of another station's."""
        what = "handover batch" if kind is ItemKind.HANDOVER_BATCH else "archive box"
        if (kind.value, entity_uuid) in self._made:
            return
        senders = self._senders(kind, entity_uuid)
        if senders - set(self._issuing()):
            raise _Reject(f"unknown {what}" if not new else f"this {what} id is already taken")
        if not senders and not new:
            raise _Wait(f"its {what} has not reached HQ yet; it is sent again after it")

    def _note_made(self, item: PushItem, plan: _Plan) -> None:
        what = _CREATES.get(item.kind)
        if what is not None and plan.result.status in (ItemStatus.CREATED, ItemStatus.DUPLICATE):
            self._made.add((what, item.entity_uuid))

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
        if p.station not in self._issuing().values():  # its own, or one it replaced
            raise _Reject(f"the request belongs to station {p.station}, not {st.station_no}")
        if p.uuid != item.entity_uuid:
            raise _Reject("entity_uuid differs from the payload's uuid")
        try:
            receipt = ReceiptNumber.parse(p.receipt_no)
        except ValidationError:
            raise _Reject(f"{p.receipt_no!r} is not a valid receipt number") from None
        if (receipt.center, receipt.station) != (st.center, p.station):
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
        holder = self._receipt_holder(str(receipt))
        if holder is not None and holder != p.uuid:  # the number was issued twice
            record_collision(self.session, st.id, item.id, str(receipt), p.uuid, holder, self.now)
            result = ItemResult(
                id=item.id,
                status=ItemStatus.COLLISION,
                reason=f"receipt {receipt} is held for another request",
                receipt_no=str(receipt),
            )
            return _Plan(result, [], frozenset({f"item:{item.id}"}))
        request = {
            "uuid": p.uuid,
            "item_id": item.id,
            "center": st.center,
            "station_no": receipt.station,  # the number's station, also when a successor sends it
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
        self._check_writer(self.station.center, e.station)
        # Never stored unverified: a step whose request HQ does not hold yet waits for it.
        self._check_requests([e.request_uuid])
        missing = self._missing(item)
        if missing is not None:
            return missing
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

    def _attachment(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.Attachment, payload)
        _same(p.uuid, item)
        self._check_writer(self.station.center, p.station)
        self._check_requests([p.request_uuid])
        return self._kept(item)

    def _audit(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.Audit, payload)
        self._check_writer(p.center, p.station)
        return self._kept(item)

    def _handover_batch(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.HandoverBatch, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_requests([f.request_uuid for f in p.files])
        self._check_record(ItemKind.HANDOVER_BATCH, p.uuid, new=True)
        return self._kept(item)

    def _handover_step(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.HandoverOpened | schema.HandoverClosed, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_record(ItemKind.HANDOVER_BATCH, p.uuid)
        return self._kept(item)

    def _handover_file(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.HandoverFile, payload)
        _same(p.batch_uuid, item)
        self._check_writer(p.center, p.station)
        # An extra file's receipt is what was scanned (it may be any station's paper); the
        # request it names, when it names one, must be this station's.
        self._check_requests([p.request_uuid] if p.request_uuid else [])
        self._check_record(ItemKind.HANDOVER_BATCH, p.batch_uuid)
        return self._kept(item)

    def _diwan_entry(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.DiwanEntry, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_requests([p.request_uuid])
        return self._kept(item)

    def _archive_box(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.ArchiveBox, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_record(ItemKind.ARCHIVE_BOX, p.uuid, new=True)
        return self._kept(item)

    def _archive_location(self, item: PushItem, payload: Payload) -> _Plan:
        p = cast(schema.ArchiveLocation, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_requests([p.request_uuid])
        self._check_record(ItemKind.ARCHIVE_BOX, p.box_uuid)
        return self._kept(item)

    def _payment(self, item: PushItem, payload: Payload) -> _Plan:
        """A request's fee: one per request. The same payment under another item id (re-queued
        by a person) is a duplicate; another payment of a request already paid is a conflict
        (kept for a person), found here item by item, or by the unique request_uuid when a
        batch or a concurrent push stored the first."""
        p = cast(schema.Payment, payload)
        _same(p.uuid, item)
        self._check_writer(p.center, p.station)
        self._check_requests([p.request_uuid])
        keys = frozenset({f"item:{item.id}", f"payment:{p.uuid}", f"paid:{p.request_uuid}"})
        if self._known is None:
            held = self.session.execute(
                select(HqPayment.uuid, HqPayment.amount_syp, HqPayment.method).where(
                    HqPayment.request_uuid == p.request_uuid
                )
            ).first()
            if held is not None:
                if tuple(held) != (p.uuid, p.amount_syp, p.method):
                    raise _Held
                result = ItemResult(id=item.id, status=ItemStatus.DUPLICATE)
                return _Plan(result, [self._record(item)], frozenset({f"item:{item.id}"}))
        row = {
            "uuid": p.uuid,
            "item_id": item.id,
            "request_uuid": p.request_uuid,
            "receipt_no": p.receipt_no,
            "center": self.station.center,
            "station": p.station,
            "service": p.service,
            "amount_syp": p.amount_syp,
            "method": p.method,
            "bank_receipt_no": p.bank_receipt_no,
            "paid_at": p.paid_at,
            "local_day": p.paid_at.astimezone(LOCAL_TZ).date(),
            "actor": p.actor,
            "ingested_at": self.now,
        }
        result = ItemResult(id=item.id, status=ItemStatus.CREATED)
        return _Plan(result, [(_PAYMENTS, row), self._record(item)], keys)

    def _kept(self, item: PushItem) -> _Plan:
        """A record HQ keeps as received (payload and hash): attachments, the archive's."""
        missing = self._missing(item)
        if missing is not None:
            return missing
        result = ItemResult(id=item.id, status=ItemStatus.CREATED)
        return _Plan(
            result, [self._record(item, keep_payload=True)], frozenset({f"item:{item.id}"})
        )


@dataclass
class _Settle:
    """The rows storing a batch adds to the request states and the change feed."""

    states: list[dict[str, Any]] = field(default_factory=list)
    advances: list[tuple[str, str, dt.datetime]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)


def _state_values(
    request: dict[str, Any], route: Route | None, status: str, status_at: dt.datetime
) -> dict[str, Any]:
    """The state row of a new request, as insert values: what states.state_row makes (a test
    holds the two equal), without building two ORM objects per request on the hot path."""
    return {
        "request_uuid": request["uuid"],
        "receipt_no": request["receipt_no"],
        "center": request["center"],
        "service": request["service"],
        "category": route.category if route is not None else "service",
        "agency": route.agency if route is not None else None,
        "status": status,
        "open": states.is_open(status),
        "status_at": status_at,
        "received_at": request["received_at"],
        "due_on": states.due_on_of(request["payload"]),
        "assignee_id": None,
        "escalated_at": None,
    }


def _future(where: str, ahead: dt.timedelta) -> str:
    return (
        f"dated in the future: a time in its {where} is {ahead.total_seconds() / 3600:.1f} "
        f"hours ahead of HQ's clock (at most {MAX_CLOCK_SKEW.total_seconds() / 3600:.0f} "
        "hours are allowed)"
    )


def _same(payload_uuid: str, item: PushItem) -> None:
    if payload_uuid != item.entity_uuid:
        raise _Reject("entity_uuid differs from the payload's uuid")


def _refused(item: PushItem, exc: _Reject) -> ItemResult:
    status = ItemStatus.WAITING if isinstance(exc, _Wait) else ItemStatus.REJECTED
    return ItemResult(id=item.id, status=status, reason=exc.reason)


def _request_refs(payload: dict[str, Any]) -> set[str]:
    """The request UUIDs a raw payload may name (read before it is parsed: only strings)."""
    refs = {v for k in ("uuid", "request_uuid") if isinstance(v := payload.get(k), str)}
    files = payload.get("files")
    if isinstance(files, list):
        refs.update(
            v for f in files if isinstance(f, dict) and isinstance(v := f.get("request_uuid"), str)
        )
    return {r for r in refs if len(r) == 36}


def _record_refs(item: PushItem) -> set[str]:
    """The handover batch or archive box UUIDs a raw payload names."""
    if item.kind in (ItemKind.HANDOVER_BATCH, ItemKind.ARCHIVE_BOX):
        return {item.entity_uuid}
    if item.kind in (ItemKind.HANDOVER_OPENED, ItemKind.HANDOVER_CLOSED, ItemKind.HANDOVER_FILE):
        return {item.entity_uuid}
    box = item.payload.get("box_uuid") if item.kind is ItemKind.ARCHIVE_LOCATION else None
    return {box} if isinstance(box, str) and len(box) == 36 else set()


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
    ItemKind.ATTACHMENT: Ingest._attachment,
    ItemKind.AUDIT: Ingest._audit,
    ItemKind.HANDOVER_BATCH: Ingest._handover_batch,
    ItemKind.HANDOVER_OPENED: Ingest._handover_step,
    ItemKind.HANDOVER_FILE: Ingest._handover_file,
    ItemKind.HANDOVER_CLOSED: Ingest._handover_step,
    ItemKind.DIWAN_ENTRY: Ingest._diwan_entry,
    ItemKind.ARCHIVE_BOX: Ingest._archive_box,
    ItemKind.ARCHIVE_LOCATION: Ingest._archive_location,
    ItemKind.HQ_EVENT: Ingest._hq_event,
    ItemKind.PAYMENT: Ingest._payment,
}
