"""What every page handler receives: the signed-in user, the CSRF token, the translator, the
time, and the app's services. Pages declare ``PageDep`` (any signed-in user) or ``PostDep``
(a form post: the CSRF token is checked first, before the handler reads anything).

Sessions live in the database (office/users.py); the cookie is HttpOnly, SameSite=Strict and
Secure whenever the page came over https. A form carries the session's CSRF token in the field
``csrf``; an htmx request sends it in the ``X-CSRF-Token`` header. The login form, which has no
session yet, uses a double-submit cookie of its own.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

import anyio.to_thread
from fastapi import Depends, Request

from counter_hq.api.deps import Services
from counter_hq.errors import HQError
from counter_hq.office.access import WebUser
from counter_hq.office.users import resume
from counter_hq.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator

SESSION_COOKIE = "csc_session"
LANGUAGE_COOKIE = "csc_lang"
LOGIN_CSRF_COOKIE = "csc_login_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
PREFIX = "/office"


class LoginRequired(Exception):
    """No valid session: the handler answers with the login page's address."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(HQError):
    status = 403
    code = "csrf"


@dataclass(frozen=True)
class Page:
    request: Request
    services: Services
    user: WebUser
    csrf: str
    tr: Translator
    now: dt.datetime


def services_of(request: Request) -> Services:
    services = request.app.state.services
    assert isinstance(services, Services)
    return services


def language_of(request: Request, user: WebUser | None = None) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if user is not None and user.language in LANGUAGES:
        return user.language
    return DEFAULT_LANGUAGE


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def _resume(services: Services, cookie: str | None) -> tuple[WebUser, str, dt.datetime] | None:
    now = services.clock()
    with services.sessions() as session:
        found = resume(session, cookie, now)
        session.commit()
    return None if found is None else (found.user, found.csrf, now)


async def page(request: Request) -> Page:
    services = services_of(request)
    found = await anyio.to_thread.run_sync(_resume, services, request.cookies.get(SESSION_COOKIE))
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    user, csrf, now = found
    return Page(request, services, user, csrf, Translator(language_of(request, user)), now)


PageDep = Annotated[Page, Depends(page)]


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


async def posted(current: PageDep) -> Page:
    request = current.request
    given = request.headers.get(CSRF_HEADER)
    if not given:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not same_token(given, current.csrf):
        raise CsrfRefused("This form has expired or did not come from this site; try again")
    return current


PostDep = Annotated[Page, Depends(posted)]


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def safe_next(target: str | None) -> str:
    """Only a path of the back office itself: never another site after signing in."""
    if (
        target
        and target.startswith(PREFIX + "/")
        and not target.startswith("//")
        and "\\" not in target
        and "\n" not in target
        and "\r" not in target
    ):
        return target
    return PREFIX + "/"


def login_url(next_path: str) -> str:
    return f"{PREFIX}/login?next={quote(safe_next(next_path), safe='/')}"
