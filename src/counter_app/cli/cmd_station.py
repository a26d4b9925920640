"""setup, status and user commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from counter_app.cli.output import emit_json, emit_table, local_time, yes_no
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_
from counter_app.services import setup as setup_service
from counter_app.services import users
from counter_app.services.overview import overview
from counter_app.services.station_identity import SHORT as RETIRED_WORDS
from counter_app.services.station_identity import retired_reason
from counter_app.store.integrity import DatabaseDamaged

# What HQ said of this station's audit log (sync/audit_tip.py keeps it in sync_state).
AUDIT_FLAGS = {
    "rewound": N_("cut short: audit rows were removed from this database; tell HQ"),
    "forked": N_("rewritten: the chain here differs from the one HQ holds; tell HQ"),
}
FLAGGED = N_("flagged by HQ (rows removed or rewritten); an operator at HQ must look into it")


def _since(at: str, tz: dt.tzinfo) -> str:
    """The marker's UTC time as the center's local time ("-" when unreadable)."""
    try:
        return local_time(dt.datetime.fromisoformat(at), tz)
    except ValueError:
        return "-"


def setup(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    password = None
    if not setup_service.has_users(ctx):
        password = rt.read_password(from_stdin=args.password_stdin, confirm=True)
    result = setup_service.setup_station(
        ctx,
        center_code=args.center,
        center_name=args.center_name,
        station_no=args.station,
        admin_username=args.admin,
        admin_password=password,
    )
    if args.json:
        emit_json(
            {
                "station": result.station.label,
                "created": result.created,
                "catalog_version": result.catalog_version,
                "admin_created": result.admin_created,
                "database": str(rt.db_path),
            }
        )
        return 0
    tr = rt.tr
    if result.created:
        print(tr("Station {station} is set up.").format(station=result.station.label))
    else:
        print(
            tr("Station {station} was already set up; nothing changed.").format(
                station=result.station.label
            )
        )
    if result.admin_created:
        print(tr("First admin account: {user}").format(user=result.admin_created))
    return 0


def status(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()
    info = overview(ctx)
    if args.json:
        emit_json(info)
        return 1 if info.damaged is not None else 0
    tr = rt.tr
    oldest = local_time(info.oldest_pending, ctx.calendar.tz) if info.oldest_pending else "-"
    rows = [
        (tr("Database"), info.database),
        (tr("Schema"), info.schema or "-"),
        (
            tr("Station"),
            f"{info.center_code}-{info.station_no:02d}" if info.set_up else tr("not set up"),
        ),
        (tr("Center"), info.center_name or "-"),
        (tr("Catalog version"), info.catalog_version or "-"),
        (tr("Users"), info.users),
        (tr("Requests"), info.requests),
        (tr("Open requests"), info.open_requests),
        (tr("Waiting to sync"), info.outbox_pending),
        (tr("Oldest waiting since"), oldest),
    ]
    if info.damaged is not None:
        rows.append((tr("Database damaged since"), _since(info.damaged.at, ctx.calendar.tz)))
    if info.hq_audit_flag is not None:
        rows.append((tr("Audit log at HQ"), tr(AUDIT_FLAGS.get(info.hq_audit_flag, FLAGGED))))
    if info.set_up:
        with ctx.store.read() as session:
            retired = retired_reason(session)
        if retired is not None:  # intake refuses until it is enrolled under a new number
            rows.append((tr("Station number"), tr(RETIRED_WORDS.get(retired, retired))))
    emit_table((tr("Item"), tr("Value")), rows)
    if info.damaged is not None:
        print(DatabaseDamaged(ctx.store.path).render(tr))
    return 1 if info.damaged is not None else 0


def user_add(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor(args.as_user)
    password = rt.read_password(from_stdin=args.password_stdin, confirm=True)
    info = users.add_user(
        rt.context(),
        actor,
        username=args.username,
        role=args.role,
        password=password,
        full_name=args.full_name,
    )
    if args.json:
        emit_json(info)
    else:
        print(
            rt.tr("User {user} added with role {role}.").format(
                user=info.username, role=rt.tr(info.role)
            )
        )
    return 0


def user_list(rt: Runtime, args: argparse.Namespace) -> int:
    found = users.list_users(rt.context())
    if args.json:
        emit_json(found)
        return 0
    tr = rt.tr
    emit_table(
        (tr("User"), tr("Name"), tr("Role"), tr("Active"), tr("Locked")),
        [
            (u.username, u.full_name, tr(u.role), yes_no(tr, u.active), yes_no(tr, u.locked))
            for u in found
        ],
    )
    return 0


def user_login(rt: Runtime, args: argparse.Namespace) -> int:
    password = rt.read_password(from_stdin=args.password_stdin, confirm=False)
    actor = users.authenticate(rt.context(), args.username, password)
    if args.json:
        emit_json({"username": actor.username, "role": actor.role.value})
    else:
        sys.stdout.write(rt.tr("Password accepted for {user}.").format(user=actor.username) + "\n")
    return 0


def gui(rt: Runtime, args: argparse.Namespace) -> int:
    """The desktop window; imported only here so the command line never needs Qt."""
    from counter_app.ui.app import run

    return run(sys.argv[:1], database=rt.database, language=args.lang)
