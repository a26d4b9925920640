"""The report page (/reports): a center's figures over a period from the synced data, for HQ
admins (any center) and center supervisors (their own), with the table as a CSV download.

Access is the use case's (counter_hq/reports.py ``report_for``): an agency officer gets the
refusal page, a center outside the reader's scope "not found". Days are read like the
counter's (any digits, today, yesterday, -7d); the period defaults to this month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import anyio.to_thread
from fastapi import APIRouter
from starlette.responses import Response

from counter_app.domain.errors import CounterError
from counter_app.domain.periods import named_period, parse_day
from counter_app.domain.report_model import Bucket, Grouping, Report
from counter_hq.calendars import current_calendar
from counter_hq.cli_reports import csv_text
from counter_hq.errors import HQError, Invalid
from counter_hq.reports import check_reader, report_for, visible_centers
from counter_hq.web.pages import PageDep
from counter_hq.web.present import error_text, isolate, label
from counter_hq.web.templating import render as render_page

router = APIRouter()

GROUPING_NAMES = {
    Grouping.SERVICE: "By service",
    Grouping.AGENCY: "By agency",
    Grouping.CATEGORY: "By category",
    Grouping.STATUS: "By status at the end",
    Grouping.CLERK: "By clerk",
    Grouping.STATION: "By station",
}
BUCKET_NAMES = {Bucket.DAY: "Daily", Bucket.WEEK: "Weekly", Bucket.MONTH: "Monthly"}


@dataclass(frozen=True)
class ReportPage:
    centers: list[tuple[str, str]]
    center: str
    start_text: str
    end_text: str
    report: Report | None
    error: HQError | None


def _read(
    session: object,
    user: object,
    now: dt.datetime,
    center: str,
    start_text: str,
    end_text: str,
    grouping: Grouping,
    bucket: Bucket,
) -> ReportPage:
    from sqlalchemy.orm import Session

    from counter_hq.office.access import WebUser

    assert isinstance(session, Session) and isinstance(user, WebUser)
    check_reader(user)
    centers = visible_centers(session, user)
    chosen = center.strip().upper() or (centers[0][0] if centers else "")
    today = now.astimezone(current_calendar(session).tz).date()
    month = named_period("this-month", today)
    start_text = start_text.strip() or month.start.isoformat()
    end_text = end_text.strip() or month.end.isoformat()
    try:
        start = parse_day(start_text, today, field="from")
        end = parse_day(end_text, today, field="to")
    except CounterError as exc:
        error = Invalid(exc.message, field=exc.field, **exc.params)
        return ReportPage(centers, chosen, start_text, end_text, None, error)
    try:
        report = report_for(
            session,
            user,
            center=chosen,
            start=start,
            end=end,
            grouping=grouping,
            bucket=bucket,
            now=now,
        )
    except Invalid as exc:  # a period backwards or too long: said on the page with the form
        return ReportPage(centers, chosen, start_text, end_text, None, exc)
    return ReportPage(centers, chosen, start_text, end_text, report, None)


@router.get("/reports")
async def report_page(
    current: PageDep,
    center: str = "",
    start: str = "",
    end: str = "",
    by: str = "service",
    bucket: str = "week",
    format: str = "",
) -> Response:
    grouping = Grouping(by) if by in {g.value for g in Grouping} else Grouping.SERVICE
    chunk = Bucket(bucket) if bucket in {b.value for b in Bucket} else Bucket.WEEK
    center, start, end = center[:10], start[:40], end[:40]

    def work() -> ReportPage:
        with current.services.sessions() as session:
            return _read(session, current.user, current.now, center, start, end, grouping, chunk)

    found = await anyio.to_thread.run_sync(work)
    if format == "csv" and found.report is not None:
        r = found.report
        name = f"report-{r.center_code}-{r.period.start}-{r.period.end}-{r.grouping.value}.csv"
        return Response(
            csv_text(r, current.tr.language).encode("utf-8-sig"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return render_page(
        current,
        "reports.html",
        422 if found.error is not None else 200,
        label=label,
        isolate=isolate,
        found=found,
        grouping=grouping,
        bucket=chunk,
        groupings=GROUPING_NAMES,
        buckets=BUCKET_NAMES,
        error=error_text(current.tr, found.error) if found.error is not None else None,
    )
