"""Routing at HQ: a stored request is forwarded once to the agency its service names, with a
signed step its station pulls; agencies and services come from the catalog; an HQ admin's
routing survives a later catalog; a bad catalog changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.paths import resources_dir
from counter_hq.catalogs import publish_catalog
from counter_hq.errors import Invalid
from counter_hq.models import Agency, ChangeRow, HqRequestEvent, HqService, RequestState
from counter_hq.routing import ROUTING_ACTOR, forward_uuid, seed_if_empty, set_routing
from counter_hq.signing import signer_for, step_message
from counter_protocol.payloads import StatusEventChange
from tests.hq.conftest import HQ, StationClient, make_item, request_item

SHIPPED = resources_dir() / "catalog" / "catalog.json"
INTERIOR = "MOI-CRIMINAL-RECORD"


def _catalog(version: str, edit: Any = None) -> bytes:
    data = json.loads(SHIPPED.read_bytes())
    data["version"] = version
    if edit is not None:
        edit(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _request(
    n: int, service: str = INTERIOR, *, steps: tuple[str, ...] = (), station: int = 1
) -> dict[str, Any]:
    """A request.created item for ``service``; ``steps`` follow its submission an hour apart
    (a request imported with its history)."""
    item = request_item("MZH", station, n)
    payload = item["payload"]
    payload["service"] = service
    first = payload["events"][0]
    at = dt.datetime.fromisoformat(first["at"])
    for i, status in enumerate(steps, start=1):
        payload["events"].append(
            {
                **first,
                "uuid": str(uuid.uuid4()),
                "status": status,
                "at": (at + dt.timedelta(hours=i)).isoformat(),
                "reason": "citizen renounced" if status == "cancelled" else None,
            }
        )
    return make_item("request.created", payload["uuid"], payload)


def _cancel(request: dict[str, Any], at: str) -> dict[str, Any]:
    p = request["payload"]
    ev = str(uuid.uuid4())
    payload = {
        "request_uuid": p["uuid"],
        "receipt_no": p["receipt_no"],
        "uuid": ev,
        "status": "cancelled",
        "at": at,
        "actor": "clerk1",
        "station": "MZH-01",
        "reason": "citizen renounced",
    }
    return make_item("request.event", ev, payload)


def _seed(hq: HQ) -> None:
    with hq.sessions() as s:
        assert seed_if_empty(s, hq.clock()) is not None


def _forwards(hq: HQ, request_uuid: str) -> list[HqRequestEvent]:
    with hq.sessions() as s:
        return list(
            s.execute(
                select(HqRequestEvent).where(
                    HqRequestEvent.request_uuid == request_uuid,
                    HqRequestEvent.status == "forwarded",
                )
            ).scalars()
        )


def _state(hq: HQ, request_uuid: str) -> RequestState:
    with hq.sessions() as s:
        state = s.get(RequestState, request_uuid)
        assert state is not None
        return state


def _pulled(station: StationClient) -> list[dict[str, Any]]:
    body = station.get("/changes", params={"cursor": 0}).json()
    return [c["payload"] for c in body["changes"] if c["kind"] == "status_event"]


def test_a_request_is_forwarded_once_to_its_agency_with_a_signed_step(
    hq: HQ, mzh1: StationClient
) -> None:
    _seed(hq)
    item = _request(1)
    req_uuid = item["payload"]["uuid"]
    assert mzh1.push(item)[0]["status"] == "created"
    # The same item again, and the same request under another item id: still one forward.
    assert mzh1.push(item)[0]["status"] == "duplicate"
    again = make_item("request.created", req_uuid, item["payload"])
    assert mzh1.push(again)[0]["status"] == "duplicate"

    [step] = _forwards(hq, req_uuid)
    assert (step.uuid, step.origin, step.actor, step.station) == (
        forward_uuid(req_uuid),
        "hq",
        ROUTING_ACTOR,
        "HQ",
    )
    assert step.at == hq.clock()  # HQ's time: the station's submission was earlier
    state = _state(hq, req_uuid)
    assert (state.agency, state.status, state.open, state.status_at) == (
        "MOI",
        "forwarded",
        True,
        hq.clock(),
    )
    [change] = _pulled(mzh1)
    StatusEventChange.model_validate(change)  # what the station reads it with
    assert change["status"] == "forwarded" and change["uuid"] == step.uuid
    assert (change["agency"], change["agency_name_ar"], change["agency_name_en"]) == (
        "MOI",
        "وزارة الداخلية",
        "Ministry of Interior",
    )
    message = step_message(
        event_uuid=step.uuid,
        request_uuid=req_uuid,
        status="forwarded",
        at=dt.datetime.fromisoformat(change["at"]),
        actor=ROUTING_ACTOR,
        reason=None,
    )
    assert signer_for(hq.settings.data_dir).verify(message, change["signature"])
    # Another station's feed never carries it.
    assert _pulled(hq.station("MZH", 2)) == []


def test_a_service_goes_to_the_agency_that_handles_it(hq: HQ, mzh1: StationClient) -> None:
    _seed(hq)
    item = _request(2, "MOSAL-NGO-REGISTRATION")
    mzh1.push(item)
    assert _state(hq, item["payload"]["uuid"]).agency == "DAMASCUS-SAL"
    [change] = _pulled(mzh1)
    assert change["agency_name_ar"] == "مديرية الشؤون الاجتماعية والعمل بدمشق"


def test_a_request_closed_before_it_reached_hq_is_routed_but_not_forwarded(
    hq: HQ, mzh1: StationClient
) -> None:
    _seed(hq)
    delivered = _request(3, steps=("ready", "delivered"))
    cancelled = _request(4, steps=("cancelled",))
    # Pushed with its request in one batch, a later cancel counts as well.
    pushed = _request(5)
    cancel = _cancel(pushed, "2026-11-22T06:45:00+00:00")
    results = mzh1.push(delivered, cancelled, pushed, cancel)
    assert [r["status"] for r in results] == ["created"] * 4
    for item, status in ((delivered, "delivered"), (cancelled, "cancelled"), (pushed, "cancelled")):
        req_uuid = item["payload"]["uuid"]
        assert _forwards(hq, req_uuid) == []
        state = _state(hq, req_uuid)
        assert (state.agency, state.status, state.open) == ("MOI", status, False)
    assert _pulled(mzh1) == []


def test_a_counter_step_after_the_forward_moves_the_state(hq: HQ, mzh1: StationClient) -> None:
    _seed(hq)
    item = _request(6)
    mzh1.push(item)
    later = (hq.clock() + dt.timedelta(minutes=5)).isoformat()
    hq.clock.advance(minutes=10)
    assert mzh1.push(_cancel(item, later))[0]["status"] == "created"
    state = _state(hq, item["payload"]["uuid"])
    assert (state.status, state.open, state.agency) == ("cancelled", False, "MOI")


def test_a_station_clock_ahead_of_hq_never_puts_the_forward_before_its_request(
    hq: HQ, mzh1: StationClient
) -> None:
    _seed(hq)
    ahead = hq.clock() + dt.timedelta(minutes=30)
    item = request_item("MZH", 1, 7, received_at=ahead)
    item["payload"]["service"] = INTERIOR
    item = make_item("request.created", item["payload"]["uuid"], item["payload"])
    mzh1.push(item)
    [step] = _forwards(hq, item["payload"]["uuid"])
    assert step.at == ahead + dt.timedelta(microseconds=1)


def test_an_unknown_service_waits_and_is_forwarded_once_routed(hq: HQ, mzh1: StationClient) -> None:
    _seed(hq)
    item = _request(8, "INT-CRIM")  # a service HQ's catalog does not have yet
    assert mzh1.push(item)[0]["status"] == "created"
    req_uuid = item["payload"]["uuid"]
    state = _state(hq, req_uuid)
    assert (state.agency, state.status) == (None, "submitted")
    assert _forwards(hq, req_uuid) == [] and _pulled(mzh1) == []

    def add_service(data: dict[str, Any]) -> None:
        svc = dict(next(s for s in data["services"] if s["code"] == INTERIOR))
        data["services"].append({**svc, "code": "INT-CRIM"})
        data["centers"][0]["services"].append("INT-CRIM")  # a service some center offers

    for version in ("2027.1.1", "2027.1.2"):  # the second publish forwards nothing again
        with hq.sessions() as s:
            publish_catalog(
                s,
                _catalog(version, add_service),
                hq.clock(),
                signer=signer_for(hq.settings.data_dir),
            )
    assert len(_forwards(hq, req_uuid)) == 1
    state = _state(hq, req_uuid)
    assert (state.agency, state.status) == ("MOI", "forwarded")
    [change] = _pulled(mzh1)
    assert change["agency"] == "MOI" and change["signature"]


def test_seeding_routes_the_requests_held_before(hq: HQ, mzh1: StationClient) -> None:
    item = _request(9)
    mzh1.push(item)  # no routing yet: HQ holds it unrouted
    assert _state(hq, item["payload"]["uuid"]).agency is None
    _seed(hq)
    assert len(_forwards(hq, item["payload"]["uuid"])) == 1
    with hq.sessions() as s:
        assert seed_if_empty(s, hq.clock()) is None  # routed already: nothing again
        assert s.execute(select(func.count()).select_from(Agency)).scalar() == 7
    assert len(_pulled(mzh1)) == 1


def test_an_admins_routing_survives_a_later_catalog(hq: HQ) -> None:
    _seed(hq)
    with hq.sessions() as s:
        set_routing(s, INTERIOR, "DAMASCUS-GOV", hq.clock())

    def rename(data: dict[str, Any]) -> None:
        for svc in data["services"]:
            if svc["code"] in (INTERIOR, "MOI-FAMILY-STATEMENT"):
                svc["agency"], svc["name_en"] = "MOAD", svc["name_en"] + " (new)"

    with hq.sessions() as s:
        publish_catalog(s, _catalog("2027.3.1", rename), hq.clock())
    with hq.sessions() as s:
        kept = s.get(HqService, INTERIOR)
        moved = s.get(HqService, "MOI-FAMILY-STATEMENT")
        assert kept is not None and moved is not None
        assert (kept.agency, kept.admin_routed, kept.name_en) == (
            "DAMASCUS-GOV",
            True,
            "Criminal record certificate (new)",
        )
        assert (moved.agency, moved.admin_routed) == ("MOAD", False)
        assert kept.catalog_version == "2027.3.1"


def test_an_admins_routing_of_an_unknown_agency_is_refused(hq: HQ) -> None:
    _seed(hq)
    with hq.sessions() as s, pytest.raises(Invalid):
        set_routing(s, INTERIOR, "NOBODY", hq.clock())
    with hq.sessions() as s:
        row = s.get(HqService, INTERIOR)
        assert row is not None and (row.agency, row.admin_routed) == ("MOI", False)


def _unknown_agency(data: dict[str, Any]) -> None:
    data["services"][0]["agency"] = "NOBODY"


def _unknown_handler(data: dict[str, Any]) -> None:
    data["services"][0]["handled_by"] = "NOBODY"


def _long_agency_code(data: dict[str, Any]) -> None:
    data["agencies"].append({"code": "A" * 30, "name_ar": "جهة", "name_en": "Agency"})


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (_unknown_agency, "unknown agency NOBODY"),
        (_unknown_handler, "handled by unknown agency NOBODY"),
        (_long_agency_code, "is longer than 20 characters"),
    ],
)
def test_a_catalog_naming_an_unknown_agency_changes_nothing(
    hq: HQ, mzh1: StationClient, edit: Any, words: str
) -> None:
    _seed(hq)
    item = _request(10, "INT-CRIM")
    mzh1.push(item)

    def bad(data: dict[str, Any]) -> None:
        data["services"].append({**data["services"][0], "code": "INT-CRIM"})
        data["centers"][0]["services"].append("INT-CRIM")
        edit(data)

    with hq.sessions() as s, pytest.raises(Invalid) as info:
        publish_catalog(s, _catalog("2027.4.1", bad), hq.clock())
    assert words in info.value.text(str)
    with hq.sessions() as s:
        assert s.get(HqService, "INT-CRIM") is None
        assert s.execute(select(func.count()).select_from(Agency)).scalar() == 7
        assert s.execute(select(func.count()).select_from(ChangeRow)).scalar() == 0
    assert _state(hq, item["payload"]["uuid"]).agency is None


def test_a_batch_redone_item_by_item_still_forwards_once(hq: HQ, mzh1: StationClient) -> None:
    _seed(hq)
    item = _request(11)
    twin = make_item("request.created", item["payload"]["uuid"], item["payload"])
    # The batch repeats its request: planned item by item (ingest's slow path).
    assert [r["status"] for r in mzh1.push(item, twin)] == ["created", "duplicate"]
    assert len(_forwards(hq, item["payload"]["uuid"])) == 1
    assert len(_pulled(mzh1)) == 1


def _returned_forward(hq: HQ, item: dict[str, Any]) -> dict[str, Any]:
    """The forwarded step as the station returns it after a restore (its kept columns)."""
    [step] = _forwards(hq, item["payload"]["uuid"])
    with hq.sessions() as s:
        [change] = s.execute(select(ChangeRow)).scalars()
    body = {
        "uuid": step.uuid,
        "request_uuid": step.request_uuid,
        "receipt_no": item["payload"]["receipt_no"],
        "status": "forwarded",
        "at": step.at.isoformat(),
        "actor": step.actor,
        "station": "HQ",
        "reason": None,
        "signature": change.payload["signature"],
    }
    return make_item("hq.event", step.uuid, body)


def _restore_to_before(hq: HQ) -> None:
    """What a restore from a backup older than the push leaves: none of it."""
    with hq.engine.begin() as conn:
        for table in ("requests", "request_events", "received_items", "request_states", "changes"):
            conn.exec_driver_sql(f"DELETE FROM {table}")


@pytest.mark.parametrize("together", [False, True])
def test_a_forward_returned_after_a_restore_is_not_made_twice(
    hq: HQ, mzh1: StationClient, together: bool
) -> None:
    _seed(hq)
    item = _request(12)
    mzh1.push(item)
    returned = _returned_forward(hq, item)
    _restore_to_before(hq)
    if together:
        assert [r["status"] for r in mzh1.push(item, returned)] == ["created", "created"]
    else:  # the step first (its request waited for a scan), then the request
        assert mzh1.push(returned)[0]["status"] == "created"
        assert mzh1.push(item)[0]["status"] == "created"
    [step] = _forwards(hq, item["payload"]["uuid"])
    assert step.uuid == forward_uuid(item["payload"]["uuid"])
    state = _state(hq, item["payload"]["uuid"])
    assert (state.agency, state.status) == ("MOI", "forwarded")
    assert _pulled(mzh1) == []  # the station holds the step already


def test_ingests_state_values_are_what_state_row_makes() -> None:
    """ingest writes state rows as plain values (the hot path); states.state_row is the one
    definition of what they hold."""
    from counter_hq.ingest import _state_values
    from counter_hq.models import HqRequest
    from counter_hq.routing import Route
    from counter_hq.states import state_row

    at = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)
    request = {
        "uuid": str(uuid.uuid4()),
        "item_id": str(uuid.uuid4()),
        "center": "MZH",
        "station_no": 1,
        "receipt_no": "MZH-01-260001-00",
        "received_at": at,
        "local_day": at.date(),
        "service": INTERIOR,
        "content_sha256": "0" * 64,
        "payload": {"due_date": "2026-11-25"},
        "ingested_at": at,
    }
    route = Route(INTERIOR, "MOI", "وزارة الداخلية", "Ministry of Interior", "service")
    service = HqService(code=INTERIOR, agency="MOI", category="service")
    for routed, status in ((route, "forwarded"), (None, "submitted"), (route, "delivered")):
        made = state_row(HqRequest(**request), service if routed else None, status, at)
        expected = {c.key: getattr(made, c.key) for c in RequestState.__table__.columns}
        assert _state_values(request, routed, status, at) == expected
