"""The argument parser: every command declared in one place."""

from __future__ import annotations

import argparse

from counter_app import __version__
from counter_app.cli import (
    cmd_catalog,
    cmd_db,
    cmd_printing,
    cmd_requests,
    cmd_station,
    cmd_sync,
)


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _as(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as", dest="as_user", metavar="USER", help="the user doing this (or COUNTER_APP_USER)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Citizen Service Center counter station"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (or COUNTER_APP_DB)")
    parser.add_argument("--lang", choices=("ar", "en"), help="language of messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # No command starts the desktop window: what a clerk's shortcut runs.
    parser.set_defaults(handler=cmd_station.gui)

    p = sub.add_parser("gui", help="open the desktop window (the default)")
    p.set_defaults(handler=cmd_station.gui)

    p = sub.add_parser("setup", help="set up this station (idempotent)")
    p.add_argument("--center", required=True, help="center code, 2-6 Latin letters")
    p.add_argument("--center-name", required=True)
    p.add_argument("--station", required=True, type=int, help="station number 1-99")
    p.add_argument("--admin", default="admin", help="user name of the first admin")
    p.add_argument("--password-stdin", action="store_true")
    _json(p)
    p.set_defaults(handler=cmd_station.setup)

    p = sub.add_parser("status", help="station, database and queue summary")
    _json(p)
    p.set_defaults(handler=cmd_station.status)

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
    p.set_defaults(handler=cmd_station.user_add)
    p = users.add_parser("list", help="list users")
    _json(p)
    p.set_defaults(handler=cmd_station.user_list)
    p = users.add_parser("login", help="check a user's password (counts toward lockout)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    _json(p)
    p.set_defaults(handler=cmd_station.user_login)

    cat = sub.add_parser("catalog", help="the service catalog").add_subparsers(
        dest="catalog_command", required=True, metavar="ACTION"
    )
    p = cat.add_parser("list", help="list services")
    _json(p)
    p.set_defaults(handler=cmd_catalog.list_services)
    p = cat.add_parser("import", help="validate and install a catalog file")
    p.add_argument("file")
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_catalog.import_file)

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
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_requests.new)
    p = req.add_parser("import", help="import paper-era requests from CSV (all or nothing)")
    p.add_argument("file")
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_requests.import_csv)
    p = req.add_parser("show", help="show one request")
    p.add_argument("ref", help="receipt number or UUID")
    _json(p)
    p.set_defaults(handler=cmd_requests.show)
    p = req.add_parser("status", help="change a request's status")
    p.add_argument("ref")
    p.add_argument("status")
    p.add_argument("--reason")
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_requests.status)

    p = sub.add_parser("search", help="find requests by receipt, national number, phone or name")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    _json(p)
    p.set_defaults(handler=cmd_requests.search)

    p = sub.add_parser("report", help="counts over a period")
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("--by", default="service", choices=("service", "status", "clerk"))
    p.add_argument("--format", default="table", choices=("table", "json", "csv"))
    _as(p)
    p.set_defaults(handler=cmd_requests.report)

    def document(p: argparse.ArgumentParser) -> None:
        p.add_argument("ref", help="receipt number (a service code for --kind slip)")
        p.add_argument("--kind", default="receipt", choices=("receipt", "cover", "slip"))
        p.add_argument("--paper", choices=("80mm", "a5", "a4"))
        _as(p)
        _json(p)

    p = sub.add_parser("receipt", help="save a receipt (or cover sheet, slip) as a PDF file")
    document(p)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_printing.receipt)
    p = sub.add_parser("print", help="print a receipt (or cover sheet, slip)")
    document(p)
    p.add_argument("--printer", help="BACKEND:NAME, e.g. cups:Receipts (default: settings)")
    p.set_defaults(handler=cmd_printing.print_)
    p = sub.add_parser("printers", help="printers this station can see, with their state")
    _json(p)
    p.set_defaults(handler=cmd_printing.printers)
    p = sub.add_parser("print-queue", help="print jobs waiting or failed (--all: every job)")
    p.add_argument("--all", action="store_true")
    p.add_argument("--limit", type=int, default=100)
    _json(p)
    p.set_defaults(handler=cmd_printing.queue)
    p = sub.add_parser("print-retry", help="send a failed print job again")
    p.add_argument("job", type=int)
    p.add_argument("--printer", help="send it to another printer")
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_printing.retry)

    cfg = sub.add_parser("settings", help="station settings").add_subparsers(
        dest="settings_command", required=True, metavar="ACTION"
    )
    p = cfg.add_parser("show", help="every setting with its value")
    _json(p)
    p.set_defaults(handler=cmd_printing.settings_show)
    p = cfg.add_parser("set", help="change a setting (admin)")
    p.add_argument("name")
    p.add_argument("value")
    _as(p)
    _json(p)
    p.set_defaults(handler=cmd_printing.settings_set)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    p = db.add_parser("upgrade", help="migrate the schema (after a verified backup)")
    _json(p)
    p.set_defaults(handler=cmd_db.upgrade)
    p = db.add_parser("backup", help="verified online backup")
    p.add_argument("--to", dest="target", metavar="DIR")
    _json(p)
    p.set_defaults(handler=cmd_db.backup)
    p = db.add_parser("check", help="integrity, foreign keys and audit chain")
    _json(p)
    p.set_defaults(handler=cmd_db.check)

    p = sub.add_parser("enroll", help="enroll this station with HQ using a one-time code")
    p.add_argument("url", help="HQ's address, e.g. https://hq.example:8765")
    p.add_argument("code", help="the one-time enrollment code HQ printed")
    _json(p)
    p.set_defaults(handler=cmd_sync.enroll)
    p = sub.add_parser("sync", help="send the outbox to HQ and apply HQ's changes")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one round, then exit")
    mode.add_argument(
        "--nightly", action="store_true", help="full round and per-day reconciliation"
    )
    p.add_argument("--days", type=int, default=30, help="days reconciled by --nightly")
    _json(p)
    p.set_defaults(handler=cmd_sync.sync)
    p = sub.add_parser("sync-status", help="outbox length, last success and error, clock skew")
    _json(p)
    p.set_defaults(handler=cmd_sync.status)
    p = sub.add_parser("quarantine", help="items HQ refused or HQ changes that could not apply")
    _json(p)
    p.set_defaults(handler=cmd_sync.quarantine)
    return parser
