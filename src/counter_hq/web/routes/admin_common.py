"""What the HQ admin pages (web/routes/admin_*.py, one module a subject) share. Only HQ admins:
the role is checked before a form or an upload is read (``AdminDep``/``AdminPostDep``), and
again by every use case (office/admin/), so a page left out here still refuses. Routes hold no
queries: each calls one use case in the thread pool (``_call``) and renders its result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import Depends, UploadFile
from starlette.responses import RedirectResponse, Response

from counter_hq.office.access import check_admin
from counter_hq.signing import Signer, signer_for
from counter_hq.web.i18n import Translator
from counter_hq.web.pages import PREFIX, Page, PageDep, PostDep
from counter_hq.web.present import isolate, label
from counter_hq.web.templating import render as render_page


def render(current: Page, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page with the helpers the templates share (web/present.py): a coded value's label
    in the reader's language, and a value isolated inside a sentence."""
    return render_page(current, template, status_code, label=label, isolate=isolate, **context)


T = TypeVar("T")
ADMIN = f"{PREFIX}/admin"
MAX_UPLOAD = 12 * 1024 * 1024  # api/limits.py OFFICE_UPLOAD_LIMIT: the body never exceeds it


async def _admin_page(current: PageDep) -> Page:
    check_admin(current.user)  # Forbidden: the 403 page
    return current


async def _admin_post(current: PostDep) -> Page:
    check_admin(current.user)  # after the CSRF check, before the handler reads the form
    return current


AdminDep = Annotated[Page, Depends(_admin_page)]
AdminPostDep = Annotated[Page, Depends(_admin_post)]


async def _call(current: Page, use: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """One use case in the thread pool, on a session of its own."""

    def work() -> T:
        with current.services.sessions() as session:
            return use(session, *args, **kwargs)

    return await anyio.to_thread.run_sync(work)


def say(tr: Translator) -> Callable[[str, Mapping[str, Any] | None], str]:
    """A stored msgid with its parameters in the reader's language; a parameter that is itself
    a msgid (a requirement, yes/no) is translated too, user data passes unchanged."""

    def word(value: object) -> str:
        text = str(value)
        prefix, colon, code = text.partition(":")
        if colon and prefix == "requirement":
            return isolate(label(tr, prefix, code))
        return isolate(tr(text))

    def translate(msgid: str, params: Mapping[str, Any] | None = None) -> str:
        return tr(msgid, **{k: word(v) for k, v in (params or {}).items()})

    return translate


def _signer(current: Page) -> Signer:
    return signer_for(current.services.settings.data_dir)


async def _read_upload(file: UploadFile | None) -> bytes:
    if file is None:
        return b""
    return await file.read(MAX_UPLOAD + 1)


def _see(path: str, **query: str) -> RedirectResponse:
    target = f"{ADMIN}{path}" + (f"?{urlencode(query)}" if query else "")
    return RedirectResponse(target, status_code=303)
