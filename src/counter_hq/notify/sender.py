"""The sender: takes due messages from the outbox, hands them to the gateway, keeps what became
of each, and tells the counter once a message is final.

Delivery contract: at least once, deduplicated by reference.
- A message is claimed in a short transaction of its own: state ``sending``, the attempt
  counted, and a lease (``next_attempt_at`` = now + lease) BEFORE the gateway is called. So a
  sender that dies during or after the call leaves a row saying an attempt was made.
- Such a row (still ``sending`` when its lease ends) is claimed again by any sender and sent
  with the SAME reference (the notification's uuid, in the body and the ``Idempotency-Key``
  header): a gateway that took it the first time recognises the reference and does not send it
  again. A gateway without deduplication may then send a message twice; that is the price of
  never losing one, and it happens only after a crash in that window.
- Outcomes are written in a second transaction, only onto rows still held by this claim (same
  state and attempt count): a send that outlived its lease never overwrites a later attempt.
- Retryable errors wait ``backoff * 2**(attempt-1)`` (capped) with full jitter in its upper
  half, so senders that failed together do not retry together; after ``max_attempts`` the
  message is ``failed``. Permanent errors fail at once.
- A final state (sent, failed; opted_out and no_phone are final when queued, outbox.py) appends
  one ``notification`` change for the request's station in the same transaction as the state.

On PostgreSQL claims use FOR UPDATE SKIP LOCKED, so several senders (several HQ processes)
share the work without waiting on each other; SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from counter_hq.db import lock_changes
from counter_hq.models import HqRequest, Notification, SmsOptOut
from counter_hq.notify.changes import notification_change
from counter_hq.notify.gateways import Gateway, GatewayError
from counter_hq.notify.outbox import (
    DUE_STATES,
    FAILED,
    NO_PHONE,
    OPTED_OUT,
    RETRY,
    SENDING,
    SENT,
)
from counter_hq.notify.settings import SmsSettings

log = logging.getLogger("counter_hq.notify")


@dataclass(frozen=True)
class Claim:
    id: int
    uuid: str
    phone: str
    body: str
    attempts: int  # including this one


@dataclass(frozen=True)
class Outcome:
    claim: Claim
    gateway_ref: str | None = None
    error: GatewayError | None = None


@dataclass
class Round:
    claimed: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    lost: int = 0  # claims whose lease ran out before the outcome was written


@dataclass
class Policy:
    max_attempts: int = 10
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    lease_seconds: float = 300.0
    batch: int = 50
    workers: int = 8
    rng: random.Random = field(default_factory=random.Random)

    @classmethod
    def from_settings(cls, s: SmsSettings) -> Policy:
        return cls(
            max_attempts=s.max_attempts,
            backoff_seconds=s.backoff_seconds,
            backoff_max_seconds=s.backoff_max_seconds,
            lease_seconds=s.lease_seconds,
            batch=max(10, 4 * s.workers),
            workers=s.workers,
        )

    def delay(self, attempts: int) -> dt.timedelta:
        """Exponential, capped, jittered over its upper half (never sooner than half of it)."""
        ceiling = min(self.backoff_max_seconds, self.backoff_seconds * 2 ** (attempts - 1))
        return dt.timedelta(seconds=ceiling * (0.5 + 0.5 * self.rng.random()))


_T = cast(Table, Notification.__table__)


def claim(
    session: Session, now: dt.datetime, policy: Policy, limit: int | None = None
) -> list[Claim]:
    """Due rows (queued, retry, or sending past their lease), at most ``limit`` (the policy's
    batch), marked ``sending`` with the attempt counted; committed before any is sent.

    One statement: ``UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)
    RETURNING``, so a batch costs one round trip and a commit however many rows it holds."""
    due = or_(_T.c.state.in_(DUE_STATES), _T.c.state == SENDING)
    pick = (
        select(_T.c.id)
        .where(due, _T.c.next_attempt_at <= now)
        .order_by(_T.c.next_attempt_at, _T.c.id)
        .limit(limit or policy.batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    lease = now + dt.timedelta(seconds=policy.lease_seconds)
    marked = session.execute(
        update(_T)
        .where(_T.c.id.in_(pick))
        .values(state=SENDING, attempts=_T.c.attempts + 1, next_attempt_at=lease)
        .returning(_T.c.id, _T.c.uuid, _T.c.phone, _T.c.body, _T.c.attempts)
    ).all()
    claims = [Claim(r.id, r.uuid, r.phone, r.body, r.attempts) for r in marked if r.phone]
    # A number that opted out after its message was queued is honoured now: never sent. (A
    # row without a number is never queued by outbox.py; one edited so is not sent either.)
    phones = {c.phone for c in claims}
    opted = set(session.scalars(select(SmsOptOut.phone).where(SmsOptOut.phone.in_(phones))))
    for state, ids in (
        (OPTED_OUT, [c.id for c in claims if c.phone in opted]),
        (NO_PHONE, [r.id for r in marked if not r.phone]),
    ):
        if not ids:
            continue
        session.execute(
            update(_T)
            .where(_T.c.id.in_(ids))
            .values(state=state, next_attempt_at=None, attempts=_T.c.attempts - 1)
        )
        for row in session.scalars(select(Notification).where(Notification.id.in_(ids))):
            notification_change(session, row, _receipt(session, row.request_uuid), now)
    session.commit()
    return [c for c in claims if c.phone not in opted]


def _receipt(session: Session, request_uuid: str) -> str | None:
    return session.scalar(select(HqRequest.receipt_no).where(HqRequest.uuid == request_uuid))


def send_one(gateway: Gateway, c: Claim) -> Outcome:
    try:
        return Outcome(c, gateway_ref=gateway.send(to=c.phone, text=c.body, ref=c.uuid))
    except GatewayError as exc:
        return Outcome(c, error=exc)
    except Exception as exc:  # an adapter's bug must not lose the claim's outcome
        log.exception("SMS gateway adapter failed")
        error = GatewayError(f"adapter error: {type(exc).__name__}", retryable=True)
        return Outcome(c, error=error)


def send_all(gateway: Gateway, claims: Sequence[Claim], pool: ThreadPoolExecutor) -> list[Outcome]:
    return list(pool.map(lambda c: send_one(gateway, c), claims))


def record(
    session: Session, outcomes: Sequence[Outcome], now: dt.datetime, policy: Policy
) -> Round:
    """Each outcome onto its row when the row is still this claim's (``sending``, same attempt
    count: a claim whose lease ran out and was taken again is ``lost``, never written); final
    ones reported. A few statements per batch, whatever its size."""
    result = Round(claimed=len(outcomes))
    wanted = {o.claim.id: o for o in outcomes}
    still = session.execute(
        select(_T.c.id, _T.c.attempts)
        .where(_T.c.id.in_(wanted), _T.c.state == SENDING)
        .with_for_update()
    ).all()
    held = {r.id for r in still if r.attempts == wanted[r.id].claim.attempts}
    result.lost = len(outcomes) - len(held)
    sent: list[dict[str, Any]] = []
    retry: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for out in outcomes:
        c = out.claim
        if c.id not in held:
            continue
        if out.error is None:
            sent.append({"b_id": c.id, "b_ref": out.gateway_ref})
        elif out.error.retryable and c.attempts < policy.max_attempts:
            due = now + policy.delay(c.attempts)
            retry.append({"b_id": c.id, "b_next": due, "b_error": out.error.message})
        else:
            failed.append({"b_id": c.id, "b_error": out.error.message})
    by_id = _T.c.id == bindparam("b_id")
    for params, values in (
        (
            sent,
            {
                "state": SENT,
                "sent_at": now,
                "gateway_ref": bindparam("b_ref"),
                "next_attempt_at": None,
                "last_error": None,
            },
        ),
        (
            retry,
            {
                "state": RETRY,
                "next_attempt_at": bindparam("b_next"),
                "last_error": bindparam("b_error"),
            },
        ),
        (failed, {"state": FAILED, "next_attempt_at": None, "last_error": bindparam("b_error")}),
    ):
        if params:
            session.execute(update(_T).where(by_id).values(**values), params)  # executemany
    result.sent, result.retry, result.failed = len(sent), len(retry), len(failed)
    finals = [p["b_id"] for p in sent + failed]
    if finals:
        rows = list(session.scalars(select(Notification).where(Notification.id.in_(finals))))
        found = session.execute(
            select(HqRequest.uuid, HqRequest.receipt_no).where(
                HqRequest.uuid.in_({r.request_uuid for r in rows})
            )
        )
        receipts = {u: receipt for u, receipt in found.tuples()}
        lock_changes(session)  # once for the batch
        for row in sorted(rows, key=lambda r: r.id):
            receipt = receipts.get(row.request_uuid)
            notification_change(session, row, receipt, now, lock=False)
    session.commit()
    return result


class Sender:
    """Claims, sends and records: in rounds (``run_once``, ``drain``) or pipelined (``run``,
    until ``stop`` is set)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        gateway: Gateway,
        policy: Policy,
        *,
        clock: Callable[[], dt.datetime],
        poll_seconds: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.gateway = gateway
        self.policy = policy
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.pool = ThreadPoolExecutor(policy.workers, thread_name_prefix="sms")

    def run_once(self) -> Round:
        with self.sessions() as session:
            claims = claim(session, self.clock(), self.policy)
        if not claims:
            return Round()
        outcomes = send_all(self.gateway, claims, self.pool)
        with self.sessions() as session:
            return record(session, outcomes, self.clock(), self.policy)

    def drain(self) -> Round:
        """Rounds until nothing is due now (tests, ``notify run --once``)."""
        total = Round()
        while True:
            r = self.run_once()
            if not r.claimed:
                return total
            for name in ("claimed", "sent", "retry", "failed", "lost"):
                setattr(total, name, getattr(total, name) + getattr(r, name))

    def run(self, stop: threading.Event) -> None:
        """Send until ``stop`` is set, pipelined: up to two messages per worker in flight, a
        freed worker's place claimed again at once, outcomes recorded in batches as they come.
        A slow post (a gateway timeout) holds one worker, never a round of others. On stop,
        nothing more is claimed and what is in flight is finished and recorded."""
        results: queue.Queue[Outcome] = queue.Queue()
        window = 2 * self.policy.workers
        inflight = 0
        while True:
            stopping = stop.is_set()
            if stopping and inflight == 0:
                return
            if not stopping and inflight < window:
                try:
                    with self.sessions() as session:
                        claims = claim(session, self.clock(), self.policy, window - inflight)
                except Exception:  # the database is away: keep the loop, try again later
                    log.exception("claiming SMS failed")
                    claims = []
                for c in claims:
                    self.pool.submit(self._send_into, c, results)
                inflight += len(claims)
            if inflight == 0:
                stop.wait(self.poll_seconds)  # idle: look again later
                continue
            try:
                outcomes = [results.get(timeout=self.poll_seconds)]
            except queue.Empty:
                continue  # all in flight still: look for due messages again meanwhile
            while True:
                try:
                    outcomes.append(results.get_nowait())
                except queue.Empty:
                    break
            inflight -= len(outcomes)
            try:
                with self.sessions() as session:
                    r = record(session, outcomes, self.clock(), self.policy)
            except Exception:
                # Their rows stay ``sending``: after the lease they are sent again with the
                # same reference, which the gateway recognises (at least once, deduplicated).
                log.exception("recording SMS outcomes failed")
                continue
            if r.failed:
                log.warning("%d SMS failed for good", r.failed)

    def _send_into(self, c: Claim, results: queue.Queue[Outcome]) -> None:
        results.put(send_one(self.gateway, c))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.gateway.close()
