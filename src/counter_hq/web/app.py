"""The back office as a sub-application mounted at ``/office``: its own error pages (HTML in
the reader's language, never the API's JSON), its static files, its routers."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from counter_hq.api.deps import Services
from counter_hq.errors import HQError
from counter_hq.web.i18n import Translator
from counter_hq.web.pages import LoginRequired, language_of, login_url
from counter_hq.web.present import error_text
from counter_hq.web.routes import (
    account,
    admin_agencies,
    admin_calendar,
    admin_catalogs,
    admin_centers,
    admin_notifications,
    admin_overview,
    admin_release,
    admin_routing,
    admin_stations,
    admin_users,
    auth,
    complaints,
    queue,
    reports,
    requests,
)
from counter_hq.web.templating import PAGE_HEADERS, environment

log = logging.getLogger("counter_hq.web")
STATIC = Path(__file__).with_name("static")
# Page groups, each a module with a ``router`` (web/routes/); later issues add theirs here.
ROUTERS = [auth.router, account.router, queue.router, requests.router]
ROUTERS += [complaints.router]  # helper F: complaints pages
ROUTERS += [reports.router]  # issue 16: a center's report (admins, supervisors)
# HQ admin pages, one module per subject (web/routes/admin_*.py)
ROUTERS += [
    admin_overview.router,
    admin_centers.router,
    admin_stations.router,
    admin_users.router,
    admin_catalogs.router,
    admin_agencies.router,
    admin_routing.router,
    admin_calendar.router,
    admin_notifications.router,
    admin_release.router,  # issue 17: the app release stations are told about
]

_HTTP_WORDS = {
    400: "The request could not be read",
    401: "Please sign in",
    403: "You may not do this",
    404: "Page not found",
    405: "This page does not accept this kind of request",
    408: "The request took too long",
    413: "The file or form is too large",
    422: "Some of the values given are not valid",
}


def create_office(services: Services) -> FastAPI:
    office = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    office.state.services = services
    office.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        office.include_router(router)

    @office.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        target = login_url(exc.next_path)
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @office.exception_handler(HQError)
    async def _hq_error(request: Request, exc: HQError) -> Response:
        tr = Translator(language_of(request))
        return error_page(request, tr, exc.status, error_text(tr, exc))

    @office.exception_handler(RequestValidationError)
    async def _invalid(request: Request, _exc: RequestValidationError) -> Response:
        tr = Translator(language_of(request))
        return error_page(request, tr, 422, tr(_HTTP_WORDS[422]))

    @office.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        tr = Translator(language_of(request))
        words = _HTTP_WORDS.get(exc.status_code, "Something went wrong")
        return error_page(request, tr, exc.status_code, tr(words))

    @office.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error in the back office", exc_info=exc)
        tr = Translator(language_of(request))
        return error_page(
            request, tr, 500, tr("Something went wrong; nothing was changed. Try again.")
        )

    return office


def error_page(request: Request, tr: Translator, status: int, message: str) -> Response:
    body = (
        environment()
        .get_template("error.html")
        .render(
            _=tr,
            lang=tr.language,
            dir=tr.direction,
            user=None,
            csrf="",
            path=request.url.path,
            query=request.url.query,
            status=status,
            message=message,
        )
    )
    if request.headers.get("hx-request"):
        # htmx swaps only 2xx answers by default: the fragment target shows the message.
        return Response(
            f'<p class="error" role="alert">{_escape(message)}</p>',
            status_code=200,
            headers={**PAGE_HEADERS, "HX-Retarget": "#messages", "HX-Reswap": "innerHTML"},
            media_type="text/html",
        )
    return Response(body, status, headers=PAGE_HEADERS, media_type="text/html")


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
