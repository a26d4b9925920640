"""The HQ admin pages through the web app (TestClient, real PostgreSQL): only admins, every
POST behind CSRF and audited, catalog drafts (refused: nothing published; valid: a diff, then
published), the holiday calendar, enrollment codes shown once, users, routing, opt-outs."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_hq.models import (
    Agency,
    CatalogDraft,
    Center,
    ChangeRow,
    EnrollmentCode,
    HqAudit,
    HqService,
    HqUser,
    Notification,
    SmsOptOut,
    Station,
)
from counter_hq.routing import shipped_catalog_path
from counter_hq.security import code_hash
from tests.hq.conftest import HQ
from tests.hq.web.conftest import PASSWORD, Browser

ADMIN_GETS = (
    "/office/admin",
    "/office/admin/centers",
    "/office/admin/stations",
    "/office/admin/users",
    "/office/admin/catalogs",
    "/office/admin/routing",
    "/office/admin/calendar",
    "/office/admin/notifications",
)
ADMIN_POSTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("/office/admin/centers", {"code": "DRA", "name": "درعا"}),
    ("/office/admin/stations", {"center": "MZH", "number": "5"}),
    ("/office/admin/stations/MZH-01/revoke", {}),
    (
        "/office/admin/users",
        {"username": "x.y", "display_name": "X", "role": "admin", "password": PASSWORD},
    ),
    ("/office/admin/users/geh.officer/active", {"active": "0"}),
    ("/office/admin/users/geh.officer/password", {"password": "another long password"}),
    ("/office/admin/routing", {"service": "INT-CRIM", "agency": "GEH"}),
    ("/office/admin/notifications/opt-out", {"phone": "0933123456"}),
    ("/office/admin/catalogs/1/publish", {}),
)
_ALERT = re.compile(r'<p class="error" role="alert">([^<]+)</p>')
_CODE = re.compile(r'<p class="enroll-code" dir="ltr">([^<]+)</p>')


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shipped_catalog_path().read_text(encoding="utf-8"))
    return data


def count(hq: HQ, model: Any, *where: Any) -> int:
    with hq.sessions() as s:
        return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


@pytest.fixture
def admin(browser: Browser) -> Browser:
    assert browser.login("hq.admin").status_code == 303
    return browser


@pytest.mark.parametrize("username", ["geh.officer", "mzh.head"])
def test_others_than_admins_get_the_403_page_and_change_nothing(
    office: HQ, browser: Browser, username: str
) -> None:
    office.station("MZH", 1)
    browser.login(username)
    for path in ADMIN_GETS:
        page = browser.get(path)
        assert page.status_code == 403, path
        assert "هذا من صلاحيات مديري الإدارة المركزية فقط" in page.text
    audits = count(office, HqAudit)
    for path, data in ADMIN_POSTS:
        assert browser.post(path, data).status_code == 403, path
    for path in ("/office/admin/catalogs", "/office/admin/calendar"):
        resp = browser.post(path, files={"file": ("c.json", b"{}", "application/json")})
        assert resp.status_code == 403, path
    assert count(office, HqAudit) == audits
    assert count(office, Center) == 2 and count(office, CatalogDraft) == 0
    assert count(office, Station, Station.revoked_at.is_not(None)) == 0
    assert count(office, SmsOptOut) == 0
    with office.sessions() as s:
        assert s.execute(select(HqUser.active).where(HqUser.username == "geh.officer")).scalar_one()


def test_forged_csrf_is_refused_and_changes_nothing(office: HQ, admin: Browser) -> None:
    office.station("MZH", 1)
    audits = count(office, HqAudit)
    for path, data in ADMIN_POSTS:
        resp = admin.client.post(path, data={**data, "csrf": "forged"})
        assert resp.status_code == 403, path
        assert "انتهت صلاحية هذا النموذج" in resp.text
    resp = admin.client.post(
        "/office/admin/catalogs",
        data={"csrf": "forged"},
        files={"file": ("c.json", json.dumps(shipped()).encode(), "application/json")},
    )
    assert resp.status_code == 403
    assert count(office, HqAudit) == audits
    assert count(office, Center) == 2 and count(office, CatalogDraft) == 0
    assert count(office, Station, Station.revoked_at.is_not(None)) == 0


def test_every_admin_page_renders_in_arabic_and_english(admin: Browser) -> None:
    for path in ADMIN_GETS:
        page = admin.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert 'dir="rtl"' in page.text
    admin.get("/office/lang/en?next=/office/admin")
    for path in ADMIN_GETS:
        page = admin.get(path)
        assert page.status_code == 200, path
        assert 'dir="ltr"' in page.text


def test_a_catalog_that_fails_validation_publishes_nothing_and_says_why(
    office: HQ, admin: Browser
) -> None:
    bad = shipped()
    bad["version"] = "2027.1.1"
    bad["services"][0]["agency"] = "NOPE"
    resp = admin.post(
        "/office/admin/catalogs",
        files={"file": ("catalog.json", json.dumps(bad).encode(), "application/json")},
    )
    assert resp.status_code == 303
    page = admin.get(resp.headers["location"])
    assert "NOPE" in page.text and bad["services"][0]["code"] in page.text
    assert "رُفض الملف؛ لم يُنشر شيء" in page.text
    assert "/publish" not in page.text
    draft_id = int(resp.headers["location"].rsplit("/", 1)[1])
    refused = admin.post(f"/office/admin/catalogs/{draft_id}/publish")
    assert refused.status_code == 422
    assert count(office, ChangeRow, ChangeRow.kind == "catalog") == 0
    with office.sessions() as s:
        draft = s.get(CatalogDraft, draft_id)
        assert draft is not None and not draft.valid and draft.published_seq is None
    not_json = admin.post(
        "/office/admin/catalogs", files={"file": ("c.json", b"{ not json", "application/json")}
    )
    assert "ليس JSON" in admin.get(not_json.headers["location"]).text
    assert count(office, ChangeRow, ChangeRow.kind == "catalog") == 0


def test_a_valid_catalog_shows_its_diff_then_publishes(office: HQ, admin: Browser) -> None:
    new = copy.deepcopy(shipped())
    new["version"] = "2027.1.1"
    removed = new["services"].pop(1)["code"]
    for center in new["centers"]:  # a center may list only services the catalog has
        center["services"] = [c for c in center["services"] if c != removed]
    changed = new["services"][0]
    changed["sla"]["working_days"] = changed["sla"]["working_days"] + 4
    floor = {"key": "floor", "type": "text", "label_ar": "الطابق", "label_en": "Floor"}
    changed["fields"].append({**floor, "required": False})
    changed["documents"][0]["requirement"] = "scan_required"  # was original_seen
    added = copy.deepcopy(new["services"][2])
    added["code"] = "GEH-NEW-SERVICE"
    new["services"].append(added)
    new["centers"][0]["services"].append("GEH-NEW-SERVICE")
    resp = admin.post(
        "/office/admin/catalogs",
        files={"file": ("catalog.json", json.dumps(new).encode(), "application/json")},
    )
    page = admin.get(resp.headers["location"])
    assert page.status_code == 200
    assert "diff-removed" in page.text and removed in page.text
    assert "diff-added" in page.text and "GEH-NEW-SERVICE" in page.text
    assert changed["code"] in page.text and "floor" in page.text
    plain = page.text.replace("\u2068", "").replace("\u2069", "")  # isolated parameters
    assert f"{changed['sla']['working_days'] - 4} ← {changed['sla']['working_days']}" in plain
    doc = changed["documents"][0]["type"]
    assert f"الوثيقة {doc}: الاطلاع على الأصل ← مسح ضوئي إلزامي" in plain
    assert "/publish" in page.text
    assert count(office, ChangeRow, ChangeRow.kind == "catalog") == 0  # not before the button
    draft_id = int(resp.headers["location"].rsplit("/", 1)[1])
    done = admin.post(f"/office/admin/catalogs/{draft_id}/publish")
    assert done.status_code == 303
    assert "نُشر الدليل 2027.1.1" in admin.get(done.headers["location"]).text
    with office.sessions() as s:
        change = s.execute(select(ChangeRow).where(ChangeRow.kind == "catalog")).scalar_one()
        assert change.payload["version"] == "2027.1.1"
        draft = s.get(CatalogDraft, draft_id)
        assert draft is not None and draft.published_seq == change.seq
        assert s.get(HqService, "GEH-NEW-SERVICE") is not None  # routed by it
        assert s.execute(select(HqAudit).where(HqAudit.action == "catalog.publish")).scalar_one()
    again = admin.post(f"/office/admin/catalogs/{draft_id}/publish")
    assert again.status_code == 409
    assert count(office, ChangeRow, ChangeRow.kind == "catalog") == 1
    # The same file again is no draft to publish; the page says it is the published one.
    resp = admin.post(
        "/office/admin/catalogs",
        files={"file": ("catalog.json", json.dumps(new).encode(), "application/json")},
    )
    assert "2027.1.1" in admin.get(resp.headers["location"]).text
    assert count(office, ChangeRow, ChangeRow.kind == "catalog") == 1


def _calendar(version: str, date: str) -> bytes:
    return json.dumps(
        {
            "format": 1,
            "version": version,
            "holidays": [{"date": date, "name_ar": "عيد الفطر", "name_en": "Eid al-Fitr"}],
        }
    ).encode()


def test_a_holiday_file_with_a_bad_date_is_refused_with_a_clear_message(
    office: HQ, admin: Browser
) -> None:
    for action in ("check", "publish"):
        resp = admin.post(
            "/office/admin/calendar",
            {"action": action},
            files={"file": ("h.json", _calendar("2027.1", "2027-02-30"), "application/json")},
        )
        assert resp.status_code == 422
        alert = _ALERT.search(resp.text)
        assert alert, resp.text
        assert "تاريخ غير صحيح" in alert.group(1)
        assert "2027-02-30" in alert.group(1) and "Eid al-Fitr" in alert.group(1)
    assert count(office, ChangeRow, ChangeRow.kind == "calendar") == 0
    assert count(office, HqAudit, HqAudit.action == "calendar.publish") == 0


def test_a_holiday_file_is_checked_then_published(office: HQ, admin: Browser) -> None:
    good = _calendar("2027.1", "2027-03-30")
    checked = admin.post(
        "/office/admin/calendar",
        {"action": "check"},
        files={"file": ("h.json", good, "application/json")},
    )
    assert checked.status_code == 200
    assert "2027-03-30" in checked.text
    assert count(office, ChangeRow, ChangeRow.kind == "calendar") == 0
    done = admin.post(
        "/office/admin/calendar",
        {"action": "publish"},
        files={"file": ("h.json", good, "application/json")},
    )
    assert done.status_code == 303
    page = admin.get(done.headers["location"])
    assert "2027.1" in page.text and "2027-03-30" in page.text
    assert count(office, ChangeRow, ChangeRow.kind == "calendar") == 1
    assert count(office, HqAudit, HqAudit.action == "calendar.publish") == 1
    older = admin.post(
        "/office/admin/calendar",
        {"action": "publish"},
        files={"file": ("h.json", _calendar("2026.9", "2027-04-01"), "application/json")},
    )
    assert older.status_code == 409
    assert count(office, ChangeRow, ChangeRow.kind == "calendar") == 1


def test_an_enrollment_code_is_shown_once_and_works(office: HQ, admin: Browser) -> None:
    resp = admin.post("/office/admin/stations", {"center": "SAL", "number": ""})
    assert resp.status_code == 200
    found = _CODE.search(resp.text)
    assert found, resp.text
    code = found.group(1)
    assert "SAL-01" in resp.text
    with office.sessions() as s:
        held = s.execute(select(EnrollmentCode)).scalar_one()
        assert held.code_hash == code_hash(code)  # only its hash is kept
    listing = admin.get("/office/admin/stations")
    assert code not in listing.text and "enroll-code" not in listing.text
    assert "SAL-01" in listing.text
    assert office.enroll(code).status_code == 200
    assert count(office, HqAudit, HqAudit.action == "station.code", HqAudit.target == "SAL-01")


def test_revoke_asks_first_then_revokes(office: HQ, admin: Browser) -> None:
    office.station("MZH", 1)
    confirm = admin.get("/office/admin/stations/MZH-01/revoke")
    assert confirm.status_code == 200
    assert count(office, Station, Station.revoked_at.is_not(None)) == 0
    done = admin.post("/office/admin/stations/MZH-01/revoke")
    assert done.status_code == 303
    assert count(office, Station, Station.revoked_at.is_not(None)) == 1
    assert count(office, HqAudit, HqAudit.action == "station.revoke") == 1
    assert admin.get("/office/admin/stations/XX-77/revoke").status_code == 404


def test_centers_and_users_are_added_with_clear_refusals(office: HQ, admin: Browser) -> None:
    added = admin.post("/office/admin/centers", {"code": "dra", "name": "مركز درعا"})
    assert added.status_code == 303
    assert count(office, Center, Center.code == "DRA") == 1
    twice = admin.post("/office/admin/centers", {"code": "DRA", "name": "x"})
    assert twice.status_code == 409 and "DRA" in twice.text
    bad = admin.post("/office/admin/centers", {"code": "D1", "name": "x"})
    assert bad.status_code == 422
    resp = admin.post(
        "/office/admin/users",
        {
            "username": "dra.head",
            "display_name": "مشرف درعا",
            "role": "supervisor",
            "center": "DRA",
            "password": PASSWORD,
            "language": "ar",
        },
    )
    assert resp.status_code == 303
    short = admin.post(
        "/office/admin/users",
        {"username": "x.short", "display_name": "X", "role": "admin", "password": "short"},
    )
    assert short.status_code == 422 and "x.short" in short.text  # the form keeps its values
    assert count(office, HqUser, HqUser.username == "x.short") == 0
    assert admin.post("/office/admin/users/dra.head/active", {"active": "0"}).status_code == 303
    other = Browser(office)
    try:
        assert other.login("dra.head").status_code == 401  # disabled
        assert admin.post("/office/admin/users/dra.head/active", {"active": "1"}).status_code == 303
        reset = admin.post("/office/admin/users/dra.head/password", {"password": "a new password!"})
        assert reset.status_code == 303
        assert other.login("dra.head").status_code == 401
        assert other.login("dra.head", "a new password!").status_code == 303
    finally:
        other.close()
    with office.sessions() as s:
        actions = set(
            s.execute(
                select(HqAudit.action).where(HqAudit.target.in_(("DRA", "dra.head")))
            ).scalars()
        )
    assert {"center.add", "user.create", "user.disable", "user.enable", "user.password"} <= actions


def test_routing_change_is_kept_and_audited(office: HQ, admin: Browser) -> None:
    with office.sessions() as s:
        s.add(HqService(code="INT-CRIM", agency="MOI", name_ar="لا حكم عليه", sla_days=3))
        s.commit()
    page = admin.get("/office/admin/routing")
    assert "INT-CRIM" in page.text
    resp = admin.post("/office/admin/routing", {"service": "INT-CRIM", "agency": "GEH"})
    assert resp.status_code == 303
    with office.sessions() as s:
        row = s.get(HqService, "INT-CRIM")
        assert row is not None and row.agency == "GEH" and row.admin_routed
    assert count(office, HqAudit, HqAudit.action == "routing.set") == 1
    wrong = admin.post("/office/admin/routing", {"service": "INT-CRIM", "agency": "NOPE"})
    assert wrong.status_code == 422
    with office.sessions() as s:
        assert s.get(Agency, "NOPE") is None
        row = s.get(HqService, "INT-CRIM")
        assert row is not None and row.agency == "GEH"


def test_opt_out_stops_waiting_messages(office: HQ, admin: Browser) -> None:
    with office.sessions() as s:
        s.add(
            Notification(
                uuid="00000000-0000-4000-8000-000000000001",
                event_uuid="00000000-0000-4000-8000-000000000002",
                request_uuid="00000000-0000-4000-8000-000000000003",
                center="MZH",
                station_no=1,
                kind="ready",
                phone="+963933123456",
                body="جاهز",
                segments=1,
                state="queued",
                attempts=0,
                created_at=office.clock(),
            )
        )
        s.commit()
    page = admin.get("/office/admin/notifications")
    assert "+96393••••456" in page.text and "0933123456" not in page.text
    bad = admin.post("/office/admin/notifications/opt-out", {"phone": "12345"})
    assert bad.status_code == 422 and "ليس رقم جوال سوريًا" in bad.text
    resp = admin.post("/office/admin/notifications/opt-out", {"phone": "0933 123 456"})
    assert resp.status_code == 303
    with office.sessions() as s:
        assert s.get(SmsOptOut, "+963933123456") is not None
        assert s.execute(select(Notification.state)).scalar_one() == "opted_out"
        told = s.execute(select(ChangeRow).where(ChangeRow.kind == "notification")).scalar_one()
        assert told.payload["state"] == "opted_out"
    assert count(office, HqAudit, HqAudit.action == "sms.opt_out") == 1
    again = admin.post("/office/admin/notifications/opt-out", {"phone": "0933123456"})
    assert again.status_code == 409
