"""HQ admin page for the SMS outbox and its opt-outs (/admin/notifications)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import common as admin_messages
from counter_hq.office.admin import notifications as admin_notifications
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


async def _notifications(
    current: Page, *, status: int = 200, error: str | None = None, phone: str = ""
) -> Response:
    state = current.request.query_params.get("state") or None
    rows = await _call(current, admin_notifications.recent_notifications, current.user, state)
    opted = await _call(current, admin_notifications.opt_outs, current.user)
    q = current.request.query_params
    notice = None
    if q.get("opted_out"):
        notice = current.tr(
            "{phone} gets no more messages; {n} waiting messages will not be sent",
            phone=q["opted_out"],
            n=q.get("cancelled", "0"),
        )
    return render(
        current,
        "admin_notifications.html",
        status,
        messages=rows,
        opt_outs=opted,
        state=state or "",
        states=admin_messages.NOTIFICATION_STATES,
        error=error,
        notice=notice,
        phone=phone,
    )


@router.get("/admin/notifications")
async def notifications(current: AdminDep) -> Response:
    return await _notifications(current)


@router.post("/admin/notifications/opt-out")
async def notifications_opt_out(
    current: AdminPostDep, phone: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    try:
        done = await _call(current, admin_notifications.opt_out, current.user, current.now, phone)
    except HQError as exc:
        return await _notifications(
            current, status=exc.status, error=error_text(current.tr, exc), phone=phone
        )
    return _see("/notifications", opted_out=done.phone, cancelled=str(done.cancelled))
