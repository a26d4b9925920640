"""The work queue's center and service filters are lists of what the reader's scope holds, named
in the reader's language (real PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, World
from tests.hq.web.conftest import Browser


@pytest.fixture
def world(office: HQ) -> World:
    office.clock.now = NOW
    return World(office)


def options(page: str, select_id: str) -> list[tuple[str, str, bool]]:
    """(value, text, selected) of a <select>'s options."""
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert found, page[:3000]
    return [
        (value, label.strip(), "selected" in attrs)
        for attrs, value, label in re.findall(
            r'<option((?: value="([^"]*)")?[^>]*)>([^<]*)</option>', found.group(1)
        )
    ]


def signed_in(office: HQ, username: str) -> Browser:
    b = Browser(office)
    assert b.login(username).status_code == 303
    return b


def test_an_officer_picks_among_their_agency_services_and_the_centers_that_sent_them(
    office: HQ, world: World
) -> None:
    world.request(center="SAL", agency="MOI")
    b = signed_in(office, "moi.officer")
    try:
        page = b.get("/office/queue").text
        assert [v for v, _, _ in options(page, "f-center")] == ["", "SAL"]
        services = options(page, "f-service")
        assert ("INT-CRIM", "لا حكم عليه", False) in services
        b.client.cookies.set("csc_lang", "en", path="/office")
        english = b.get("/office/queue?service=int-crim").text
        assert ("INT-CRIM", "Criminal record", True) in options(english, "f-service")
        # A code typed in the address that the list lacks stays shown and chosen.
        typed = b.get("/office/queue?center=DRA").text
        assert ("DRA", "DRA", True) in options(typed, "f-center")
        # htmx swaps the results only: the lists are not read again.
        partial = b.get("/office/queue?center=SAL", headers={"HX-Request": "true"}).text
        assert 'id="f-center"' not in partial
    finally:
        b.close()


def test_a_supervisor_sees_their_center_and_its_services(office: HQ, world: World) -> None:
    world.request(center="MZH", agency="MOI")
    b = signed_in(office, "mzh.head")
    try:
        page = b.get("/office/queue").text
        assert re.search(r'<select id="f-center" disabled>', page)
        assert [t.split(" · ")[0] for _, t, _ in options(page, "f-center")] == ["MZH"]
        assert [v for v, _, _ in options(page, "f-service")] == ["", "INT-CRIM"]
    finally:
        b.close()
