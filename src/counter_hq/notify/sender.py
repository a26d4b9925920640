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
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from counter_hq.models import HqRequest, Notification, SmsOptOut
from counter_hq.notify.changes import notification_change
from counter_hq.notify.gateways import Gateway, GatewayError
from counter_hq.notify.outbox import DUE_STATES, FAILED, OPTED_OUT, RETRY, SENDING, SENT
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


def claim(session: Session, now: dt.datetime, policy: Policy) -> list[Claim]:
    """Due rows (queued, retry, or sending past their lease) marked ``sending`` with the
    attempt counted; committed before any is sent."""
    due = or_(Notification.state.in_(DUE_STATES), Notification.state == SENDING)
    stmt = (
        select(Notification)
        .where(due, Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(policy.batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.scalars(stmt))
    # A number that opted out after its message was queued is honoured now: never sent.
    opted = set(
        session.scalars(
            select(SmsOptOut.phone).where(SmsOptOut.phone.in_({r.phone for r in rows if r.phone}))
        )
    )
    lease = now + dt.timedelta(seconds=policy.lease_seconds)
    claims = []
    for row in rows:
        if row.phone in opted:
            row.state, row.next_attempt_at = OPTED_OUT, None
            session.flush()
            notification_change(session, row, _receipt(session, row.request_uuid), now)
            continue
        row.state = SENDING
        row.attempts += 1
        row.next_attempt_at = lease
        assert row.phone is not None  # a queued row has a number (outbox.py)
        claims.append(Claim(row.id, row.uuid, row.phone, row.body, row.attempts))
    session.commit()
    return claims


def _receipt(session: Session, request_uuid: str) -> str | None:
    return session.scalar(select(HqRequest.receipt_no).where(HqRequest.uuid == request_uuid))


def send_all(gateway: Gateway, claims: Sequence[Claim], pool: ThreadPoolExecutor) -> list[Outcome]:
    def one(c: Claim) -> Outcome:
        try:
            return Outcome(c, gateway_ref=gateway.send(to=c.phone, text=c.body, ref=c.uuid))
        except GatewayError as exc:
            return Outcome(c, error=exc)
        except Exception as exc:  # an adapter's bug must not lose the claim's outcome
            log.exception("SMS gateway adapter failed")
            return Outcome(
                c, error=GatewayError(f"adapter error: {type(exc).__name__}", retryable=True)
            )

    return list(pool.map(one, claims))


def record(
    session: Session, outcomes: Sequence[Outcome], now: dt.datetime, policy: Policy
) -> Round:
    """Each outcome onto its row when the row is still this claim's; final ones reported."""
    result = Round(claimed=len(outcomes))
    finals: list[int] = []
    for out in outcomes:
        c = out.claim
        held = and_(
            Notification.id == c.id,
            Notification.state == SENDING,
            Notification.attempts == c.attempts,
        )
        if out.error is None:
            values: dict[str, object] = {
                "state": SENT,
                "sent_at": now,
                "gateway_ref": out.gateway_ref,
                "next_attempt_at": None,
                "last_error": None,
            }
        elif out.error.retryable and c.attempts < policy.max_attempts:
            values = {
                "state": RETRY,
                "next_attempt_at": now + policy.delay(c.attempts),
                "last_error": out.error.message,
            }
        else:
            values = {"state": FAILED, "next_attempt_at": None, "last_error": out.error.message}
        written = session.execute(update(Notification).where(held).values(**values))
        done = cast(CursorResult[Any], written).rowcount
        if not done:
            result.lost += 1
            continue
        if values["state"] == SENT:
            result.sent += 1
            finals.append(c.id)
        elif values["state"] == FAILED:
            result.failed += 1
            finals.append(c.id)
        else:
            result.retry += 1
    if finals:
        rows = list(session.scalars(select(Notification).where(Notification.id.in_(finals))))
        found = session.execute(
            select(HqRequest.uuid, HqRequest.receipt_no).where(
                HqRequest.uuid.in_({r.request_uuid for r in rows})
            )
        )
        receipts = {u: receipt for u, receipt in found.tuples()}
        for row in sorted(rows, key=lambda r: r.id):
            notification_change(session, row, receipts.get(row.request_uuid), now)
    session.commit()
    return result


class Sender:
    """Claims, sends and records in rounds; ``run`` loops until ``stop`` is set."""

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
        while not stop.is_set():
            try:
                r = self.run_once()
            except Exception:  # the database is away: keep the loop, try again after a pause
                log.exception("sending SMS failed")
                r = Round()
            if r.failed:
                log.warning("%d SMS failed for good", r.failed)
            if r.claimed < self.policy.batch:
                stop.wait(self.poll_seconds)  # idle (or little to do): look again later

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.gateway.close()
