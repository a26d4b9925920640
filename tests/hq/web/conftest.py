"""Back-office fixtures: an HQ (tests/hq/conftest.py) with agencies and one account per role,
and a browser-like client that signs in and carries the session's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from counter_hq.models import Agency
from counter_hq.office.users import create_user
from tests.hq.conftest import CHEAP_HASHER, HQ

PASSWORD = "correct horse battery"
ACCOUNTS = {
    # username: (role, agency, center)
    "geh.officer": ("officer", "GEH", None),
    "moi.officer": ("officer", "MOI", None),
    "mzh.head": ("supervisor", None, "MZH"),
    "sal.head": ("supervisor", None, "SAL"),
    "hq.admin": ("admin", None, None),
}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def ensure_agencies(hq: HQ) -> None:
    with hq.sessions() as s:
        for code, name in (("GEH", "المؤسسة العامة للإسكان"), ("MOI", "وزارة الداخلية")):
            if s.execute(select(Agency).where(Agency.code == code)).scalar_one_or_none() is None:
                s.add(
                    Agency(
                        code=code, name_ar=name, name_en=code, active=True, created_at=hq.clock()
                    )
                )
        s.commit()


def add_accounts(hq: HQ) -> None:
    ensure_agencies(hq)
    with hq.sessions() as s:
        for username, (role, agency, center) in ACCOUNTS.items():
            create_user(
                s,
                username=username,
                display_name=username.replace(".", " ").title(),
                role=role,
                password=PASSWORD,
                now=hq.clock(),
                agency=agency,
                center=center,
                hasher=CHEAP_HASHER,
            )
        s.commit()


class Browser:
    """One signed-in (or not) browser: its own cookie jar."""

    def __init__(self, hq: HQ) -> None:
        self.client = TestClient(hq.app, follow_redirects=False)
        self.csrf = ""

    def login(self, username: str, password: str = PASSWORD) -> Any:
        form = self.client.get("/office/login")
        token = _CSRF.search(form.text)
        assert token, form.text
        resp = self.client.post(
            "/office/login",
            data={"username": username, "password": password, "csrf": token.group(1)},
        )
        if resp.status_code == 303:
            # The account page exists for every role and carries the session's token.
            page = self.client.get("/office/account")
            found = _CSRF.search(page.text)
            self.csrf = found.group(1) if found else ""
        return resp

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.client.post(path, data={"csrf": self.csrf, **(data or {})}, **kw)

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def office(hq: HQ) -> HQ:
    add_accounts(hq)
    return hq


@pytest.fixture
def browser(office: HQ) -> Iterator[Browser]:
    b = Browser(office)
    try:
        yield b
    finally:
        b.close()
