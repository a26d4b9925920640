"""Sending again what an HQ restored from a backup lost (part of the nightly round).

The station lists what HQ acknowledged in the reconciled days (outbox items marked sent, of
every kind), the status steps it pulled from HQ and the scans its attachments refer to; HQ
answers what it lacks (``POST /reconcile/missing``, at most MAX_RECOVER_KEYS at a time).
Then, in one transaction with an audit row saying why:

- the outbox items HQ lacks go back to ``pending`` under their own ids (HQ's idempotency keys:
  an item HQ did hold after all is answered ``duplicate``, never stored twice), and the next
  push sends them;
- HQ's own steps it lacks are returned as ``hq.event`` items carrying HQ's signature (kept with
  the step when it was pulled); the item's id is derived from the step's UUID, so asking twice
  queues it once. A step pulled before HQ signed its steps cannot be returned: it is counted
  for a person.

Scans HQ lacks are uploaded at once (HQ may still hold the attachment's item while its file is
gone: pushing the item again would only be answered ``duplicate``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Table, insert, select, update
from sqlalchemy.orm import Session

from counter_app.domain.errors import StoreError
from counter_app.logs import scrub
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext
from counter_app.services.files import upload_source
from counter_app.services.sync_state import PENDING, SENT
from counter_app.store.models import Attachment, OutboxItem, Request, RequestEvent, SyncProblem
from counter_app.sync.blobs import BlobUnavailable, upload_blob
from counter_app.sync.client import HqClient, HqRefused
from counter_app.sync.pull import CURSOR_RESET
from counter_app.sync.push import PushStats, push_outbox
from counter_protocol.canonical import canonical_json, payload_sha256
from counter_protocol.wire import MAX_RECOVER_KEYS, ItemKind, MissingAnswer, MissingQuery

SYNC_ACTOR = "sync"
# The outbox id of a returned HQ step: one per step, whoever asks how often.
HQ_STEP_NAMESPACE = uuid.UUID("5b0e3c1e-6f1d-4a53-9a3e-0c9d1f4e2a77")
REQUEUED = "HQ did not hold it (restored from a backup?): sent again"
_NAMED = 50  # receipt numbers named in the report
# Checked when a sync round finds HQ restored (its change feed went back): the nightly default.
RECENT_DAYS = 30


@dataclass
class Recovery:
    """What the nightly round found HQ lacking and sent again."""

    asked: int = 0  # identifiers listed to HQ
    resent: dict[str, int] = field(default_factory=dict)  # outbox kind -> items queued again
    named: list[str] = field(default_factory=list)  # receipt numbers of those items (the first)
    hq_steps: int = 0  # HQ's own steps returned with HQ's signature
    hq_steps_unsigned: int = 0  # HQ lacks them, but pulled before HQ signed: a person's job
    scans: int = 0  # scans HQ lacked, uploaded again
    scans_dropped: int = 0  # of those, rows HQ still had for a file it had lost
    scan_errors: list[str] = field(default_factory=list)
    resets_settled: int = 0  # notes of a reset pull cursor, settled now that HQ holds all
    resend: PushStats | None = None  # the push of what was queued again, when anything was
    unsupported: bool = False  # an older HQ that cannot say what it lacks (404)

    @property
    def found(self) -> int:
        """How many things HQ lacked (zero: HQ holds all the station listed)."""
        lacked = sum(self.resent.values()) + self.hq_steps + self.hq_steps_unsigned
        return lacked + self.scans + len(self.scan_errors)

    @property
    def complete(self) -> bool:
        """Everything HQ lacked could be sent again."""
        return not (self.hq_steps_unsigned or self.scan_errors or self.unsupported)


@dataclass(frozen=True)
class _Step:
    uuid: str
    request_uuid: str
    receipt_no: str
    status: str
    at: dt.datetime
    actor: str
    station: str
    reason: str | None
    signature: str | None

    def payload(self) -> dict[str, Any]:
        assert self.signature is not None
        return {
            "uuid": self.uuid,
            "request_uuid": self.request_uuid,
            "receipt_no": self.receipt_no,
            "status": self.status,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "station": self.station,
            "reason": self.reason,
            "signature": self.signature,
        }


def hq_step_item_id(event_uuid: str) -> str:
    return str(uuid.uuid5(HQ_STEP_NAMESPACE, f"hq.event:{event_uuid}"))


def _bounds(ctx: AppContext, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = ctx.calendar.tz
    lo = dt.datetime.combine(start, dt.time(), tz)
    return lo, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz)


def _local(
    ctx: AppContext, start: dt.date, end: dt.date
) -> tuple[list[str], dict[str, _Step], list[str]]:
    lo, hi = _bounds(ctx, start, end)
    with ctx.store.read() as session:
        items = list(
            session.execute(
                select(OutboxItem.uuid)
                .where(OutboxItem.state == SENT, OutboxItem.kind != ItemKind.HQ_EVENT.value)
                .where(OutboxItem.created_at >= lo, OutboxItem.created_at < hi)
                .order_by(OutboxItem.id)
            ).scalars()
        )
        steps = {
            row.uuid: _Step(*row)
            for row in session.execute(
                select(
                    RequestEvent.uuid,
                    Request.uuid,
                    Request.receipt_no,
                    RequestEvent.status,
                    RequestEvent.at,
                    RequestEvent.actor,
                    RequestEvent.station,
                    RequestEvent.reason,
                    RequestEvent.hq_signature,
                )
                .join(Request, Request.id == RequestEvent.request_id)
                .where(RequestEvent.origin == "hq")
                .where(RequestEvent.at >= lo, RequestEvent.at < hi)
            )
        }
        # Scans of attachments HQ acknowledged (one still waiting goes with its own item).
        scans = sorted(
            set(
                session.execute(
                    select(Attachment.sha256)
                    .join(
                        OutboxItem,
                        (OutboxItem.entity_uuid == Attachment.uuid)
                        & (OutboxItem.kind == ItemKind.ATTACHMENT.value),
                    )
                    .where(OutboxItem.state == SENT)
                    .where(Attachment.created_at >= lo, Attachment.created_at < hi)
                ).scalars()
            )
        )
    return items, steps, scans


def _questions(
    items: Sequence[str], steps: Sequence[str], scans: Sequence[str]
) -> Iterator[MissingQuery]:
    """The lists cut into questions of at most MAX_RECOVER_KEYS identifiers together."""
    keyed = [("items", k) for k in items] + [("hq_events", k) for k in steps]
    keyed += [("blobs", k) for k in scans]
    for first in range(0, len(keyed), MAX_RECOVER_KEYS):
        part: dict[str, list[str]] = {"items": [], "hq_events": [], "blobs": []}
        for name, key in keyed[first : first + MAX_RECOVER_KEYS]:
            part[name].append(key)
        yield MissingQuery(**{k: tuple(v) for k, v in part.items()})


def _ask(client: HqClient, questions: Iterable[MissingQuery]) -> MissingAnswer:
    items: list[str] = []
    steps: list[str] = []
    blobs: list[str] = []
    dropped: list[str] = []
    for question in questions:
        answer = client.missing(question)
        items += answer.items
        steps += answer.hq_events
        blobs += answer.blobs
        dropped += answer.dropped_blobs
    return MissingAnswer(
        items=tuple(items), hq_events=tuple(steps), blobs=tuple(blobs), dropped_blobs=tuple(dropped)
    )


_OUTBOX = cast(Table, OutboxItem.__table__)


def _requeue(
    ctx: AppContext, items: Sequence[str], steps: Sequence[_Step], found: Recovery
) -> None:
    """The items HQ lacks back to pending, HQ's steps queued for return: one transaction."""
    if not items and not steps:
        return
    now = ctx.clock()
    with ctx.store.write() as session:
        rows = session.execute(
            select(OutboxItem.id, OutboxItem.kind, OutboxItem.payload)
            .where(OutboxItem.uuid.in_(items), OutboxItem.state == SENT)
            .order_by(OutboxItem.id)
        ).all()
        if rows:
            session.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_([r.id for r in rows]))
                .values(state=PENDING, sent_at=None, last_error=REQUEUED)
            )
        receipts: set[str] = set()
        for row in rows:
            found.resent[row.kind] = found.resent.get(row.kind, 0) + 1
            receipt = _receipt(row.payload)
            if receipt is not None:
                receipts.add(receipt)
        found.named = sorted(receipts)[:_NAMED]
        returned = [_queue_step(session, step, now) for step in steps]
        found.hq_steps += len(steps)
        append_audit(
            session,
            at=now,
            user_id=None,
            username=SYNC_ACTOR,
            station=ctx.station(session).label,
            action="sync.resend",
            entity="outbox",
            entity_ref=str(len(rows) + len(returned)),
            details={
                "reason": "HQ lacked them (restored from a backup)",
                "requeued": [r.id for r in rows],
                "hq_steps": returned,
            },
        )


