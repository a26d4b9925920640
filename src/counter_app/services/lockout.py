"""Whether an account is locked, read from its own audit rows, and an admin's unlock.

The users row's ``failed_logins``/``locked_until`` are only a cache kept for `user list` and for
``db check`` (the audit row of each sign-in records them): one UPDATE in the sqlite3 shell
would clear them. The audit log cannot be changed that way: its triggers refuse UPDATE and
DELETE, and a row forged around them breaks the hash chain ``db check`` recomputes. So the
lock is decided from an account's newest audit rows: a ``login.locked`` row newer than LOCKOUT,
or MAX_FAILED_LOGINS ``login.failed`` rows in a row within LOCKOUT, each run ended by a
successful sign-in (``login``) or an admin's ``user.unlock``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, AuthenticationFailed, Conflict, NotFound
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit, iso_utc
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import User

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)

LOGIN = "login"
FAILED = "login.failed"
LOCKED = "login.locked"
UNLOCKED = "user.unlock"

# ``entity = 'user'`` is the partial index's own WHERE text (migration 0026): SQLite uses a
# partial index only for a query that repeats it. One seek, then the account's newest rows.
_RECENT = text(
    "SELECT action, at FROM audit_log "
    "WHERE entity = 'user' AND entity_ref = :name AND action IN :actions "
    "ORDER BY id DESC LIMIT :limit"
).bindparams(bindparam("actions", expanding=True))


@dataclass(frozen=True)
class LockState:
    failures: int  # failed sign-ins in a row within LOCKOUT, since the last success or unlock
    locked_until: dt.datetime | None

    def locked(self) -> bool:
        return self.locked_until is not None


def lock_state(session: Session, username: str, now: dt.datetime) -> LockState:
    """The account's lock as its audit rows say, at ``now``."""
    since = iso_utc(now - LOCKOUT)  # the rows' own format: compared as text
    rows = session.execute(
        _RECENT,
        {
            "name": username,
            "actions": [LOGIN, FAILED, LOCKED, UNLOCKED],
            # A run is at most MAX_FAILED_LOGINS - 1 failures and the lock: one more row ends it.
            "limit": MAX_FAILED_LOGINS + 1,
        },
    ).all()
    failures = 0
    newest_failure: str | None = None
    for action, at in rows:
        if action in (LOGIN, UNLOCKED) or at < since:
            break
        if action == LOCKED:
            return LockState(0, _parse(at) + LOCKOUT)
        failures += 1
        newest_failure = newest_failure or at
    if failures >= MAX_FAILED_LOGINS and newest_failure is not None:
        # Only two sign-ins racing past the check write this many; locked all the same.
        return LockState(failures, _parse(newest_failure) + LOCKOUT)
    return LockState(failures, None)


def refuse_locked(state: LockState) -> None:
    if state.locked_until is not None:
        raise AuthenticationFailed(
            N_("The account is locked until {until} after too many failed attempts"),
            until=state.locked_until.isoformat(timespec="minutes"),
        )


def _parse(at: str) -> dt.datetime:
    return dt.datetime.fromisoformat(at).astimezone(dt.UTC)


def locked_users(ctx: AppContext) -> set[str]:
    """The user names locked now (for `user list`)."""
    now = ctx.clock()
    with ctx.store.read() as session:
        names = session.execute(select(User.username)).scalars().all()
        return {n for n in names if lock_state(session, n, now).locked()}


@dataclass(frozen=True)
class Unlocked:
    username: str
    was_locked: bool
    failures_cleared: int


@use_case(Permission.MANAGE_USERS)
def unlock_user(ctx: AppContext, actor: Actor, username: str) -> Unlocked:
    """End an account's lock (or its run of failures) now; the ``user.unlock`` audit row is
    what later sign-ins honour, so the unlock is as checked as the lock."""
    name = username.strip().lower()
    with ctx.store.write() as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is None:
            raise NotFound(N_("There is no user called {user}"), user=name[:64])
        now = ctx.clock()
        state = lock_state(session, name, now)
        if not state.locked() and state.failures == 0:
            raise Conflict(N_("User {user} is not locked"), user=name)
        user.failed_logins, user.locked_until = 0, None  # the cache follows
        append_audit(
            session,
            at=now,
            user_id=actor.user_id,
            username=actor.username,
            station=ctx.station(session).label,
            action=UNLOCKED,
            entity="user",
            entity_ref=name,
            details={"was_locked": state.locked(), "failures": state.failures},
        )
    return Unlocked(name, state.locked(), state.failures)
