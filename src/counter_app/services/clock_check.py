"""Is this computer's clock plausible? Checked at every intake, because a receipt carries the
date: a counter whose clock was set 400 days back must say so instead of printing it.

Two signs of a wrong clock, both read in one statement of index and primary-key lookups:
- the clock is behind the newest record stored (a request's ``received_at`` or the last audit
  row's time): time does not run backwards on a working counter;
- it is far (more than 2 hours, HQ's own limit ``MAX_CLOCK_SKEW``) from HQ's time as the sync
  last measured it: the skew measured then, or HQ's time then compared with our time now (a
  clock set back after the last sync).
Intake is never refused for it (a center must keep working); the condition is shown, logged
and audited without personal data.

Not cached across intakes on purpose: the statement costs about 5 microseconds (index and
primary-key lookups, measured with sqlite3 on the 1M-request bench database), and a cache would
miss the records another process (the sync worker, a second window) writes meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext

log = logging.getLogger(__name__)

# The same limit HQ applies to a push (counter_protocol.wire MAX_CLOCK_SKEW; services may not
# import sync): beyond it the date is wrong, not drifting.
MAX_HQ_SKEW = dt.timedelta(hours=2)
# A record dated a little after now is the same second on another process: not a wrong clock.
_TOLERANCE = dt.timedelta(minutes=2)

_REFERENCES = text(
    "SELECT (SELECT max(received_at) FROM requests) AS newest_request, "
    "(SELECT at FROM audit_log ORDER BY id DESC LIMIT 1) AS newest_audit, "
    "(SELECT clock_skew_seconds FROM sync_state WHERE id = 1) AS skew, "
    "(SELECT coalesce(last_attempt_at, enrolled_at) FROM sync_state WHERE id = 1) "
    "AS measured_at"
)

BEHIND_RECORDS = "behind_records"
FAR_FROM_HQ = "far_from_hq"
_MESSAGES = {
    BEHIND_RECORDS: N_(
        "Warning: this computer's clock ({now}) is behind the newest record saved here "
        "({reference}). Receipts carry this date: have the date and time set right."
    ),
    FAR_FROM_HQ: N_(
        "Warning: this computer's clock ({now}) is off the headquarters' time ({reference}); "
        "difference in hours: {hours}. Receipts carry this date: have the date and time set "
        "right."
    ),
}
_FAR_IN_DAYS = N_(
    "Warning: this computer's clock ({now}) is off the headquarters' time ({reference}); "
    "difference in days: {days}. Receipts carry this date: have the date and time set right."
)


@dataclass(frozen=True)
class ClockWarning:
    kind: str  # behind_records | far_from_hq
    now: dt.datetime  # what this computer's clock said
    reference: dt.datetime  # the newest record, or HQ's time as last known
    seconds: float  # reference minus now (positive: the clock is behind)

    def message(self, translate: Callable[[str], str], tz: dt.tzinfo) -> str:
        def shown(moment: dt.datetime) -> str:
            return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

        hours = abs(self.seconds) / 3600
        msgid = _FAR_IN_DAYS if self.kind == FAR_FROM_HQ and hours >= 48 else _MESSAGES[self.kind]
        return translate(msgid).format(
            now=shown(self.now),
            reference=shown(self.reference),
            hours=f"{hours:.0f}",
            days=f"{hours / 24:.0f}",
        )


def _utc(value: dt.datetime | str | None) -> dt.datetime | None:
    # Subqueries bypass the column types: SQLite hands back the stored text.
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def clock_warning(session: Session, now: dt.datetime) -> ClockWarning | None:
    """What is wrong with ``now`` as this station's time, if anything (read only)."""
    row = session.connection().execute(_REFERENCES).one()
    newest = max(
        (t for t in (_utc(row.newest_request), _utc(row.newest_audit)) if t is not None),
        default=None,
    )
    if newest is not None and now < newest - _TOLERANCE:
        return ClockWarning(BEHIND_RECORDS, now, newest, (newest - now).total_seconds())
    measured = _utc(row.measured_at)
    if row.skew is None or measured is None:
        return None
    skew = dt.timedelta(seconds=float(row.skew))
    hq_then = measured + skew  # HQ's time when the sync measured: ours cannot be before it
    if now < hq_then - MAX_HQ_SKEW:
        # Behind HQ (as measured, or set back since). A clock put right since the measurement
        # is past HQ's time then, and is left alone.
        return ClockWarning(FAR_FROM_HQ, now, hq_then, (hq_then - now).total_seconds())
    if skew < -MAX_HQ_SKEW and now >= measured - _TOLERANCE:
        # Ahead of HQ when measured, and not set back since.
        return ClockWarning(FAR_FROM_HQ, now, now + skew, skew.total_seconds())
    return None


def check_clock(ctx: AppContext) -> ClockWarning | None:
    """For a screen about to take a request: warn before the clerk starts typing."""
    with ctx.store.read() as session:
        return clock_warning(session, ctx.clock())


def record_clock_warning(
    ctx: AppContext, session: Session, actor: Actor, warning: ClockWarning
) -> None:
    """In the intake's transaction: an audit row and a log line, times and kind only."""
    details = {
        "kind": warning.kind,
        "clock": warning.now.isoformat(),
        "reference": warning.reference.isoformat(),
        "seconds": round(warning.seconds),
    }
    log.warning("clock check at intake: %s", details)
    append_audit(
        session,
        at=warning.now,
        user_id=actor.user_id,
        username=actor.username,
        station=ctx.station(session).label,
        action="clock.warning",
        entity="station",
        entity_ref=ctx.station(session).label,
        details=details,
    )
