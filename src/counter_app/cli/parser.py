"""The argument parser: every command declared in one place.

A command names its handler as ``"module:function"`` (a module of this package), never the
function itself: building the parser imports no command module, so `counter-app --help` or
`status` does not load what other commands need (reportlab, barcodes, the sync client...).
``resolve_handler`` imports the one module of the command being run (see cli/__init__.py).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app import __version__

Handler = Callable[[Any, argparse.Namespace], int]


def resolve_handler(name: str) -> Handler:
    """``"cmd_station:status"`` -> counter_app.cli.cmd_station.status (imported now)."""
    module, _, function = name.partition(":")
    handler: Handler = getattr(importlib.import_module(f"counter_app.cli.{module}"), function)
    return handler


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _as(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as", dest="as_user", metavar="USER", help="the user doing this (or COUNTER_APP_USER)"
    )
    # Where a command already reads a password of its own from stdin (`user add`: the new
    # account's), the --as user's comes from `counter-app --password-stdin user add ...`.
    if "--password-stdin" not in p._option_string_actions:
        p.add_argument(
            "--password-stdin",
            dest="as_password_stdin",
            action="store_true",
            default=argparse.SUPPRESS,
            help=AS_PASSWORD_HELP,
        )


def _payment_method(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    how = p.add_mutually_exclusive_group(required=required)
    how.add_argument(
        "--bank-receipt", metavar="NUMBER", help="paid at a bank: its receipt's number"
    )
    how.add_argument("--bank-desk", action="store_true", help="paid at the center's bank desk")


DB_HELP = "database file (or COUNTER_APP_DB)"
AS_PASSWORD_HELP = (
    "read the --as user's password from the first line of stdin (else COUNTER_APP_PASSWORD, "
    "else asked at the terminal)"
)
LANG_HELP = "language of messages (or COUNTER_APP_LANG)"
LANGS = ("ar", "en")


def _global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept --db and --lang after the subcommand too (`counter-app status --lang ar`).

    Each subcommand gets the same options with a suppressed default, so a value given after the
    subcommand replaces the one given before it and an absent one leaves it alone.
    """
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in set(action.choices.values()):
            sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
            sub.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=LANG_HELP)
            _global_options_everywhere(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Citizen Service Center counter station"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", help=DB_HELP)
    parser.add_argument("--lang", choices=LANGS, help=LANG_HELP)
    parser.add_argument(
        "--password-stdin", dest="as_password_stdin", action="store_true", help=AS_PASSWORD_HELP
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # No command starts the desktop window: what a clerk's shortcut runs.
    parser.set_defaults(handler="cmd_gui:gui")

    p = sub.add_parser("gui", help="open the desktop window (the default)")
    p.set_defaults(handler="cmd_gui:gui")

    p = sub.add_parser("setup", help="set up this station (idempotent)")
    p.add_argument("--center", required=True, help="center code, 2-6 Latin letters")
    p.add_argument("--center-name", required=True)
    p.add_argument("--station", required=True, type=int, help="station number 1-99")
    p.add_argument("--admin", default="admin", help="user name of the first admin")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument(
        "--encryption",
        choices=("auto", "on", "off"),
        default="auto",
        help="encrypt a new database (auto: when the credential store can keep its key)",
    )
    _json(p)
    p.set_defaults(handler="cmd_station:setup")

    p = sub.add_parser("status", help="station, database and queue summary")
    _json(p)
    p.set_defaults(handler="cmd_station:status")

    users = sub.add_parser("user", help="user accounts").add_subparsers(
        dest="user_command", required=True, metavar="ACTION"
    )
    p = users.add_parser("add", help="create a user")
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--full-name", default="")
    p.add_argument("--password-stdin", action="store_true")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_station:user_add")
    p = users.add_parser("list", help="list users")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_station:user_list")
    p = users.add_parser("login", help="check a user's password (counts toward lockout)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    _json(p)
    p.set_defaults(handler="cmd_station:user_login")
    p = users.add_parser("unlock", help="end a user's lockout after failed logins (admin)")
    p.add_argument("username")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_accounts:user_unlock")

    auto = sub.add_parser(
        "automation",
        help="OS accounts allowed to act as one non-admin user without its password (scripts)",
    ).add_subparsers(dest="automation_command", required=True, metavar="ACTION")
    p = auto.add_parser(
        "allow", help="let processes of an OS account use --as ACCOUNT without a password (admin)"
    )
    p.add_argument("--os-user", required=True, metavar="NAME", help="the operating-system account")
    p.add_argument(
        "--account", required=True, metavar="USER", help="a clerk, reception or archive user"
    )
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_accounts:automation_allow")
    p = auto.add_parser("revoke", help="take an OS account's automation away (admin)")
    p.add_argument("--os-user", required=True, metavar="NAME")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_accounts:automation_revoke")
    p = auto.add_parser("list", help="OS accounts and the user each may act as")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_accounts:automation_list")

    cat = sub.add_parser("catalog", help="the service catalog").add_subparsers(
        dest="catalog_command", required=True, metavar="ACTION"
    )
    p = cat.add_parser("list", help="list the services this station's center offers")
    p.add_argument(
        "--all", action="store_true", help="every active service of the catalog, any center's"
    )
    _json(p)
    p.set_defaults(handler="cmd_catalog:list_services")
    p = cat.add_parser("show", help="a service's fields (--field keys) and documents (--doc codes)")
    p.add_argument("service", metavar="SERVICE")
    _json(p)
    p.set_defaults(handler="cmd_catalog:show_service")
    p = cat.add_parser("import", help="validate and install a catalog file")
    p.add_argument("file")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_catalog:import_file")

    req = sub.add_parser("request", help="requests").add_subparsers(
        dest="request_command", required=True, metavar="ACTION"
    )
    p = req.add_parser("new", help="save a new request")
    p.add_argument("--service", required=True)
    p.add_argument("--national-id", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--doc", action="append", default=[], metavar="CODE=STATE[:NOTE]")
    p.add_argument("--paid-amount", metavar="SYP", help="the fee, paid now (with a method)")
    _payment_method(p)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_requests:new")
    p = req.add_parser("import", help="import paper-era requests from CSV (all or nothing)")
    p.add_argument("file")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_requests:import_csv")
    p = req.add_parser("show", help="show one request")
    p.add_argument("ref", help="receipt number or UUID")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_requests:show")
    p = req.add_parser("status", help="change a request's status")
    p.add_argument("ref")
    p.add_argument("status")
    p.add_argument("--reason")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_requests:status")
    p = req.add_parser("pay", help="record that a request's fee was paid")
    p.add_argument("ref", help="receipt number or UUID")
    p.add_argument("--amount", required=True, metavar="SYP", help="the fee, as the bank took it")
    _payment_method(p, required=True)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_payments:pay")

    p = sub.add_parser("cash", help="the day's cash report: every fee paid, with totals")
    p.add_argument("--date", default="today", help="the local day (default today; yesterday)")
    p.add_argument("--format", default="table", choices=("table", "json", "csv", "pdf"))
    p.add_argument("--out", metavar="FILE", help="write the sheet there (csv, or pdf: A4 to sign)")
    _as(p)
    p.set_defaults(handler="cmd_payments:cash")

    p = sub.add_parser("search", help="find requests by receipt, national number, phone or name")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_requests:search")

    files = sub.add_parser(
        "file", help="a request's stored scans and answers' files"
    ).add_subparsers(dest="file_command", required=True, metavar="ACTION")
    p = files.add_parser("save", help="write a scan or answer file, decrypted, to FILE")
    p.add_argument(
        "name",
        metavar="NAME",
        help="its stored name (16+ hex digits, as `request show` prints it), or a request "
        "with one stored file",
    )
    p.add_argument("--out", required=True, metavar="FILE")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_files:save")

    p = sub.add_parser(
        "report",
        help="supervision report of a period: counts, SLA, turnaround, complaints, calls, sync",
    )
    p.add_argument(
        "--from", dest="start", metavar="DATE", help="YYYY-MM-DD (any digits), today, --from=-7d"
    )
    p.add_argument("--to", dest="end", metavar="DATE", help="the last day, included")
    p.add_argument(
        "--period",
        metavar="NAME",
        help="instead of --from/--to: today, yesterday, this-week, last-week, this-month, "
        "last-month, this-year, last-year",
    )
    p.add_argument(
        "--by",
        default="service",
        choices=("service", "agency", "category", "status", "clerk", "station"),
    )
    p.add_argument("--bucket", default="week", choices=("day", "week", "month"))
    p.add_argument("--due-soon", type=int, default=3, metavar="DAYS", help="working days ahead")
    p.add_argument("--format", default="table", choices=("table", "json", "csv", "xlsx", "pdf"))
    p.add_argument("--out", metavar="FILE", help="write to FILE (required for xlsx and pdf)")
    _as(p)
    p.set_defaults(handler="cmd_reports:report")

    def document(p: argparse.ArgumentParser) -> None:
        p.add_argument("ref", help="receipt number (a service code for --kind slip)")
        p.add_argument("--kind", default="receipt", choices=("receipt", "cover", "slip"))
        p.add_argument("--paper", choices=("80mm", "a5", "a4"))
        _as(p)
        _json(p)

    p = sub.add_parser("receipt", help="save a receipt (or cover sheet, slip) as a PDF file")
    document(p)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler="cmd_printing:receipt")
    p = sub.add_parser("print", help="print a receipt (or cover sheet, slip)")
    document(p)
    p.add_argument("--printer", help="BACKEND:NAME, e.g. cups:Receipts (default: settings)")
    p.set_defaults(handler="cmd_printing:print_")
    p = sub.add_parser("printers", help="printers this station can see, with their state")
    _json(p)
    p.set_defaults(handler="cmd_printing:printers")
    p = sub.add_parser("print-queue", help="print jobs waiting or failed (--all: every job)")
    p.add_argument("--all", action="store_true")
    p.add_argument("--limit", type=int, default=100)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_printing:queue")
    p = sub.add_parser("print-retry", help="send a failed print job again")
    p.add_argument("job", type=int)
    p.add_argument("--printer", help="send it to another printer")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_printing:retry")

    cfg = sub.add_parser("settings", help="station settings").add_subparsers(
        dest="settings_command", required=True, metavar="ACTION"
    )
    p = cfg.add_parser("show", help="every setting with its value")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_printing:settings_show")
    p = cfg.add_parser("set", help="change a setting (admin)")
    p.add_argument("name")
    p.add_argument("value")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_printing:settings_set")

    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    p = db.add_parser("upgrade", help="migrate the schema (after a verified backup)")
    _json(p)
    p.set_defaults(handler="cmd_db:upgrade")
    p = db.add_parser("backup", help="verified online backup")
    p.add_argument("--to", dest="target", metavar="DIR")
    p.add_argument(
        "--daily",
        action="store_true",
        help="the rolling daily backup: made when due, the oldest beyond backup.keep removed",
    )
    _json(p)
    p.set_defaults(handler="cmd_db:backup")
    p = db.add_parser("check", help="integrity, foreign keys and audit chain")
    p.add_argument(
        "--clear-damage",
        action="store_true",
        help="allow writing again if the file was marked damaged and the full check passes",
    )
    _json(p)
    p.set_defaults(handler="cmd_db:check")
    p = db.add_parser(
        "rebuild-milestones",
        help="recompute the reports' request_milestones from the request history (admin)",
    )
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_db:rebuild_milestones")
    p = db.add_parser("restore", help="replace a damaged database by the newest good backup")
    p.add_argument("--from", dest="source", metavar="FILE", help="this backup instead")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore even though the database is not damaged, or from a backup of another station",
    )
    _json(p)
    p.set_defaults(handler="cmd_db:restore")
    p = db.add_parser("encrypt", help="encrypt a plain database in place, its backups too (admin)")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_db_keys:encrypt")
    key = db.add_parser("key", help="the database key: export or import it").add_subparsers(
        dest="key_command", required=True, metavar="ACTION"
    )
    p = key.add_parser("export", help="write the database key to a file kept offline (admin)")
    p.add_argument("--out", required=True, metavar="FILE")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_db_keys:key_export")
    p = key.add_parser("import", help="keep an exported key in this computer's credential store")
    p.add_argument("file", metavar="FILE")
    _json(p)
    p.set_defaults(handler="cmd_db_keys:key_import")

    # The archive group is shared: scanning and filing (cmd_archive_scan) and the paper side
    # (register, boxes, locations: cmd_archive_register) add their actions to it.
    archive = sub.add_parser(
        "archive", help="the archive: cover sheets, scans, boxes, file locations"
    ).add_subparsers(dest="archive_command", required=True, metavar="ACTION")
    _archive_register_commands(sub, archive)
    _archive_scan_commands(sub, archive)

    p = sub.add_parser("enroll", help="enroll this station with HQ using a one-time code")
    p.add_argument("url", help="HQ's address, e.g. https://hq.example:8765")
    p.add_argument("code", help="the one-time enrollment code HQ printed")
    p.add_argument(
        "--ca-file",
        type=Path,
        help="the certificate authority (PEM) HQ's certificate is verified against, when it is "
        "the ministry's own; kept with the station's data",
    )
    _json(p)
    p.set_defaults(handler="cmd_sync:enroll")
    p = sub.add_parser("sync", help="send the outbox to HQ and apply HQ's changes")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one round, then exit")
    mode.add_argument(
        "--nightly", action="store_true", help="full round and per-day reconciliation"
    )
    p.add_argument("--days", type=int, default=30, help="days reconciled by --nightly")
    _json(p)
    p.set_defaults(handler="cmd_sync:sync")
    p = sub.add_parser("sync-status", help="outbox length, last success and error, clock skew")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_sync:status")
    p = sub.add_parser("quarantine", help="items HQ refused or HQ changes that could not apply")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_sync:quarantine")
    _global_options_everywhere(parser)
    return parser


_Group = argparse._SubParsersAction  # what add_subparsers() returns


def _archive_register_commands(
    sub: _Group[argparse.ArgumentParser], archive: _Group[argparse.ArgumentParser]
) -> None:
    """diwan, handover batches, and the archive's locate/file/box."""
    reg = sub.add_parser("diwan", help="the incoming register (diwan)").add_subparsers(
        dest="diwan_command", required=True, metavar="ACTION"
    )
    p = reg.add_parser("register", help="enter a request in this year's register")
    p.add_argument("ref", help="receipt number")
    p.add_argument("--subject", help="default: the service's name")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:diwan_register")
    p = reg.add_parser("find", help="a register entry by its number, e.g. 1234/2026")
    p.add_argument("number")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:diwan_find")
    p = reg.add_parser("list", help="the newest register entries")
    p.add_argument("--year", type=int)
    p.add_argument("--limit", type=int, default=100)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:diwan_list")

    p = archive.add_parser("locate", help="where a file is: register number, box, shelf")
    p.add_argument("ref", help="receipt number or register number")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:locate")
    p = archive.add_parser("file", help="put a file in a box, or move it to another box")
    p.add_argument("ref", help="receipt number or register number")
    p.add_argument("--box", required=True, metavar="CODE")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:file_in_box")
    boxes = archive.add_parser("box", help="archive boxes").add_subparsers(
        dest="box_command", required=True, metavar="ACTION"
    )
    p = boxes.add_parser("add", help="a new box on a shelf")
    p.add_argument("code", help="Latin letters, digits, hyphens (printed as a barcode)")
    p.add_argument("--shelf", required=True)
    p.add_argument("--label", default="", help="what the box holds")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:box_add")
    p = boxes.add_parser("label", help="print a box's label (or save it as a PDF file)")
    p.add_argument("code")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="FILE.pdf")
    where.add_argument("--printer", help="BACKEND:NAME (default: settings)")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:box_label")
    p = boxes.add_parser("list", help="every box with its shelf and number of files")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:box_list")
    p = boxes.add_parser("show", help="the files in a box")
    p.add_argument("code")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:box_show")

    ho = sub.add_parser(
        "handover", help="paper files sent to the archive in batches"
    ).add_subparsers(dest="handover_command", required=True, metavar="ACTION")
    p = ho.add_parser("new", help="a batch of the day's files not handed over yet")
    p.add_argument("--date", metavar="DATE", help="the day of the requests (default: today)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--print", action="store_true", help="print the handover slip")
    where.add_argument("--out", metavar="FILE.pdf", help="save the handover slip as a PDF file")
    p.add_argument("--printer", help="with --print: BACKEND:NAME (default: settings)")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_new")
    p = ho.add_parser("print", help="print a batch's handover slip again")
    p.add_argument("batch")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="FILE.pdf")
    where.add_argument("--printer", help="BACKEND:NAME (default: settings)")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_print")
    p = ho.add_parser("open", help="the archive scanned a batch's slip: start receiving it")
    p.add_argument("batch")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_open")
    p = ho.add_parser("receive", help="tick files as received by their cover sheets' barcodes")
    p.add_argument("batch")
    p.add_argument("scans", nargs="+", metavar="SCAN", help="receipt numbers")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_receive")
    p = ho.add_parser("close", help="end receiving; files not received are recorded missing")
    p.add_argument("batch")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_close")
    p = ho.add_parser("show", help="a batch, its files and their states")
    p.add_argument("batch")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_show")
    p = ho.add_parser("list", help="batches this station sent (--archive: every batch)")
    p.add_argument("--archive", action="store_true", help="the archive's inbox: to receive first")
    p.add_argument(
        "--discrepancies", action="store_true", help="only batches with missing or extra files"
    )
    p.add_argument("--limit", type=int, default=100)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_register:handover_list")


