"""db upgrade / backup / check."""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app.cli.output import emit_json
from counter_app.cli.runtime import Runtime
from counter_app.store.backup import backup_database
from counter_app.store.check import check_database, report_json
from counter_app.store.database import open_database
from counter_app.store.migrate import head_revision


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
    rt.context()  # refuses foreign files and newer schemas before copying anything
    target = Path(args.target) if args.target else rt.paths.backups
    result = backup_database(rt.db_path, target)
    if args.json:
        emit_json(result)
    else:
        print(rt.tr("Backup written and verified: {path}").format(path=str(result.path)))
    return 0


def check(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.context(upgrade=False)
    with ctx.store.engine.connect() as conn:
        report = check_database(conn)
    if args.json:
        print(report_json(report))
    else:
        tr = rt.tr
        for fault in report.integrity + report.foreign_keys + report.audit:
            print(fault)
        print(tr("Audit rows verified: {count}").format(count=report.audit_rows))
        print(tr("Database check passed.") if report.ok else tr("Database check FAILED."))
    return 0 if report.ok else 1
