"""HQ admin pages for centers (/admin/centers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import centers as admin_centers
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


async def _centers(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    rows = await _call(current, admin_centers.centers_list, current.user)
    added = current.request.query_params.get("added")
    notice = current.tr("Center {center} was added", center=added) if added else None
    return render(
        current,
        "admin_centers.html",
        status,
        centers=rows,
        error=error,
        notice=notice,
        form=form or {},
    )


@router.get("/admin/centers")
async def centers(current: AdminDep) -> Response:
    return await _centers(current)


@router.post("/admin/centers")
async def center_add(
    current: AdminPostDep,
    code: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    try:
        added = await _call(
            current, admin_centers.add_center, current.user, current.now, code, name
        )
    except HQError as exc:
        return await _centers(
            current,
            status=exc.status,
            error=error_text(current.tr, exc),
            form={"code": code, "name": name},
        )
    return _see("/centers", added=added)
