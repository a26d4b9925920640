"""The work queue page: the requests the signed-in person may see (an officer their agency's, a
supervisor their center's, an admin all), filtered, overdue first, a page at a time; and the
bulk form (one action on the checked requests, each with its own outcome).

Filters work without scripts (a GET form); with htmx, changing one swaps only the results
(``partials/queue_results.html``) and pushes the address, so the back button and a bookmark
give the same queue. A filter the use case refuses is said on the page, the table empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Form, Query
from starlette.responses import Response

from counter_app.domain.status import FINAL_STATUSES, OPEN_STATUSES, Status
from counter_hq.errors import HQError, Invalid
from counter_hq.office.access import Role, WebUser
from counter_hq.office.actions import (
    MAX_BULK,
    MAX_PLACE,
    Action,
    ActionInput,
    BulkResult,
    bulk_action,
)
from counter_hq.office.queue import (
    AGES,
    ALL,
    OPEN,
    Count,
    QueueChoices,
    QueueFilters,
    QueuePage,
    queue_choices,
    work_queue,
)
from counter_hq.signing import signer_for
from counter_hq.web.pages import Page, PageDep, PostDep
from counter_hq.web.present import (
    QueueQuery,
    by_language,
    count_text,
    error_text,
    isolate,
    label,
)
from counter_hq.web.templating import render
from counter_protocol.payloads import MAX_HQ_REASON

router = APIRouter()

# The status tabs, in the order work moves; "open" first (the default), "all" last.
TABS = (OPEN, *(s.value for s in Status), ALL)
_OPEN = frozenset(s.value for s in OPEN_STATUSES)
_FINAL = frozenset(s.value for s in FINAL_STATUSES)


@dataclass(frozen=True)
class BulkView:
    """A bulk action's outcome as the page lists it."""

    action: str
    lines: tuple[tuple[str, str, str, str], ...]  # receipt, outcome, new status, message
    done: int
    refused: int


# N of an age filter when none is typed: due within 2 working days ("due soon"), received more
# than 5 working days ago (a working week).
DEFAULT_DAYS = {"due_within": 2, "older": 5}


def acts(user: WebUser) -> bool:
    """Whether the person takes steps at all (officers on their agency's requests, admins);
    supervisors only look. The use case checks again for each request."""
    return user.role is Role.ADMIN or (user.role is Role.OFFICER and bool(user.agency))


def parse_query(q: QueueQuery) -> tuple[QueueFilters, int]:
    """The use case's filters from the address; Invalid (translated on the page) when a number
    is not one. The filters' own checks (center, service, status, age) are the use case's."""
    days: int | None = None
    if q.age:
        if q.age not in AGES:
            raise Invalid("Unknown age filter {age}", age=q.age[:40])
        if q.age != "overdue":
            try:
                # Chosen from the list before N is typed: "due soon" / "older" read as the
                # usual N rather than an error (the N field shows these as its hints).
                days = int(q.days) if q.days else DEFAULT_DAYS[q.age]
            except ValueError:
                raise Invalid("Give the number of working days for this age filter") from None
    try:
        page = int(q.page or "1")
    except ValueError:
        raise Invalid("Page {page} does not exist", page=q.page[:10]) from None
    filters = QueueFilters(
        center=q.center or None,
        service=q.service or None,
        status=q.status or OPEN,
        age=q.age or None,
        days=days,
        receipt=q.receipt or None,
    )
    return filters, page


def _load(current: Page, q: QueueQuery) -> QueuePage:
    filters, page = parse_query(q)
    with current.services.sessions() as session:
        return work_queue(session, current.user, filters, page, now=current.now)


def _choices(current: Page) -> QueueChoices:
    with current.services.sessions() as session:
        return queue_choices(session, current.user)


async def filter_choices(current: Page) -> QueueChoices | None:
    """The filters' center and service lists, for a whole page only: an htmx request swaps the
    results and keeps the form it came from."""
    headers = current.request.headers
    if headers.get("hx-request") and not headers.get("hx-history-restore-request"):
        return None
    return await anyio.to_thread.run_sync(_choices, current)


def tab_counts(result: QueuePage | None) -> dict[str, Count | None]:
    """Each tab's count; "open" and "all" add up the statuses' (bounded: "more than" if any
    one stopped counting)."""
    if result is None:
        return {tab: None for tab in TABS}
    counts: dict[str, Count | None] = dict(result.status_counts)

    def total(names: frozenset[str] | None) -> Count:
        picked = [c for s, c in result.status_counts.items() if names is None or s in names]
        return Count(sum(c.n for c in picked), any(c.more for c in picked))

    counts[OPEN] = total(_OPEN)
    counts[ALL] = total(None)
    return counts


