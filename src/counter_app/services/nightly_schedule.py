"""The nightly sync's record and schedule (issue 17): every runner (``sync --nightly``, which
the systemd timer and the Windows task call, and the open desktop) records its outcome as a
row of ``reconciliations`` (a failed run too: ``ok`` false, ``error`` its reason, no days
compared); the status bar, ``sync-status`` and the supervisor's report read the newest, and
the desktop decides from them whether the day's run is still to do
(domain/nightly_schedule.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, Translate
from counter_app.domain.nightly_schedule import (
    DEFAULT_TIME,
    NightlyRuns,
    nightly_due,
    parse_clock_time,
)
from counter_app.domain.roles import Permission
from counter_app.i18n import stored_message
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.settings import read_settings
from counter_app.store.models_reports import Reconciliation

RUNNER_COMMAND = "command"  # `sync --nightly`: by hand, the systemd timer, the Windows task
RUNNER_DESKTOP = "desktop"
TIME_SETTING = "sync.nightly_time"

NEVER = N_("Nightly sync: not run yet")
MATCH = N_("Nightly sync: {when}, all days match HQ")
DIFFER = N_("Nightly sync: {when}, days that differ from HQ: {n}")
FAILED = N_("Nightly sync failed {when}: {reason}")
TODAY = N_("today {time}")
YESTERDAY = N_("yesterday {time}")
# A station whose last completed nightly is older than this is shown in red.
OVERDUE_AFTER = dt.timedelta(hours=48)


@dataclass(frozen=True)
class NightlyOutcome:
    at: dt.datetime
    ok: bool
    error: str | None  # "<msgid>: <detail>" when the run failed
    runner: str | None  # None: recorded before migration 0025
    days: int
    disagreeing: int
    missing: int


def _outcome(row: Reconciliation) -> NightlyOutcome:
    return NightlyOutcome(
        row.at, row.ok, row.error, row.runner, row.days, row.disagreeing, row.missing
    )


@use_case(Permission.VIEW_SYNC)
def last_nightly(ctx: AppContext, actor: Actor) -> NightlyOutcome | None:
    """The newest nightly run of any runner, or None before the first."""
    with ctx.store.read() as session:
        row = session.execute(
            select(Reconciliation).order_by(Reconciliation.id.desc()).limit(1)
        ).scalar_one_or_none()
        return _outcome(row) if row is not None else None


def nightly_runs(session: Session) -> NightlyRuns:
    completed, attempted = session.execute(
        select(
            func.max(Reconciliation.at).filter(Reconciliation.error.is_(None)),
            func.max(Reconciliation.at),
        )
    ).one()
    return NightlyRuns(_aware(completed), _aware(attempted))


def _aware(value: dt.datetime | str | None) -> dt.datetime | None:
    # An aggregate bypasses the column type: SQLite hands back naive UTC text.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def desktop_nightly_due(ctx: AppContext) -> bool:
    """Whether the open desktop's sync worker runs the nightly now (its thread asks before
    each round)."""
    with ctx.store.read() as session:
        setting = read_settings(session, [TIME_SETTING])[TIME_SETTING]
        runs = nightly_runs(session)
    try:
        at = parse_clock_time(setting)
    except ValueError:  # stored before the option was checked: the default
        at = parse_clock_time(DEFAULT_TIME)
    return nightly_due(ctx.clock(), ctx.calendar.tz, at, runs)


def record_failed_nightly(
    session: Session,
    at: dt.datetime,
    *,
    runner: str,
    error: str,
    first_day: dt.date,
    last_day: dt.date,
) -> None:
    """A run that did not get to compare the days (or broke off after): no days compared."""
    session.add(
        Reconciliation(
            at=at,
            first_day=first_day,
            last_day=last_day,
            days=0,
            disagreeing=0,
            missing=0,
            ok=False,
            detail="[]",
            runner=runner,
            error=error[:2000],
        )
    )


def when_words(at: dt.datetime, now: dt.datetime, tz: dt.tzinfo, tr: Translate) -> str:
    """ "today 02:31", "yesterday 02:31", else the local date and time."""
    local, today = at.astimezone(tz), now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return tr(TODAY).format(time=clock)
    if local.date() == today - dt.timedelta(days=1):
        return tr(YESTERDAY).format(time=clock)
    return local.strftime("%Y-%m-%d %H:%M")


def nightly_words(
    outcome: NightlyOutcome | None, now: dt.datetime, tz: dt.tzinfo, tr: Translate
) -> tuple[str, bool]:
    """The sentence the status bar and ``sync-status`` show, and whether it needs someone:
    a failed run, days that differ, or no run for two days."""
    if outcome is None:
        return tr(NEVER), False
    when = when_words(outcome.at, now, tz, tr)
    stale = now - outcome.at > OVERDUE_AFTER
    if outcome.error is not None:
        return tr(FAILED).format(when=when, reason=stored_message(outcome.error, tr)), True
    if not outcome.ok:
        return tr(DIFFER).format(when=when, n=outcome.disagreeing), True
    return tr(MATCH).format(when=when), stale
