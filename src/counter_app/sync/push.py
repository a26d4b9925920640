"""Draining the outbox to HQ: batches bounded by count and bytes, marked after HQ's answer.

Items are sent oldest first. HQ's per-item answer decides: created/duplicate -> ``sent``;
conflict/rejected -> ``quarantined`` with the reason (kept for a person, never dropped);
missing_blobs -> the scans are uploaded and the item is pushed again. Each batch's outcome is
written in one transaction after the answer, so a crash in between only causes a resend, which
HQ acknowledges as a duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

import pydantic
from sqlalchemy import Table, bindparam, select, update

from counter_app.domain.errors import N_, StoreError
from counter_app.logs import scrub
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext
from counter_app.services.files import upload_source
from counter_app.services.station_identity import COLLISION, retire
from counter_app.services.sync_state import PENDING, QUARANTINED, SENT
from counter_app.store.models import OutboxItem
from counter_app.sync.audit_tip import TipOutcome, report_tip
from counter_app.sync.blobs import BlobUnavailable, upload_blob
from counter_app.sync.client import HqClient, HqError, HqRefused, push_body_size
from counter_protocol.canonical import canonical_json, payload_sha256
from counter_protocol.payloads import UnknownKind, is_record, parse_payload, problem_of
from counter_protocol.wire import (
    MAX_BATCH_BYTES,
    MAX_BATCH_ITEMS,
    ItemKind,
    ItemResult,
    ItemStatus,
    PushItem,
)

_OUTBOX = cast(Table, OutboxItem.__table__)
_MARK = (
    update(_OUTBOX)
    .where(_OUTBOX.c.uuid == bindparam("item_uuid"), _OUTBOX.c.state == PENDING)
    .values(
        state=bindparam("new_state"),
        attempts=_OUTBOX.c.attempts + 1,
        last_error=bindparam("error"),
        sent_at=bindparam("sent"),
    )
)
SYNC_ACTOR = "sync"  # the audit log's name for this station's own sync
# Room for the envelope and HTTP framing, so a batch at the budget is still under HQ's limit.
_MARGIN = 4096
_COLUMNS = (
    OutboxItem.id,
    OutboxItem.uuid,
    OutboxItem.kind,
    OutboxItem.entity_uuid,
    OutboxItem.payload,
    OutboxItem.payload_sha256,
    OutboxItem.created_at,
)


@dataclass
class PushStats:
    sent: int = 0
    duplicates: int = 0
    quarantined: int = 0
    waiting: int = 0  # left pending (scans not uploaded, no answer)
    blobs_uploaded: int = 0
    blob_bytes: int = 0
    batches: int = 0
    quarantined_ids: list[str] = field(default_factory=list)
    # Receipt numbers HQ already held for other requests (issued twice): the station's number
    # is retired and the round ends in an error a person sees (ReceiptCollision).
    collisions: list[str] = field(default_factory=list)
    audit_tip: TipOutcome | None = None  # HQ's judgement of the audit chain's tip


@dataclass(frozen=True)
class Prepared:
    item: PushItem
    size: int


def item_size(item: PushItem) -> int:
    return len(item.model_dump_json()) + 1


def fit_count(sizes: Sequence[int], max_items: int, max_bytes: int) -> int:
    """How many leading items form one batch: at most ``max_items`` and ``max_bytes``, but
    always at least one (a single oversize item is sent alone and refused by HQ alone)."""
    total = 0
    count = 0
    for size in sizes[:max_items]:
        if count and total + size > max_bytes:
            break
        total += size
        count += 1
    return count


def blobs_of(kind: str, payload: dict[str, Any]) -> tuple[str, ...]:
    if kind == ItemKind.ATTACHMENT and isinstance(payload.get("sha256"), str):
        return (payload["sha256"],)
    return ()


def prepare(row: Any, center: str | None = None) -> PushItem:
    """The wire item of an outbox row; ValueError when the stored row is not what was written.

    An archive record queued by the release before records carried their center (issue 13)
    is sent with ``center``, the station's own (HQ refuses a record without one): the row
    stays as written; the item sent is the same every time, so a resend is a duplicate."""
    if payload_sha256(row.payload) != row.payload_sha256:
        raise ValueError("the stored payload does not match its SHA-256 (changed outside the app)")
    payload = json.loads(row.payload)
    if not isinstance(payload, dict) or canonical_json(payload) != row.payload:
        raise ValueError("the stored payload is not canonical JSON of an object")
    sha = row.payload_sha256
    if center is not None and "center" not in payload and is_record(row.kind):
        payload = {**payload, "center": center}
        sha = payload_sha256(canonical_json(payload))
    # Checked with the schema HQ reads it with: a payload HQ would refuse stays here, said why.
    try:
        parse_payload(row.kind, payload)
    except UnknownKind:
        raise ValueError(
            f"the outbox item cannot be sent: HQ has no schema for its kind {row.kind!r}"
        ) from None
    except pydantic.ValidationError as exc:
        raise ValueError(f"the outbox item cannot be sent: {problem_of(exc)}") from None
    try:
        return PushItem(
            id=row.uuid,
            kind=ItemKind(row.kind),
            entity_uuid=row.entity_uuid,
            payload=payload,
            payload_sha256=sha,
            created_at=row.created_at,
            blobs=blobs_of(row.kind, payload),
        )
    except pydantic.ValidationError as exc:
        # pydantic's text quotes the input (the payload: a name, a phone): the fields only.
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        raise ValueError(f"the outbox item cannot be sent: invalid {where}") from None
    except ValueError as exc:
        raise ValueError(f"the outbox item cannot be sent: {scrub(str(exc))}") from None


class Pusher:
    def __init__(self, ctx: AppContext, client: HqClient) -> None:
        self.ctx = ctx
        self.client = client
        self.stats = PushStats()
        self.max_items = MAX_BATCH_ITEMS
        self.max_bytes = MAX_BATCH_BYTES - _MARGIN
        self._after = 0
        self._exhausted = False
        self._queue: list[Prepared] = []
        self._blob_retried: set[str] = set()
        self._ids: dict[str, int] = {}  # outbox uuid -> row id, for the audit row of answers

    # -- outbox ------------------------------------------------------------------------------
    def _refill(self, in_flight: int = 0) -> None:
        """Read and check the next outbox rows when fewer than a batch wait behind the
        ``in_flight`` items at the head of the queue."""
        if self._exhausted or len(self._queue) - in_flight >= MAX_BATCH_ITEMS:
            return
        with self.ctx.store.read() as session:
            rows = session.execute(
                select(*_COLUMNS)
                .where(OutboxItem.state == PENDING, OutboxItem.id > self._after)
                .order_by(OutboxItem.id)
                .limit(MAX_BATCH_ITEMS * 2)
            ).all()
            center = self.ctx.station(session).center_code
        if not rows:
            self._exhausted = True
            return
        self._after = rows[-1].id
        bad: dict[str, str] = {}
        for row in rows:
            self._ids[row.uuid] = row.id
            try:
                item = prepare(row, center)
            except ValueError as exc:
                bad[row.uuid] = str(exc)
                continue
            self._queue.append(Prepared(item, item_size(item)))
        if bad:
            self._quarantine(bad)

    def _write(self, outcome: dict[str, tuple[str, str | None]]) -> None:
        """One transaction: each item's new state and error (state None = stays pending)."""
        if not outcome:
            return
        now = self.ctx.clock()
        rows = [
            {
                "item_uuid": item_id,
                "new_state": state,
                "error": error,
                "sent": now if state == SENT else None,  # a pending item has no sent_at yet
            }
            for item_id, (state, error) in outcome.items()
        ]
        by_state: dict[str, list[int]] = {}
        for item_id, (state, _) in outcome.items():
            by_state.setdefault(state, []).append(self._ids.get(item_id, 0))
        with self.ctx.store.write() as session:
            session.connection().execute(_MARK, rows)  # one executemany
            # The record of HQ's answers: the outbox rows' new hashes, and which ones HQ
            # acknowledged (db check tells an outbox row deleted before that from one after).
            append_audit(
                session,
                at=now,
                user_id=None,
                username=SYNC_ACTOR,
                station=self.ctx.station(session).label,
                action="sync.push",
                entity="outbox",
                entity_ref=str(len(rows)),
                details={
                    "acknowledged": sorted(by_state.get(SENT, [])),
                    "quarantined": sorted(by_state.get(QUARANTINED, [])),
                    "pending": sorted(by_state.get(PENDING, [])),
                },
            )

    def _quarantine(self, reasons: dict[str, str]) -> None:
        self._write({k: (QUARANTINED, v) for k, v in reasons.items()})
        self.stats.quarantined += len(reasons)
        self.stats.quarantined_ids.extend(reasons)

    # -- pushing -----------------------------------------------------------------------------
    def run(self) -> PushStats:
        # The HTTP call waits on a helper thread while this one reads and checks the next
        # rows: HQ's work and the station's overlap. The client is only ever used by one
        # thread at a time (the call is awaited before anything else talks to HQ).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter-push") as sender:
            while True:
                self._refill()
                if not self._queue:
                    return self.stats
                n = fit_count([p.size for p in self._queue], self.max_items, self.max_bytes)
                batch = self._queue[:n]
                answer = sender.submit(self.client.push, [p.item for p in batch])
                self._refill(in_flight=n)
                try:
                    response = answer.result()
                except HqRefused as exc:
                    self._refused(exc, batch)
                    continue
                self.stats.batches += 1
                del self._queue[:n]
                self._answered(batch, response.results)

    def _refused(self, exc: HqRefused, batch: list[Prepared]) -> None:
        """413: shrink the batch; 409/422: isolate the item HQ objects to. Others: stop."""
        if exc.status not in (409, 413, 422):
            raise exc
        if len(batch) > 1:
            self.max_items = max(1, len(batch) // 2)
            if exc.status == 413:
                self.max_bytes = max(1, push_body_size([p.item for p in batch]) // 2)
            return
        self._queue.pop(0)
        self._quarantine(
            {batch[0].item.id: f"HQ refused it ({exc.status} {exc.code}): {scrub(exc.message)}"}
        )

    def _answered(self, batch: list[Prepared], results: Sequence[ItemResult]) -> None:
        by_id = {r.id: r for r in results}
        outcome: dict[str, tuple[str, str | None]] = {}
        needs_blobs: list[tuple[Prepared, ItemResult]] = []
        for prepared in batch:
            item_id = prepared.item.id
            result = by_id.get(item_id)
            if result is None:
                outcome[item_id] = (PENDING, "HQ gave no answer for this item")
                self.stats.waiting += 1
            elif result.status in (ItemStatus.CREATED, ItemStatus.DUPLICATE):
                outcome[item_id] = (SENT, None)
                if result.status is ItemStatus.DUPLICATE:
                    self.stats.duplicates += 1
                else:
                    self.stats.sent += 1
            elif result.status is ItemStatus.WAITING:
                # HQ cannot check it before its request or record arrives: sent again in a
                # later round, after what it refers to (outbox order), never dropped.
                outcome[item_id] = (PENDING, f"{result.status.value}: {result.reason or '-'}")
                self.stats.waiting += 1
            elif result.status in (ItemStatus.CONFLICT, ItemStatus.REJECTED):
                outcome[item_id] = (QUARANTINED, f"{result.status.value}: {result.reason or '-'}")
                self.stats.quarantined += 1
                self.stats.quarantined_ids.append(item_id)
            elif result.status is ItemStatus.COLLISION:
                receipt = result.receipt_no or str(prepared.item.payload.get("receipt_no", "?"))
                outcome[item_id] = (QUARANTINED, f"{RECEIPT_TAKEN}: {receipt}")
                self.stats.quarantined += 1
                self.stats.quarantined_ids.append(item_id)
                self.stats.collisions.append(receipt)
            else:  # missing blobs
                needs_blobs.append((prepared, result))
        # HQ's answers are kept before any scan is uploaded: an upload cut off by the network
        # must not cost them, or the whole batch would be sent again round after round.
        self._write(outcome)
        if any(r.status is ItemStatus.COLLISION for r in by_id.values()):
            with self.ctx.store.write() as session:
                retire(session, COLLISION, self.ctx.clock(), ", ".join(self.stats.collisions))
        self._upload_missing(needs_blobs)

    def _upload_missing(self, needs_blobs: list[tuple[Prepared, ItemResult]]) -> None:
        outcome: dict[str, tuple[str, str | None]] = {}
        again: list[Prepared] = []
        try:
            for prepared, result in needs_blobs:
                item_id = prepared.item.id
                error = self._upload(result.missing or prepared.item.blobs)
                if error is not None:
                    outcome[item_id] = (QUARANTINED, error)
                    self.stats.quarantined += 1
                    self.stats.quarantined_ids.append(item_id)
                elif item_id in self._blob_retried:
                    outcome[item_id] = (PENDING, "HQ still misses scans after their upload")
                    self.stats.waiting += 1
                else:
                    self._blob_retried.add(item_id)
                    again.append(prepared)
        finally:
            self._write(outcome)
        self._queue[:0] = again  # pushed again next, now that HQ holds the scans

    def _upload(self, shas: Sequence[str]) -> str | None:
        for sha in shas:
            try:
                # The plain bytes under their own SHA-256, as HQ keeps them, sealed here or not.
                sent = upload_blob(self.client, sha, upload_source(self.ctx, sha))
            except (BlobUnavailable, StoreError) as exc:
                return str(exc)
            except HqRefused as exc:
                if exc.status in (401, 403, 412):
                    raise
                return f"HQ refused the scan {sha} ({exc.status} {exc.code}): {scrub(exc.message)}"
            self.stats.blobs_uploaded += 1
            self.stats.blob_bytes += sent
        return None


RECEIPT_TAKEN = N_("HQ already holds this receipt number for another request")
RECEIPTS_TWICE = N_(
    "Receipt numbers were issued twice (HQ already holds them for other citizens' requests). "
    "This station issues no more numbers until a supervisor enrolls it under a new station "
    "number. The receipts"
)


class ReceiptCollision(HqError):
    """The round met receipt numbers HQ held for other requests: said, never only counted."""

    def __init__(self, receipts: Sequence[str]) -> None:
        super().__init__(RECEIPTS_TWICE, ", ".join(receipts))
        self.receipts = tuple(receipts)


def push_outbox(ctx: AppContext, client: HqClient) -> PushStats:
    """Push everything waiting, then report the audit chain's tip to HQ."""
    stats = Pusher(ctx, client).run()
    stats.audit_tip = report_tip(ctx, client)
    return stats
