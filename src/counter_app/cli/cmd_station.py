"""setup, status and user commands."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.cli.output import emit_json, emit_table, local_time, yes_no
from counter_app.cli.runtime import Runtime
from counter_app.domain.app_update import update_notice
from counter_app.domain.errors import N_, StoreError, Translate
from counter_app.store.integrity import DatabaseDamaged, read_marker
from counter_app.store.release_glance import read_known_release
from counter_protocol import __version__

if TYPE_CHECKING:
    from datetime import tzinfo

    from counter_app.store.rolling_backups import DailyOutcome

# What HQ said of this station's audit log (sync/audit_tip.py keeps it in sync_state).
AUDIT_FLAGS = {
    "rewound": N_("cut short: audit rows were removed from this database; tell HQ"),
    "forked": N_("rewritten: the chain here differs from the one HQ holds; tell HQ"),
}
FLAGGED = N_("flagged by HQ (rows removed or rewritten); an operator at HQ must look into it")
ENCRYPTED = N_("The database is encrypted; its key is kept in this computer's credential store.")
NOT_ENCRYPTED = N_("The database is NOT encrypted (run `counter-app db encrypt` to encrypt it).")
ENCRYPTION_WORDS = {
    True: N_("encrypted (key in the credential store)"),
    False: N_("not encrypted"),
}


def _since(at: str, tz: dt.tzinfo) -> str:
    """The marker's UTC time as the center's local time ("-" when unreadable)."""
    try:
        return local_time(dt.datetime.fromisoformat(at), tz)
    except ValueError:
        return "-"


def setup(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import setup as setup_service

    # The key (if any) exists before the database file does: its first byte is encrypted.
    encryption = setup_service.prepare_encryption(rt.db_path, args.encryption)
    if encryption.warning is not None:
        sys.stderr.write(rt.tr("Warning") + ": " + encryption.warning.render(rt.tr) + "\n")
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
                "encrypted": encryption.encrypted,
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
    print(tr(ENCRYPTED if encryption.encrypted else NOT_ENCRYPTED))
    return 0


def status_info(rt: Runtime) -> dict[str, Any]:
    """What `status` shows, read with the sqlite3 module alone (store/glance.py): a set-up
    station's status loads no SQLAlchemy. A file that is new, behind this program's schema or
    unreadable is opened the full way first (created, upgraded after a backup, or refused with
    the reason), as every command does."""
    from counter_app.store.glance import counts, glance, reading, revision, station
    from counter_app.store.keys import exported_at
    from counter_app.store.sqlite_driver import is_encrypted_file

    path = rt.db_path
    if glance(path) is None:
        rt.context()
    with reading(path) as conn:
        if conn is None:
            raise StoreError(N_("{path} is not a counter database (not SQLite)"), path=str(path))
        schema = revision(conn)
        row = station(conn)
        found = counts(conn)
    return {
        "database": str(path),
        "schema": schema,
        "set_up": row is not None,
        "center_code": row.center_code if row else None,
        "center_name": row.center_name if row else None,
        "station_no": row.station_no if row else None,
        "catalog_version": found.catalog_version,
        "users": found.users,
        "requests": found.requests,
        "open_requests": found.open_requests,
        "outbox_pending": found.outbox_pending,
        "oldest_pending": found.oldest_pending,
        "damaged": read_marker(path),
        "encrypted": is_encrypted_file(path),
        "key_exported_at": exported_at(path),
        "hq_audit_flag": found.hq_audit_flag,
        "retired_reason": row.retired_reason if row else None,
    }


def update_info(rt: Runtime) -> dict[str, Any]:
    """This program's version and what HQ said of the newest release (sync/pull_release.py),
    compared; read with the sqlite3 module alone too (store/release_glance.py)."""
    from counter_app.store.glance import reading

    with reading(rt.db_path) as conn:
        release = read_known_release(conn) if conn is not None else None
    notice = update_notice(release, __version__, sys.platform, rt.tr.language)
    return {
        "app_version": __version__,
        "update": {
            "state": notice.state.value,
            "version": notice.version,
            "url": notice.url,
            "problem": notice.problem,
        },
    }


def status(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services.context import default_calendar
    from counter_app.store.rolling_backups import last_outcome

    info = {**status_info(rt), **update_info(rt)}
    backup = last_outcome(rt.paths.backups)
    info["last_daily_backup"] = (
        None
        if backup is None
        else {"at": backup.at, "ok": backup.ok, "path": backup.path, "error": backup.error_msgid}
    )
    retired = info.pop("retired_reason")
    update = info["update"]
    damaged = info["damaged"]
    if args.json:
        emit_json(info)
        return 1 if damaged is not None else 0
    tr = rt.tr
    tz = default_calendar().tz
    oldest = local_time(info["oldest_pending"], tz) if info["oldest_pending"] else "-"
    rows = [
        (tr("Database"), info["database"]),
        (tr("Schema"), info["schema"] or "-"),
        (
            tr("Station"),
            f"{info['center_code']}-{info['station_no']:02d}"
            if info["set_up"]
            else tr("not set up"),
        ),
        (tr("Center"), info["center_name"] or "-"),
        (tr("Catalog version"), info["catalog_version"] or "-"),
        (tr("Users"), info["users"]),
        (tr("Requests"), info["requests"]),
        (tr("Open requests"), info["open_requests"]),
        (tr("Waiting to sync"), info["outbox_pending"]),
        (tr("Oldest waiting since"), oldest),
        (tr("Database encryption"), tr(ENCRYPTION_WORDS[info["encrypted"]])),
        (tr("Version"), _update_words(update, info["app_version"], tr)),
        (tr("Last daily backup"), _backup_words(backup, tz, tr)),
    ]
    if info["encrypted"]:
        rows.append((tr("Key kept offline"), _export_words(info["key_exported_at"], tz, tr)))
    if damaged is not None:
        rows.append((tr("Database damaged since"), _since(damaged.at, tz)))
    if info["hq_audit_flag"] is not None:
        rows.append((tr("Audit log at HQ"), tr(AUDIT_FLAGS.get(info["hq_audit_flag"], FLAGGED))))
    if retired is not None:  # intake refuses until it is enrolled under a new number
        from counter_app.services.station_identity import SHORT as RETIRED_WORDS

        rows.append((tr("Station number"), tr(RETIRED_WORDS.get(retired, retired))))
    emit_table((tr("Item"), tr("Value")), rows)
    if damaged is not None:
        print(DatabaseDamaged(Path(info["database"])).render(tr))
    return 1 if damaged is not None else 0


def _export_words(at: str | None, tz: tzinfo, tr: Translate) -> str:
    if at is None:
        return tr(
            "never: run `counter-app db key export --out FILE --as ADMIN` and keep the file "
            "offline (without it, a new PC opens neither this database nor its backups)"
        )
    return tr("exported {time}").format(time=local_time(dt.datetime.fromisoformat(at), tz))


def _backup_words(backup: DailyOutcome | None, tz: tzinfo, tr: Translate) -> str:
    if backup is None:
        return tr("none yet")
    when = local_time(backup.at, tz)
    if backup.ok:
        return tr("{time}, verified").format(time=when)
    return tr("failed {time}: {reason}").format(time=when, reason=backup.error_message(tr) or "")


def _update_words(update: dict[str, Any], running: str, tr: Translate) -> str:
    from counter_app.domain.app_update import UpdateNotice, UpdateState

    notice = UpdateNotice(
        UpdateState(update["state"]), running, update["version"], update["url"], "", None
    )
    return notice.words(tr)


def user_add(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services import users

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
    from counter_app.services import users

    found = users.list_users(rt.context(), rt.actor(args.as_user))
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
    from counter_app.services import users

    password = rt.read_password(from_stdin=args.password_stdin, confirm=False)
    actor = users.authenticate(rt.context(), args.username, password)
    if args.json:
        emit_json({"username": actor.username, "role": actor.role.value})
    else:
        sys.stdout.write(rt.tr("Password accepted for {user}.").format(user=actor.username) + "\n")
    return 0
