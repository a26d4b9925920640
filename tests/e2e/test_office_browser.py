"""The agencies' half end to end, in Arabic and in English: a counter takes a request (with a
scan) and syncs; an officer of the agency it was forwarded to works it in chromium; the
counter's next sync shows the step; the SMS gateway (the file adapter) got exactly one message
naming the receipt. Screenshots of each page visited (1366x768) are kept as
office-<page>-<lang>.png (docs/screenshots/ when scripts/screenshots_office.py runs them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from counter_app.services.calls import call_list
from counter_hq.web.i18n import Translator
from tests.conftest import SOCIAL_CENTER
from tests.e2e.conftest import (
    OFFICE_PASSWORD,
    Counter,
    OfficeHQ,
    next_working_day,
    scan_png,
    screenshot,
)

pytestmark = pytest.mark.slow
LANGS = ("ar", "en")
DAMASCUS = ZoneInfo("Asia/Damascus")


def sign_in(page: Any, hq: OfficeHQ, username: str, lang: str, shots: Path | None = None) -> None:
    """The language chosen on the login page (its switch is a cookie), then the form."""
    page.goto(f"{hq.url}/office/lang/{lang}?next=/office/login")
    assert page.url.startswith(f"{hq.url}/office/login")
    _language_is(page, lang)
    if shots is not None:
        screenshot(page, shots, "login", lang)
    page.fill("#username", username)
    page.fill("#password", OFFICE_PASSWORD)
    page.locator("form[action='/office/login'] button[type=submit]").click()
    page.wait_for_url("**/office/queue**")
    _language_is(page, lang)


def _language_is(page: Any, lang: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


def open_from_queue(page: Any, receipt: str, tr: Translator) -> None:
    """The request is in the officer's queue (forwarded, open): its link opens it."""
    page.get_by_role("heading", name=tr("Work queue")).wait_for()
    row = page.locator("table.queue-table tr", has=page.get_by_role("link", name=receipt))
    assert row.count() == 1
    assert tr("status:forwarded") in row.inner_text() or "Forwarded" in row.inner_text()
    row.get_by_role("link", name=receipt).click()
    page.wait_for_url(f"**/office/requests/{receipt}")
    assert receipt in page.locator("h1").inner_text()


def scan_shows(page: Any) -> None:
    """The first scan's first page is an image the browser decoded (naturalWidth > 0)."""
    img = page.locator("img.scan").first
    img.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=img.element_handle(), timeout=15_000
    )
    width = img.evaluate("img => img.naturalWidth")
    assert width > 0


def open_action(page: Any, action: str) -> Any:
    """An action's form opens from its summary (no script); its fields are then in view."""
    details = page.locator(f"details.action-{action}")
    details.locator("summary").click()
    form = details.locator("form")
    form.scroll_into_view_if_needed()
    return form


def local_today() -> dt.date:
    return dt.datetime.now(DAMASCUS).date()


def only_sms(hq: OfficeHQ, receipt: str, phone: str) -> dict[str, Any]:
    """Exactly one message names the receipt, sent to the citizen's phone."""
    messages = hq.wait_sms(receipt)
    assert len(messages) == 1, messages
    refs = [m["ref"] for m in hq.sms_lines()]
    assert len(refs) == len(set(refs)), "a message was sent twice"
    message = messages[0]
    assert message["to"].endswith(phone[1:]), message
    assert receipt in message["text"]
    return message


def on_call_list(counter: Counter, receipt: str, status: str) -> None:
    """After the SMS went out, the counter's next sync learns it: the call list shows the
    request once, in its status, with the SMS sent."""
    counter.sync()
    found = [c for c in call_list(counter.ctx, counter.clerk) if c.receipt_no == receipt]
    assert len(found) == 1, call_list(counter.ctx, counter.clerk)
    assert (found[0].status, found[0].sms_state) == (status, "sent"), found[0]


def counter_sees(counter: Counter, receipt: str, status: str) -> dict[str, Any]:
    out = counter.sync()
    assert out["pull"]["applied"] >= 1, out
    shown = counter.show(receipt)
    assert shown["status"] == status, shown["events"]
    return shown


@pytest.mark.parametrize("lang", LANGS)
def test_an_officer_marks_a_request_ready(
    office_hq: OfficeHQ, counter: Counter, new_context: Any, shots_dir: Path, lang: str
) -> None:
    phone = "0933100200"
    receipt = counter.intake("MOI-BIRTH-STATEMENT", phone=phone, scan=scan_png(f"ready {lang}"))
    pushed = counter.sync()
    assert pushed["push"]["sent"] >= 2, pushed  # the request and its scan
    shown = counter.show(receipt)
    forwarded = [e for e in shown["events"] if e["status"] == "forwarded"]
    assert [e["agency"] for e in forwarded] == ["MOI"], shown["events"]

    tr = Translator(lang)
    page = new_context(lang).new_page()
    sign_in(page, office_hq, "moi.officer", lang, shots_dir)
    screenshot(page, shots_dir, "queue", lang)
    open_from_queue(page, receipt, tr)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, shots_dir, "request", lang)
    scan_shows(page)
    screenshot(page, shots_dir, "request-scan", lang)

    day = next_working_day(local_today())
    form = open_action(page, "ready")
    form.locator("input[name=collect_from]").fill(day.isoformat())
    form.locator("input[name=collect_place]").fill("النافذة ٣" if lang == "ar" else "Window 3")
    screenshot(page, shots_dir, "actions", lang)
    form.get_by_role("button", name=tr("Mark ready")).click()
    page.wait_for_url(f"**/office/requests/{receipt}?done=ready*")
    notice = page.locator("p.notice").first.inner_text()
    assert tr("The request is marked ready for collection") in notice
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, shots_dir, "action-done", lang)

    shown = counter_sees(counter, receipt, "ready")
    ready = [e for e in shown["events"] if e["status"] == "ready"]
    assert len(ready) == 1 and ready[0]["collect_from"] == day.isoformat(), ready
    assert ready[0]["agency"] == "MOI", ready
    words = counter.show_text(receipt, lang)
    assert "MOI" in words or "الداخلية" in words  # the step names the agency at the counter

    message = only_sms(office_hq, receipt, phone)
    assert f"{day.day}/{day.month}/{day.year}" in message["text"]
    on_call_list(counter, receipt, "ready")


