"""What an HQ step says besides its status reaches the counter's history (issue 15 item 4): the
agency holding the request (forwarded, accepted...), and for ready from when and where to
collect; `request show` and the services function the screen uses word it, in both languages.
A request the counter closed before it pulled HQ's automatic forward keeps its status."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from counter_app.i18n import Translator
from counter_app.services.requests import change_status, show_request, step_note
from counter_app.store.models import RequestEvent
from counter_app.sync.pull import PullStats, _apply
from counter_protocol.wire import Change
from tests import rawdb
from tests.conftest import Station, run_cli
from tests.sync.test_attachments import new_request

MOI = {
    "agency": "MOI",
    "agency_name_ar": "وزارة الداخلية",
    "agency_name_en": "Ministry of Interior",
}


def _step(seq: int, receipt: str, status: str, **more: Any) -> Change:
    payload = {
        "uuid": str(uuid.uuid4()),
        "receipt_no": receipt,
        "status": status,
        "at": (
            dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC) + dt.timedelta(hours=seq)
        ).isoformat(),
        "actor": "hq-routing" if status == "forwarded" else "officer1",
        "station": "HQ",
        "origin": "hq",
        **more,
    }
    return Change(seq=seq, kind="status_event", payload=payload)


def _pull(station: Station, *changes: Change) -> PullStats:
    stats = PullStats()
    with station.ctx.store.write() as session:
        for change in changes:
            _apply(station.ctx, session, change, stats)
    return stats


def test_forwarded_accepted_and_ready_are_shown_with_the_agency_and_collection(
    station: Station,
) -> None:
    receipt = new_request(station)
    stats = _pull(
        station,
        _step(1, receipt, "forwarded", **MOI),
        _step(2, receipt, "in_progress", **MOI),
        _step(
            3,
            receipt,
            "ready",
            **MOI,
            collect_from="2026-12-10",
            collect_place="مركز المزة، النافذة 3",
        ),
    )
    assert (stats.applied, stats.problems) == (3, 0)
    view = show_request(station.ctx, station.admin, receipt)
    assert view.status == "ready"
    # The counter's own step first, then HQ's, in the order they happened, with who and where.
    assert [(e.status, e.origin, e.station) for e in view.events] == [
        ("submitted", "counter", "MZH-02"),
        ("forwarded", "hq", "HQ"),
        ("in_progress", "hq", "HQ"),
        ("ready", "hq", "HQ"),
    ]
    ready = view.events[-1]
    assert (ready.agency, ready.collect_from, ready.collect_place) == (
        "MOI",
        dt.date(2026, 12, 10),
        "مركز المزة، النافذة 3",
    )
    en = Translator.for_language("en")
    notes = [step_note(e, en, "en") for e in view.events]
    assert notes == [
        "",
        "Forwarded to Ministry of Interior",
        "Accepted by Ministry of Interior",
        "Ready: collect from 2026-12-10 at مركز المزة، النافذة 3",
    ]
    ar = Translator.for_language("ar")
    forwarded_ar = step_note(view.events[1], ar, "ar")
    assert forwarded_ar.startswith("أُحيل إلى") and "وزارة الداخلية" in forwarded_ar
    assert "2026-12-10" in step_note(ready, ar, "ar")

    shown = run_cli("request", "show", "--as", "clerk1", receipt)
    assert shown.code == 0, shown.err
    assert "Forwarded to Ministry of Interior" in shown.out
    assert "Ready: collect from 2026-12-10 at مركز المزة، النافذة 3" in shown.out
    shown_ar = run_cli("--lang", "ar", "request", "show", "--as", "clerk1", receipt)
    assert shown_ar.code == 0, shown_ar.err
    assert "أُحيل إلى" in shown_ar.out and "Forwarded" not in shown_ar.out


def test_a_step_from_an_older_hq_says_only_its_status(station: Station) -> None:
    receipt = new_request(station)
    _pull(station, _step(1, receipt, "ready"))
    ready = show_request(station.ctx, station.admin, receipt).events[-1]
    assert ready.agency is None and step_note(ready, str, "en") == ""


def test_a_forward_pulled_after_the_counter_cancelled_is_kept_as_history(
    station: Station,
) -> None:
    receipt = new_request(station)
    change_status(station.ctx, station.clerk, receipt, "cancelled", "citizen renounced")
    stats = _pull(station, _step(1, receipt, "forwarded", **MOI))
    assert (stats.applied, stats.problems) == (1, 0)
    view = show_request(station.ctx, station.admin, receipt)
    assert view.status == "cancelled"
    assert [e.status for e in view.events] == ["submitted", "cancelled", "forwarded"]
    # Any other step HQ makes on a closed request is still a problem for a person.
    assert _pull(station, _step(2, receipt, "in_progress", **MOI)).problems == 1


def test_an_unreadable_collection_day_is_a_problem_and_stores_nothing(station: Station) -> None:
    receipt = new_request(station)
    stats = _pull(station, _step(1, receipt, "ready", **MOI, collect_from="10/12/2026"))
    assert (stats.applied, stats.problems) == (0, 1)
    assert show_request(station.ctx, station.admin, receipt).status == "submitted"
    with station.ctx.store.read() as s:
        held = s.execute(select(RequestEvent.id).where(RequestEvent.origin == "hq")).first()
    assert held is None


def test_the_audit_covers_the_agency_a_step_names(station: Station) -> None:
    receipt = new_request(station)
    _pull(station, _step(1, receipt, "forwarded", **MOI))
    assert run_cli("db", "check").code == 0
    # Rewriting who holds the request, around the append-only trigger, is found.
    raw = rawdb.connect(station.ctx.store.path)
    raw.execute("DROP TRIGGER request_events_no_update")
    raw.execute("UPDATE request_events SET agency_name_ar = 'جهة أخرى' WHERE origin = 'hq'")
    raw.commit()
    raw.close()
    res = run_cli("db", "check")
    assert res.code != 0
    assert "request_events row" in res.out + res.err
