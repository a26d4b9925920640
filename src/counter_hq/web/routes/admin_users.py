"""HQ admin pages for accounts: add, (de)activate, reset a password (/admin/users)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from sqlalchemy.orm import Session
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import centers as admin_centers
from counter_hq.office.admin import users as admin_users
from counter_hq.office.users import create_user, set_active, set_password
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text
from counter_hq.web.routes.admin_common import (
    AdminDep,
    AdminPostDep,
    _call,
    _see,
    render,
)

router = APIRouter()


async def _users(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin_users.users_list, current.user)
    agencies = await _call(current, lambda s: admin_users.agency_choices(s))
    centers_ = await _call(current, admin_centers.center_choices, current.user)
    q = current.request.query_params
    notice = None
    if q.get("added"):
        notice = current.tr("Account {username} was added", username=q["added"])
    elif q.get("enabled"):
        notice = current.tr("Account {username} was enabled", username=q["enabled"])
    elif q.get("disabled"):
        notice = current.tr("Account {username} was disabled", username=q["disabled"])
    elif q.get("password"):
        notice = current.tr(
            "A new password was set for {username}; their sessions were ended",
            username=q["password"],
        )
    return render(
        current,
        "admin_users.html",
        status,
        users=rows,
        now=current.now,
        agencies=agencies,
        centers=centers_,
        error=error,
        notice=notice,
        form=form or {},
    )


@router.get("/admin/users")
async def users(current: AdminDep) -> Response:
    return await _users(current)


def _add_user(session: Session, current: Page, fields: dict[str, str]) -> str:
    row = create_user(
        session,
        username=fields["username"],
        display_name=fields["display_name"],
        role=fields["role"],
        password=fields["password"],
        now=current.now,
        agency=fields["agency"] or None,
        center=fields["center"] or None,
        language=fields["language"],
        hasher=current.services.password_hasher,
        by=current.user,  # checks the admin role, and the audit row names them
    )
    name = row.username
    session.commit()
    return name


@router.post("/admin/users")
async def user_add(
    current: AdminPostDep,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    agency: Annotated[str, Form(max_length=20)] = "",
    center: Annotated[str, Form(max_length=6)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    language: Annotated[str, Form(max_length=2)] = "ar",
) -> Response:
    fields = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "agency": agency,
        "center": center,
        "password": password,
        "language": language,
    }
    try:
        name = await _call(current, _add_user, current, fields)
    except HQError as exc:
        kept = {k: v for k, v in fields.items() if k != "password"}
        return await _users(
            current, status=exc.status, error=error_text(current.tr, exc), form=kept
        )
    return _see("/users", added=name)


def _set_active(session: Session, current: Page, username: str, active: bool) -> None:
    set_active(session, username, active, current.now, by=current.user)
    session.commit()


@router.post("/admin/users/{username}/active")
async def user_active(
    current: AdminPostDep, username: str, active: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    turn_on = active == "1"
    try:
        await _call(current, _set_active, current, username, turn_on)
    except HQError as exc:
        return await _users(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/users", **{"enabled" if turn_on else "disabled": username.lower()})


def _reset(session: Session, current: Page, username: str, password: str) -> None:
    set_password(
        session,
        username,
        password,
        current.now,
        hasher=current.services.password_hasher,
        by=current.user,
    )
    session.commit()


@router.post("/admin/users/{username}/password")
async def user_password(
    current: AdminPostDep, username: str, password: Annotated[str, Form(max_length=300)] = ""
) -> Response:
    try:
        await _call(current, _reset, current, username, password)
    except HQError as exc:
        return await _users(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/users", password=username.lower())
