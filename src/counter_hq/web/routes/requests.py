"""A request's page (fields, checklist, scans, timeline, answers, messages), its scans' pages
as PNG, and the actions an officer takes on it.

Everything goes through the office use cases, which check access first: a request outside the
reader's scope is the same 404 page as one that does not exist. An action either happens whole
(303 back to the page, with a notice) or not at all (the page again with the reason, the form
as it was typed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Form, Path, Query
from starlette.responses import RedirectResponse, Response

from counter_hq.errors import HQError, NotFoundError
from counter_hq.office.actions import Action, ActionDone, apply_action
from counter_hq.office.requests import RequestDetail, blob_for_user, request_detail
from counter_hq.signing import signer_for
from counter_hq.web import scans
from counter_hq.web.pages import Page, PageDep, PostDep
from counter_hq.web.present import by_language, error_text, isolate, label
from counter_hq.web.routes.queue import action_input
from counter_hq.web.templating import LOCAL_ZONE, render

router = APIRouter()

Receipt = Annotated[str, Path(max_length=64)]

# The notice after each action (a fixed message: nothing the address carries is shown).
DONE_NOTICE = {
    Action.ACCEPT.value: "The request was accepted; it is now in progress",
    Action.NEEDS_INFO.value: "The citizen was asked for information",
    Action.READY.value: "The request is marked ready for collection",
    Action.REJECT.value: "The request was rejected",
}
# What became of the citizen's SMS for the step (outbox states at queueing).
SMS_NOTICE = {
    "queued": "An SMS to the citizen is queued",
    "no_phone": "No SMS: the request has no mobile number",
    "opted_out": "No SMS: the citizen asked for no messages",
}
# Scans are content-addressed: a page never changes, so the browser may keep it (privately:
# never a shared cache) while the person leafs through the request.
SCAN_HEADERS = {
    "Cache-Control": "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


@dataclass(frozen=True)
class ScanView:
    sha256: str
    name: str  # the document's name in the reader's language
    filename: str | None
    pages: int  # 0: the file cannot be shown in the page
    size: int


def _detail(current: Page, receipt: str) -> tuple[RequestDetail, tuple[ScanView, ...]]:
    with current.services.sessions() as session:
        detail = request_detail(session, current.user, receipt, now=current.now)
    views = []
    for a in detail.attachments:
        if not a.held:
            continue
        path = current.services.blobs.path(a.sha256)
        views.append(
            ScanView(
                sha256=a.sha256,
                name=by_language(current.tr, a.doc_name_ar, a.doc_name_en, a.doc_type),
                filename=a.filename,
                pages=scans.page_count(path) if path.is_file() else 0,
                size=a.size,
            )
        )
    return detail, tuple(views)


def _page(
    current: Page,
    detail: RequestDetail,
    views: tuple[ScanView, ...],
    *,
    notice: list[str],
    error: str | None = None,
    typed: dict[str, str] | None = None,
    failed_action: str | None = None,
    status_code: int = 200,
) -> Response:
    today = current.now.astimezone(LOCAL_ZONE).date()
    return render(
        current,
        "request.html",
        status_code=status_code,
        d=detail,
        scans=views,
        notice=notice,
        error=error,
        typed=typed or {},
        failed_action=failed_action,
        min_collect=today.isoformat(),
        label=label,
        isolate=isolate,
        by_language=by_language,
    )


@router.get("/requests/{receipt}")
async def request_page(
    current: PageDep,
    receipt: Receipt,
    done: Annotated[str, Query(max_length=20)] = "",
    sms: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    detail, views = await anyio.to_thread.run_sync(_detail, current, receipt)
    notice = [current.tr(DONE_NOTICE[done])] if done in DONE_NOTICE else []
    if sms in SMS_NOTICE:
        notice.append(current.tr(SMS_NOTICE[sms]))
    return _page(current, detail, views, notice=notice)


def _act(current: Page, receipt: str, action: str, typed: dict[str, str]) -> ActionDone:
    item = action_input(
        action,
        typed.get("reason", "") if action == Action.REJECT.value else typed.get("message", ""),
        typed.get("collect_from", ""),
        typed.get("collect_place", ""),
    )
    signer = signer_for(current.services.settings.data_dir)
    with current.services.sessions() as session:
        return apply_action(session, current.user, receipt, item, now=current.now, signer=signer)


@router.post("/requests/{receipt}/{action}")
async def act(
    current: PostDep,
    receipt: Receipt,
    action: Annotated[str, Path(max_length=20)],
    message: Annotated[str, Form(max_length=4000)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    collect_from: Annotated[str, Form(max_length=20)] = "",
    collect_place: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    if action not in DONE_NOTICE:
        raise NotFoundError("Page not found")
    typed = {
        "message": message,
        "reason": reason,
        "collect_from": collect_from,
        "collect_place": collect_place,
    }
    try:
        done = await anyio.to_thread.run_sync(_act, current, receipt, action, typed)
    except HQError as exc:
        if exc.status in (403, 404):
            raise  # the error page: not the request's page for who may not see or change it
        detail, views = await anyio.to_thread.run_sync(_detail, current, receipt)
        return _page(
            current,
            detail,
            views,
            notice=[],
            error=error_text(current.tr, exc),
            typed=typed,
            failed_action=action,
            status_code=exc.status,
        )
    target = f"/office/requests/{done.receipt_no}?done={action}"
    if done.notification in SMS_NOTICE:
        target += f"&sms={done.notification}"
    return RedirectResponse(target, status_code=303)


@router.get("/requests/{receipt}/scans/{sha256}/{page}.png")
async def scan_page(
    current: PageDep,
    receipt: Receipt,
    sha256: Annotated[str, Path(max_length=64)],
    page: Annotated[int, Path(ge=1, le=scans.MAX_PAGES)],
) -> Response:
    def find() -> str:
        with current.services.sessions() as session:
            return blob_for_user(session, current.user, receipt, sha256).sha256

    digest = await anyio.to_thread.run_sync(find)  # 404 before anything is read
    etag = f'"{digest}-{page}"'
    headers = {**SCAN_HEADERS, "ETag": etag}
    if current.request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    path = current.services.blobs.path(digest)
    try:
        png = await anyio.to_thread.run_sync(scans.render_png, path, page)
    except scans.NotViewable:
        raise NotFoundError("No such page") from None
    return Response(png, media_type="image/png", headers=headers)
