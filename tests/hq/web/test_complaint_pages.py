"""The complaint pages through the web app (TestClient, real PostgreSQL): lists by tab with late
ones first, addressing, the answer with its file and SMS state, access by agency, escaped text
and refused CSRF tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_hq.models import (
    ChangeRow,
    ComplaintAnswer,
    HqAudit,
    HqRequest,
    HqUser,
    Notification,
    RequestState,
)
from tests.hq.conftest import HQ, StationClient, request_item
from tests.hq.request_states import state_of
from tests.hq.web.conftest import Browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCRIPT = '<script>alert("x")</script> & <b>bold</b>'


class Complaints:
    def __init__(self, hq: HQ) -> None:
        self.hq = hq
        self.station: StationClient = hq.station("MZH", 1)
        self.seq = 0

    def make(self, *, agency: str = "GEH", due: dt.date = dt.date(2026, 11, 26)) -> str:
        """A request pushed by the station and held at HQ as ``agency``'s complaint."""
        self.seq += 1
        item = request_item("MZH", 1, self.seq, note="تأخر المعاملة شهرين")
        assert self.station.push(item)[0]["status"] == "created"
        with self.hq.sessions() as s:
            req = s.execute(
                select(HqRequest).where(HqRequest.uuid == item["payload"]["uuid"])
            ).scalar_one()
            state = state_of(s, req)
            state.category = "complaint"
            state.agency = agency
            state.due_on = due
            s.commit()
            return req.receipt_no

    def count(self, model: Any, *where: Any) -> int:
        with self.hq.sessions() as s:
            return int(
                s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
            )

    def user_id(self, username: str) -> int:
        with self.hq.sessions() as s:
            return int(s.execute(select(HqUser.id).where(HqUser.username == username)).scalar_one())


@pytest.fixture
def complaints(office: HQ) -> Complaints:
    return Complaints(office)


def test_the_list_shows_late_complaints_first_and_only_the_agency_s(
    browser: Browser, complaints: Complaints
) -> None:
    later = complaints.make(due=dt.date(2026, 11, 30))
    late = complaints.make(due=dt.date(2026, 11, 18))  # the clock says 2026-11-22
    other = complaints.make(agency="MOI")
    browser.login("geh.officer")
    page = browser.get("/office/complaints?tab=agency")
    assert page.status_code == 200
    assert late in page.text and later in page.text and other not in page.text
    assert page.text.index(late) < page.text.index(later)
    assert 'class="overdue"' in page.text
    mine = browser.get("/office/complaints")  # an officer starts on "addressed to me"
    assert late not in mine.text


