"""HQ admin page for the holiday calendar (/admin/calendar)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import calendar as admin_calendar
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text
from counter_hq.web.routes.admin_common import (
    AdminDep,
    AdminPostDep,
    _call,
    _read_upload,
    _see,
    render,
)

router = APIRouter()


async def _calendar(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    checked: admin_calendar.CalendarView | None = None,
) -> Response:
    view = await _call(current, admin_calendar.calendar_view, current.user, current.now)
    published = current.request.query_params.get("published")
    notice = (
        current.tr("Holiday calendar {version} was published to every station", version=published)
        if published
        else None
    )
    if checked is not None:
        notice = current.tr(
            "The file is valid: version {version}, {n} holidays. Nothing was published yet.",
            version=checked.version,
            n=len(checked.holidays),
        )
    return render(
        current,
        "admin_calendar.html",
        status,
        view=view,
        checked=checked,
        error=error,
        notice=notice,
    )


@router.get("/admin/calendar")
async def calendar_page(current: AdminDep) -> Response:
    return await _calendar(current)


@router.post("/admin/calendar")
async def calendar_upload(
    current: AdminPostDep,
    file: Annotated[UploadFile | None, File()] = None,
    action: Annotated[str, Form(max_length=10)] = "check",
) -> Response:
    raw = await _read_upload(file)
    try:
        if action == "publish":
            done = await _call(
                current, admin_calendar.publish_calendar, current.user, current.now, raw
            )
            return _see("/calendar", published=done.version)
        checked = await _call(current, admin_calendar.check_calendar, current.user, raw)
    except HQError as exc:
        return await _calendar(current, status=exc.status, error=error_text(current.tr, exc))
    return await _calendar(current, checked=checked)
