"""HQ admin pages for catalog versions: upload a draft, see its diff, publish it
(/admin/catalogs).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from starlette.responses import RedirectResponse, Response

from counter_hq.errors import HQError
from counter_hq.office.admin import catalogs as admin_catalogs
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text
from counter_hq.web.routes.admin_common import (
    ADMIN,
    AdminDep,
    AdminPostDep,
    _call,
    _read_upload,
    _signer,
    render,
    say,
)

router = APIRouter()


async def _catalogs(current: Page, *, status: int = 200, error: str | None = None) -> Response:
    drafts = await _call(current, admin_catalogs.catalog_drafts, current.user)
    published = await _call(current, admin_catalogs.published_catalog_version, current.user)
    return render(
        current, "admin_catalogs.html", status, drafts=drafts, published=published, error=error
    )


@router.get("/admin/catalogs")
async def catalogs_page(current: AdminDep) -> Response:
    return await _catalogs(current)


@router.post("/admin/catalogs")
async def catalog_upload(
    current: AdminPostDep, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    raw = await _read_upload(file)
    draft_id = await _call(current, admin_catalogs.upload_catalog, current.user, current.now, raw)
    return RedirectResponse(f"{ADMIN}/catalogs/{draft_id}", status_code=303)


async def _draft(
    current: Page, draft_id: int, *, status: int = 200, error: str | None = None
) -> Response:
    view = await _call(current, admin_catalogs.catalog_draft, current.user, draft_id)
    notice = None
    if current.request.query_params.get("published") and view.draft.published_seq:
        notice = current.tr(
            "Catalog {version} was published to every center", version=view.draft.version
        )
    return render(
        current,
        "admin_catalog.html",
        status,
        view=view,
        say=say(current.tr),
        error=error,
        notice=notice,
    )


@router.get("/admin/catalogs/{draft_id}")
async def catalog_draft(current: AdminDep, draft_id: int) -> Response:
    return await _draft(current, draft_id)


@router.post("/admin/catalogs/{draft_id}/publish")
async def catalog_publish(current: AdminPostDep, draft_id: int) -> Response:
    try:
        await _call(
            current,
            admin_catalogs.publish_draft,
            current.user,
            current.now,
            draft_id,
            signer=_signer(current),
        )
    except HQError as exc:
        return await _draft(current, draft_id, status=exc.status, error=error_text(current.tr, exc))
    return RedirectResponse(f"{ADMIN}/catalogs/{draft_id}?published=1", status_code=303)
