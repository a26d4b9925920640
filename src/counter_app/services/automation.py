"""OS accounts an admin allowed to act as one station account without its password.

A scheduled job (a nightly export, a script feeding the print queue) runs with no person to
type a password. An admin names the operating-system account it runs as and the one station
account it may act as; a process of that OS account may then use `--as ACCOUNT` alone. Never an
admin or supervisor account: those can change users, settings and the audit trail's meaning.

The grants are a setting (``automation.accounts``: ``{os user: account}``, audited like every
setting) and each change writes an ``automation.allow`` / ``automation.revoke`` audit row on the
account. A grant is honoured only when both agree: the settings row alone, edited in the sqlite3
shell, grants nothing, since the audit log cannot be edited (services/lockout.py says why).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, Conflict, NotFound, ValidationError
from counter_app.domain.roles import Permission, Role
from counter_app.services import lockout
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import Setting, User

SETTING = "automation.accounts"
ALLOW = "automation.allow"
REVOKE = "automation.revoke"
# Who can manage users or see every desk's work acts only as a person, with a password.
NEVER_AUTOMATED = frozenset({Role.ADMIN, Role.SUPERVISOR})

_CHANGES = text(
    "SELECT action, details FROM audit_log "
    "WHERE entity = 'user' AND entity_ref = :name AND action IN :actions "
    "ORDER BY id DESC"
).bindparams(bindparam("actions", expanding=True))


@dataclass(frozen=True)
class Grant:
    os_user: str
    account: str


def current_os_user() -> str:
    """The OS account this process runs as, from the kernel, not from $USER or $LOGNAME
    (getpass.getuser() reads those first: anyone can set them)."""
    if sys.platform == "win32":
        import ctypes

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(size.value)
        if not ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):
            raise ctypes.WinError()
        return buffer.value
    import pwd

    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid with no passwd entry (a container): its number is its name
        return str(uid)


def _os_user(raw: str) -> str:
    name = raw.strip()
    # POSIX names have no spaces; Windows names may ("Backup Operator").
    spaced = sys.platform != "win32" and any(c.isspace() for c in name)
    if not 1 <= len(name) <= 64 or not name.isprintable() or spaced:
        raise ValidationError(
            N_("Name the operating-system account with --os-user (up to 64 characters)"),
            field="os_user",
        )
    return name


def _grants(session: Session) -> dict[str, str]:
    row = session.get(Setting, SETTING)
    if row is None:
        return {}
    value = json.loads(row.value)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _store(ctx: AppContext, session: Session, actor: Actor, grants: dict[str, str]) -> None:
    row = session.get(Setting, SETTING)
    value = json.dumps(dict(sorted(grants.items())), ensure_ascii=False)
    now = ctx.clock()
    if row is None:
        session.add(Setting(key=SETTING, value=value, updated_at=now, updated_by=actor.user_id))
    else:
        row.value, row.updated_at, row.updated_by = value, now, actor.user_id


def _audit(ctx: AppContext, session: Session, actor: Actor, action: str, grant: Grant) -> None:
    append_audit(
        session,
        at=ctx.clock(),
        user_id=actor.user_id,
        username=actor.username,
        station=ctx.station(session).label,
        action=action,
        entity="user",
        entity_ref=grant.account,
        details={"os_user": grant.os_user},
    )


@use_case(Permission.MANAGE_USERS)
def allow(ctx: AppContext, actor: Actor, *, os_user: str, account: str) -> Grant:
    """Let processes of ``os_user`` act as ``account`` without its password. An OS user has one
    account: naming another moves the grant (the old one is revoked in the same transaction)."""
    grant = Grant(_os_user(os_user), account.strip().lower())
    with ctx.store.write() as session:
        user = session.execute(
            select(User).where(User.username == grant.account)
        ).scalar_one_or_none()
        if user is None or not user.active:
            raise NotFound(N_("There is no active user called {user}"), user=grant.account[:64])
        if Role(user.role) in NEVER_AUTOMATED:
            raise ValidationError(
                N_(
                    "User {user} ({role}) cannot act without a password; give automation an "
                    "account of its own with only the role it needs (clerk, reception or "
                    "archive)"
                ),
                field="account",
                user=grant.account,
                role=user.role,
            )
        grants = _grants(session)
        before = grants.get(grant.os_user)
        if before == grant.account:
            raise Conflict(
                N_("{os_user} may already act as {user}"),
                os_user=grant.os_user,
                user=grant.account,
            )
        grants[grant.os_user] = grant.account
        _store(ctx, session, actor, grants)
        if before is not None:
            _audit(ctx, session, actor, REVOKE, Grant(grant.os_user, before))
        _audit(ctx, session, actor, ALLOW, grant)
    return grant


@use_case(Permission.MANAGE_USERS)
def revoke(ctx: AppContext, actor: Actor, *, os_user: str) -> Grant:
    name = _os_user(os_user)
    with ctx.store.write() as session:
        grants = _grants(session)
        account = grants.pop(name, None)
        if account is None:
            raise NotFound(N_("{os_user} has no automation account"), os_user=name)
        _store(ctx, session, actor, grants)
        grant = Grant(name, account)
        _audit(ctx, session, actor, REVOKE, grant)
    return grant


@use_case(Permission.VIEW_USERS)
def list_grants(ctx: AppContext, actor: Actor) -> list[Grant]:
    with ctx.store.read() as session:
        return [Grant(o, a) for o, a in sorted(_grants(session).items())]


def _granted_in_audit(session: Session, os_user: str, account: str) -> bool:
    """The newest allow or revoke of ``account`` for ``os_user`` is an allow."""
    for action, details in session.execute(
        _CHANGES, {"name": account, "actions": [ALLOW, REVOKE]}
    ).all():
        if json.loads(details).get("os_user") == os_user:
            return bool(action == ALLOW)
    return False


def automation_actor(ctx: AppContext, os_user: str, username: str) -> Actor | None:
    """The actor ``os_user`` may be as ``username`` without a password, or None. A locked
    account stays locked for its automation too (refused, not asked for a password)."""
    name = username.strip().lower()
    with ctx.store.read() as session:
        if _grants(session).get(os_user) != name:
            return None
        user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is None or not user.active or Role(user.role) in NEVER_AUTOMATED:
            return None
        if not _granted_in_audit(session, os_user, name):
            return None
        lockout.refuse_locked(lockout.lock_state(session, name, ctx.clock()))
        return Actor(user_id=user.id, username=name, role=Role(user.role))
