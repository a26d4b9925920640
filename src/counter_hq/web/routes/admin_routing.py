"""HQ admin page for the routing of services to agencies and offices (/admin/routing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import routing as admin_routing
from counter_hq.office.admin import users as admin_users
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text
from counter_hq.web.routes.admin_common import (
    AdminDep,
    AdminPostDep,
    _call,
    _see,
    _signer,
    render,
)

router = APIRouter()


async def _routing(current: Page, *, status: int = 200, error: str | None = None) -> Response:
    routes, offices = await _call(current, admin_routing.routing_table, current.user)
    agencies = await _call(current, lambda s: admin_users.agency_choices(s))
    q = current.request.query_params
    notice = None
    if q.get("service"):
        notice = current.tr(
            "Service {service} is now handled by {agency}; {n} waiting requests forwarded",
            service=q["service"],
            agency=q.get("agency", ""),
            n=q.get("forwarded", "0"),
        )
    return render(
        current,
        "admin_routing.html",
        status,
        routes=routes,
        offices=offices,
        agencies=agencies,
        error=error,
        notice=notice,
    )


@router.get("/admin/routing")
async def routing_page(current: AdminDep) -> Response:
    return await _routing(current)


@router.post("/admin/routing")
async def routing_change(
    current: AdminPostDep,
    service: Annotated[str, Form(max_length=40)] = "",
    agency: Annotated[str, Form(max_length=20)] = "",
    office: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    office_id = int(office) if office.strip().isdigit() else None
    try:
        forwarded = await _call(
            current,
            admin_routing.change_routing,
            current.user,
            current.now,
            service,
            agency,
            office_id,
            signer=_signer(current),
        )
    except HQError as exc:
        return await _routing(current, status=exc.status, error=error_text(current.tr, exc))
    return _see(
        "/routing",
        service=service.strip().upper(),
        agency=agency.strip().upper(),
        forwarded=str(forwarded),
    )
