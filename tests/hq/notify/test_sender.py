"""The sender through real gateways: a file, and a fake HTTP gateway process that fails 30 %
of sends and answers garbage; every message delivered exactly once, states final and right,
one change per message for the counter."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text

from counter_hq.models import ChangeRow, Notification
from counter_hq.notify.gateways import GatewayError
from counter_hq.notify.gateways.file import FileGateway
from counter_hq.notify.gateways.http import HttpGateway
from counter_hq.notify.outbox import FINAL_STATES
from counter_hq.notify.sender import Outcome, Policy, Sender, claim, record
from counter_hq.notify.settings import DEFAULT_BODY
from counter_protocol.payloads import NOTIFICATION, parse_change
from tests.hq.conftest import HQ, StationClient
from tests.hq.fake_gateway import Running
from tests.hq.notify.helpers import push_requests, queue


def rows(hq: HQ) -> list[Notification]:
    with hq.sessions() as s:
        return list(s.scalars(select(Notification).order_by(Notification.id)))


def changes(hq: HQ) -> list[ChangeRow]:
    with hq.sessions() as s:
        return list(
            s.scalars(
                select(ChangeRow).where(ChangeRow.kind == NOTIFICATION).order_by(ChangeRow.seq)
            )
        )


def drain_until_final(hq: HQ, sender: Sender, rounds: int = 60) -> None:
    for _ in range(rounds):
        sender.drain()
        if all(r.state in FINAL_STATES for r in rows(hq)):
            return
        hq.clock.advance(seconds=sender.policy.backoff_max_seconds + 1)  # retries come due
    raise AssertionError(Counter(r.state for r in rows(hq)))


def test_file_gateway_sends_each_once(hq: HQ, mzh1: StationClient, tmp_path: Path) -> None:
    queued = queue(hq, push_requests(mzh1, 5))
    out = tmp_path / "sms.jsonl"
    sender = Sender(hq.sessions, FileGateway(out), Policy(), clock=hq.clock)
    try:
        assert sender.drain().sent == 5
        assert sender.drain().claimed == 0  # nothing twice
    finally:
        sender.close()
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sorted(m["ref"] for m in lines) == sorted(r.uuid for r in queued)
    assert all(m["to"] == "+963933123456" for m in lines)
    assert {m["text"] for m in lines} == {r.body for r in queued}
    assert all(r.state == "sent" and r.attempts == 1 and r.sent_at == hq.clock() for r in rows(hq))
    assert len(changes(hq)) == 5


# 500 messages through a gateway that fails, hangs and resets: ~50 s on the loaded test machine.
@pytest.mark.slow
def test_500_through_a_failing_gateway_exactly_once(hq: HQ, mzh1: StationClient) -> None:
    requests = push_requests(mzh1, 500)
    queued = {r.uuid: r for r in queue(hq, requests)}
    policy = Policy(max_attempts=40, backoff_seconds=1, backoff_max_seconds=8, workers=8)
    policy.rng = random.Random(7)
    with Running(fail_rate=0.3, hang=0.6, seed=15) as gw:
        gateway = HttpGateway(
            gw.url + "/send",
            body=DEFAULT_BODY,
            timeout=0.3,
            success_field="status",
            success_value="accepted",
            id_field="id",
            connections=8,
        )
        sender = Sender(hq.sessions, gateway, policy, clock=hq.clock)
        try:
            drain_until_final(hq, sender)
        finally:
            sender.close()
        report = gw.report()
    # The gateway saw failures of every kind, and delivered each message once.
    assert report["posts"] > 500
    assert {"before_500", "before_reset", "before_hang", "after_reset", "after_junk"} <= set(
        report["fates"]
    )
    assert report["mismatches"] == []
    delivered = report["delivered"]
    assert set(delivered) == set(queued)
    for ref, message in delivered.items():
        assert message["text"] == queued[ref].body and message["to"] == "+963933123456"
    retried = sum(1 for m in delivered.values() if m["posts"] > 1)
    assert retried > 20  # accepted-then-lost answers were sent again and deduplicated
    # Every row final and sent, with the gateway's id; attempts as many as the posts for it.
    final = rows(hq)
    assert {r.state for r in final} == {"sent"}
    for r in final:
        assert r.gateway_ref == delivered[r.uuid]["id"]
        assert r.attempts >= delivered[r.uuid]["posts"]
    # One change per message, naming it and its request, for the request's station.
    feed = changes(hq)
    assert sorted(c.payload["uuid"] for c in feed) == sorted(queued)
    by_uuid = {req["uuid"]: req["receipt_no"] for req in requests}
    for c in feed:
        p = parse_change(NOTIFICATION, c.payload)
        assert (c.center, c.station_no) == ("MZH", 1)
        assert p.state == "sent" and p.kind == "ready" and p.channel == "sms"  # type: ignore[attr-defined]
        assert p.receipt_no == by_uuid[p.request_uuid]  # type: ignore[attr-defined]


def test_crash_after_sending_resends_same_reference(hq: HQ, mzh1: StationClient) -> None:
    """A sender that dies after the gateway took the message: the row stays ``sending`` with
    the attempt counted; after the lease another sender sends it with the same reference, the
    gateway deduplicates, and the row ends ``sent`` with one change."""
    (queued,) = queue(hq, push_requests(mzh1, 1))
    policy = Policy(lease_seconds=60)
    with Running(fail_rate=0.0) as gw:
        gateway = HttpGateway(gw.url + "/send", body=DEFAULT_BODY, timeout=5)
        with hq.sessions() as s:
            (c,) = claim(s, hq.clock(), policy)
        gateway.send(to=c.phone, text=c.body, ref=c.uuid)  # ... and the process dies here
        (row,) = rows(hq)
        assert (row.state, row.attempts) == ("sending", 1)
        sender = Sender(hq.sessions, gateway, policy, clock=hq.clock)
        try:
            assert sender.drain().claimed == 0  # within the lease: nobody touches it
            hq.clock.advance(seconds=61)
            assert sender.drain().sent == 1
        finally:
            sender.close()
        report = gw.report()
    assert report["delivered"][queued.uuid]["posts"] == 2
    assert len(report["delivered"]) == 1
    (row,) = rows(hq)
    assert (row.state, row.attempts) == ("sent", 2)
    assert len(changes(hq)) == 1


def test_an_outcome_after_the_lease_is_not_written(hq: HQ, mzh1: StationClient) -> None:
    """A send that outlived its lease: another sender claimed the row again meanwhile; the
    late outcome must not overwrite the later attempt (it is counted as lost)."""
    queue(hq, push_requests(mzh1, 1))
    policy = Policy(lease_seconds=60)
    with hq.sessions() as s:
        (first,) = claim(s, hq.clock(), policy)
    hq.clock.advance(seconds=61)
    with hq.sessions() as s:
        (second,) = claim(s, hq.clock(), policy)
    assert (first.uuid, first.attempts, second.attempts) == (second.uuid, 1, 2)
    with hq.sessions() as s:
        late = record(s, [Outcome(first, gateway_ref="gw-1")], hq.clock(), policy)
    assert (late.lost, late.sent) == (1, 0)
    (row,) = rows(hq)
    assert (row.state, row.attempts, row.gateway_ref) == ("sending", 2, None)
    assert changes(hq) == []
    with hq.sessions() as s:
        done = record(s, [Outcome(second, gateway_ref="gw-2")], hq.clock(), policy)
    assert (done.lost, done.sent) == (0, 1)
    (row,) = rows(hq)
    assert (row.state, row.gateway_ref) == ("sent", "gw-2")
    assert len(changes(hq)) == 1


def test_a_row_without_a_number_is_never_sent(hq: HQ, mzh1: StationClient) -> None:
    queue(hq, push_requests(mzh1, 1))
    with hq.engine.begin() as conn:  # edited around the outbox
        conn.execute(text("UPDATE notifications SET phone = NULL"))
    gateway = Refusing(retryable=True)
    sender = Sender(hq.sessions, gateway, Policy(), clock=hq.clock)
    try:
        assert sender.drain().claimed == 0
    finally:
        sender.close()
    assert gateway.calls == 0
    (row,) = rows(hq)
    assert (row.state, row.attempts) == ("no_phone", 0)
    assert [c.payload["state"] for c in changes(hq)] == ["no_phone"]


class Refusing:
    """A gateway that refuses (permanent) or fails (retryable) every message."""

    def __init__(self, retryable: bool) -> None:
        self.retryable = retryable
        self.calls = 0

    def send(self, *, to: str, text: str, ref: str) -> str | None:
        self.calls += 1
        raise GatewayError("gateway refused the message: 400", retryable=self.retryable)

    def close(self) -> None:
        return None


def test_permanent_error_fails_at_once(hq: HQ, mzh1: StationClient) -> None:
    queue(hq, push_requests(mzh1, 2))
    gateway = Refusing(retryable=False)
    sender = Sender(hq.sessions, gateway, Policy(), clock=hq.clock)
    try:
        sender.drain()
    finally:
        sender.close()
    assert gateway.calls == 2
    assert {(r.state, r.attempts, r.last_error) for r in rows(hq)} == {
        ("failed", 1, "gateway refused the message: 400")
    }
    assert [c.payload["state"] for c in changes(hq)] == ["failed", "failed"]
    assert all(c.payload["error"] == "gateway refused the message: 400" for c in changes(hq))


def test_retries_back_off_then_fail(hq: HQ, mzh1: StationClient) -> None:
    queue(hq, push_requests(mzh1, 1))
    gateway = Refusing(retryable=True)
    policy = Policy(max_attempts=4, backoff_seconds=10, backoff_max_seconds=1000)
    sender = Sender(hq.sessions, gateway, policy, clock=hq.clock)
    start = hq.clock()
    waits = []
    try:
        for attempt in range(1, 5):
            assert sender.drain().claimed == 1
            (row,) = rows(hq)
            assert row.attempts == attempt
            if attempt < 4:
                assert row.state == "retry" and row.next_attempt_at is not None
                wait = (row.next_attempt_at - hq.clock()).total_seconds()
                waits.append(wait)
                assert 10 * 2 ** (attempt - 1) / 2 <= wait <= 10 * 2 ** (attempt - 1)
                assert sender.drain().claimed == 0  # not before its time
                hq.clock.now = row.next_attempt_at
    finally:
        sender.close()
    (row,) = rows(hq)
    assert row.state == "failed" and row.next_attempt_at is None
    assert gateway.calls == 4 and hq.clock() > start
    assert len(changes(hq)) == 1