def _render(
    current: Page,
    q: QueueQuery,
    result: QueuePage | None,
    *,
    error: str | None,
    bulk: BulkView | None = None,
    bulk_error: str | None = None,
    status_code: int = 200,
    choices: QueueChoices | None = None,
) -> Response:
    headers = current.request.headers
    # htmx asks for the results only; a history restore (back button with nothing cached)
    # and any plain request get the whole page.
    partial = bool(headers.get("hx-request")) and not headers.get("hx-history-restore-request")
    today = result.today if result is not None else current.now.date()
    return render(
        current,
        "partials/queue_results.html" if partial else "queue.html",
        status_code=200 if partial else status_code,
        # htmx pushes the address the results belong to: the clean one (no empty fields).
        headers={"Vary": "HX-Request", **({"HX-Push-Url": q.url()} if partial else {})},
        q=q,
        result=result,
        error=error,
        bulk=bulk,
        bulk_error=bulk_error,
        partial=partial,
        tabs=TABS,
        counts=tab_counts(result),
        may_act=acts(current.user),
        today=today,
        min_collect=today.isoformat(),
        label=label,
        isolate=isolate,
        count_text=count_text,
        by_language=by_language,
        max_bulk=MAX_BULK,
        open_statuses=_OPEN,
        default_days=DEFAULT_DAYS,
        max_text=MAX_HQ_REASON,
        max_place=MAX_PLACE,
        choices=choices or QueueChoices((), ()),
    )


@router.get("/queue")
async def queue(
    current: PageDep,
    center: Annotated[str, Query(max_length=20)] = "",
    service: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[str, Query(max_length=20)] = OPEN,
    age: Annotated[str, Query(max_length=20)] = "",
    days: Annotated[str, Query(max_length=6)] = "",
    receipt: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[str, Query(max_length=6)] = "1",
) -> Response:
    q = QueueQuery.from_mapping(
        {
            "center": center,
            "service": service,
            "status": status or OPEN,
            "age": age,
            "days": days,
            "receipt": receipt,
            "page": page or "1",
        }
    )
    choices = await filter_choices(current)
    try:
        result = await anyio.to_thread.run_sync(_load, current, q)
    except Invalid as exc:
        error = error_text(current.tr, exc)
        return _render(current, q, None, error=error, status_code=422, choices=choices)
    return _render(current, q, result, error=None, choices=choices)


def _bulk(current: Page, receipts: list[str], item: ActionInput) -> BulkResult:
    signer = signer_for(current.services.settings.data_dir)
    with current.services.sessions() as session:
        return bulk_action(session, current.user, receipts, item, now=current.now, signer=signer)


def action_input(action: str, text: str, collect_from: str, collect_place: str) -> ActionInput:
    """The form's fields as the use case takes them; a date that is not one is Invalid."""
    try:
        chosen = Action(action)
    except ValueError:
        raise Invalid("Choose an action") from None
    day: dt.date | None = None
    if chosen is Action.READY and collect_from.strip():
        try:
            day = dt.date.fromisoformat(collect_from.strip())
        except ValueError:
            raise Invalid("The collection day is not a date (YYYY-MM-DD)") from None
    return ActionInput(
        chosen,
        text=text if chosen in (Action.NEEDS_INFO, Action.REJECT) else None,
        collect_from=day,
        collect_place=collect_place if chosen is Action.READY else None,
    )


@router.post("/queue/bulk")
async def bulk(
    current: PostDep,
    receipts: Annotated[list[str] | None, Form()] = None,
    action: Annotated[str, Form(max_length=20)] = "",
    message: Annotated[str, Form(max_length=4000)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    collect_from: Annotated[str, Form(max_length=20)] = "",
    collect_place: Annotated[str, Form(max_length=400)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    tr = current.tr
    q = QueueQuery.from_query_string(back)
    text = message if action == Action.NEEDS_INFO.value else reason
    view: BulkView | None = None
    bulk_error: str | None = None
    try:
        item = action_input(action, text, collect_from, collect_place)
        outcome = await anyio.to_thread.run_sync(_bulk, current, receipts or [], item)
        lines = tuple(
            (
                line.ref,
                line.outcome.value,
                line.done.status if line.done is not None else "",
                error_text(tr, line.error) if line.error is not None else "",
            )
            for line in outcome.lines
        )
        done = sum(1 for line in outcome.lines if line.done is not None)
        view = BulkView(item.action.value, lines, done, len(lines) - done)
    except HQError as exc:
        bulk_error = error_text(tr, exc)
    try:
        result = await anyio.to_thread.run_sync(_load, current, q)
        error = None
    except Invalid as exc:
        result, error = None, error_text(tr, exc)
    return _render(
        current,
        q,
        result,
        error=error,
        bulk=view,
        bulk_error=bulk_error,
        status_code=200 if bulk_error is None else 422,
        choices=await filter_choices(current),
    )
