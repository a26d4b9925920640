"""Escalating late complaints while `serve` runs: at start, then every ``EVERY`` seconds.

The work is ``complaints.escalate_overdue`` (one transaction, each complaint escalated once
however many HQ processes run it); this only schedules it off the event loop.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import anyio
import anyio.to_thread
from sqlalchemy.orm import Session, sessionmaker

from counter_hq.office.complaints import escalate_overdue

EVERY = 15 * 60.0  # a complaint is late by whole working days: a quarter hour is prompt
log = logging.getLogger("counter_hq")


def escalate_once(sessions: sessionmaker[Session], clock: Callable[[], dt.datetime]) -> int:
    with sessions() as session:
        return len(escalate_overdue(session, clock()))


async def escalate_periodically(
    sessions: sessionmaker[Session], clock: Callable[[], dt.datetime], every: float = EVERY
) -> None:
    while True:
        try:
            count = await anyio.to_thread.run_sync(escalate_once, sessions, clock)
        except Exception:  # the database is away: try again next time, keep serving
            log.exception("escalating late complaints failed")
        else:
            if count:
                log.info("escalated %d late complaints", count)
        await anyio.sleep(every)
