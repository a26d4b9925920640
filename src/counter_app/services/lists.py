"""Lists a screen shows: recent requests by category and status (complaints, overdue...)."""

from __future__ import annotations

from sqlalchemy import text

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.search import SearchHit, hit_from_row

_BASE = (
    "SELECT r.receipt_no, r.service_code, s.name_ar AS service_name_ar, c.name, c.national_id, "
    "r.phone, r.status, r.received_at, r.due_date FROM requests r "
    "JOIN citizens c ON c.id = r.citizen_id JOIN services s ON s.code = r.service_code "
)
_BY_CATEGORY = text(_BASE + "WHERE s.category = :category ORDER BY r.id DESC LIMIT :limit")
_OPEN_BY_CATEGORY = text(
    _BASE + "WHERE s.category = :category AND r.status IN "
    "('submitted','forwarded','in_progress','needs_info') ORDER BY r.id DESC LIMIT :limit"
)
_OVERDUE = text(
    _BASE + "WHERE r.status IN ('submitted','forwarded','in_progress','needs_info') "
    "AND r.due_date < :today ORDER BY r.due_date LIMIT :limit"
)


@use_case(Permission.VIEW_REQUESTS)
def requests_by_category(
    ctx: AppContext, actor: Actor, category: str, *, open_only: bool = False, limit: int = 200
) -> list[SearchHit]:
    stmt = _OPEN_BY_CATEGORY if open_only else _BY_CATEGORY
    with ctx.store.read() as session:
        rows = session.connection().execute(
            stmt, {"category": category, "limit": max(1, min(limit, 2000))}
        )
        return [hit_from_row(r) for r in rows]


@use_case(Permission.VIEW_REQUESTS)
def overdue_requests(ctx: AppContext, actor: Actor, *, limit: int = 200) -> list[SearchHit]:
    today = ctx.clock().astimezone(ctx.calendar.tz).date().isoformat()
    with ctx.store.read() as session:
        rows = session.connection().execute(
            _OVERDUE, {"today": today, "limit": max(1, min(limit, 2000))}
        )
        return [hit_from_row(r) for r in rows]
