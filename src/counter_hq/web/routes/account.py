"""The signed-in person's own page: who they are, their language, their password."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.users import change_own_password, set_language
from counter_hq.web.pages import LANGUAGE_COOKIE, PREFIX, Page, PageDep, PostDep, is_https
from counter_hq.web.present import error_text
from counter_hq.web.templating import render

router = APIRouter()


@router.get("/account")
async def account(current: PageDep) -> Response:
    return render(current, "account.html", notice=None, error=None)


def _change(current: Page, old: str, new: str, again: str) -> None:
    with current.services.sessions() as session:
        change_own_password(
            session,
            current.user,
            old,
            new,
            again,
            current.now,
            hasher=current.services.password_hasher,
        )
        session.commit()


@router.post("/account/password")
async def password(
    current: PostDep,
    old: Annotated[str, Form(max_length=300)] = "",
    new: Annotated[str, Form(max_length=300)] = "",
    again: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    try:
        await anyio.to_thread.run_sync(_change, current, old, new, again)
    except HQError as exc:
        return render(current, "account.html", 422, notice=None, error=error_text(current.tr, exc))
    return render(
        current, "account.html", notice=current.tr("Your password was changed"), error=None
    )


def _language(current: Page, language: str) -> None:
    with current.services.sessions() as session:
        set_language(session, current.user, language)
        session.commit()


@router.post("/account/language")
async def language(
    current: PostDep, language: Annotated[str, Form(max_length=5)] = "ar"
) -> Response:
    await anyio.to_thread.run_sync(_language, current, language)
    response = Response(status_code=303, headers={"Location": f"{PREFIX}/account"})
    response.set_cookie(
        LANGUAGE_COOKIE, language, samesite="lax", secure=is_https(current.request), path=PREFIX
    )
    return response
