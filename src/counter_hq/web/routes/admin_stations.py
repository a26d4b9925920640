"""HQ admin pages for stations: the list, enrolling one, revoking one (/admin/stations)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import centers as admin_centers
from counter_hq.office.admin import common as admin_messages
from counter_hq.office.admin import stations as admin_stations
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


async def _stations(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    new_code: admin_stations.NewCode | None = None,
) -> Response:
    rows = await _call(current, admin_stations.stations_list, current.user, current.now)
    choices = await _call(current, admin_centers.center_choices, current.user)
    revoked = current.request.query_params.get("revoked")
    notice = current.tr("Station {label} was revoked", label=revoked) if revoked else None
    return render(
        current,
        "admin_stations.html",
        status,
        stations=rows,
        centers=choices,
        error=error,
        notice=notice,
        new_code=new_code,
    )


@router.get("/admin/stations")
async def stations_page(current: AdminDep) -> Response:
    return await _stations(current)


@router.post("/admin/stations")
async def station_add(
    current: AdminPostDep,
    center: Annotated[str, Form(max_length=20)] = "",
    number: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    try:
        wanted = int(number) if number.strip() else None
    except ValueError:
        error = current.tr(admin_messages.BAD_STATION_NO, number=number[:4])
        return await _stations(current, status=422, error=error)
    try:
        made = await _call(
            current, admin_stations.add_station, current.user, current.now, center, wanted
        )
    except HQError as exc:
        return await _stations(current, status=exc.status, error=error_text(current.tr, exc))
    # Shown on this answer only (no redirect): HQ keeps the code's hash, never the code.
    return await _stations(current, new_code=made)


@router.get("/admin/stations/{label}/revoke")
async def station_revoke_form(current: AdminDep, label: str) -> Response:
    row = await _call(current, admin_stations.station_row, current.user, current.now, label)
    return render(current, "admin_station_revoke.html", station=row)


@router.post("/admin/stations/{label}/revoke")
async def station_revoke(current: AdminPostDep, label: str) -> Response:
    try:
        done = await _call(current, admin_stations.revoke_station, current.user, current.now, label)
    except HQError as exc:
        return await _stations(current, status=exc.status, error=error_text(current.tr, exc))
    return _see("/stations", revoked=done)