def _queue_step(session: Session, step: _Step, now: dt.datetime) -> int:
    """The outbox row returning ``step`` (pending again if it was returned before)."""
    item_id = hq_step_item_id(step.uuid)
    held = session.execute(
        select(OutboxItem.id).where(OutboxItem.uuid == item_id)
    ).scalar_one_or_none()
    if held is not None:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == held)
            .values(state=PENDING, sent_at=None, last_error=REQUEUED)
        )
        return int(held)
    body = canonical_json(step.payload())
    done = session.execute(
        insert(_OUTBOX).values(
            uuid=item_id,
            kind=ItemKind.HQ_EVENT.value,
            entity_uuid=step.uuid,
            payload=body,
            payload_sha256=payload_sha256(body),
            created_at=now,
            state=PENDING,
            attempts=0,
        )
    )
    key = cast(CursorResult[Any], done).inserted_primary_key
    assert key is not None
    return int(key[0])


def _receipt(payload: str) -> str | None:
    """The receipt number an item concerns, if it has one: what a person looks up."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    receipt = data.get("receipt_no") if isinstance(data, dict) else None
    return receipt if isinstance(receipt, str) else None


def _upload(ctx: AppContext, client: HqClient, shas: Sequence[str], found: Recovery) -> None:
    for sha in shas:
        try:
            upload_blob(client, sha, upload_source(ctx, sha))
        except (BlobUnavailable, StoreError) as exc:
            found.scan_errors.append(str(exc))
            continue
        except HqRefused as exc:
            if exc.status in (401, 403, 412):
                raise
            found.scan_errors.append(
                f"HQ refused the scan {sha} ({exc.status} {exc.code}): {scrub(exc.message)}"
            )
            continue
        found.scans += 1


def recover(ctx: AppContext, client: HqClient, start: dt.date, end: dt.date) -> Recovery:
    """Ask HQ what it lacks of the days [start, end] and send it again (see the module)."""
    items, steps, scans = _local(ctx, start, end)
    found = Recovery(asked=len(items) + len(steps) + len(scans))
    if not found.asked:
        return found
    try:
        answer = _ask(client, _questions(items, sorted(steps), scans))
    except HqRefused as exc:
        if exc.status != 404:
            raise
        found.unsupported = True  # HQ predates the question: the rest of the round goes on
        return found
    lacking = [steps[u] for u in answer.hq_events if u in steps]
    signed = [s for s in lacking if s.signature]
    found.hq_steps_unsigned = len(lacking) - len(signed)
    found.scans_dropped = len(answer.dropped_blobs)
    _upload(ctx, client, answer.blobs, found)
    _requeue(ctx, answer.items, signed, found)
    return found


def recover_and_send(ctx: AppContext, client: HqClient, start: dt.date, end: dt.date) -> Recovery:
    """:func:`recover`, then the push of what it queued again (HQ's answers in ``resend``)."""
    found = recover(ctx, client, start, end)
    if found.resent or found.hq_steps:
        found.resend = push_outbox(ctx, client)
    return found


def recent_days(ctx: AppContext, days: int = RECENT_DAYS) -> tuple[dt.date, dt.date]:
    """The last ``days`` local days, today included."""
    today = ctx.clock().astimezone(ctx.calendar.tz).date()
    return today - dt.timedelta(days=max(1, days) - 1), today


def settle_resets(ctx: AppContext) -> int:
    """Remove the notes of a reset pull cursor (pull.py: "steps HQ made after its backup are
    held only by this station; tell HQ") once a nightly round found HQ holding everything the
    station holds again: the note would tell a person to act on what is done. The audit log
    keeps both the reset and this."""
    with ctx.store.write() as session:
        notes = list(
            session.execute(select(SyncProblem).where(SyncProblem.kind == CURSOR_RESET)).scalars()
        )
        if not notes:
            return 0
        for note in notes:
            session.delete(note)
        append_audit(
            session,
            at=ctx.clock(),
            user_id=None,
            username=SYNC_ACTOR,
            station=ctx.station(session).label,
            action="sync.reset_settled",
            entity="sync",
            entity_ref=",".join(n.ref or "?" for n in notes)[:64],
            details={"cursors": [n.ref for n in notes], "reason": "HQ holds all again"},
        )
    return len(notes)
