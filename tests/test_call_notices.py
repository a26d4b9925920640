"""HQ's reports of the SMS it sent (``notification`` changes) pulled into the station, and the
call list: ready, needs-information and rejected requests, with what their SMS did."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from counter_app.domain.errors import Conflict
from counter_app.services.calls import call_list, record_call
from counter_app.services.requests import show_request
from counter_app.services.sync_state import quarantine_list
from counter_app.store.models_notices import SmsNotice
from counter_app.sync.problems import reason_words
from counter_app.sync.pull import pull_changes
from counter_protocol.wire import Change, PullResponse
from tests.conftest import Station
from tests.ui.keys_lookup import submit


class FeedClient:
    """HQ's change feed, as much of it as a test gives (only ``changes`` is called)."""

    def __init__(self) -> None:
        self.feed: list[Change] = []

    def add(self, kind: str, payload: dict[str, Any]) -> None:
        self.feed.append(Change(seq=len(self.feed) + 1, kind=kind, payload=payload))

    def changes(self, cursor: int, limit: int, mark: str | None = None) -> PullResponse:
        page = tuple(c for c in self.feed if c.seq > cursor)[:limit]
        last = page[-1].seq if page else cursor
        return PullResponse(changes=page, cursor=last, more=last < len(self.feed))


def step(hq: FeedClient, station: Station, receipt: str, status: str, reason: str | None) -> str:
    req = show_request(station.ctx, station.admin, receipt)
    event = str(uuid.uuid4())
    at = station.clock() + dt.timedelta(minutes=1)
    hq.add(
        "status_event",
        {
            "request_uuid": req.uuid,
            "receipt_no": receipt,
            "uuid": event,
            "status": status,
            "at": at.isoformat(),
            "actor": "officer1",
            "station": "HQ",
            "reason": reason,
            "origin": "hq",
        },
    )
    return event


def notice(
    hq: FeedClient, station: Station, receipt: str, kind: str, state: str, **extra: Any
) -> str:
    req = show_request(station.ctx, station.admin, receipt)
    ident = str(extra.pop("uuid", uuid.uuid4()))
    hq.add(
        "notification",
        {
            "uuid": ident,
            "request_uuid": req.uuid,
            "receipt_no": receipt,
            "event_uuid": str(uuid.uuid4()),
            "kind": kind,
            "channel": "sms",
            "state": state,
            "at": (station.clock() + dt.timedelta(minutes=2)).isoformat(),
            "attempts": 1,
            **extra,
        },
    )
    return ident


def test_call_list_covers_needs_info_and_rejected_with_sms_states(station: Station) -> None:
    ready = submit(station, nid="01010101010")
    info = submit(station, nid="02020202020", phone="0955000222")
    rejected = submit(station, nid="03030303030", phone="0966000333")
    untold = submit(station, nid="04040404040")
    waiting = submit(station, nid="05050505050")  # in HQ's hands: not on the list
    hq = FeedClient()
    step(hq, station, ready, "ready", None)
    notice(hq, station, ready, "ready", "sent")
    step(hq, station, info, "needs_info", "أحضر صورة الهوية")
    notice(hq, station, info, "needs_info", "opted_out", attempts=0)
    step(hq, station, rejected, "rejected", "الوثيقة منتهية")
    notice(hq, station, rejected, "rejected", "failed", attempts=10, error="gateway timed out")
    step(hq, station, untold, "needs_info", "راجع المركز")
    notice(hq, station, untold, "needs_info", "no_phone", attempts=0)
    step(hq, station, waiting, "in_progress", None)
    stats = pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    assert (stats.applied, stats.problems) == (9, 0)

    items = {i.receipt_no: i for i in call_list(station.ctx, station.admin)}
    assert set(items) == {ready, info, rejected, untold}
    assert (items[ready].status, items[ready].sms_state) == ("ready", "sent")
    assert (items[info].status, items[info].sms_state) == ("needs_info", "opted_out")
    assert (items[rejected].sms_state, items[rejected].sms_error) == ("failed", "gateway timed out")
    assert items[untold].sms_state == "no_phone"

    # A needs-information or rejected request leaves the list once a call reached the citizen;
    # a call that did not reach them keeps it there. A ready one stays until handed over.
    record_call(station.ctx, station.clerk, rejected, "no_answer")
    assert rejected in {i.receipt_no for i in call_list(station.ctx, station.admin)}
    station.clock.advance(minutes=5)
    record_call(station.ctx, station.clerk, rejected, "called", "أُبلغ بالرفض")
    record_call(station.ctx, station.clerk, info, "called")
    record_call(station.ctx, station.clerk, ready, "called")
    assert {i.receipt_no for i in call_list(station.ctx, station.admin)} == {ready, untold}
    with pytest.raises(Conflict):
        record_call(station.ctx, station.clerk, waiting, "called")


