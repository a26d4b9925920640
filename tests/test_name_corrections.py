"""A later intake with another name for the same national number corrects the citizen's name
from then on, and never rewrites what earlier requests and their receipts said (issue 12.6)."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from counter_app.services.intake import submit_request
from counter_app.services.printing import _receipt_data
from counter_app.services.requests import show_request
from counter_app.services.search import search
from counter_app.store.models import AuditEntry
from tests.conftest import Station, run_cli
from tests.test_intake import _intake

NID = "01020304050"
OLD = "أحمد محمد الخطيب"
NEW = "أحمد محمود الخطيب"


def _two_intakes(station: Station) -> tuple[str, str]:
    first = submit_request(station.ctx, station.clerk, _intake(station, name=OLD))
    station.clock.advance(days=3)
    again = _intake(station, name=NEW, phone="0933111222")
    second = submit_request(station.ctx, station.clerk, again)
    return first.receipt_no, second.receipt_no


def test_an_earlier_request_keeps_the_name_it_was_taken_with(station: Station) -> None:
    first, second = _two_intakes(station)
    old_view = show_request(station.ctx, station.admin, first)
    assert old_view.name == OLD  # the old code showed NEW here: a silent rename
    assert old_view.current_name == NEW
    assert old_view.phone == "0944123456"
    assert show_request(station.ctx, station.admin, second).name == NEW
    with station.ctx.store.read() as session:
        receipt = _receipt_data(station.ctx, session, first, 1)
    assert receipt.citizen_name == OLD  # a reprint says what the original said


def test_the_correction_is_recorded_shown_and_audited(station: Station) -> None:
    first, second = _two_intakes(station)
    [fix] = show_request(station.ctx, station.admin, first).corrections
    assert (fix.old_name, fix.new_name, fix.actor, fix.receipt_no) == (OLD, NEW, "clerk1", second)
    assert fix.at == station.clock.now
    assert show_request(station.ctx, station.admin, second).corrections == [fix]
    with station.ctx.store.read() as session:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.action == "citizen.name_corrected")
        ).scalars()
        [audit] = list(rows)
    assert audit.entity_ref == second and audit.username == "clerk1"
    assert "محمود" not in audit.details and "محمد" not in audit.details


def test_same_name_again_is_no_correction(station: Station) -> None:
    first = submit_request(station.ctx, station.clerk, _intake(station, name=OLD))
    station.clock.advance(days=1)
    submit_request(station.ctx, station.clerk, _intake(station, name=OLD, phone="0933111222"))
    assert show_request(station.ctx, station.admin, first.receipt_no).corrections == []
    with station.ctx.store.read() as session:
        count = session.execute(text("SELECT count(*) FROM citizen_name_corrections"))
        assert count.scalar_one() == 0


def test_search_finds_the_citizen_by_the_old_and_the_new_name(station: Station) -> None:
    first, second = _two_intakes(station)
    for query in ("محمد الخطيب", "محمود الخطيب", "احمد"):
        found = {h.receipt_no for h in search(station.ctx, station.admin, query).hits}
        assert {first, second} <= found, query


def test_request_show_says_when_and_by_whom_the_name_was_corrected(
    station: Station,
) -> None:
    first, second = _two_intakes(station)
    db = str(station.ctx.store.path)
    shown = run_cli("--db", db, "request", "show", "--as", "clerk1", first)
    assert shown.code == 0, shown.err
    assert OLD in shown.out
    assert "Name corrected on 2026-11-25" in shown.out and "clerk1" in shown.out
    assert NEW in shown.out
    data = json.loads(run_cli("--db", db, "request", "show", "--as", "clerk1", first, "--json").out)
    assert data["name"] == OLD and data["current_name"] == NEW
    assert data["corrections"][0]["old_name"] == OLD
    assert data["corrections"][0]["receipt_no"] == second
