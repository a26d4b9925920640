"""Agencies and their offices through the admin pages (TestClient, real PostgreSQL): added,
renamed, deactivated and activated again, offices added, renamed and removed, each audited;
bad input and a change that would strand routed services refused with a translated message
that names the cause, changing nothing; other roles get the 403 page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select, text

from counter_hq.models import Agency, AgencyOffice, HqAudit, HqService
from tests.hq.conftest import HQ
from tests.hq.web.conftest import Browser

_ALERT = re.compile(r'<p class="error" role="alert">([^<]+)</p>')
_NOTICE = re.compile(r'<p class="notice" role="status">([^<]+)</p>')
PAGE = "/office/admin/agencies"


def plain(text_: str) -> str:
    return text_.replace("\u2068", "").replace("\u2069", "")


def alert(resp: Any) -> str:
    found = _ALERT.search(resp.text)
    assert found, resp.text[:2000]
    return plain(found.group(1))


def snapshot(hq: HQ) -> tuple[Any, ...]:
    """Every row of the tables these pages write."""
    with hq.engine.connect() as conn:
        return tuple(
            tuple(conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all())
            for t in ("agencies", "agency_offices", "services", "hq_audit")
        )


def audits(hq: HQ, action: str) -> int:
    with hq.sessions() as s:
        return int(
            s.execute(
                select(func.count()).select_from(HqAudit).where(HqAudit.action == action)
            ).scalar_one()
        )


@pytest.fixture
def admin(browser: Browser) -> Browser:
    assert browser.login("hq.admin").status_code == 303
    return browser


def test_add_rename_deactivate_and_activate_an_agency(office: HQ, admin: Browser) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200 and "GEH" in page.text and "MOI" in page.text
    assert 'href="/office/admin/agencies" aria-current="page"' in page.text  # in the navigation
    added = admin.post(
        PAGE, {"code": "dam-gov", "name_ar": "محافظة دمشق", "name_en": "Damascus Governorate"}
    )
    assert added.status_code == 303
    shown = admin.get(added.headers["location"])
    assert "أُضيفت الجهة" in plain(shown.text) and "محافظة دمشق" in shown.text
    renamed = admin.post(f"{PAGE}/DAM-GOV/rename", {"name_ar": "محافظة مدينة دمشق", "name_en": ""})
    assert renamed.status_code == 303
    off = admin.post(f"{PAGE}/DAM-GOV/active", {"active": "0"})
    assert off.status_code == 303
    with office.sessions() as s:
        held = s.get(Agency, "DAM-GOV")
        assert held is not None and held.name_ar == "محافظة مدينة دمشق" and held.name_en == ""
        assert not held.active
    # An inactive agency is no longer offered for routing.
    assert 'value="DAM-GOV"' not in admin.get("/office/admin/routing").text
    assert admin.post(f"{PAGE}/DAM-GOV/active", {"active": "1"}).status_code == 303
    with office.sessions() as s:
        held = s.get(Agency, "DAM-GOV")
        assert held is not None and held.active
    for action in ("agency.add", "agency.rename", "agency.deactivate", "agency.activate"):
        assert audits(office, action) == 1, action
    admin.get("/office/lang/en?next=/office/admin")
    english = admin.get(PAGE)
    assert english.status_code == 200 and 'dir="ltr"' in english.text
    assert "Add an agency" in english.text and "محافظة مدينة دمشق" in english.text


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        ({"code": "M", "name_ar": "جهة"}, 422, "M ليس رمز جهة"),
        ({"code": "MO I", "name_ar": "جهة"}, 422, "ليس رمز جهة"),
        ({"code": "وزارة", "name_ar": "جهة"}, 422, "ليس رمز جهة"),
        ({"code": "A" * 21, "name_ar": "جهة"}, 422, "ليس رمز جهة"),
        ({"code": "NEW", "name_ar": "  "}, 422, "الاسم العربي مطلوب"),
        ({"code": "NEW", "name_ar": "جهة", "name_en": "x" * 201}, 422, "الاسم الإنكليزي"),
        ({"code": "geh", "name_ar": "جهة أخرى"}, 409, "الجهة GEH موجودة من قبل"),
    ],
)
def test_a_bad_or_duplicate_agency_is_refused_and_changes_nothing(
    office: HQ, admin: Browser, form: dict[str, str], status: int, words: str
) -> None:
    before = snapshot(office)
    resp = admin.post(PAGE, form)
    assert resp.status_code == status
    assert words in alert(resp)
    assert form["name_ar"] in resp.text  # the form keeps what was typed
    assert snapshot(office) == before


def test_deactivating_an_agency_that_handles_services_is_refused_naming_them(
    office: HQ, admin: Browser
) -> None:
    with office.sessions() as s:
        for code in ("INT-CRIM", "INT-PASS"):
            s.add(HqService(code=code, agency="MOI", name_ar="خدمة", sla_days=3))
        s.commit()
    before = snapshot(office)
    resp = admin.post(f"{PAGE}/MOI/active", {"active": "0"})
    assert resp.status_code == 409
    said = alert(resp)
    assert "MOI" in said and "INT-CRIM, INT-PASS" in said and "2" in said
    assert snapshot(office) == before
    admin.get("/office/lang/en?next=/office/admin")
    english = admin.post(f"{PAGE}/MOI/active", {"active": "0"})
    assert "Agency MOI still handles 2 services (INT-CRIM, INT-PASS)" in alert(english)
    assert snapshot(office) == before
    unknown = admin.post(f"{PAGE}/NOPE/active", {"active": "0"})
    assert unknown.status_code == 404 and snapshot(office) == before


def test_offices_are_added_renamed_and_removed(office: HQ, admin: Browser) -> None:
    with office.sessions() as s:
        s.add(HqService(code="GEH-PROP", agency="GEH", name_ar="بيان عقاري", sla_days=5))
        s.commit()
    added = admin.post(
        f"{PAGE}/GEH/offices",
        {"name_ar": "مديرية السكن بدمشق", "name_en": "Damascus housing directorate", "center": ""},
    )
    assert added.status_code == 303
    with office.sessions() as s:
        made = s.execute(select(AgencyOffice)).scalar_one()
        office_id, center = made.id, made.center
    assert center is None
    page = admin.get(PAGE)
    assert "مديرية السكن بدمشق" in page.text
    assert f"/office/admin/agencies/GEH/offices/{office_id}/remove" in page.text
    renamed = admin.post(
        f"{PAGE}/GEH/offices/{office_id}/rename",
        {"name_ar": "مكتب السكن في المزة", "name_en": "", "center": "MZH"},
    )
    assert renamed.status_code == 303
    with office.sessions() as s:
        held = s.get(AgencyOffice, office_id)
        assert held is not None and held.name_ar == "مكتب السكن في المزة"
        assert held.center == "MZH" and held.agency == "GEH"
    # The new office is offered on the routing page.
    assert "مكتب السكن في المزة" in admin.get("/office/admin/routing").text
    removed = admin.post(f"{PAGE}/GEH/offices/{office_id}/remove")
    assert removed.status_code == 303
    with office.sessions() as s:
        assert s.get(AgencyOffice, office_id) is None
    for action in ("office.add", "office.rename", "office.remove"):
        assert audits(office, action) == 1, action


def test_office_refusals_change_nothing(office: HQ, admin: Browser) -> None:
    with office.sessions() as s:
        held = AgencyOffice(agency="GEH", name_ar="مكتب العقارات", name_en="", center=None)
        s.add(held)
        s.flush()
        office_id = held.id
        s.add(
            HqService(
                code="GEH-PROP", agency="GEH", office_id=office_id, name_ar="بيان", sla_days=5
            )
        )
        s.commit()
    before = snapshot(office)
    in_use = admin.post(f"{PAGE}/GEH/offices/{office_id}/remove")
    assert in_use.status_code == 409
    said = alert(in_use)
    assert "مكتب العقارات" in said and "GEH-PROP" in said
    # Another agency's office in the address is "not found", whichever agency holds it.
    assert admin.post(f"{PAGE}/MOI/offices/{office_id}/remove").status_code == 404
    assert admin.post(f"{PAGE}/GEH/offices/abc/remove").status_code == 404
    no_name = admin.post(f"{PAGE}/GEH/offices", {"name_ar": "", "name_en": "Desk"})
    assert no_name.status_code == 422 and "الاسم العربي مطلوب" in alert(no_name)
    bad_center = admin.post(f"{PAGE}/GEH/offices", {"name_ar": "مكتب", "center": "XYZ"})
    assert bad_center.status_code == 404 and "XYZ" in alert(bad_center)
    no_agency = admin.post(f"{PAGE}/NOPE/offices", {"name_ar": "مكتب"})
    assert no_agency.status_code == 404
    bad_rename = admin.post(
        f"{PAGE}/GEH/offices/{office_id}/rename", {"name_ar": "", "name_en": "x"}
    )
    assert bad_rename.status_code == 422
    assert snapshot(office) == before


@pytest.mark.parametrize("username", ["geh.officer", "mzh.head"])
def test_others_than_admins_get_403_and_change_nothing(
    office: HQ, browser: Browser, username: str
) -> None:
    with office.sessions() as s:
        held = AgencyOffice(agency="GEH", name_ar="مكتب", name_en="", center=None)
        s.add(held)
        s.commit()
        office_id = held.id
    assert browser.login(username).status_code == 303
    assert browser.get(PAGE).status_code == 403
    before = snapshot(office)
    posts: list[tuple[str, dict[str, str]]] = [
        (PAGE, {"code": "NEW", "name_ar": "جهة"}),
        (f"{PAGE}/GEH/rename", {"name_ar": "اسم", "name_en": ""}),
        (f"{PAGE}/GEH/active", {"active": "0"}),
        (f"{PAGE}/GEH/offices", {"name_ar": "مكتب"}),
        (f"{PAGE}/GEH/offices/{office_id}/rename", {"name_ar": "اسم"}),
        (f"{PAGE}/GEH/offices/{office_id}/remove", {}),
    ]
    for path, data in posts:
        resp = browser.post(path, data)
        assert resp.status_code == 403, path
        assert "هذا من صلاحيات مديري الإدارة المركزية فقط" in resp.text
    assert snapshot(office) == before