def test_answer_by_the_holding_agency_with_a_file_then_shown_with_its_sms(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    browser.login("geh.officer")
    page = browser.get(f"/office/complaints/{receipt}")
    assert page.status_code == 200
    assert "تأخر المعاملة شهرين" in page.text  # the complaint's own text
    assert f'action="/office/complaints/{receipt}/answer"' in page.text
    resp = browser.post(
        f"/office/complaints/{receipt}/answer",
        data={"text": "عولجت الشكوى وأُنجزت المعاملة"},
        files={"file": ("الرد.pdf", PDF, "application/pdf")},
    )
    assert resp.status_code == 303, resp.text
    shown = browser.get(resp.headers["location"])
    assert "عولجت الشكوى وأُنجزت المعاملة" in shown.text
    assert "الرد.pdf" in shown.text
    assert "sms-queued" in shown.text  # the SMS to the citizen and its state
    assert f'action="/office/complaints/{receipt}/answer"' not in shown.text  # answered once
    file = browser.get(f"/office/complaints/{receipt}/file")
    assert file.status_code == 200 and file.content == PDF
    assert file.headers["content-type"] == "application/pdf"
    assert file.headers["content-disposition"].startswith("attachment;")
    with complaints.hq.sessions() as s:
        answer = s.execute(select(ComplaintAnswer)).scalar_one()
        assert answer.file_sha256 == hashlib.sha256(PDF).hexdigest()
        assert s.execute(select(Notification.kind)).scalar_one() == "answer"
        assert s.execute(
            select(HqAudit.action).where(HqAudit.action == "complaint.answer")
        ).scalar_one()


def test_another_agency_gets_not_found_and_changes_nothing(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    browser.login("moi.officer")
    assert browser.get(f"/office/complaints/{receipt}").status_code == 404
    resp = browser.post(f"/office/complaints/{receipt}/answer", data={"text": "ليس من شأننا"})
    assert resp.status_code == 404
    assert "ليس من شأننا" not in resp.text
    assert (
        browser.post(f"/office/complaints/{receipt}/assign", data={"agency": "MOI"}).status_code
        == 404
    )
    assert complaints.count(ComplaintAnswer) == 0
    assert complaints.count(ChangeRow, ChangeRow.kind == "complaint_answer") == 0
    with complaints.hq.sessions() as s:
        assert (
            s.execute(
                select(RequestState.agency).where(RequestState.receipt_no == receipt)
            ).scalar_one()
            == "GEH"
        )


def test_script_in_an_answer_is_shown_as_text(browser: Browser, complaints: Complaints) -> None:
    receipt = complaints.make()
    browser.login("geh.officer")
    resp = browser.post(f"/office/complaints/{receipt}/answer", data={"text": SCRIPT})
    assert resp.status_code == 303
    page = browser.get(f"/office/complaints/{receipt}")
    assert "<script>alert" not in page.text and "<b>bold</b>" not in page.text
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert escaped in page.text
    with complaints.hq.sessions() as s:  # stored exactly as written
        assert s.execute(select(ComplaintAnswer.text)).scalar_one() == SCRIPT


def test_forged_csrf_is_refused_and_changes_nothing(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    browser.login("geh.officer")
    for token in ("forged-token", ""):
        resp = browser.client.post(
            f"/office/complaints/{receipt}/answer", data={"text": "رد", "csrf": token}
        )
        assert resp.status_code == 403
        assert "انتهت صلاحية هذا النموذج" in resp.text
        resp = browser.client.post(
            f"/office/complaints/{receipt}/assign", data={"agency": "MOI", "csrf": token}
        )
        assert resp.status_code == 403
    assert complaints.count(ComplaintAnswer) == 0
    assert complaints.count(HqAudit, HqAudit.action.like("complaint.%")) == 0


def test_a_refused_answer_keeps_the_text_and_says_why(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    browser.login("geh.officer")
    resp = browser.post(
        f"/office/complaints/{receipt}/answer",
        data={"text": "الرد المكتوب"},
        files={"file": ("x.exe", b"MZ\x90\x00not a document", "application/octet-stream")},
    )
    assert resp.status_code == 422
    assert "ليس مستند PDF أو صورة JPEG أو PNG" in resp.text
    assert "الرد المكتوب" in resp.text  # kept in the form
    assert complaints.count(ComplaintAnswer) == 0
    assert complaints.count(Notification) == 0


def test_re_address_to_a_person_then_to_another_agency(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    officer = complaints.user_id("geh.officer")
    browser.login("geh.officer")
    resp = browser.post(f"/office/complaints/{receipt}/assign", data={"assignee": str(officer)})
    assert resp.status_code == 303
    mine = browser.get("/office/complaints?tab=mine")
    assert receipt in mine.text
    resp = browser.post(f"/office/complaints/{receipt}/assign", data={"agency": "MOI"})
    assert resp.status_code == 303
    # Now another agency's: GEH no longer sees it, MOI does.
    assert browser.get(f"/office/complaints/{receipt}").status_code == 404
    other = Browser(complaints.hq)
    try:
        other.login("moi.officer")
        assert receipt in other.get("/office/complaints?tab=agency").text
    finally:
        other.close()
    assert complaints.count(HqAudit, HqAudit.action == "complaint.assign") == 2


def test_a_supervisor_sees_the_complaint_but_has_no_forms(
    browser: Browser, complaints: Complaints
) -> None:
    receipt = complaints.make()
    browser.login("mzh.head")
    page = browser.get(f"/office/complaints/{receipt}")
    assert page.status_code == 200
    assert "/answer" not in page.text and "/assign" not in page.text
    resp = browser.post(f"/office/complaints/{receipt}/answer", data={"text": "رد"})
    assert resp.status_code == 403
    assert complaints.count(ComplaintAnswer) == 0
