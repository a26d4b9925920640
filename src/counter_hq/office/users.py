"""Back-office accounts: argon2id passwords, lockout after repeated failures, server-side
sessions (the browser holds a random id, the database its SHA-256) with a CSRF token each.

A wrong username and a wrong password get the same answer and cost the same hash, so the login
form does not tell which usernames exist. Lockout is per account (five failures in a row lock it
for fifteen minutes); throttling per address is the reverse proxy's or api/throttle.py's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_hq.errors import ConflictError, Invalid, NotFoundError, Unauthorized
from counter_hq.models import Agency, Center, HqAudit, HqUser, WebSession
from counter_hq.office.access import Role, WebUser, check_admin

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
IDLE_TIMEOUT = dt.timedelta(minutes=30)
MAX_SESSION = dt.timedelta(hours=12)
MIN_PASSWORD = 10
LANGUAGES = ("ar", "en")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

DEFAULT_HASHER = PasswordHasher()  # argon2id at the library's recommended cost
# Verified when the username is unknown, so both answers take as long (one per hasher cost).
_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("not the password of anyone")
    return _DUMMY_HASHES[key]


class LockedOut(Unauthorized):
    code = "locked"


@dataclass(frozen=True)
class SignedIn:
    user: WebUser
    cookie: str  # the session id the browser keeps (never stored)
    csrf: str


def web_user(row: HqUser) -> WebUser:
    return WebUser(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        agency=row.agency,
        center=row.center,
        language=row.language,
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_password_rules(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid("A password needs at least {n} characters", n=MIN_PASSWORD)
    if len(password) > 256:
        raise Invalid("A password has at most {n} characters", n=256)
    return password


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    now: dt.datetime,
    agency: str | None = None,
    center: str | None = None,
    language: str = "ar",
    hasher: PasswordHasher = DEFAULT_HASHER,
    by: WebUser | None = None,
) -> HqUser:
    """A new account (``by``: the admin making it; None from the command line)."""
    if by is not None:
        check_admin(by)
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise Invalid(
            "A username is 2 to 64 small Latin letters, digits, dots, dashes or underscores"
        )
    shown = display_name.strip()
    if not shown or len(shown) > 200 or any(ord(c) < 32 for c in shown):
        raise Invalid("A display name of 1 to 200 characters is required")
    try:
        kind = Role(role)
    except ValueError:
        raise Invalid("Unknown role {role}", role=role[:20]) from None
    if language not in LANGUAGES:
        raise Invalid("Unknown language {language}", language=language[:10])
    agency_code = agency.strip().upper() if agency else None
    center_code = center.strip().upper() if center else None
    if kind is Role.OFFICER:
        if not agency_code or session.get(Agency, agency_code) is None:
            raise Invalid("An agency officer needs an existing agency")
        center_code = None
    elif kind is Role.SUPERVISOR:
        if not center_code or session.get(Center, center_code) is None:
            raise Invalid("A center supervisor needs an existing center")
        agency_code = None
    else:
        agency_code = center_code = None
    taken = session.execute(
        select(func.count()).select_from(HqUser).where(HqUser.username == name)
    ).scalar_one()
    if taken:
        raise ConflictError("The username {username} is taken", username=name)
    row = HqUser(
        username=name,
        display_name=shown,
        role=kind.value,
        agency=agency_code,
        center=center_code,
        password_hash=hasher.hash(check_password_rules(password)),
        language=language,
        active=True,
        failed_logins=0,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add(
        HqAudit(
            at=now,
            user_id=by.id if by else None,
            action="user.create",
            target=name,
            details={"role": kind.value, "agency": agency_code, "center": center_code},
        )
    )
    return row


def sign_in(
    session: Session,
    username: str,
    password: str,
    now: dt.datetime,
    *,
    hasher: PasswordHasher = DEFAULT_HASHER,
) -> SignedIn:
    """Check the password and open a session; the caller commits (a failure is counted and
    committed too, so the caller commits after LockedOut/Unauthorized as well)."""
    name = username.strip().lower()[:64]
    row = session.execute(
        select(HqUser).where(HqUser.username == name).with_for_update()
    ).scalar_one_or_none()
    if row is None or not row.active:
        _verify(hasher, _dummy_hash(hasher), password)
        raise Unauthorized("Wrong username or password")
    if row.locked_until is not None and row.locked_until > now:
        raise LockedOut(
            "Too many failed sign-ins; this account is locked for {minutes} minutes",
            minutes=max(1, int((row.locked_until - now).total_seconds() // 60) + 1),
        )
    if not _verify(hasher, row.password_hash, password):
        row.failed_logins += 1
        session.add(HqAudit(at=now, user_id=row.id, action="login.failed", target=name))
        if row.failed_logins >= MAX_FAILURES:
            row.locked_until = now + LOCKOUT
            row.failed_logins = 0
            session.add(HqAudit(at=now, user_id=row.id, action="login.locked", target=name))
        raise Unauthorized("Wrong username or password")
    if hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hasher.hash(password)
    row.failed_logins = 0
    row.locked_until = None
    row.last_login_at = now
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id_hash=_sha(cookie),
            user_id=row.id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + MAX_SESSION,
        )
    )
    session.add(HqAudit(at=now, user_id=row.id, action="login", target=name))
    return SignedIn(web_user(row), cookie, csrf)


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password[:256])
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class OpenSession:
    user: WebUser
    csrf: str


def resume(session: Session, cookie: str | None, now: dt.datetime) -> OpenSession | None:
    """The signed-in user of a browser, or None (no cookie, unknown, idle, expired, the account
    disabled or locked). Each use moves the idle deadline."""
    if not cookie or len(cookie) > 100:
        return None
    found = session.execute(
        select(WebSession, HqUser)
        .join(HqUser, HqUser.id == WebSession.user_id)
        .where(WebSession.id_hash == _sha(cookie))
    ).one_or_none()
    if found is None:
        return None
    web, row = found
    if (
        web.expires_at <= now
        or web.last_seen_at + IDLE_TIMEOUT <= now
        or not row.active
        or (row.locked_until is not None and row.locked_until > now)
    ):
        session.delete(web)
        return None
    if now - web.last_seen_at > dt.timedelta(seconds=30):  # not a write per page view
        web.last_seen_at = now
    return OpenSession(web_user(row), web.csrf_token)


def sign_out(session: Session, cookie: str | None, now: dt.datetime) -> None:
    if not cookie or len(cookie) > 100:
        return
    web = session.get(WebSession, _sha(cookie))
    if web is not None:
        session.add(HqAudit(at=now, user_id=web.user_id, action="logout"))
        session.delete(web)


def end_sessions_of(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def set_password(
    session: Session,
    username: str,
    password: str,
    now: dt.datetime,
    *,
    hasher: PasswordHasher = DEFAULT_HASHER,
    by: WebUser | None = None,
) -> None:
    """A new password ends every open session of the account and clears its lockout."""
    if by is not None:
        check_admin(by)
    row = session.execute(
        select(HqUser).where(HqUser.username == username.strip().lower())
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("No user {username}", username=username[:64])
    row.password_hash = hasher.hash(check_password_rules(password))
    row.failed_logins = 0
    row.locked_until = None
    end_sessions_of(session, row.id)
    session.add(
        HqAudit(at=now, user_id=by.id if by else None, action="user.password", target=row.username)
    )


def set_active(
    session: Session, username: str, active: bool, now: dt.datetime, *, by: WebUser | None = None
) -> None:
    if by is not None:
        check_admin(by)
        if by.username == username.strip().lower() and not active:
            raise Invalid("You cannot disable your own account")
    row = session.execute(
        select(HqUser).where(HqUser.username == username.strip().lower())
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("No user {username}", username=username[:64])
    row.active = active
    if not active:
        end_sessions_of(session, row.id)
    else:
        row.locked_until = None
        row.failed_logins = 0
    session.add(
        HqAudit(
            at=now,
            user_id=by.id if by else None,
            action="user.enable" if active else "user.disable",
            target=row.username,
        )
    )


def list_users(session: Session, by: WebUser | None = None) -> list[HqUser]:
    if by is not None:
        check_admin(by)
    return list(session.execute(select(HqUser).order_by(HqUser.username)).scalars())


def set_language(session: Session, user: WebUser, language: str) -> None:
    if language not in LANGUAGES:
        raise Invalid("Unknown language {language}", language=language[:10])
    row = session.get(HqUser, user.id)
    if row is not None:
        row.language = language


def change_own_password(
    session: Session,
    user: WebUser,
    current: str,
    new: str,
    repeated: str,
    now: dt.datetime,
    *,
    hasher: PasswordHasher = DEFAULT_HASHER,
) -> None:
    """The signed-in user's own password: the current one is asked again (a browser left open
    is not enough), and the other sessions of the account end."""
    row = session.get(HqUser, user.id)
    if row is None:
        raise NotFoundError("No user {username}", username=user.username)
    if not _verify(hasher, row.password_hash, current):
        raise Unauthorized("The current password is wrong")
    if new != repeated:
        raise Invalid("The two new passwords differ")
    row.password_hash = hasher.hash(check_password_rules(new))
    session.add(HqAudit(at=now, user_id=row.id, action="user.password", target=row.username))
