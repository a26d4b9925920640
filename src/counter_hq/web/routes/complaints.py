"""Complaint pages: the lists (mine, my agency's, escalated, answered; late ones first), a
complaint with its text and who it is addressed to, re-addressing it, and the answer (text and
an optional PDF/JPEG/PNG file) with the state of the SMS that told the citizen.

Access is the use cases' (office/complaints.py): a complaint outside the reader's scope is
"not found" there, so this module decides only what to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, File, Form, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from counter_hq.errors import HQError, Invalid
from counter_hq.office import complaints
from counter_hq.office.access import Role
from counter_hq.office.admin.users import agency_choices
from counter_hq.office.requests import NotificationLine, RequestDetail, request_detail
from counter_hq.web.pages import PREFIX, Page, PageDep, PostDep
from counter_hq.web.present import error_text, isolate, label
from counter_hq.web.templating import PAGE_HEADERS
from counter_hq.web.templating import render as render_page

router = APIRouter()


def render(current: Page, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page with the helpers the templates share (web/present.py): a coded value's label
    in the reader's language, and a value isolated inside a sentence."""
    return render_page(current, template, status_code, label=label, isolate=isolate, **context)


T = TypeVar("T")
PAGE = complaints.PAGE
# Read one byte past the use case's limit, so a larger file is told apart from one at it.
MAX_READ = complaints.MAX_FILE_BYTES + 1
WRONG_NUMBER = "Address to a person: choose one of the list"


@dataclass(frozen=True)
class Tab:
    key: str
    label: str  # msgid
    state: complaints.ListState
    mine: bool


def _tabs(role: Role) -> list[Tab]:
    """Officers see their own first; supervisors and admins have no personal list."""
    tabs = []
    if role is Role.OFFICER:
        tabs.append(Tab("mine", "Addressed to me", complaints.ListState.OPEN, True))
        tabs.append(Tab("agency", "My agency's", complaints.ListState.OPEN, False))
    else:
        tabs.append(Tab("agency", "Open", complaints.ListState.OPEN, False))
    tabs.append(Tab("escalated", "Escalated", complaints.ListState.ESCALATED, False))
    tabs.append(Tab("answered", "Answered", complaints.ListState.ANSWERED, False))
    return tabs


async def _call(current: Page, use: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    def work() -> T:
        with current.services.sessions() as session:
            return use(session, *args, **kwargs)

    return await anyio.to_thread.run_sync(work)


@router.get("/complaints")
async def complaint_list(current: PageDep, tab: str = "", page: int = 1) -> Response:
    tabs = _tabs(current.user.role)
    chosen = next((t for t in tabs if t.key == tab), tabs[0])
    number = max(1, min(page, 10_000))
    wanted = complaints.ComplaintFilter(
        state=chosen.state, mine=chosen.mine, offset=(number - 1) * PAGE, limit=PAGE + 1
    )
    rows = await _call(current, complaints.complaints_list, current.user, current.now, wanted)
    return render(
        current,
        "complaints.html",
        rows=rows[:PAGE],
        more=len(rows) > PAGE,
        page_no=number,
        tabs=tabs,
        tab=chosen,
    )


@dataclass(frozen=True)
class ComplaintPage:
    detail: complaints.ComplaintDetail
    request: RequestDetail
    sms: NotificationLine | None  # the message that told the citizen of the answer
    agencies: list[tuple[str, str, str]]
    officers: list[tuple[int, str, str]]


def _complaint_page(session: Session, current: Page, receipt: str) -> ComplaintPage:
    detail = complaints.complaint_detail(session, current.user, receipt, current.now)
    request = request_detail(session, current.user, detail.row.request_uuid, now=current.now)
    answer = detail.answer
    sms = None
    if answer is not None:
        sms = next((n for n in request.notifications if n.event_uuid == answer.uuid), None)
    agencies: list[tuple[str, str, str]] = []
    officers: list[tuple[int, str, str]] = []
    if detail.may_address:
        agencies = agency_choices(session)
        if detail.row.agency:
            officers = complaints.addressable_officers(session, current.user, detail.row.agency)
    return ComplaintPage(detail, request, sms, agencies, officers)


async def _show(
    current: Page,
    receipt: str,
    *,
    status: int = 200,
    error: str | None = None,
    text: str = "",
) -> Response:
    shown = await _call(current, _complaint_page, current, receipt)
    q = current.request.query_params
    notice = None
    if q.get("done") == "answered":
        notice = current.tr("The answer was recorded; the citizen is told by SMS")
    elif q.get("done") == "addressed":
        notice = current.tr("The complaint was addressed")
    return render(
        current,
        "complaints_detail.html",
        status,
        c=shown.detail,
        r=shown.request,
        sms=shown.sms,
        agencies=shown.agencies,
        officers=shown.officers,
        error=error,
        notice=notice,
        text=text,
    )


@router.get("/complaints/{receipt}")
async def complaint(current: PageDep, receipt: str) -> Response:
    return await _show(current, receipt)


def _here(receipt: str, done: str) -> RedirectResponse:
    return RedirectResponse(
        f"{PREFIX}/complaints/{quote(receipt, safe='')}?done={done}", status_code=303
    )


@router.post("/complaints/{receipt}/assign")
async def complaint_assign(
    current: PostDep,
    receipt: str,
    agency: Annotated[str, Form(max_length=20)] = "",
    assignee: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    try:
        person: int | None = None
        if assignee.strip():
            if not assignee.strip().isdigit():
                raise Invalid(WRONG_NUMBER)
            person = int(assignee)
        await _call(
            current,
            complaints.assign,
            current.user,
            receipt,
            current.now,
            agency=agency.strip() or None,
            assignee_id=person,
        )
    except HQError as exc:
        if exc.status == 404:
            raise
        return await _show(current, receipt, status=exc.status, error=error_text(current.tr, exc))
    return _here(receipt, "addressed")


@router.post("/complaints/{receipt}/answer")
async def complaint_answer(
    current: PostDep,
    receipt: str,
    text: Annotated[str, Form(max_length=20_000)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    attached: tuple[str, bytes] | None = None
    if file is not None and file.filename:
        attached = (file.filename, await file.read(MAX_READ))
    try:
        await _call(
            current,
            complaints.answer,
            current.user,
            receipt,
            text,
            attached,
            current.now,
            blobs=current.services.blobs,
        )
    except HQError as exc:
        if exc.status == 404:
            raise  # another agency's complaint: the 404 page, never the form with its text
        return await _show(
            current, receipt, status=exc.status, error=error_text(current.tr, exc), text=text
        )
    return _here(receipt, "answered")


@router.get("/complaints/{receipt}/file")
async def complaint_file(current: PageDep, receipt: str) -> Response:
    name, data, media_type = await _call(
        current, complaints.answer_file, current.user, receipt, current.services.blobs
    )
    # Always a download: a file an agency uploaded is never rendered in the office's origin.
    headers = {
        **PAGE_HEADERS,
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
    }
    return Response(data, media_type=media_type, headers=headers)
