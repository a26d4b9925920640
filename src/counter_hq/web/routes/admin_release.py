"""HQ admin page for the app release the stations are told about (/admin/release)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from counter_hq.errors import HQError
from counter_hq.office.admin import releases as admin_releases
from counter_hq.releases import ReleaseInvalid
from counter_hq.web.pages import Page
from counter_hq.web.present import error_text, isolate
from counter_hq.web.routes.admin_common import AdminDep, AdminPostDep, _call, _see, render

router = APIRouter()

# The form's words for a refused field (the command line names its options instead).
FIELD_WORDS = {
    "version": "Version",
    "url_windows": "Windows installer address",
    "url_debian": "Debian package address",
    "notes_ar": "Notes in Arabic",
    "notes_en": "Notes in English",
    "minimum_version": "Oldest supported version",
    "": "Release",
}
FIELDS = ("version", "url_windows", "url_debian", "notes_ar", "notes_en", "minimum_version")


def _refusal(current: Page, exc: HQError) -> str:
    if isinstance(exc, ReleaseInvalid):
        return current.tr(
            "{field}: {reason}",
            field=current.tr(FIELD_WORDS.get(exc.field, "Release")),
            reason=isolate(current.tr(exc.reason)),
        )
    return error_text(current.tr, exc)


async def _page(
    current: Page,
    *,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    release = await _call(current, admin_releases.release_now, current.user)
    published = current.request.query_params.get("published")
    notice = (
        current.tr(
            "Release {version} is published; stations hear of it on their next sync",
            version=isolate(published),
        )
        if published
        else None
    )
    return render(
        current,
        "admin_release.html",
        status,
        release=release,
        error=error,
        notice=notice,
        form=form or {},
    )


@router.get("/admin/release")
async def release(current: AdminDep) -> Response:
    return await _page(current)


@router.post("/admin/release")
async def release_publish(
    current: AdminPostDep,
    version: Annotated[str, Form(max_length=100)] = "",
    url_windows: Annotated[str, Form(max_length=2100)] = "",
    url_debian: Annotated[str, Form(max_length=2100)] = "",
    notes_ar: Annotated[str, Form(max_length=5000)] = "",
    notes_en: Annotated[str, Form(max_length=5000)] = "",
    minimum_version: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = {
        "version": version,
        "url_windows": url_windows,
        "url_debian": url_debian,
        "notes_ar": notes_ar,
        "notes_en": notes_en,
        "minimum_version": minimum_version,
    }
    try:
        done = await _call(current, admin_releases.publish, current.user, current.now, **form)
    except HQError as exc:
        return await _page(current, status=exc.status, error=_refusal(current, exc), form=form)
    return _see("/release", published=done.version)
