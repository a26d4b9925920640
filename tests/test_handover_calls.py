"""Handing over to the citizen or a proxy, the call list, complaints and overdue lists."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.domain.errors import Conflict, ValidationError
from counter_app.services.calls import call_list, record_call
from counter_app.services.catalog import active_catalog
from counter_app.services.handover import deliver_request
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.lists import overdue_requests, requests_by_category
from counter_app.services.requests import change_status, show_request
from tests.conftest import ANY_CENTER, Station
from tests.test_intake import valid_fields


def _submit(station: Station, code: str = "MOI-BIRTH-STATEMENT", nid: str = "07070707070") -> str:
    svc = active_catalog(station.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(svc.code, nid, "مريم الشامي", "0944000111", valid_fields(svc), docs),
    ).receipt_no


def test_proxy_handover_records_who_collected(station: Station) -> None:
    receipt = _submit(station)
    with pytest.raises(Conflict, match="Only a ready request"):
        deliver_request(station.ctx, station.clerk, receipt)
    change_status(station.ctx, station.clerk, receipt, "ready")
    with pytest.raises(ValidationError) as info:
        deliver_request(
            station.ctx,
            station.clerk,
            receipt,
            collector="proxy",
            proxy_name="",
            proxy_national_id="123",
        )
    assert "proxy" in info.value.render()
    view = deliver_request(
        station.ctx,
        station.clerk,
        receipt,
        collector="proxy",
        proxy_name="سليم الشامي",
        proxy_national_id="٠٨٠٨٠٨٠٨٠٨٠",
    )
    assert view.status == "delivered"
    assert view.events[-1].reason == "سليم الشامي (08080808080)"
    with station.ctx.store.read() as s:
        row = s.execute(text("SELECT collector, proxy_national_id FROM deliveries")).one()
        payload = (
            s.execute(
                text("SELECT payload FROM outbox WHERE kind = 'request.event' ORDER BY id DESC")
            )
            .scalars()
            .first()
        )
    assert tuple(row) == ("proxy", "08080808080")
    assert payload is not None and "proxy_national_id" in payload
    with pytest.raises(Conflict):
        deliver_request(station.ctx, station.clerk, receipt)


def test_call_list(station: Station) -> None:
    first = _submit(station)
    second = _submit(station, nid="06060606060")
    assert call_list(station.ctx, station.admin) == []
    for receipt in (first, second):
        change_status(station.ctx, station.clerk, receipt, "ready")
    assert [i.receipt_no for i in call_list(station.ctx, station.admin)] == [first, second]
    item = record_call(station.ctx, station.clerk, first, "no_answer")
    assert item is not None and item.attempts == 1 and item.last_outcome == "no_answer"
    record_call(station.ctx, station.clerk, first, "called", "سيحضر غداً")
    assert call_list(station.ctx, station.admin)[0].attempts == 2
    with pytest.raises(ValidationError):
        record_call(station.ctx, station.clerk, first, "maybe")
    deliver_request(station.ctx, station.clerk, first)
    assert [i.receipt_no for i in call_list(station.ctx, station.admin)] == [second]
    with pytest.raises(Conflict):
        record_call(station.ctx, station.clerk, first, "called")


@ANY_CENTER
def test_complaints_and_overdue_lists(station: Station) -> None:
    complaint = _submit(station, code="MOSAL-COMPLAINT-DELAY")
    _submit(station)
    assert [
        h.receipt_no for h in requests_by_category(station.ctx, station.admin, "complaint")
    ] == [complaint]
    assert overdue_requests(station.ctx, station.admin) == []
    station.clock.advance(days=60)
    assert len(overdue_requests(station.ctx, station.admin)) == 2
    assert show_request(station.ctx, station.admin, complaint).overdue(station.clock().date())