def test_an_answered_complaint_shows_its_answer_sms(station: Station) -> None:
    # HQ answers a complaint with a ready step and an "answer" message (office/complaints.py):
    # the clerk calling about it must see that message, not "no SMS".
    receipt = submit(station)
    other = submit(station, nid="06060606060")
    hq = FeedClient()
    step(hq, station, receipt, "ready", None)
    notice(hq, station, receipt, "answer", "sent")
    step(hq, station, other, "ready", None)
    notice(hq, station, other, "needs_info", "sent")  # an earlier step's message: not this one
    pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    items = {i.receipt_no: i for i in call_list(station.ctx, station.admin)}
    assert items[receipt].sms_state == "sent"
    assert items[other].sms_state is None


def test_a_later_report_of_the_same_message_updates_it(station: Station) -> None:
    receipt = submit(station)
    hq = FeedClient()
    step(hq, station, receipt, "ready", None)
    event = str(uuid.uuid4())
    ident = notice(
        hq, station, receipt, "ready", "failed", attempts=3, error="gateway 500", event_uuid=event
    )
    pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    assert call_list(station.ctx, station.admin)[0].sms_state == "failed"
    notice(hq, station, receipt, "ready", "sent", uuid=ident, attempts=4, event_uuid=event)
    # The same report again (HQ's feed pulled again after a cursor reset): nothing changes.
    notice(hq, station, receipt, "ready", "sent", uuid=ident, attempts=4, event_uuid=event)
    stats = pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    assert (stats.applied, stats.skipped) == (1, 1)
    with station.ctx.store.read() as s:
        (row,) = s.scalars(select(SmsNotice)).all()
        assert (row.state, row.attempts, row.error) == ("sent", 4, None)
    assert call_list(station.ctx, station.admin)[0].sms_state == "sent"


def test_an_sms_for_an_earlier_step_is_not_shown_for_the_current_one(station: Station) -> None:
    receipt = submit(station)
    hq = FeedClient()
    step(hq, station, receipt, "needs_info", "أحضر الهوية")
    notice(hq, station, receipt, "needs_info", "sent")
    station.clock.advance(minutes=10)
    step(hq, station, receipt, "ready", None)  # its SMS not reported yet
    pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    (item,) = call_list(station.ctx, station.admin)
    assert (item.status, item.sms_state) == ("ready", None)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"uuid": None}, "carries no identifier"),
        ({"state": "delivered_maybe"}, "says delivered_maybe"),
        ({"kind": "birthday"}, "says birthday"),
        (
            {"request_uuid": "00000000-0000-4000-8000-000000000000", "receipt_no": None},
            "No request",
        ),
        ({"at": "yesterday"}, "cannot be read"),
    ],
)
def test_a_report_that_cannot_be_used_is_kept_for_a_person(
    station: Station, change: dict[str, Any], reason: str
) -> None:
    receipt = submit(station)
    hq = FeedClient()
    notice(hq, station, receipt, "ready", "sent")
    payload = hq.feed[0].payload
    for key, value in change.items():
        if value is None:
            payload.pop(key)
        else:
            payload[key] = value
    stats = pull_changes(station.ctx, hq)  # type: ignore[arg-type]
    assert (stats.applied, stats.problems) == (0, 1)
    (problem,) = [
        e for e in quarantine_list(station.ctx, station.admin) if e.kind == "notification"
    ]
    assert reason in reason_words(problem.reason, lambda msgid: msgid)
    with station.ctx.store.read() as s:
        assert s.scalars(select(SmsNotice)).all() == []
