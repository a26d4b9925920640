"""db upgrade / backup / check / restore."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from counter_app.cli.output import emit_json
from counter_app.cli.runtime import Runtime
from counter_app.domain.errors import N_, StoreError
from counter_app.i18n import N_n
from counter_app.services.settings import get_setting
from counter_app.store import sqlite_driver
from counter_app.store.backup import backup_database
from counter_app.store.check import (
    CheckReport,
    check_database,
    cipher_faults,
    encryption_faults,
    report_json,
)
from counter_app.store.check_faults import fault_words, sqlite_fault
from counter_app.store.database import open_database
from counter_app.store.integrity import (
    DatabaseDamaged,
    check_file,
    clear_marker,
    is_damage,
    mark_damaged,
    read_marker,
    record_full_check,
)
from counter_app.store.migrate import head_revision
from counter_app.store.restore import restore_database

if TYPE_CHECKING:
    from counter_app.store.rolling_backups import DailyOutcome

_CHECK_FAILURES: tuple[type[BaseException], ...] = (
    DatabaseDamaged,
    DBAPIError,
    *sqlite_driver.DATABASE_ERRORS,
)


def upgrade(rt: Runtime, args: argparse.Namespace) -> int:
    opened = open_database(rt.db_path, backup_dir=rt.paths.backups, upgrade=True)
    opened.store.dispose()
    result = {
        "database": str(rt.db_path),
        "schema": head_revision(),
        "created": opened.created,
        "upgraded_from": opened.upgraded_from,
        "backup": str(opened.backup.path) if opened.backup else None,
    }
    if args.json:
        emit_json(result)
    elif opened.upgraded_from:
        print(
            rt.tr("Upgraded from {old} to {new}; backup: {path}").format(
                old=opened.upgraded_from, new=head_revision(), path=result["backup"]
            )
        )
    else:
        print(rt.tr("The database is up to date ({schema}).").format(schema=head_revision()))
    return 0


def backup(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context()  # refuses foreign files and newer schemas before copying anything
    target = Path(args.target) if args.target else rt.paths.backups
    if args.daily:
        return _daily(rt, args, target, int(get_setting(ctx, "backup.keep")))
    result = backup_database(rt.db_path, target)
    if args.json:
        emit_json(result)
    else:
        print(rt.tr("Backup written and verified: {path}").format(path=str(result.path)))
    return 0


def _daily(rt: Runtime, args: argparse.Namespace, target: Path, keep: int) -> int:
    from counter_app.store import rolling_backups

    outcome = rolling_backups.run_if_due(rt.db_path, target, keep=keep)
    if outcome is None:
        newest = rolling_backups.daily_backups(target)
        if args.json:
            emit_json({"made": False, "newest": str(newest[0]) if newest else None})
        else:
            print(
                rt.tr("No daily backup due: the newest is {path}").format(
                    path=str(newest[0]) if newest else "-"
                )
            )
        return 0
    if args.json:
        emit_json(outcome)
        return 0 if outcome.ok else 1
    return say_daily_backup(rt, outcome)


def say_daily_backup(rt: Runtime, outcome: DailyOutcome) -> int:
    """The daily backup's outcome as a line (stdout, or stderr when it failed); the exit code."""
    if outcome.ok:
        print(
            rt.tr("Daily backup written and verified: {path} ({n} older removed)").format(
                path=str(outcome.path), n=outcome.pruned
            )
        )
        return 0
    sys.stderr.write(
        rt.tr("The daily backup failed: {reason}").format(reason=outcome.error_message(rt.tr) or "")
        + "\n"
    )
    return 1


def _checked(rt: Runtime) -> CheckReport:
    """The check's report; damage anywhere is a fault in it, never a crash of the command."""
    key_faults, usable = encryption_faults(rt.db_path)
    if not usable:  # a key problem is said as such, before anything could take it for damage
        return CheckReport(encryption=key_faults)
    try:
        ctx = rt.context(upgrade=False)
        with ctx.store.engine.connect() as conn:
            report = check_database(conn)
        report.encryption = key_faults + cipher_faults(rt.db_path)
        from counter_app.services.files_check import check_files

        report.files = check_files(ctx)
        return report
    except _CHECK_FAILURES as exc:
        if not isinstance(exc, DatabaseDamaged) and not is_damage(exc):
            raise
        rt.close()
        faults = check_file(rt.db_path, quick=False)
        found = faults or [str(getattr(exc, "orig", exc))[:300]]
        ciphered = cipher_faults(rt.db_path)  # which pages were changed, for an encrypted one
        return CheckReport(
            encryption=key_faults + ciphered, integrity=[sqlite_fault(f) for f in found]
        )


