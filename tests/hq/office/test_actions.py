"""Back-office steps on PostgreSQL: each one transaction (event, pulled change with the agency and
collection, state, audit, SMS), allowed only from the right status and to the right people,
bad input refused with nothing written, and a selection done request by request."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counter_hq.backoffice import set_status
from counter_hq.errors import ConflictError, Forbidden, Invalid, NotFoundError
from counter_hq.models import ChangeRow, HqAudit, HqRequestEvent, Notification
from counter_hq.office import actions as a
from counter_hq.office.access import WebUser
from counter_hq.signing import signer_for, step_message
from counter_protocol.payloads import STATUS_EVENT, StatusEventChange, parse_change
from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, World


@pytest.fixture
def world(hq: HQ) -> World:
    return World(hq)


def _do(world: World, user: WebUser, req: dict[str, Any], item: a.ActionInput) -> a.ActionDone:
    with world.hq.sessions() as s:
        return a.apply_action(s, user, req["receipt_no"], item, now=NOW)


def _written(world: World, req: dict[str, Any]) -> tuple[int, int, int, int]:
    """HQ events, changes, audit rows and messages for ``req`` (to show nothing was written)."""
    return (
        world.count(HqRequestEvent, HqRequestEvent.request_uuid == req["uuid"]),
        world.count(ChangeRow, ChangeRow.kind == STATUS_EVENT),
        world.count(HqAudit, HqAudit.target == req["receipt_no"]),
        world.count(Notification, Notification.request_uuid == req["uuid"]),
    )


def _pulled_steps(world: World, center: str = "MZH") -> list[dict[str, Any]]:
    resp = world.station(center).get("/changes", params={"cursor": 0})
    assert resp.status_code == 200, resp.text
    return [c["payload"] for c in resp.json()["changes"] if c["kind"] == STATUS_EVENT]


def test_accept_is_one_step_with_its_change_state_and_audit(world: World) -> None:
    req = world.request()
    done = _do(world, world.moi, req, a.ActionInput(a.Action.ACCEPT))
    assert done.status == "in_progress" and done.notification is None
    with world.hq.sessions() as s:
        ev = s.execute(
            select(HqRequestEvent).where(HqRequestEvent.uuid == done.event_uuid)
        ).scalar_one()
        assert (ev.origin, ev.station, ev.actor, ev.status) == ("hq", "HQ", "Moi1", "in_progress")
        audit = s.execute(select(HqAudit).where(HqAudit.target == req["receipt_no"])).scalar_one()
        assert audit.user_id == world.moi.id and audit.action == "request.accept"
        assert audit.details is not None and audit.details["event"] == done.event_uuid
    state = world.state(req["uuid"])
    assert (state.status, state.open, state.status_at) == ("in_progress", True, NOW)
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == done.event_uuid]
    assert step["agency"] == "MOI" and step["agency_name_ar"] == "وزارة الداخلية"
    assert step["agency_name_en"] == "Interior"
    assert "collect_from" not in step and "collect_place" not in step
    assert world.count(Notification, Notification.request_uuid == req["uuid"]) == 0


def test_ready_carries_where_and_from_when_and_queues_one_sms(world: World) -> None:
    req = world.request()
    item = a.ActionInput(
        a.Action.READY, collect_from=dt.date(2026, 11, 24), collect_place=" النافذة 3 "
    )
    done = _do(world, world.moi, req, item)
    assert done.status == "ready" and done.notification == "queued"
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == done.event_uuid]
    parsed = parse_change(STATUS_EVENT, step)
    assert isinstance(parsed, StatusEventChange)
    assert (parsed.status, parsed.collect_from, parsed.collect_place) == (
        "ready",
        "2026-11-24",
        "النافذة 3",
    )
    assert parsed.agency == "MOI" and parsed.actor == "Moi1" and parsed.origin == "hq"
    state = world.state(req["uuid"])
    assert (state.status, state.open) == ("ready", False)
    with world.hq.sessions() as s:
        (note,) = s.execute(
            select(Notification).where(Notification.request_uuid == req["uuid"])
        ).scalars()
        assert (note.kind, note.event_uuid, note.state) == ("ready", done.event_uuid, "queued")
        assert req["receipt_no"] in note.body and "النافذة 3" in note.body


def test_ready_without_a_place_names_the_center(world: World) -> None:
    req = world.request()
    done = _do(
        world, world.moi, req, a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23))
    )
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == done.event_uuid]
    assert step["collect_place"] == "Center MZH"


@pytest.mark.parametrize(
    ("day", "msgid"),
    [
        (dt.date(2026, 11, 21), "The collection day {day} is in the past"),
        (dt.date(2026, 11, 27), "The collection day {day} is not a working day"),  # a Friday
        (dt.date(2026, 12, 8), "The collection day {day} is not a working day"),  # a holiday
        (dt.date(2028, 1, 2), "The collection day {day} is more than a year ahead"),
        (None, "Give the day the citizen can collect from"),
    ],
)
def test_ready_with_a_bad_day_is_refused_and_changes_nothing(
    world: World, day: dt.date | None, msgid: str
) -> None:
    req = world.request()
    before = _written(world, req)
    status = world.state(req["uuid"]).status  # submitted, or forwarded by HQ's routing
    with pytest.raises(Invalid) as caught:
        _do(world, world.moi, req, a.ActionInput(a.Action.READY, collect_from=day))
    assert caught.value.message == msgid
    assert _written(world, req) == before
    assert world.state(req["uuid"]).status == status


@pytest.mark.parametrize(
    ("place", "msgid"),
    [
        ("النافذة\n3", "The text may not hold control characters"),  # one line on the SMS
        ("x\x1b[2J", "The text may not hold control characters"),
        ("م" * 201, "The text has {n} characters; at most {most} are allowed"),
    ],
)
def test_a_bad_collection_place_is_refused_and_changes_nothing(
    world: World, place: str, msgid: str
) -> None:
    req = world.request()
    before = _written(world, req)
    item = a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23), collect_place=place)
    with pytest.raises(Invalid) as caught:
        _do(world, world.moi, req, item)
    assert caught.value.message == msgid
    assert _written(world, req) == before


def test_today_is_a_collection_day(world: World) -> None:
    req = world.request()
    done = _do(world, world.moi, req, a.ActionInput(a.Action.READY, collect_from=NOW.date()))
    assert done.status == "ready"


@pytest.mark.parametrize(
    ("action", "text", "msgid"),
    [
        (a.Action.NEEDS_INFO, None, "Write the message the citizen will receive"),
        (a.Action.NEEDS_INFO, "  \n ", "Write the message the citizen will receive"),
        (a.Action.REJECT, "", "A reason is required to reject a request"),
        (a.Action.REJECT, "bad\x00byte", "The text may not hold control characters"),
        (a.Action.NEEDS_INFO, "bell\x07", "The text may not hold control characters"),
        (
            a.Action.NEEDS_INFO,
            "ا" * 1001,
            "The text has {n} characters; at most {most} are allowed",
        ),
    ],
)
def test_a_missing_or_bad_message_is_refused_and_changes_nothing(
    world: World, action: a.Action, text: str | None, msgid: str
) -> None:
    req = world.request()
    before = _written(world, req)
    with pytest.raises(Invalid) as caught:
        _do(world, world.moi, req, a.ActionInput(action, text=text))
    assert caught.value.message == msgid
    assert _written(world, req) == before


def test_needs_info_sends_the_message_cleaned(world: World) -> None:
    req = world.request()
    text = "  أحضر صورة الهوية\r\nمع الإيصال  "
    done = _do(world, world.moi, req, a.ActionInput(a.Action.NEEDS_INFO, text=text))
    with world.hq.sessions() as s:
        ev = s.execute(
            select(HqRequestEvent).where(HqRequestEvent.uuid == done.event_uuid)
        ).scalar_one()
        assert ev.reason == "أحضر صورة الهوية\nمع الإيصال"
        note = s.execute(
            select(Notification).where(Notification.event_uuid == done.event_uuid)
        ).scalar_one()
        assert note.kind == "needs_info" and "أحضر صورة الهوية" in note.body


def test_script_in_a_reason_is_kept_as_text(world: World) -> None:
    """Escaping is the page's (Jinja2 autoescape); the step keeps exactly what was typed."""
    req = world.request()
    reason = "<script>alert(1)</script>"
    done = _do(world, world.moi, req, a.ActionInput(a.Action.REJECT, text=reason))
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == done.event_uuid]
    assert step["reason"] == reason and step["status"] == "rejected"
    assert world.state(req["uuid"]).open is False