def _archive_scan_commands(
    sub: _Group[argparse.ArgumentParser], archive: _Group[argparse.ArgumentParser]
) -> None:
    """Cover sheets, scanning, filing scanned stacks, the unfiled queue, the hot folder."""
    p = archive.add_parser("cover", help="a request's archive cover sheet (PDF file or printer)")
    p.add_argument("ref", help="receipt number")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE.pdf")
    where.add_argument("--printer", help="BACKEND:NAME, e.g. cups:Archive")
    p.add_argument("--paper", choices=("80mm", "a5", "a4"))
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:cover")
    p = archive.add_parser("import", help="file scanned stacks (PDF, TIFF, JPEG) by cover sheet")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--settle", type=float, default=1.0, help="seconds a file must stay unchanged (1)"
    )
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:import_files")
    p = archive.add_parser("imports", help="scanned files taken in, newest first")
    p.add_argument("--quarantined", action="store_true", help="only the refused files")
    p.add_argument("--limit", type=int, default=100)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:imports")
    p = archive.add_parser("unfiled", help="scanned pages waiting to be filed by hand")
    p.add_argument("--all", action="store_true", help="also the pages already filed by hand")
    p.add_argument("--limit", type=int, default=500)
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:unfiled")
    p = archive.add_parser("assign", help="file unfiled pages under a request")
    p.add_argument(
        "pages", metavar="PAGE", help="number(s) from `archive unfiled`: 12, 12,13, 12-15"
    )
    p.add_argument("ref", help="receipt number")
    p.add_argument("--doc", metavar="CODE", help="checklist document (default: as filing does)")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:assign")
    p = archive.add_parser("watch", help="file what a network scanner drops into a folder")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--once", action="store_true", help="take what is ready now, then stop")
    p.add_argument("--interval", type=float, default=2.0, help="seconds between looks (2)")
    p.add_argument(
        "--settle", type=float, default=2.0, help="seconds a file must stay unchanged (2)"
    )
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:watch")

    p = sub.add_parser("scan", help="scan a stack from a scanner and file it by cover sheet")
    p.add_argument("--device", metavar="NAME", help="from `counter-app scanners` (default: first)")
    p.add_argument("--resolution", type=int, default=200, metavar="DPI")
    p.add_argument("--source", help="flatbed, adf, duplex, or the device's own source name")
    p.add_argument("--mode", default="gray", help="gray, color, lineart, or the device's own")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds before giving up")
    _as(p)
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:scan")
    p = sub.add_parser("scanners", help="scanners this station sees, with what they can do")
    _json(p)
    p.set_defaults(handler="cmd_archive_scan:scanners")
