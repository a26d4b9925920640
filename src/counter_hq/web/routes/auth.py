"""Signing in and out, the language switch, and the home page each role starts from."""

from __future__ import annotations

import math
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from counter_hq.api.deps import Services
from counter_hq.api.throttle import bucket_key
from counter_hq.errors import HQError
from counter_hq.office.access import Role
from counter_hq.office.users import SignedIn, sign_in, sign_out
from counter_hq.web.i18n import LANGUAGES, Translator
from counter_hq.web.pages import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    CsrfRefused,
    PageDep,
    PostDep,
    is_https,
    language_of,
    new_login_token,
    safe_next,
    same_token,
    services_of,
)
from counter_hq.web.present import error_text
from counter_hq.web.templating import PAGE_HEADERS, environment

router = APIRouter()

HOME_OF_ROLE = {
    Role.OFFICER: f"{PREFIX}/queue",
    Role.SUPERVISOR: f"{PREFIX}/queue",
    Role.ADMIN: f"{PREFIX}/queue",
}


def _login_page(
    request: Request, *, error: str | None, next_path: str, status_code: int = 200
) -> Response:
    tr = Translator(language_of(request))
    token = new_login_token()
    body = (
        environment()
        .get_template("login.html")
        .render(
            _=tr,
            lang=tr.language,
            dir=tr.direction,
            user=None,
            csrf=token,
            path=request.url.path,
            query=request.url.query,
            error=error,
            next_path=safe_next(next_path),
        )
    )
    response = Response(body, status_code, headers=PAGE_HEADERS, media_type="text/html")
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path=f"{PREFIX}/login",
    )
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "") -> Response:
    return _login_page(request, error=None, next_path=next)


def _sign_in(services: Services, username: str, password: str) -> SignedIn | HQError:
    with services.sessions() as session:
        try:
            done = sign_in(
                session, username, password, services.clock(), hasher=services.password_hasher
            )
        except HQError as exc:
            session.commit()  # the failure is counted (lockout)
            return exc
        session.commit()
        return done


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    tr = Translator(language_of(request))
    if not same_token(csrf, request.cookies.get(LOGIN_CSRF_COOKIE) or ""):
        error = CsrfRefused("This form has expired or did not come from this site; try again")
        return _login_page(request, error=error_text(tr, error), next_path=next, status_code=403)
    services = services_of(request)
    # Failed sign-ins per address share the stations' failed-token bucket (api/throttle.py):
    # one address cannot try passwords on every account, nor lock them all, faster than that.
    guards = services.guards
    address = bucket_key(guards.addresses.of(request.scope))
    wait = guards.auth.take(address)
    if wait > 0:
        words = tr("Too many failed sign-ins from this computer; wait {seconds} seconds")
        response = _login_page(
            request,
            error=words.format(seconds=math.ceil(wait)),
            next_path=next,
            status_code=429,
        )
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    outcome = await anyio.to_thread.run_sync(_sign_in, services, username, password)
    if isinstance(outcome, HQError):
        return _login_page(request, error=error_text(tr, outcome), next_path=next, status_code=401)
    guards.auth.give_back(address)
    target = next if next and safe_next(next) == next else HOME_OF_ROLE[outcome.user.role]
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        outcome.cookie,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path=PREFIX,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=f"{PREFIX}/login")
    return response


def _sign_out(services: Services, cookie: str | None) -> None:
    with services.sessions() as session:
        sign_out(session, cookie, services.clock())
        session.commit()


@router.post("/logout")
async def logout(current: PostDep) -> Response:
    await anyio.to_thread.run_sync(
        _sign_out, current.services, current.request.cookies.get(SESSION_COOKIE)
    )
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.get("/lang/{language}")
async def switch_language(request: Request, language: str, next: str = "") -> Response:
    """A cookie only (no state changes at HQ): safe as a plain link."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            samesite="lax",
            secure=is_https(request),
            path=PREFIX,
            max_age=365 * 24 * 3600,
        )
    return response


@router.get("/")
async def home(current: PageDep) -> Response:
    return RedirectResponse(HOME_OF_ROLE[current.user.role], status_code=303)
