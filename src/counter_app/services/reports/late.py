"""The supervisor's two lists: open requests past their due date, and those due within a few
working days. Both read the index on requests(status, due_date) and stop at ``limit``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.periods import WorkingDayIndex
from counter_app.domain.report_model import LateRequest
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.reports.common import OPEN_SQL, stored_utc, today_local

MAX_DUE_WITHIN = 60
MAX_LIMIT = 2000

_COLUMNS = (
    "SELECT r.receipt_no, r.service_code, s.name_ar, s.name_en, "
    "coalesce(r.citizen_name, c.name), r.status, r.received_at, r.due_date "
)
# The page is chosen from the (status, due_date) index alone (it holds the row id), then only
# its rows are read: thousands of overdue requests are sorted as index entries, not rows.
_PAGE = (
    "FROM (SELECT id FROM requests WHERE status IN {open} AND {where} "
    "ORDER BY due_date, id LIMIT :limit) page "
    "JOIN requests r ON r.id = page.id JOIN services s ON s.code = r.service_code "
    "JOIN citizens c ON c.id = r.citizen_id ORDER BY r.due_date, r.id"
)
# Oldest due first: the most overdue leads the list.
_OVERDUE = text(_COLUMNS + _PAGE.format(open=OPEN_SQL, where="due_date < :today"))
_DUE_SOON = text(
    _COLUMNS + _PAGE.format(open=OPEN_SQL, where="due_date >= :today AND due_date <= :horizon")
)


def _late(row: Any, tz: dt.tzinfo, days: WorkingDayIndex, today: dt.date) -> LateRequest:
    receipt, code, name_ar, name_en, citizen, status, received, due = row
    due_day = due if isinstance(due, dt.date) else dt.date.fromisoformat(due)
    return LateRequest(
        receipt_no=receipt,
        service_code=code,
        service_ar=name_ar,
        service_en=name_en,
        citizen_name=citizen or "",
        status=status,
        received_on=stored_utc(received).astimezone(tz).date(),
        due_date=due_day,
        working_days_late=days.working_days_late(due_day, today),
    )


def due_horizon(calendar: WorkingCalendar, today: dt.date, due_within: int) -> dt.date:
    """The last due date on the due-soon list: ``due_within`` working days after today (today
    itself, or the next working day, when 0)."""
    return calendar.add_working_days(today, due_within)


def check_due_within(due_within: int) -> None:
    if not 0 <= due_within <= MAX_DUE_WITHIN:
        raise ValidationError(
            N_("Due within must be 0 to {limit} working days"),
            field="due_within",
            limit=MAX_DUE_WITHIN,
        )


def late_lists(
    session: Any,
    calendar: WorkingCalendar,
    today: dt.date,
    *,
    due_within: int,
    limit: int,
) -> tuple[list[LateRequest], list[LateRequest]]:
    """The overdue and due-soon lists as of ``today`` (inside the caller's read session)."""
    tz = calendar.tz
    limit = max(1, min(limit, MAX_LIMIT))
    horizon = due_horizon(calendar, today, due_within)
    conn = session.connection()
    overdue_rows = conn.execute(_OVERDUE, {"today": today.isoformat(), "limit": limit}).all()
    soon_rows = conn.execute(
        _DUE_SOON,
        {"today": today.isoformat(), "horizon": horizon.isoformat(), "limit": limit},
    ).all()
    first = today
    if overdue_rows:
        due = overdue_rows[0][7]
        first = min(first, due if isinstance(due, dt.date) else dt.date.fromisoformat(due))
    days = WorkingDayIndex(calendar, first, max(today, horizon))
    return (
        [_late(r, tz, days, today) for r in overdue_rows],
        [_late(r, tz, days, today) for r in soon_rows],
    )


@use_case(Permission.VIEW_REPORTS)
def late_requests(
    ctx: AppContext, actor: Actor, *, due_within: int = 3, limit: int = 200
) -> tuple[list[LateRequest], list[LateRequest]]:
    """Open requests past their due date (most overdue first, ``working_days_late`` > 0 but 0
    when only a weekend or holiday has passed since), and open requests due within
    ``due_within`` working days (``working_days_late`` <= 0: the working days left)."""
    actor.require(Permission.VIEW_REPORTS)
    check_due_within(due_within)
    with ctx.store.read() as session:
        calendar = ctx.working_calendar(session)
        today = today_local(ctx.clock(), calendar.tz)
        return late_lists(session, calendar, today, due_within=due_within, limit=limit)
