"""Users: creation, password checks with lockout. Passwords are hashed with argon2id."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import (
    N_,
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    ValidationError,
)
from counter_app.domain.roles import Permission, Role, parse_role
from counter_app.services import lockout
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import User

MAX_FAILED_LOGINS = lockout.MAX_FAILED_LOGINS
LOCKOUT = lockout.LOCKOUT
MIN_PASSWORD_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id with the library's current recommended cost


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: str
    active: bool
    locked: bool


def validate_username(raw: str) -> str:
    name = raw.strip().lower()
    if not (2 <= len(name) <= 64) or not all(
        c.isascii() and (c.isalnum() or c in "._-") for c in name
    ):
        raise ValidationError(
            N_("A user name is 2 to 64 Latin letters, digits, dots, dashes or underscores"),
            field="username",
        )
    return name


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("The password must have at least {min} characters"),
            field="password",
            min=MIN_PASSWORD_LENGTH,
        )
    if len(password) > 1024 or "\x00" in password:
        raise ValidationError(N_("The password is not acceptable"), field="password")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(validate_password(password))


@use_case(Permission.MANAGE_USERS, first_run_without_actor=True)
def add_user(
    ctx: AppContext,
    actor: Actor | None,
    *,
    username: str,
    role: str,
    password: str,
    full_name: str = "",
) -> UserInfo:
    """Create a user. ``actor`` is None only for the first admin created by ``setup``."""
    name = validate_username(username)
    the_role = parse_role(role)
    full = clean_input_text(full_name, field="full_name", max_length=150)
    pw_hash = hash_password(password)
    with ctx.store.write() as session:
        # Without an actor only the first admin, made by setup before anyone can log in.
        if actor is None and session.execute(select(User.id).limit(1)).first():
            raise PermissionDenied(N_("Log in first; this needs a user"))
        if session.execute(select(User.id).where(User.username == name)).first():
            raise Conflict(N_("A user called {user} already exists"), user=name)
        now = ctx.clock()
        user = User(
            username=name,
            full_name=full,
            role=the_role.value,
            password_hash=pw_hash,
            active=True,
            failed_logins=0,
            created_at=now,
        )
        session.add(user)
        session.flush()
        append_audit(
            session,
            at=now,
            user_id=actor.user_id if actor else user.id,
            username=actor.username if actor else name,
            station=ctx.station(session).label,
            action="user.add",
            entity="user",
            entity_ref=name,
            details={"role": the_role.value},
        )
    return UserInfo(name, full, the_role.value, True, False)


def authenticate(
    ctx: AppContext,
    username: str,
    password: str,
    *,
    record_success: bool = True,
    via: str = "",
) -> Actor:
    """Check a password; after MAX_FAILED_LOGINS failures in a row the account locks for
    LOCKOUT. Whether it is locked is read from its audit rows (services/lockout.py), not from
    the users row.

    Failures are committed (and audited) even though the call raises, so lockout survives.
    ``record_success=False`` (a command run with `--as`, itself audited as that user) writes a
    ``login`` row only to end a run of failures, and so changes nothing when there was none.
    The password is verified outside the write transaction: argon2 at production cost takes
    most of a second, which no other writer should wait for.
    """
    name = username.strip().lower()
    details = {"via": via} if via else None
    now = ctx.clock()
    with ctx.store.read() as session:
        found = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if found is None or not found.active:
            # Same message as a wrong password: do not reveal which user names exist.
            raise AuthenticationFailed(N_("Wrong user name or password"))
        before = lockout.lock_state(session, name, now)
        lockout.refuse_locked(before)
        stored_hash, user_id, role = found.password_hash, found.id, Role(found.role)
    good = _verifies(stored_hash, password)
    if good and not record_success and before.failures == 0:
        return Actor(user_id=user_id, username=name, role=role)
    new_hash = (
        _HASHER.hash(password)
        if good and record_success and _HASHER.check_needs_rehash(stored_hash)
        else None
    )
    with ctx.store.write() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise AuthenticationFailed(N_("Wrong user name or password"))
        now = ctx.clock()
        # Read again under the write lock: another sign-in may have counted a failure since.
        state = lockout.lock_state(session, name, now)
        lockout.refuse_locked(state)
        if good:
            action = lockout.LOGIN
            user.failed_logins, user.locked_until = 0, None  # the cache follows the audit rows
            if new_hash is not None and user.password_hash == stored_hash:
                user.password_hash = new_hash
        elif state.failures + 1 >= lockout.MAX_FAILED_LOGINS:
            action = lockout.LOCKED
            user.failed_logins, user.locked_until = 0, now + lockout.LOCKOUT
        else:
            action = lockout.FAILED
            user.failed_logins = state.failures + 1
        append_audit(
            session,
            at=now,
            user_id=user.id,
            username=name,
            station=ctx.station(session).label,
            action=action,
            entity="user",
            entity_ref=name,
            details=details,
        )
    if not good:
        raise AuthenticationFailed(N_("Wrong user name or password"))
    return Actor(user_id=user_id, username=name, role=role)


def _verifies(stored_hash: str, password: str) -> bool:
    try:
        return bool(_HASHER.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


@use_case(Permission.VIEW_USERS)
def list_users(ctx: AppContext, actor: Actor) -> list[UserInfo]:
    locked = lockout.locked_users(ctx)
    with ctx.store.read() as session:
        users = session.execute(select(User).order_by(User.username)).scalars().all()
        return [
            UserInfo(u.username, u.full_name, u.role, u.active, u.username in locked) for u in users
        ]