def test_a_step_not_allowed_from_the_current_status_is_409_and_changes_nothing(
    world: World,
) -> None:
    req = world.request()
    _do(world, world.moi, req, a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23)))
    before = _written(world, req)
    for item in (
        a.ActionInput(a.Action.ACCEPT),
        a.ActionInput(a.Action.REJECT, text="late"),
        a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 24)),
    ):
        with pytest.raises(ConflictError) as caught:
            _do(world, world.moi, req, item)
        assert caught.value.status == 409
        assert caught.value.message == "A request that is {current} cannot become {target}"
        assert caught.value.extra["current"] == "ready"
    assert _written(world, req) == before
    assert world.state(req["uuid"]).status == "ready"


def test_accept_twice_is_refused(world: World) -> None:
    req = world.request()
    _do(world, world.moi, req, a.ActionInput(a.Action.ACCEPT))
    with pytest.raises(ConflictError):
        _do(world, world.moi, req, a.ActionInput(a.Action.ACCEPT))


def test_who_may_act(world: World) -> None:
    req = world.request(agency="MOI")
    before = _written(world, req)
    with pytest.raises(NotFoundError) as caught:  # another agency's: not even "forbidden"
        _do(world, world.mosal, req, a.ActionInput(a.Action.ACCEPT))
    assert caught.value.message == "No such request"
    with pytest.raises(NotFoundError):  # a supervisor of another center
        _do(world, world.sal_supervisor, req, a.ActionInput(a.Action.ACCEPT))
    with pytest.raises(Forbidden):  # the center's supervisor sees it, never changes it
        _do(world, world.mzh_supervisor, req, a.ActionInput(a.Action.ACCEPT))
    with pytest.raises(NotFoundError), world.hq.sessions() as s:  # by UUID too
        a.accept(s, world.mosal, req["uuid"], now=NOW)
    assert _written(world, req) == before
    assert _do(world, world.admin, req, a.ActionInput(a.Action.ACCEPT)).status == "in_progress"
    unrouted = world.request(agency=None)
    with pytest.raises(NotFoundError):  # held by no agency: no officer's
        _do(world, world.moi, unrouted, a.ActionInput(a.Action.ACCEPT))


