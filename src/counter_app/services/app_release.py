"""The newest app release HQ told this station of (issue 17): kept by the sync round
(sync/pull_release.py), read by ``status``, ``sync-status``, the status bar and the
dashboard. Written only when HQ's answer changes: a round every minute adds no write.
"""

from __future__ import annotations

import sys

from counter_app.domain.app_update import KnownRelease, UpdateNotice, update_notice
from counter_app.services.context import AppContext
from counter_app.store.models_release import AppRelease
from counter_protocol import __version__
from counter_protocol.release import ReleaseInfo

_FIELDS = (
    "version",
    "url_windows",
    "url_debian",
    "notes_ar",
    "notes_en",
    "minimum_version",
    "published_at",
)


def record_release(ctx: AppContext, info: ReleaseInfo) -> bool:
    """Keep HQ's answer (already checked: counter_protocol/release.py); True when it changed
    what was kept. A usable answer clears an earlier refusal."""
    with ctx.store.read() as session:
        row = session.get(AppRelease, 1)
        if (
            row is not None
            and row.problem is None
            and all(getattr(row, f) == getattr(info, f) for f in _FIELDS)
        ):
            return False
    with ctx.store.write() as session:
        row = session.get(AppRelease, 1)
        if row is None:
            row = AppRelease(id=1)
            session.add(row)
        for field in _FIELDS:
            setattr(row, field, getattr(info, field))
        row.received_at = ctx.clock()
        row.problem = None
        row.problem_at = None
    return True


def record_release_problem(ctx: AppContext, problem: str) -> bool:
    """HQ's answer could not be used: say why, keep the release known before. True when the
    reason is new (the same refusal every round is written once)."""
    problem = problem[:500]
    with ctx.store.read() as session:
        row = session.get(AppRelease, 1)
        if row is not None and row.problem == problem:
            return False
    with ctx.store.write() as session:
        row = session.get(AppRelease, 1)
        if row is None:
            row = AppRelease(id=1, notes_ar="", notes_en="")
            session.add(row)
        row.problem = problem
        row.problem_at = ctx.clock()
    return True


def known_release(ctx: AppContext) -> KnownRelease | None:
    with ctx.store.read() as session:
        row = session.get(AppRelease, 1)
        if row is None:
            return None
        return KnownRelease(
            version=row.version,
            url_windows=row.url_windows,
            url_debian=row.url_debian,
            notes_ar=row.notes_ar or "",
            notes_en=row.notes_en or "",
            minimum_version=row.minimum_version,
            problem=row.problem,
        )


def release_notice(
    ctx: AppContext, *, language: str = "ar", running: str = __version__, platform: str = ""
) -> UpdateNotice:
    """Whether this station is out of date, and where to get the newer release."""
    return update_notice(known_release(ctx), running, platform or sys.platform, language)