@pytest.mark.parametrize("lang", LANGS)
def test_an_officer_asks_for_information(
    office_hq: OfficeHQ, counter: Counter, new_context: Any, shots_dir: Path, lang: str
) -> None:
    phone = "0944300400"
    receipt = counter.intake("MOI-BIRTH-STATEMENT", phone=phone, scan=scan_png(f"info {lang}"))
    counter.sync()

    tr = Translator(lang)
    page = new_context(lang).new_page()
    sign_in(page, office_hq, "moi.officer", lang)
    open_from_queue(page, receipt, tr)
    scan_shows(page)
    wanted = "صورة مصدقة عن دفتر العائلة" if lang == "ar" else "A certified family booklet copy"
    form = open_action(page, "needs_info")
    form.locator("textarea[name=message]").fill(wanted)
    form.get_by_role("button", name=tr("Ask for information")).click()
    page.wait_for_url(f"**/office/requests/{receipt}?done=needs_info*")
    assert (
        tr("The citizen was asked for information") in page.locator("p.notice").first.inner_text()
    )
    timeline = page.locator("ol.timeline")
    assert wanted in timeline.inner_text()
    timeline.scroll_into_view_if_needed()
    screenshot(page, shots_dir, "timeline", lang)

    shown = counter_sees(counter, receipt, "needs_info")
    asked = [e for e in shown["events"] if e["status"] == "needs_info"]
    assert [e["reason"] for e in asked] == [wanted], asked
    words = counter.show_text(receipt, lang)
    assert wanted in words  # what the clerk reads out at the counter

    message = only_sms(office_hq, receipt, phone)
    assert wanted[:10] in message["text"]
    on_call_list(counter, receipt, "needs_info")


@pytest.mark.parametrize("lang", LANGS)
@SOCIAL_CENTER  # the complaints are the Social Affairs center's
def test_an_officer_answers_a_complaint(
    office_hq: OfficeHQ, counter: Counter, new_context: Any, shots_dir: Path, lang: str
) -> None:
    phone = "0955500600"
    receipt = counter.intake("MOSAL-COMPLAINT-DELAY", phone=phone)
    counter.sync()

    tr = Translator(lang)
    page = new_context(lang).new_page()
    sign_in(page, office_hq, "mosal.officer", lang)
    page.get_by_role("link", name=tr("Complaints")).click()
    # An officer starts on the complaints addressed to them; a new one is their agency's.
    page.get_by_role("link", name=tr("My agency's")).click()
    page.wait_for_url("**/office/complaints?tab=agency")
    screenshot(page, shots_dir, "complaints", lang)
    page.get_by_role("link", name=receipt).click()
    page.wait_for_url(f"**/office/complaints/{receipt}")
    screenshot(page, shots_dir, "complaint", lang)

    answer = (
        "نعتذر عن التأخير. أُنجزت معاملتكم ويمكنكم مراجعة المديرية"
        if lang == "ar"
        else "We apologise for the delay; your file was completed."
    )
    page.locator("textarea[name=text]").fill(answer)
    page.get_by_role("button", name=tr("Record the answer")).click()
    page.wait_for_url(f"**/office/complaints/{receipt}?done=answered")
    assert answer in page.locator(".answer-text").inner_text()
    screenshot(page, shots_dir, "complaint-answered", lang)

    out = counter.sync()
    assert out["pull"]["applied"] >= 1, out
    res = counter.show(receipt)
    assert [a["text"] for a in res["answers"]] == [answer], res.get("answers")
    assert res["status"] == "ready", res["events"]
    assert answer in counter.show_text(receipt, lang)

    only_sms(office_hq, receipt, phone)
    # The written answer waits at the counter: on the call list, with the answer's SMS sent
    # (HQ reports it as kind "answer" while the request's status is "ready").
    on_call_list(counter, receipt, "ready")


ADMIN_PAGES = (
    ("admin", "/office/admin"),
    ("admin-centers", "/office/admin/centers"),
    ("admin-stations", "/office/admin/stations"),
    ("admin-users", "/office/admin/users"),
    ("admin-catalogs", "/office/admin/catalogs"),
    ("admin-agencies", "/office/admin/agencies"),
    ("admin-routing", "/office/admin/routing"),
    ("admin-calendar", "/office/admin/calendar"),
    ("admin-notifications", "/office/admin/notifications"),
    ("reports", "/office/reports?start=-30d&end=today&by=agency"),
    ("account", "/office/account"),
)


@pytest.mark.parametrize("lang", LANGS)
def test_admin_pages_and_account(
    office_hq: OfficeHQ, new_context: Any, shots_dir: Path, lang: str
) -> None:
    """An HQ admin's pages render in both languages, each within the window's width."""
    page = new_context(lang).new_page()
    sign_in(page, office_hq, "hq.admin", lang)
    for name, path in ADMIN_PAGES:
        response = page.goto(office_hq.url + path)
        assert response is not None and response.status == 200, (
            path,
            response and response.status,
            office_hq.server.log.read_text()[-3000:],
        )
        _language_is(page, lang)
        screenshot(page, shots_dir, name, lang)