def test_an_unknown_request_is_not_found(world: World) -> None:
    with world.hq.sessions() as s:
        for ref in (
            "MZH-01-26-999999-00",
            "not a receipt",
            "0" * 8 + "-0000-0000-0000-" + "0" * 12,
        ):
            with pytest.raises(NotFoundError):
                a.accept(s, world.admin, ref, now=NOW)


def test_each_step_queues_its_own_message_once(world: World) -> None:
    req = world.request()
    first = _do(world, world.moi, req, a.ActionInput(a.Action.NEEDS_INFO, text="أحضر الهوية"))
    second = _do(world, world.moi, req, a.ActionInput(a.Action.ACCEPT))
    third = _do(
        world, world.moi, req, a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23))
    )
    with world.hq.sessions() as s:
        rows = s.execute(
            select(Notification.event_uuid, Notification.kind)
            .where(Notification.request_uuid == req["uuid"])
            .order_by(Notification.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (first.event_uuid, "needs_info"),
        (third.event_uuid, "ready"),
    ]
    assert second.notification is None
    # Queuing the same step again (a retried transaction) adds nothing.
    with world.hq.sessions() as s:
        assert a.queue_sms(s, req["uuid"], third.event_uuid, "ready", NOW, {}) == "queued"
        s.commit()
    assert world.count(Notification, Notification.request_uuid == req["uuid"]) == 2


def test_no_phone_is_recorded_not_sent(world: World) -> None:
    req = world.request(phone=None)
    done = _do(world, world.moi, req, a.ActionInput(a.Action.REJECT, text="ناقص"))
    assert done.notification == "no_phone"


def test_two_officers_at_once_make_one_step(world: World) -> None:
    """The same request marked ready from two browsers at the same moment: one step, one
    change, one SMS; the other is told the request is no longer in a state to be changed."""
    req = world.request()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act() -> None:
        item = a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23))
        with world.hq.sessions() as s:
            start.wait()
            try:
                a.apply_action(s, world.moi, req["receipt_no"], item, now=NOW)
                outcomes.append("done")
            except ConflictError:
                outcomes.append("conflict")

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "done"]
    with world.hq.sessions() as s:
        steps = s.execute(
            select(HqRequestEvent.status).where(
                HqRequestEvent.request_uuid == req["uuid"], HqRequestEvent.origin == "hq"
            )
        ).scalars()
        assert [x for x in steps if x == "ready"] == ["ready"]
    assert world.count(Notification, Notification.request_uuid == req["uuid"]) == 1
    assert sum(1 for p in _pulled_steps(world) if p["status"] == "ready") == 1


