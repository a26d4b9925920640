"""user unlock and the automation commands: who may act, and how an account gets back in."""

from __future__ import annotations

import argparse

from counter_app.cli.output import emit_json, emit_table
from counter_app.cli.runtime import Runtime


def user_unlock(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import lockout

    actor = rt.actor(args.as_user)
    done = lockout.unlock_user(rt.context(), actor, args.username)
    if args.json:
        emit_json(done)
    else:
        print(rt.tr("User {user} is unlocked.").format(user=done.username))
    return 0


def automation_allow(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import automation

    actor = rt.actor(args.as_user)
    grant = automation.allow(rt.context(), actor, os_user=args.os_user, account=args.account)
    if args.json:
        emit_json(grant)
    else:
        print(
            rt.tr(
                "Processes of the operating-system account {os_user} may now act as {user} "
                "without a password."
            ).format(os_user=grant.os_user, user=grant.account)
        )
    return 0


def automation_revoke(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import automation

    actor = rt.actor(args.as_user)
    grant = automation.revoke(rt.context(), actor, os_user=args.os_user)
    if args.json:
        emit_json(grant)
    else:
        print(
            rt.tr("{os_user} may no longer act as {user} without a password.").format(
                os_user=grant.os_user, user=grant.account
            )
        )
    return 0


def automation_list(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import automation

    grants = automation.list_grants(rt.context(), rt.actor(args.as_user))
    if args.json:
        emit_json(grants)
        return 0
    tr = rt.tr
    emit_table(
        (tr("Operating-system account"), tr("Acts as")),
        [(g.os_user, g.account) for g in grants],
    )
    return 0