def check(rt: Runtime, args: argparse.Namespace) -> int:
    started = time.monotonic()
    report = _checked(rt)
    db = rt.db_path
    if not report.unopened:  # an unopened file was not checked: no date of a check is kept
        record_full_check(db, report.integrity, time.monotonic() - started)
    marker = read_marker(db)
    cleared = False
    if marker is not None and args.clear_damage and not report.integrity and not report.unopened:
        clear_marker(db)
        cleared, marker = True, None
    elif args.clear_damage and report.integrity:
        mark_damaged(db, "; ".join(report.integrity[:5]))
    tr = rt.tr
    if args.json:
        data = json.loads(report_json(report))
        data["damaged"] = None if marker is None else {"at": marker.at, "detail": marker.detail}
        data["damage_cleared"] = cleared
        emit_json(data)
    else:
        for fault in (
            report.encryption
            + report.integrity
            + report.foreign_keys
            + report.audit
            + report.derived
            + report.files
        ):
            print(fault_words(fault, tr))
        print(tr("Audit rows verified: {count}").format(count=report.audit_rows))
        if report.integrity:
            print(DatabaseDamaged(db).render(tr))
        elif marker is not None:
            print(
                tr(
                    "The file was marked damaged ({at}) and passes the full check now; saving "
                    "stays stopped until you run `counter-app db check --clear-damage` or restore "
                    "a backup."
                ).format(at=marker.at)
            )
        if cleared:
            print(tr("The damage mark is cleared; saving is allowed again."))
        print(tr("Database check passed.") if report.ok else tr("Database check FAILED."))
    return 0 if report.ok and marker is None else 1


def rebuild_milestones(rt: Runtime, args: argparse.Namespace) -> int:
    from counter_app.services.reports.milestones import rebuild_milestones as rebuild

    actor = rt.actor(args.as_user)
    result = rebuild(rt.context(), actor)
    if args.json:
        emit_json(result)
    else:
        print(
            rt.tr(
                "Report milestones rebuilt from the request history: {rows} requests; "
                "{wrong} disagreed with it and {orphans} had no request."
            ).format(
                rows=result["rows"], wrong=result["wrong_before"], orphans=result["orphans_before"]
            )
        )
    return 0


def restore(rt: Runtime, args: argparse.Namespace) -> int:
    db = rt.db_path
    if db.exists() and read_marker(db) is None and not args.force:
        faults = check_file(db, quick=True)
        if not faults:
            raise StoreError(
                N_(
                    "The database {path} is not damaged; restoring a backup would lose what was "
                    "saved after it. Nothing was changed (add --force to restore anyway)."
                ),
                path=str(db),
            )
        mark_damaged(db, "; ".join(faults[:5]))
    source = Path(args.source) if args.source else None
    result = restore_database(db, rt.paths.backups, source=source, other_station=args.force)
    when = result.backup_time.strftime("%Y-%m-%d %H:%M")
    if args.json:
        emit_json(
            {
                "restored_from": str(result.restored_from),
                "backup_time": result.backup_time.isoformat(),
                "damaged_kept": [str(p) for p in result.damaged_kept],
                "skipped": [{"path": str(p), "faults": f} for p, f in result.skipped],
                "lost_requests": result.lost_requests,
                "counters_raised": result.counters_raised,
                "counters_read": result.counters_read,
                "station_retired": result.retired,
            }
        )
        return 0
    tr = rt.tr
    for path, why in result.skipped:
        print(
            tr("Skipped the backup {path}: it failed its check ({detail}).").format(
                path=str(path), detail=why[:200]
            )
        )
    print(
        tr("Restored the backup {path} (taken {time} UTC).").format(
            path=str(result.restored_from), time=when
        )
    )
    if result.damaged_kept:
        print(tr("The damaged file is kept as {path}.").format(path=str(result.damaged_kept[0])))
    if result.lost_requests is None:
        print(
            tr(
                "Requests saved after {time} UTC are not in the restored database (the "
                "damaged file cannot be read to count them)."
            ).format(time=when)
        )
    else:
        print(
            tr.tr_n(
                N_n("{n} requests saved after the backup are not in the restored database."),
                result.lost_requests,
            ).format(n=result.lost_requests)
        )
    print(
        tr(
            "Requests already sent to HQ are still held there; enter the others again from their "
            "paper forms."
        )
    )
    if not result.counters_read:
        print(
            tr(
                "The last receipt numbers handed out could not be read from the damaged file: "
                "before taking new requests, compare the newest paper receipt with the station's "
                "numbering."
            )
        )
    elif result.counters_raised:
        print(
            tr(
                "Receipt and register numbers continue after the last ones handed out, so none is "
                "given twice."
            )
        )
    if result.retired:
        print(
            tr(
                "This station's number is retired: it takes no new requests until a supervisor "
                "enrolls it under a new station number (at HQ: counter-hq station code CENTER "
                "--replaces CENTER-NN, then counter-app enroll). Saved requests keep their "
                "numbers and are still sent."
            )
        )
    return 0
