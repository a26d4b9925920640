"""HQ admin pages for agencies and their offices (/admin/agencies)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError, NotFoundError
from counter_hq.office.admin import agencies as admin_agencies
from counter_hq.office.admin import centers as admin_centers
from counter_hq.office.admin import common as admin_messages
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text, isolate
from counter_hq.web.routes.admin_common import (
    AdminDep,
    AdminPostDep,
    _call,
    _see,
    render,
)

router = APIRouter()


_AGENCY_NOTICES = {
    "added": "Agency {code} was added",
    "renamed": "Agency {code} was renamed",
    "deactivated": "Agency {code} was deactivated",
    "activated": "Agency {code} was activated",
    "office_added": "An office was added to agency {code}",
    "office_renamed": "An office of agency {code} was renamed",
    "office_removed": "An office of agency {code} was removed",
}


async def _agencies(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin_agencies.agencies_list, current.user)
    centers_ = await _call(current, admin_centers.center_choices, current.user)
    q = current.request.query_params
    done = q.get("done", "")
    notice = None
    if done in _AGENCY_NOTICES and q.get("code"):
        notice = current.tr(_AGENCY_NOTICES[done], code=isolate(q["code"][:20]))
    return render(
        current,
        "admin_agencies.html",
        status,
        agencies=rows,
        centers=centers_,
        error=error,
        notice=notice,
        form=form or {},
    )


async def _agency_refused(current: Page, exc: HQError, form: dict[str, str]) -> Response:
    return await _agencies(current, status=exc.status, error=error_text(current.tr, exc), form=form)


@router.get("/admin/agencies")
async def agencies_page(current: AdminDep) -> Response:
    return await _agencies(current)


@router.post("/admin/agencies")
async def agency_add(
    current: AdminPostDep,
    code: Annotated[str, Form(max_length=40)] = "",
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        added = await _call(
            current, admin_agencies.add_agency, current.user, current.now, code, name_ar, name_en
        )
    except HQError as exc:
        form = {"form": "add", "code": code, "name_ar": name_ar, "name_en": name_en}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="added", code=added)


@router.post("/admin/agencies/{code}/rename")
async def agency_rename(
    current: AdminPostDep,
    code: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        done = await _call(
            current, admin_agencies.rename_agency, current.user, current.now, code, name_ar, name_en
        )
    except HQError as exc:
        form = {"form": f"rename:{code}", "name_ar": name_ar, "name_en": name_en}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="renamed", code=done)


@router.post("/admin/agencies/{code}/active")
async def agency_active(
    current: AdminPostDep, code: str, active: Annotated[str, Form(max_length=1)] = ""
) -> Response:
    turn_on = active == "1"
    try:
        done = await _call(
            current, admin_agencies.set_agency_active, current.user, current.now, code, turn_on
        )
    except HQError as exc:
        return await _agency_refused(current, exc, {})
    return _see("/agencies", done="activated" if turn_on else "deactivated", code=done)


def _office_id(raw: str, agency: str) -> int:
    """An office's id from the address; anything else is no office (404)."""
    if not raw.isdigit() or len(raw) > 9:
        raise NotFoundError(
            admin_messages.NO_OFFICE, office=raw[:12], agency=agency.strip().upper()[:20]
        )
    return int(raw)


@router.post("/admin/agencies/{code}/offices")
async def office_add(
    current: AdminPostDep,
    code: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
    center: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await _call(
            current,
            admin_agencies.add_office,
            current.user,
            current.now,
            code,
            name_ar,
            name_en,
            center,
        )
    except HQError as exc:
        form = {"form": f"office:{code}", "name_ar": name_ar, "name_en": name_en, "center": center}
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="office_added", code=code.strip().upper())


@router.post("/admin/agencies/{code}/offices/{office_id}/rename")
async def office_rename(
    current: AdminPostDep,
    code: str,
    office_id: str,
    name_ar: Annotated[str, Form(max_length=400)] = "",
    name_en: Annotated[str, Form(max_length=400)] = "",
    center: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await _call(
            current,
            admin_agencies.rename_office,
            current.user,
            current.now,
            code,
            _office_id(office_id, code),
            name_ar,
            name_en,
            center,
        )
    except HQError as exc:
        form = {
            "form": f"office-rename:{office_id}",
            "name_ar": name_ar,
            "name_en": name_en,
            "center": center,
        }
        return await _agency_refused(current, exc, form)
    return _see("/agencies", done="office_renamed", code=code.strip().upper())


@router.post("/admin/agencies/{code}/offices/{office_id}/remove")
async def office_remove(current: AdminPostDep, code: str, office_id: str) -> Response:
    try:
        await _call(
            current,
            admin_agencies.remove_office,
            current.user,
            current.now,
            code,
            _office_id(office_id, code),
        )
    except HQError as exc:
        return await _agency_refused(current, exc, {})
    return _see("/agencies", done="office_removed", code=code.strip().upper())
