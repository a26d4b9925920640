"""The HQ admin's overview page (/admin)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from counter_hq.office.admin import overview as admin_overview
from counter_hq.web.routes.admin_common import (
    AdminDep,
    _call,
    render,
)

router = APIRouter()


@router.get("/admin")
async def index(current: AdminDep) -> Response:
    summary = await _call(current, admin_overview.overview, current.user)
    return render(current, "admin.html", summary=summary)