def test_bulk_gives_each_request_its_own_outcome(world: World) -> None:
    fresh = world.request()
    accepted = world.request()
    ready = world.request()
    others = world.request(agency="MOSAL")
    others_status = world.state(others["uuid"]).status
    _do(world, world.moi, accepted, a.ActionInput(a.Action.ACCEPT))
    _do(world, world.moi, ready, a.ActionInput(a.Action.READY, collect_from=dt.date(2026, 11, 23)))
    before_ready = _written(world, ready)
    refs = [
        fresh["receipt_no"],
        ready["receipt_no"],
        others["receipt_no"],
        accepted["uuid"],
        "garbage",
        fresh["receipt_no"],
    ]
    item = a.ActionInput(
        a.Action.READY, collect_from=dt.date(2026, 11, 24), collect_place="الطابق الأول"
    )
    with world.hq.sessions() as s:
        result = a.bulk_action(s, world.moi, refs, item, now=NOW)
    outcomes = [(line.ref, line.outcome) for line in result.lines]
    assert outcomes == [
        (fresh["receipt_no"], a.Outcome.DONE),
        (ready["receipt_no"], a.Outcome.NOT_ALLOWED),
        (others["receipt_no"], a.Outcome.NOT_FOUND),
        (accepted["uuid"], a.Outcome.DONE),
        ("garbage", a.Outcome.NOT_FOUND),
    ]
    assert result.count(a.Outcome.DONE) == 2
    assert isinstance(result.lines[1].error, ConflictError)
    for req in (fresh, accepted):
        assert world.state(req["uuid"]).status == "ready"
        assert world.count(Notification, Notification.request_uuid == req["uuid"]) == 1
        assert world.count(HqAudit, HqAudit.target == req["receipt_no"]) >= 1
    assert world.state(others["uuid"]).status == others_status
    assert world.count(Notification, Notification.request_uuid == others["uuid"]) == 0
    assert _written(world, ready)[0] == before_ready[0]


def test_bulk_with_incomplete_input_changes_nothing(world: World) -> None:
    req = world.request()
    before = _written(world, req)
    with world.hq.sessions() as s:
        with pytest.raises(Invalid):
            a.bulk_action(
                s, world.moi, [req["receipt_no"]], a.ActionInput(a.Action.REJECT), now=NOW
            )
        with pytest.raises(Invalid):
            a.bulk_action(s, world.moi, [" ", ""], a.ActionInput(a.Action.ACCEPT), now=NOW)
        with pytest.raises(Invalid):
            refs = [f"r{i}" for i in range(a.MAX_BULK + 1)]
            a.bulk_action(s, world.moi, refs, a.ActionInput(a.Action.ACCEPT), now=NOW)
    assert _written(world, req) == before


def test_a_supervisor_bulk_changes_nothing(world: World) -> None:
    reqs = [world.request(), world.request()]
    status = world.state(reqs[0]["uuid"]).status
    with world.hq.sessions() as s:
        result = a.bulk_action(
            s,
            world.mzh_supervisor,
            [r["receipt_no"] for r in reqs],
            a.ActionInput(a.Action.ACCEPT),
            now=NOW,
        )
    assert [line.outcome for line in result.lines] == [a.Outcome.NOT_ALLOWED] * 2
    assert all(world.state(r["uuid"]).status == status for r in reqs)


def test_a_signed_step_verifies(world: World, tmp_path: Path) -> None:
    req = world.request()
    signer = signer_for(tmp_path)
    with world.hq.sessions() as s:
        done = a.reject(s, world.moi, req["receipt_no"], "ناقص", now=NOW, signer=signer)
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == done.event_uuid]
    message = step_message(
        event_uuid=done.event_uuid,
        request_uuid=req["uuid"],
        status="rejected",
        at=NOW,
        actor="Moi1",
        reason="ناقص",
    )
    assert signer.verify(message, step["signature"])


def test_the_command_line_step_names_the_agency_and_moves_the_state(world: World) -> None:
    req = world.request()
    with world.hq.sessions() as s:
        change = set_status(s, req["receipt_no"], "in_progress", NOW)
    (step,) = [p for p in _pulled_steps(world) if p["uuid"] == change.event_uuid]
    assert step["agency"] == "MOI"
    assert world.state(req["uuid"]).status == "in_progress"
