"""The lockout lives in the audit log (services/lockout.py), not in the users row.

Hostile first: a person with the sqlite3 shell clears the users row's counters and the account
stays locked; the audit rows that lock it cannot be deleted or changed; db check names the
edited row. Then the rules: five failures in a row within 15 minutes, a success or an admin's
audited unlock ends a run, the lock ends after 15 minutes.
"""

from __future__ import annotations

import json

import pytest

from counter_app.domain.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    StoreError,
)
from counter_app.services.lockout import LOCKOUT, MAX_FAILED_LOGINS, lock_state, unlock_user
from counter_app.services.users import authenticate, list_users
from counter_app.store.check import check_database
from tests import rawdb
from tests.conftest import CLERK_PASSWORD, Station


def _fail(station: Station, user: str = "clerk1", times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            authenticate(station.ctx, user, "not-the-password")


def _rows(station: Station, sql: str, *params: object) -> list[tuple[object, ...]]:
    raw = rawdb.connect(station.ctx.store.path)
    try:
        return [tuple(r) for r in raw.execute(sql, params).fetchall()]
    finally:
        raw.close()


def _audit(station: Station, ref: str = "clerk1") -> list[tuple[object, ...]]:
    return _rows(
        station,
        "SELECT action, username, details FROM audit_log WHERE entity = 'user' "
        "AND entity_ref = ? ORDER BY id",
        ref,
    )


def _edit(station: Station, *statements: str) -> None:
    raw = rawdb.connect(station.ctx.store.path)
    try:
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


def _locked(station: Station, user: str = "clerk1") -> bool:
    with station.ctx.store.read() as session:
        return lock_state(session, user, station.clock()).locked()


def test_clearing_the_users_row_does_not_unlock(station: Station) -> None:
    _fail(station, times=MAX_FAILED_LOGINS)
    cached = _rows(station, "SELECT failed_logins, locked_until FROM users WHERE username='clerk1'")
    assert cached[0][1] is not None  # the cache says locked too: the edit below changes it

    _edit(
        station,
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = 'clerk1'",
    )
    with pytest.raises(AuthenticationFailed, match="locked"):
        authenticate(station.ctx, "clerk1", CLERK_PASSWORD)
    # The context's own look-up of an account (scripts, db encrypt's audit) reads it the same.
    with pytest.raises(StoreError, match="locked"), station.ctx.store.read() as session:
        station.ctx.actor(session, "clerk1")
    assert [u.locked for u in list_users(station.ctx, station.admin) if u.username == "clerk1"] == [
        True
    ]

    # The rows that lock it are beyond the shell's reach: the triggers refuse both.
    for statement in (
        "DELETE FROM audit_log WHERE entity_ref = 'clerk1' AND action LIKE 'login%'",
        "UPDATE audit_log SET action = 'login' WHERE action = 'login.locked'",
    ):
        with pytest.raises(rawdb.DatabaseError):
            _edit(station, statement)
    assert _locked(station)

    # And db check names the row edited around the app.
    with station.ctx.store.engine.connect() as conn:
        report = check_database(conn)
    [user_id] = _rows(station, "SELECT id FROM users WHERE username = 'clerk1'")[0]
    assert not report.ok
    assert any(f.startswith(f"users row {user_id}: changed") for f in report.audit), report.audit


def test_five_failures_in_a_row_lock_for_fifteen_minutes(station: Station) -> None:
    _fail(station, times=MAX_FAILED_LOGINS - 1)
    assert not _locked(station)
    _fail(station)
    assert _locked(station)
    with pytest.raises(AuthenticationFailed, match="locked"):
        authenticate(station.ctx, "clerk1", CLERK_PASSWORD)
    actions = [a for a, _, _ in _audit(station)]
    assert actions[-MAX_FAILED_LOGINS:] == ["login.failed"] * 4 + ["login.locked"]
    # Refused while locked without checking the password: no row, no longer lock.
    assert len(_audit(station)) == len(actions)

    station.clock.advance(seconds=LOCKOUT.total_seconds() - 1)
    assert _locked(station)
    station.clock.advance(seconds=2)
    assert not _locked(station)
    assert authenticate(station.ctx, "clerk1", CLERK_PASSWORD).username == "clerk1"


def test_failures_older_than_the_window_or_before_a_success_do_not_count(
    station: Station,
) -> None:
    _fail(station, times=4)
    station.clock.advance(minutes=16)
    _fail(station)  # one in the window: the four before it are too old
    assert not _locked(station)
    _fail(station, times=2)
    authenticate(station.ctx, "clerk1", CLERK_PASSWORD)  # ends the run of three
    _fail(station, times=4)
    assert not _locked(station)
    assert authenticate(station.ctx, "clerk1", CLERK_PASSWORD).username == "clerk1"


def test_a_command_sign_in_writes_nothing_unless_it_ends_a_run_of_failures(
    station: Station,
) -> None:
    before = _audit(station)
    actor = authenticate(station.ctx, "clerk1", CLERK_PASSWORD, record_success=False, via="cli")
    assert actor.username == "clerk1" and _audit(station) == before

    with pytest.raises(AuthenticationFailed):
        authenticate(station.ctx, "clerk1", "wrong-one-1", record_success=False, via="cli")
    authenticate(station.ctx, "clerk1", CLERK_PASSWORD, record_success=False, via="cli")
    added = _audit(station)[len(before) :]
    assert [(a, json.loads(str(d))) for a, _, d in added] == [
        ("login.failed", {"via": "cli"}),
        ("login", {"via": "cli"}),
    ]
    with station.ctx.store.read() as session:
        assert lock_state(session, "clerk1", station.clock()).failures == 0


def test_an_admins_unlock_is_audited_and_honoured(station: Station) -> None:
    _fail(station, times=MAX_FAILED_LOGINS)
    done = unlock_user(station.ctx, station.admin, "CLERK1 ")
    assert (done.username, done.was_locked) == ("clerk1", True)
    action, by, details = _audit(station)[-1]
    assert (action, by) == ("user.unlock", "admin")
    assert json.loads(str(details)) == {"was_locked": True, "failures": 0}
    assert not _locked(station)
    assert authenticate(station.ctx, "clerk1", CLERK_PASSWORD).username == "clerk1"
    with station.ctx.store.engine.connect() as conn:
        assert check_database(conn).ok

    # A run of failures is ended too: four more do not lock.
    _fail(station, times=3)
    assert unlock_user(station.ctx, station.admin, "clerk1").failures_cleared == 3
    _fail(station, times=4)
    assert not _locked(station)


def test_unlock_refusals_store_nothing(station: Station) -> None:
    _fail(station, times=MAX_FAILED_LOGINS)
    count = len(_rows(station, "SELECT id FROM audit_log"))
    with pytest.raises(PermissionDenied):
        unlock_user(station.ctx, station.clerk, "clerk1")
    with pytest.raises(NotFound):
        unlock_user(station.ctx, station.admin, "nobody")
    with pytest.raises(Conflict, match="not locked"):
        unlock_user(station.ctx, station.admin, "admin")
    assert len(_rows(station, "SELECT id FROM audit_log")) == count
    assert _locked(station)


def test_the_lockout_read_uses_its_index(station: Station) -> None:
    """One seek in the account's rows, not a scan of the whole audit log (a million rows on a
    busy station): the query repeats the partial index's WHERE text."""
    from counter_app.services.lockout import _RECENT

    sql = (
        _RECENT.text.replace(":name", "'clerk1'")
        .replace(":actions", "('login', 'login.failed')")
        .replace(":limit", "6")
    )
    plan = " ".join(str(r[-1]) for r in _rows(station, "EXPLAIN QUERY PLAN " + sql))
    assert "ix_audit_log_user" in plan, plan
