"""The work queue page (real PostgreSQL): scope per role, filters, overdue first, htmx partial,
the bulk form (CSRF, per-request outcome, supervisors refused, nothing half done)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from tests.hq.conftest import HQ
from tests.hq.office.office_world import NOW, World
from tests.hq.web.conftest import Browser

# What a pushed request is before anyone acts: HQ's routing forwards it to its service's agency.
ROUTED = "forwarded"
_ROW_RECEIPT = re.compile(r'<a class="num" href="/office/requests/([A-Z0-9-]+)">')


@pytest.fixture
def world(office: HQ) -> World:
    office.clock.now = NOW  # a Sunday: a working day in Damascus
    return World(office)


@pytest.fixture
def officer(office: HQ, world: World) -> Iterator[Browser]:
    b = Browser(office)
    assert b.login("moi.officer").status_code == 303
    yield b
    b.close()


def as_user(office: HQ, username: str) -> Browser:
    b = Browser(office)
    assert b.login(username).status_code == 303
    return b


def receipts_on(page: str) -> list[str]:
    return _ROW_RECEIPT.findall(page)


def row_of(page: str, receipt: str) -> str:
    """The table row (``<tr ...>...</tr>``) holding ``receipt``."""
    found = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*?" + re.escape(receipt) + r".*?</tr>", page, re.DOTALL
    )
    assert found, receipt
    return found.group(0)


def status_of(world: World, receipt: str) -> str:
    return str(
        world.hq.scalar("SELECT status FROM request_states WHERE receipt_no = :r", r=receipt)
    )


def test_each_role_sees_its_own_scope_only(office: HQ, world: World) -> None:
    moi_mzh = world.request(center="MZH", agency="MOI")["receipt_no"]
    moi_sal = world.request(center="SAL", agency="MOI")["receipt_no"]
    geh_mzh = world.request(center="MZH", agency="GEH")["receipt_no"]
    seen = {}
    for username in ("moi.officer", "geh.officer", "mzh.head", "sal.head", "hq.admin"):
        b = as_user(office, username)
        page = b.get("/office/queue")
        assert page.status_code == 200
        seen[username] = set(receipts_on(page.text))
        b.close()
    assert seen["moi.officer"] == {moi_mzh, moi_sal}
    assert seen["geh.officer"] == {geh_mzh}
    assert seen["mzh.head"] == {moi_mzh, geh_mzh}
    assert seen["sal.head"] == {moi_sal}
    assert seen["hq.admin"] == {moi_mzh, moi_sal, geh_mzh}


def test_overdue_first_with_working_days_late_in_red(world: World, officer: Browser) -> None:
    soon = world.request(due=dt.date(2026, 11, 26))["receipt_no"]
    late = world.request(due=dt.date(2026, 11, 18))["receipt_no"]  # Wed: Thu, Sun late = 2
    none = world.request(due=None)["receipt_no"]
    page = officer.get("/office/queue").text
    assert receipts_on(page) == [late, soon, none]
    row = row_of(page, late)
    assert row.startswith('<tr class="overdue">')
    assert '<span class="late num">2</span>' in row
    assert "overdue" not in row_of(page, soon) and "late num" not in row_of(page, soon)


def test_row_shows_service_center_status_and_dates(world: World, officer: Browser) -> None:
    receipt = world.request(received_at=dt.datetime(2026, 11, 20, 22, 30, tzinfo=dt.UTC))[
        "receipt_no"
    ]
    page = officer.get("/office/queue").text
    row = row_of(page, receipt)
    assert "لا حكم عليه" in row  # the service's Arabic name
    assert '<span class="status status-forwarded">محال إلى الجهة</span>' in row
    assert "2026-11-21" in row  # 22:30 UTC is the next day in Damascus
    assert "2026-11-25" in row
    officer.get("/office/lang/en?next=/office/queue")
    english = officer.get("/office/queue").text
    assert '<html lang="en" dir="ltr">' in english
    assert "Criminal record" in row_of(english, receipt)
    assert ">Forwarded<" in english


def test_filters_tabs_and_receipt_search(world: World, officer: Browser) -> None:
    first = world.request()["receipt_no"]
    second = world.request(center="SAL")["receipt_no"]
    world.request(due=dt.date(2026, 11, 19))
    page = officer.get(f"/office/queue?receipt={first.lower()}").text
    assert receipts_on(page) == [first]
    assert receipts_on(officer.get("/office/queue?center=SAL").text) == [second]
    overdue = officer.get("/office/queue?age=overdue").text
    assert len(receipts_on(overdue)) == 1
    # "Due soon" without N: within 2 working days (Sun 22 -> Tue 24); N typed: as typed.
    soon = world.request(due=dt.date(2026, 11, 24))["receipt_no"]
    assert receipts_on(officer.get("/office/queue?age=due_within").text) == [soon]
    assert soon not in receipts_on(officer.get("/office/queue?age=due_within&days=1").text)
    # Tabs count under the other filters: four open, none ready.
    tabs = officer.get("/office/queue").text.split('<nav class="tabs"')[1].split("</nav>")[0]
    assert re.search(r"مفتوحة\s*<span class=\"tab-count num\">4</span>", tabs)
    assert re.search(r"جاهز للتسليم\s*<span class=\"tab-count num\">0</span>", tabs)
    assert receipts_on(officer.get("/office/queue?status=ready").text) == []


def test_a_bad_filter_is_said_in_arabic_and_shows_nothing(world: World, officer: Browser) -> None:
    world.request()
    resp = officer.get("/office/queue?age=older&days=many")
    assert resp.status_code == 422
    assert "حدّد عدد أيام العمل" in resp.text
    assert receipts_on(resp.text) == []
    resp = officer.get("/office/queue?status=bogus")
    assert resp.status_code == 422
    assert "الحالة \u2068bogus\u2069 غير معروفة" in resp.text


def test_htmx_gets_the_results_only_and_the_status_field_follows(
    world: World, officer: Browser
) -> None:
    receipt = world.request()["receipt_no"]
    resp = officer.get("/office/queue?status=all", headers={"HX-Request": "true"})
    assert resp.status_code == 200
    assert "<html" not in resp.text
    assert receipts_on(resp.text) == [receipt]
    assert 'id="f-status" value="all" hx-swap-oob="true"' in resp.text
    assert resp.headers["vary"] == "HX-Request"
    # A history restore (back button, nothing cached) needs the whole page.
    whole = officer.get(
        "/office/queue", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in whole.text


def test_bulk_accept_gives_each_request_its_outcome(
    office: HQ, world: World, officer: Browser
) -> None:
    ours = [world.request()["receipt_no"] for _ in range(2)]
    theirs = world.request(agency="GEH")["receipt_no"]
    page = officer.get("/office/queue").text
    assert 'name="receipts"' in page and "/office/queue/bulk" in page
    resp = officer.post(
        "/office/queue/bulk",
        {"receipts": [*ours, theirs], "action": "accept", "back": "/office/queue?status=all"},
    )
    assert resp.status_code == 200
    assert [status_of(world, r) for r in ours] == ["in_progress", "in_progress"]
    assert status_of(world, theirs) == ROUTED
    result = resp.text.split('class="card bulk-result"')[1].split("</section>")[0]
    assert "تم: 2. لم يتم: 1." in result
    assert "لا يوجد طلب كهذا" in result.split(theirs)[1]  # never "another agency's"
    # The page after the action is the queue the form came from (all statuses).
    assert set(receipts_on(resp.text)) == set(ours)


def test_bulk_with_incomplete_input_changes_nothing(world: World, officer: Browser) -> None:
    receipts = [world.request()["receipt_no"] for _ in range(2)]
    resp = officer.post("/office/queue/bulk", {"receipts": receipts, "action": "needs_info"})
    assert resp.status_code == 422
    assert "اكتب الرسالة التي ستصل إلى المواطن" in resp.text
    resp = officer.post(
        "/office/queue/bulk",
        {"receipts": receipts, "action": "ready", "collect_from": "22/11/2026"},
    )
    assert resp.status_code == 422
    assert "يوم الاستلام ليس تاريخًا" in resp.text
    assert [status_of(world, r) for r in receipts] == [ROUTED, ROUTED]


def test_bulk_ready_with_a_date_and_place(world: World, officer: Browser) -> None:
    receipt = world.request()["receipt_no"]
    resp = officer.post(
        "/office/queue/bulk",
        {
            "receipts": [receipt],
            "action": "ready",
            "collect_from": "2026-11-24",
            "collect_place": "النافذة 3",
        },
    )
    assert resp.status_code == 200
    assert status_of(world, receipt) == "ready"
    detail = officer.get(f"/office/requests/{receipt}").text
    assert "2026-11-24" in detail and "النافذة 3" in detail


def test_bulk_with_a_forged_token_is_refused_and_changes_nothing(
    world: World, officer: Browser
) -> None:
    receipt = world.request()["receipt_no"]
    resp = officer.client.post(
        "/office/queue/bulk", data={"csrf": "forged", "receipts": [receipt], "action": "accept"}
    )
    assert resp.status_code == 403
    assert status_of(world, receipt) == ROUTED


def test_a_supervisor_gets_no_bulk_form_and_cannot_post_one(office: HQ, world: World) -> None:
    receipt = world.request(center="MZH")["receipt_no"]
    head = as_user(office, "mzh.head")
    page = head.get("/office/queue").text
    assert receipt in page
    assert 'name="receipts"' not in page and "/office/queue/bulk" not in page
    resp = head.post("/office/queue/bulk", {"receipts": [receipt], "action": "accept"})
    assert resp.status_code == 200
    assert "لا يغيّر هذا الطلب إلا موظفو الجهة التي تتولاه" in resp.text
    assert status_of(world, receipt) == ROUTED
    head.close()


def test_the_queue_needs_a_session(world: World, office: HQ) -> None:
    anonymous = Browser(office)
    resp = anonymous.get("/office/queue?status=all")
    assert resp.status_code == 303
    assert resp.headers["location"].startswith("/office/login?next=/office/queue")
    anonymous.close()


def test_a_ready_request_past_its_date_is_not_shown_late(world: World, officer: Browser) -> None:
    receipt = world.request(due=dt.date(2026, 11, 18))["receipt_no"]
    assert "late num" in row_of(officer.get("/office/queue").text, receipt)
    done = officer.post(f"/office/requests/{receipt}/ready", {"collect_from": "2026-11-23"})
    assert done.status_code == 303
    row = row_of(officer.get("/office/queue?status=ready").text, receipt)
    assert "late num" not in row and 'class="overdue"' not in row
