"""Users: creation, password checks with lockout. Passwords are hashed with argon2id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, AuthenticationFailed, Conflict, ValidationError
from counter_app.domain.roles import Permission, Role, parse_role
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import User

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
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
        if actor is not None:
            actor.require(Permission.MANAGE_USERS)
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


def authenticate(ctx: AppContext, username: str, password: str) -> Actor:
    """Check a password; after MAX_FAILED_LOGINS failures the account locks for LOCKOUT.

    Failures are committed (and audited) even though the call raises, so lockout survives.
    """
    name = username.strip().lower()
    failure: AuthenticationFailed | None = None
    with ctx.store.write() as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        now = ctx.clock()
        station = ctx.station(session).label
        if user is None or not user.active:
            # Same message as a wrong password: do not reveal which user names exist.
            raise AuthenticationFailed(N_("Wrong user name or password"))
        if user.locked_until is not None and user.locked_until > now:
            raise AuthenticationFailed(
                N_("The account is locked until {until} after too many failed attempts"),
                until=user.locked_until.isoformat(timespec="minutes"),
            )
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            action = "login.failed"
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                action = "login.locked"
            append_audit(
                session,
                at=now,
                user_id=user.id,
                username=name,
                station=station,
                action=action,
                entity="user",
                entity_ref=name,
            )
            failure = AuthenticationFailed(N_("Wrong user name or password"))
        else:
            user.failed_logins = 0
            user.locked_until = None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            append_audit(
                session,
                at=now,
                user_id=user.id,
                username=name,
                station=station,
                action="login",
                entity="user",
                entity_ref=name,
            )
            actor = Actor(user_id=user.id, username=name, role=Role(user.role))
    if failure is not None:
        raise failure
    return actor


def list_users(ctx: AppContext) -> list[UserInfo]:
    now = ctx.clock()
    with ctx.store.read() as session:
        users = session.execute(select(User).order_by(User.username)).scalars().all()
        return [
            UserInfo(
                u.username,
                u.full_name,
                u.role,
                u.active,
                u.locked_until is not None and u.locked_until > now,
            )
            for u in users
        ]
