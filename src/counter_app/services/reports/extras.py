"""The report's smaller parts: complaints by type and outcome, calls and SMS made, and this
station's sync health with its last nightly reconciliation."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from typing import Any

from sqlalchemy import text

from counter_app.domain.app_update import KnownRelease, update_notice
from counter_app.domain.report_model import CallSummary, ComplaintRow, StationHealth
from counter_app.services.reports.common import stored_utc, utc_text
from counter_protocol import __version__

# Complaints received in the period, by type, status at the period's end, and whether an
# agency's answer had come by then. Each complaint service's range of (service_code,
# received_at), named: by received_at alone the planner read a year's 330,000 requests to find
# its 8,000 complaints (0.9 s on the 1M bench).
_COMPLAINTS = (
    "SELECT r.service_code, s.name_ar, s.name_en, "
    "CASE WHEN r.status_at < :b THEN r.status ELSE (SELECT e.status FROM request_events e "
    "WHERE e.request_id = r.id AND e.at < :b ORDER BY e.at DESC, e.id DESC LIMIT 1) END, "
    "EXISTS (SELECT 1 FROM complaint_answers a WHERE a.request_id = r.id AND a.at < :b), "
    "count(*) FROM requests r INDEXED BY ix_requests_service_received "
    "JOIN services s ON s.code = r.service_code "
    "WHERE r.service_code IN ({codes}) AND r.received_at >= :a AND r.received_at < :b "
    "GROUP BY 1, 4, 5"
)
_COMPLAINT_SERVICES = text("SELECT code FROM services WHERE category = 'complaint'")
_CALLS = text("SELECT outcome, count(*) FROM call_attempts WHERE at >= :a AND at < :b GROUP BY 1")
_NOTICES = text("SELECT state, count(*) FROM notifications WHERE at >= :a AND at < :b GROUP BY 1")
_SYNC = text("SELECT last_success_at, last_error FROM sync_state WHERE id = 1")
_OUTBOX = text(
    "SELECT state, count(*) FROM outbox WHERE state IN ('pending', 'quarantined') GROUP BY 1"
)
_PROBLEMS = text("SELECT count(*) FROM sync_problems")
_RELEASE = text(
    "SELECT version, url_windows, url_debian, minimum_version FROM app_release WHERE id = 1"
)
_LAST_RECONCILIATION = text(
    "SELECT at, ok, first_day, last_day, disagreeing, missing, error FROM reconciliations "
    "ORDER BY id DESC LIMIT 1"
)


def complaint_rows(session: Any, start_text: str, end_text: str) -> list[ComplaintRow]:
    """Bounds as stored UTC text: the period's first and after-last local midnights."""
    found: dict[str, dict[str, Any]] = {}
    outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    conn = session.connection()
    codes = {f"c{i}": code for i, (code,) in enumerate(conn.execute(_COMPLAINT_SERVICES))}
    if not codes:
        return []
    sql = text(_COMPLAINTS.format(codes=",".join(f":{name}" for name in codes)))
    rows = conn.execute(sql, {"a": start_text, "b": end_text, **codes})
    for code, name_ar, name_en, status, answered, n in rows:
        row = found.setdefault(
            code,
            {
                "ar": name_ar,
                "en": name_en,
                "received": 0,
                "answered": 0,
            },
        )
        row["received"] += n
        row["answered"] += n if answered else 0
        outcomes[code][status or "submitted"] += n
    return [
        ComplaintRow(
            service_code=code,
            label_ar=row["ar"],
            label_en=row["en"],
            received=row["received"],
            answered=row["answered"],
            outcomes=dict(sorted(outcomes[code].items())),
        )
        for code, row in sorted(found.items(), key=lambda kv: (-kv[1]["received"], kv[0]))
    ]


def call_summary(session: Any, start_text: str, end_text: str) -> CallSummary:
    conn = session.connection()
    bounds = {"a": start_text, "b": end_text}
    return CallSummary(
        calls={str(k): int(n) for k, n in conn.execute(_CALLS, bounds)},
        notifications={str(k): int(n) for k, n in conn.execute(_NOTICES, bounds)},
    )


def _update_words(conn: Any) -> str | None:
    """A newer app release HQ published (services/app_release.py), said for the supervisor."""
    row = conn.execute(_RELEASE).first()
    if row is None:
        return None
    known = KnownRelease(row[0], row[1], row[2], "", "", row[3], None)
    notice = update_notice(known, __version__, sys.platform)
    return notice.words(lambda msgid: msgid) if notice.out_of_date else None


def station_health(session: Any, label: str) -> StationHealth:
    conn = session.connection()
    state = conn.execute(_SYNC).first()
    outbox = {str(k): int(n) for k, n in conn.execute(_OUTBOX)}
    problems = int(conn.execute(_PROBLEMS).scalar() or 0)
    last = conn.execute(_LAST_RECONCILIATION).first()
    success = stored_utc(state[0]) if state and state[0] else None
    detail = (state[1] or "") if state else ""
    reconciled_at = stored_utc(last[0]) if last else None
    if last and last[6]:  # the nightly run failed before comparing (services/nightly_schedule)
        detail = (f"{detail}; " if detail else "") + f"nightly sync failed: {last[6]}"
    elif last and not last[1]:
        detail = (
            f"{detail}; " if detail else ""
        ) + f"reconciliation {last[2]}..{last[3]}: {last[4]} day(s) differ, {last[5]} missing"
    update = _update_words(conn)
    if update:
        detail = (f"{detail}; " if detail else "") + update
    return StationHealth(
        station=label,
        # A sync round pushes then pulls: its success is the time of both.
        last_push=success,
        last_pull=success,
        pending=outbox.get("pending", 0),
        failed=outbox.get("quarantined", 0) + problems,
        last_reconciliation=reconciled_at,
        reconciliation_ok=None if last is None else bool(last[1]),
        detail=detail,
    )


def record_reconciliation(
    session: Any, at: dt.datetime, report: Any, runner: str | None = None
) -> None:
    """Keep the outcome of a nightly reconciliation (sync/worker.nightly) for the report;
    ``runner``: services/nightly_schedule.RUNNER_*."""
    days = list(report.days)
    disagreeing = [d for d in days if not d.agrees]
    session.connection().execute(
        text(
            "INSERT INTO reconciliations (at, first_day, last_day, days, disagreeing, missing, "
            "ok, detail, runner) VALUES (:at, :first, :last, :days, :disagreeing, :missing, :ok, "
            ":detail, :runner)"
        ),
        {
            "runner": runner,
            "at": utc_text(at),
            "first": report.start.isoformat(),
            "last": report.end.isoformat(),
            "days": len(days),
            "disagreeing": len(disagreeing),
            "missing": sum(len(d.missing) for d in disagreeing),
            "ok": bool(report.ok),
            "detail": json.dumps([d.day.isoformat() for d in disagreeing][:50], ensure_ascii=False),
        },
    )
