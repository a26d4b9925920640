"""The outbox and the sender on HQ's embedded SQLite (one sender; no SKIP LOCKED there)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from sqlalchemy import select

from counter_hq.db import make_engine, session_factory, upgrade_schema
from counter_hq.models import Center, ChangeRow, HqRequest, Notification, SmsOptOut
from counter_hq.notify import enqueue_for_step
from counter_hq.notify.gateways.file import FileGateway
from counter_hq.notify.sender import Policy, Sender

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def test_queue_send_and_report_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    upgrade_schema(engine)
    sessions = session_factory(engine)
    with sessions() as s:
        s.add(Center(code="MZH", name="مركز المزة", created_at=NOW))
        for i, phone in enumerate(("0933000001", "0933000002", "0933000003")):
            s.add(
                HqRequest(
                    uuid=f"00000000-0000-4000-8000-00000000000{i}",
                    item_id=str(uuid.uuid4()),
                    center="MZH",
                    station_no=1,
                    receipt_no=f"MZH-01-26-00000{i}-00",
                    received_at=NOW,
                    local_day=NOW.date(),
                    service="INT-CRIM",
                    content_sha256="0" * 64,
                    payload={"citizen": {"phone": phone}},
                    ingested_at=NOW,
                )
            )
        s.add(SmsOptOut(phone="+963933000003", created_at=NOW, source="admin"))
        s.commit()
        for i in range(3):
            row = enqueue_for_step(
                s,
                request_uuid=f"00000000-0000-4000-8000-00000000000{i}",
                event_uuid=f"e{i}",
                kind="ready",
                now=NOW,
            )
            assert row is not None
        s.commit()
    out = tmp_path / "sms.jsonl"
    sender = Sender(sessions, FileGateway(out), Policy(), clock=lambda: NOW)
    try:
        assert sender.drain().sent == 2
        assert sender.drain().claimed == 0
    finally:
        sender.close()
    sent = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sorted(m["to"] for m in sent) == ["+963933000001", "+963933000002"]
    with sessions() as s:
        found = s.execute(select(Notification.event_uuid, Notification.state)).tuples()
        states = {event: state for event, state in found}
        feed = [c.payload["state"] for c in s.scalars(select(ChangeRow).order_by(ChangeRow.seq))]
    assert states == {"e0": "sent", "e1": "sent", "e2": "opted_out"}
    assert sorted(feed) == ["opted_out", "sent", "sent"]
    engine.dispose()
