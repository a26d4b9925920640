"""An SMS from HQ to the citizen, end to end: a real `counter-hq serve` (file gateway) sends
the message queued with an HQ step, and the station's next sync shows on its call list what
became of it; an opted-out number is reported as not sent, never written to the gateway."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.domain.status import Status
from counter_app.services.calls import call_list
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import sync_once
from counter_hq.backoffice import record_step
from counter_hq.db import lock_changes, make_engine, session_factory
from counter_hq.models import HqRequest, Notification, SmsOptOut
from counter_hq.notify import enqueue_for_step
from counter_hq.notify.outbox import FINAL_STATES
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request


@pytest.fixture
def sms_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The gateway HQ's serve process will use (set before the `hq` fixture copies the env)."""
    out = tmp_path / "sms.jsonl"
    monkeypatch.setenv("COUNTER_HQ_SMS_GATEWAY", "file")
    monkeypatch.setenv("COUNTER_HQ_SMS_FILE", str(out))
    monkeypatch.setenv("COUNTER_HQ_SMS_POLL_SECONDS", "0.1")
    return out


def officer_step(enrolled: Enrolled, receipt: str, status: Status, text: str) -> str:
    """What the back office does for a step (office/actions.py): event, change, state and the
    citizen's message in one transaction."""
    engine = make_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    try:
        with session_factory(engine)() as s:
            lock_changes(s)
            req = s.scalars(select(HqRequest).where(HqRequest.receipt_no == receipt)).one()
            now = dt.datetime.now(dt.UTC)
            step = record_step(s, req, status, now, reason=text, actor="officer1")
            key = "message" if status is Status.NEEDS_INFO else "reason"
            note = enqueue_for_step(
                s,
                request_uuid=req.uuid,
                event_uuid=step.event_uuid,
                kind=status.value,
                now=now,
                details={key: text},
            )
            assert note is not None
            s.commit()
            return note.uuid
    finally:
        engine.dispose()


def wait_final(enrolled: Enrolled, notification_uuid: str) -> str:
    engine = make_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    try:
        deadline = time.monotonic() + 30
        while True:
            with session_factory(engine)() as s:
                state = s.scalar(
                    select(Notification.state).where(Notification.uuid == notification_uuid)
                )
            if state in FINAL_STATES or time.monotonic() > deadline:
                return str(state)
            time.sleep(0.1)
    finally:
        engine.dispose()


def opt_out(enrolled: Enrolled, phone: str) -> None:
    engine = make_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    try:
        with session_factory(engine)() as s:
            s.add(SmsOptOut(phone=phone, created_at=dt.datetime.now(dt.UTC), source="admin"))
            s.commit()
    finally:
        engine.dispose()


def test_sent_and_opted_out_reach_the_call_list(sms_file: Path, enrolled: Enrolled) -> None:
    st = enrolled.station
    first = new_request(st)  # phone 0999888777
    assert sync_once(st.ctx, client_for(st.ctx)).push.sent == 1
    sent_uuid = officer_step(enrolled, first, Status.NEEDS_INFO, "أحضر صورة الهوية ٢")

    assert wait_final(enrolled, sent_uuid) == "sent"  # written, and its change committed
    (line,) = sms_file.read_text("utf-8").splitlines()
    message = json.loads(line)
    assert message["ref"] == sent_uuid and message["to"] == "+963999888777"
    assert first in message["text"] and "أحضر صورة الهوية 2" in message["text"]

    pulled = sync_once(st.ctx, client_for(st.ctx)).pull
    assert pulled.problems == 0
    (item,) = call_list(st.ctx, st.admin)
    assert (item.receipt_no, item.status, item.sms_state) == (first, "needs_info", "sent")

    second = new_request(st, "06060606060")  # same phone, which now opts out
    assert sync_once(st.ctx, client_for(st.ctx)).push.sent == 1
    opt_out(enrolled, "+963999888777")
    officer_step(enrolled, second, Status.REJECTED, "الوثيقة منتهية الصلاحية")
    assert sync_once(st.ctx, client_for(st.ctx)).pull.problems == 0
    states = {i.receipt_no: (i.status, i.sms_state) for i in call_list(st.ctx, st.admin)}
    assert states == {first: ("needs_info", "sent"), second: ("rejected", "opted_out")}
    time.sleep(0.5)  # the sender had every chance to send it: it did not
    assert len(sms_file.read_text("utf-8").splitlines()) == 1
