"""The notification outbox: one row per event, opt-out and phone checks, the Arabic text."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_hq.errors import Invalid
from counter_hq.models import ChangeRow, Notification, SmsOptOut
from counter_hq.notify import enqueue_for_step
from counter_hq.notify.segments import count_segments
from counter_protocol.payloads import NOTIFICATION, parse_change
from tests.hq.conftest import HQ, StationClient, canonical, request_item, sha

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def pushed(station: StationClient, seq: int, phone: str | None = "0933123456") -> dict[str, Any]:
    item = request_item(station.center, station.station_no, seq)
    item["payload"]["citizen"]["phone"] = phone
    item["payload_sha256"] = sha(canonical(item["payload"]).encode("utf-8"))
    assert station.push(item)[0]["status"] == "created"
    payload: dict[str, Any] = item["payload"]
    return payload


def enqueue(hq: HQ, req: dict[str, Any], kind: str = "ready", **kw: Any) -> Notification | None:
    with hq.sessions() as s:
        row = enqueue_for_step(
            s,
            request_uuid=req["uuid"],
            event_uuid=kw.pop("event_uuid", str(uuid.uuid4())),
            kind=kind,
            now=NOW,
            details=kw.pop("details", {"collect_from": "2026-12-10", "collect_place": "النافذة 3"}),
        )
        s.commit()
        return row


def notification_changes(hq: HQ) -> list[ChangeRow]:
    with hq.sessions() as s:
        return list(s.scalars(select(ChangeRow).where(ChangeRow.kind == NOTIFICATION)))


def test_one_row_per_event_and_the_text(hq: HQ, mzh1: StationClient) -> None:
    req = pushed(mzh1, 1)
    event = str(uuid.uuid4())
    first = enqueue(hq, req, event_uuid=event)
    again = enqueue(hq, req, event_uuid=event, details={"collect_place": "غير ذلك"})
    assert first is not None and again is not None
    assert first.uuid == again.uuid
    assert hq.scalar("SELECT count(*) FROM notifications") == 1
    assert first.state == "queued" and first.phone == "+963933123456"
    assert first.center == "MZH" and first.station_no == 1
    assert req["receipt_no"] in first.body
    assert "10/12/2026" in first.body and "النافذة 3" in first.body
    assert first.segments == 1 == count_segments(first.body).segments
    assert notification_changes(hq) == []  # queued: the counter learns it once it is final


def test_same_event_twice_in_one_transaction(hq: HQ, mzh1: StationClient) -> None:
    req = pushed(mzh1, 1)
    event = str(uuid.uuid4())
    with hq.sessions() as s:
        a = enqueue_for_step(s, request_uuid=req["uuid"], event_uuid=event, kind="ready", now=NOW)
        b = enqueue_for_step(s, request_uuid=req["uuid"], event_uuid=event, kind="ready", now=NOW)
        s.commit()
        assert a is b
        assert s.scalar(select(func.count()).select_from(Notification)) == 1


def test_opted_out_phone_is_kept_not_sent(hq: HQ, mzh1: StationClient) -> None:
    req = pushed(mzh1, 1, phone="+963 933 123 456")
    with hq.sessions() as s:
        s.add(SmsOptOut(phone="+963933123456", created_at=NOW, source="admin"))
        s.commit()
    row = enqueue(hq, req, "rejected", details={"reason": "الوثيقة منتهية الصلاحية"})
    assert row is not None and row.state == "opted_out" and row.next_attempt_at is None
    (change,) = notification_changes(hq)
    payload = parse_change(NOTIFICATION, change.payload)
    assert payload.model_dump(exclude_none=True) == {
        "uuid": row.uuid,
        "request_uuid": req["uuid"],
        "receipt_no": req["receipt_no"],
        "event_uuid": row.event_uuid,
        "kind": "rejected",
        "channel": "sms",
        "state": "opted_out",
        "at": NOW.isoformat(),
        "attempts": 0,
    }
    assert (change.center, change.station_no) == ("MZH", 1)


@pytest.mark.parametrize("phone", [None, "", "not a phone", "12345", "0811223344", "٠٩٣٣"])
def test_no_phone_or_not_a_phone(hq: HQ, mzh1: StationClient, phone: str | None) -> None:
    req = pushed(mzh1, 1, phone=phone)
    row = enqueue(hq, req, "needs_info", details={"message": "أحضر صورة الهوية"})
    assert row is not None and row.state == "no_phone" and row.phone is None
    assert row.last_error == (None if not phone else "not a mobile number")
    (change,) = notification_changes(hq)
    assert change.payload["state"] == "no_phone"


def test_unknown_request_and_unknown_kind(hq: HQ, mzh1: StationClient) -> None:
    req = pushed(mzh1, 1)
    with hq.sessions() as s:
        assert (
            enqueue_for_step(
                s,
                request_uuid=str(uuid.uuid4()),
                event_uuid=str(uuid.uuid4()),
                kind="ready",
                now=NOW,
            )
            is None
        )
        with pytest.raises(Invalid):
            enqueue_for_step(
                s, request_uuid=req["uuid"], event_uuid=str(uuid.uuid4()), kind="sent", now=NOW
            )
    assert hq.scalar("SELECT count(*) FROM notifications") == 0


def test_arabic_and_digits_round_trip(hq: HQ, mzh1: StationClient) -> None:
    """Arabic-Indic digits in the agency's message become ASCII; nothing turns to mojibake on
    its way through PostgreSQL."""
    req = pushed(mzh1, 1)
    row = enqueue(hq, req, "needs_info", details={"message": "أحضر ٢ صورة شخصية قبل ١٥/١٢"})
    assert row is not None
    with hq.sessions() as s:
        body = s.scalars(select(Notification.body)).one()
    assert body == row.body
    assert "2 صورة شخصية قبل 15/12" in body
    body.encode("utf-16-be")  # representable in UCS-2
    assert "Ø" not in body and "\ufffd" not in body
