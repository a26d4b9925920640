"""Signing in, sessions, lockout and CSRF in the back office (real PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from counter_hq.office.users import LOCKOUT, MAX_FAILURES
from tests.hq.conftest import HQ
from tests.hq.web.conftest import PASSWORD, Browser


def test_sign_in_lands_on_the_start_page_with_a_safe_cookie(browser: Browser) -> None:
    resp = browser.login("geh.officer")
    assert resp.status_code == 303
    assert resp.headers["location"] == "/office/queue"
    cookie = resp.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/office" in cookie
    page = browser.get("/office/account")
    assert page.status_code == 200
    assert "Geh Officer" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert '<html lang="ar" dir="rtl">' in page.text


def test_wrong_password_and_unknown_user_get_the_same_translated_answer(browser: Browser) -> None:
    wrong = browser.login("geh.officer", "not the password")
    unknown = browser.login("nobody.here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    for resp in (wrong, unknown):
        assert "اسم المستخدم أو كلمة المرور غير صحيحة" in resp.text
    assert "csc_session" not in wrong.headers.get("set-cookie", "")


def test_lockout_after_repeated_failures_even_with_the_right_password(
    office: HQ, browser: Browser
) -> None:
    for _ in range(MAX_FAILURES):
        assert browser.login("moi.officer", "wrong password!").status_code == 401
    locked = browser.login("moi.officer", PASSWORD)
    assert locked.status_code == 401
    assert "مقفل" in locked.text
    office.clock.advance(seconds=LOCKOUT.total_seconds() + 1)
    assert browser.login("moi.officer", PASSWORD).status_code == 303


def test_pages_need_a_session_and_send_back_to_them(browser: Browser) -> None:
    resp = browser.get("/office/account")
    assert resp.status_code == 303
    assert resp.headers["location"] == "/office/login?next=/office/account"


def test_next_never_leaves_the_back_office(browser: Browser) -> None:
    form = browser.get("/office/login?next=https://evil.example/x")
    assert "evil.example" not in form.text
    token = form.text.split('name="csrf" value="')[1].split('"')[0]
    resp = browser.client.post(
        "/office/login",
        data={
            "username": "hq.admin",
            "password": PASSWORD,
            "csrf": token,
            "next": "//evil.example/x",
        },
    )
    assert resp.status_code == 303
    assert resp.headers["location"] == "/office/queue"


def test_forged_csrf_is_refused_and_changes_nothing(office: HQ, browser: Browser) -> None:
    browser.login("geh.officer")
    before = office.scalar("SELECT password_hash FROM users WHERE username = 'geh.officer'")
    resp = browser.client.post(
        "/office/account/password",
        data={
            "csrf": "forged",
            "old": PASSWORD,
            "new": "a new password!",
            "again": "a new password!",
        },
    )
    assert resp.status_code == 403
    assert "انتهت صلاحية هذا النموذج" in resp.text
    missing = browser.client.post(
        "/office/account/password",
        data={"old": PASSWORD, "new": "a new password!", "again": "a new password!"},
    )
    assert missing.status_code == 403
    assert office.scalar("SELECT password_hash FROM users WHERE username = 'geh.officer'") == before


def test_login_form_without_its_cookie_is_refused(office: HQ) -> None:
    other = Browser(office)
    resp = other.client.post(
        "/office/login", data={"username": "hq.admin", "password": PASSWORD, "csrf": "guess"}
    )
    assert resp.status_code == 403
    assert office.scalar("SELECT count(*) FROM web_sessions") == 0
    other.close()


def test_idle_session_ends(office: HQ, browser: Browser) -> None:
    browser.login("mzh.head")
    assert browser.get("/office/account").status_code == 200
    office.clock.advance(minutes=31)
    assert browser.get("/office/account").status_code == 303


def test_sign_out_ends_the_session_server_side(office: HQ, browser: Browser) -> None:
    browser.login("hq.admin")
    stolen = browser.client.cookies.get("csc_session")
    assert browser.post("/office/logout").status_code == 303
    thief = Browser(office)
    thief.client.cookies.set("csc_session", stolen or "", path="/office")
    assert thief.get("/office/account").status_code == 303
    thief.close()


def test_own_password_change_needs_the_current_one(office: HQ, browser: Browser) -> None:
    browser.login("sal.head")
    bad = browser.post(
        "/office/account/password",
        {"old": "wrong one!!", "new": "another password", "again": "another password"},
    )
    assert bad.status_code == 422
    ok = browser.post(
        "/office/account/password",
        {"old": PASSWORD, "new": "another password", "again": "another password"},
    )
    assert ok.status_code == 200
    fresh = Browser(office)
    assert fresh.login("sal.head", "another password").status_code == 303
    fresh.close()


def test_english_switch(browser: Browser) -> None:
    browser.login("geh.officer")
    browser.get("/office/lang/en?next=/office/account")
    page = browser.get("/office/account")
    assert '<html lang="en" dir="ltr">' in page.text
    assert "My account" in page.text


def test_session_never_outlives_its_day(office: HQ, browser: Browser) -> None:
    browser.login("hq.admin")
    for _ in range(26):  # active every 29 minutes: idle never ends it, the 12 h cap does
        office.clock.advance(minutes=29)
        browser.get("/office/account")
    assert office.clock() - dt.timedelta(hours=12) > dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)
    assert browser.get("/office/account").status_code == 303


def test_failed_sign_ins_per_address_are_throttled_before_the_database(
    office: HQ, browser: Browser
) -> None:
    # 30 failures a minute per address (COUNTER_HQ_AUTH_FAILURES_PER_MINUTE), spread over
    # accounts so no single lockout explains the refusal.
    names = ["geh.officer", "moi.officer", "mzh.head", "sal.head", "hq.admin", "nobody"]
    answers = [
        browser.login(names[i % len(names)], "wrong password!").status_code for i in range(31)
    ]
    assert answers[:30] == [401] * 30
    assert answers[30] == 429
    refused = browser.login("hq.admin", PASSWORD)
    assert refused.status_code == 429
    assert "انتظر" in refused.text and int(refused.headers["retry-after"]) >= 1
    failed = office.scalar("SELECT count(*) FROM hq_audit WHERE action = 'login.failed'")
    assert failed <= 30  # the refused tries never reached the accounts
