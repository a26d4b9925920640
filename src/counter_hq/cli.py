"""`counter-hq`: the headquarters server's command line.

    counter-hq serve [--host 127.0.0.1] [--port 8765]   migrate, then serve the sync API
        [--certfile PEM --keyfile PEM] [--behind-proxy]  TLS (required off loopback, unless a
                                                        TLS reverse proxy is the way in)
    counter-hq db upgrade                               bring the schema to the newest version
    counter-hq center add CODE [--name NAME]
    counter-hq station add CENTER N                     prints a one-time enrollment code
    counter-hq station code CENTER [N] [--replaces CENTER-NN]
                                                        a code for the next free number (or N);
                                                        --replaces retires the old number
    counter-hq station revoke CENTER N
    counter-hq station list                             stations, audit tips, flagged chains
    counter-hq station audit-clear CENTER N             clear a flag: the next tip is the reference
    counter-hq status RECEIPT STATUS [--reason TEXT]    an HQ status step, pulled by the station
    counter-hq catalog publish FILE [--center CODE]     a service catalog the stations pull
    counter-hq blobs sweep [--older-than HOURS]         remove expired unfinished uploads
    counter-hq user add|password|disable|enable|list    back-office accounts (cli_users.py)
    counter-hq notify run [--once]|list|opt-out PHONE   SMS sender and outbox (notify/cli.py)
    counter-hq calendar publish FILE | show             the holiday calendar (cli_complaints.py)
    counter-hq complaints escalate                      late complaints escalated once
    counter-hq report --center C --from D --to D [--by G] [--format table|json|csv]
                                                        a center's report (cli_reports.py)
    counter-hq release publish --version X --url-windows U --url-debian U | show
                                                        the app release stations are told of

Settings come from the environment (see counter_hq.settings). Bad input exits with status 2
and a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from counter_hq import __version__, cli_complaints, cli_releases, cli_reports, cli_users
from counter_hq.errors import HQError, Invalid
from counter_hq.notify import cli as notify_cli
from counter_hq.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counter_hq.signing import Signer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counter-hq", description="Citizen Service Center HQ")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the sync API (migrates the database first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--certfile", type=Path, help="TLS certificate, PEM (COUNTER_HQ_TLS_CERT)")
    serve.add_argument("--keyfile", type=Path, help="its private key, PEM (COUNTER_HQ_TLS_KEY)")
    serve.add_argument(
        "--behind-proxy",
        action="store_true",
        help="plain HTTP on a network address: a TLS reverse proxy is the only way in",
    )

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the schema migrations")

    center = sub.add_parser("center", help="centers")
    center_sub = center.add_subparsers(dest="center_command", required=True)
    center_add = center_sub.add_parser("add", help="add a center")
    center_add.add_argument("code")
    center_add.add_argument("--name", default="")

    station = sub.add_parser("station", help="stations (counters)")
    station_sub = station.add_subparsers(dest="station_command", required=True)
    station_sub.add_parser("list", help="every station with its audit tip and any flag")
    for name, help_ in (
        (
            "add",
            "add a station and print a one-time enrollment code (for a station enrolled "
            "before, the code enrolls only its same database; see `station code --replaces`)",
        ),
        ("revoke", "revoke a station's credentials"),
        ("audit-clear", "clear a station's audit flag: its next tip is the new reference"),
    ):
        p = station_sub.add_parser(name, help=help_)
        p.add_argument("center")
        p.add_argument("station_no", type=int, metavar="N")
    code_p = station_sub.add_parser(
        "code",
        help="an enrollment code for a new station: the next free number, or N; a replacement "
        "PC or a database restored from a backup gets one with --replaces",
    )
    code_p.add_argument("center")
    code_p.add_argument("station_no", type=int, metavar="N", nargs="?")
    code_p.add_argument(
        "--replaces",
        metavar="CENTER-NN",
        help="the station this one replaces: retired (token revoked, never enrolled again); "
        "the new one sends its unsent requests",
    )

    status = sub.add_parser("status", help="record an HQ status step for a request")
    status.add_argument("receipt")
    status.add_argument("status")
    status.add_argument("--reason")
    status.add_argument("--actor", default="hq")

    catalog = sub.add_parser("catalog", help="the service catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    publish = catalog_sub.add_parser(
        "publish", help="validate a catalog file and publish it to the stations"
    )
    publish.add_argument("file")
    publish.add_argument("--center", help="only this center's stations (default: all)")
    blobs = sub.add_parser("blobs", help="scans held at HQ")
    blobs_sub = blobs.add_subparsers(dest="blobs_command", required=True)
    sweep = blobs_sub.add_parser(
        "sweep", help="remove unfinished uploads untouched for the expiry (finished blobs stay)"
    )
    sweep.add_argument(
        "--older-than",
        type=float,
        metavar="HOURS",
        help="instead of COUNTER_HQ_UPLOAD_EXPIRY_HOURS (default 24)",
    )
    cli_users.add_parser(sub)
    cli_complaints.add_parser(sub)
    cli_reports.add_parser(sub)
    cli_releases.add_parser(sub)
    notify_cli.add_parser(sub)
    return parser


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from counter_hq.db import make_engine, session_factory, upgrade_schema

    if args.command == "serve":
        import uvicorn

        from counter_hq.api import create_app
        from counter_hq.api.serving import server_options
        from counter_hq.blobs import BlobStore
        from counter_hq.signing import signer_for
        from counter_hq.tls import CIPHERS, serving_tls

        # Before the database: a server that cannot serve safely changes nothing.
        tls = serving_tls(
            args.host,
            args.certfile or settings.tls_certfile,
            args.keyfile or settings.tls_keyfile,
            behind_proxy=args.behind_proxy or settings.behind_proxy,
        )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.database_url)
        upgrade_schema(engine)
        engine.dispose()
        signer = signer_for(settings.data_dir)  # HQ's signing key made at first start
        _route_at_start(settings, signer)
        swept = BlobStore(settings.blob_dir).sweep_temporary()
        if swept:
            print(f"removed {swept} unfinished blob files of an earlier run", file=sys.stderr)
        uvicorn.run(
            create_app(settings),
            host=args.host,
            port=args.port,
            log_level="info",
            **server_options(settings.limits),
            ssl_certfile=str(tls.certfile) if tls else None,
            ssl_keyfile=str(tls.keyfile) if tls else None,
            ssl_ciphers=CIPHERS,
        )
        return 0

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        # Every command brings the schema up first: `center add` on a new data folder works.
        upgrade_schema(engine)
        if args.command == "db":
            print("database is at the newest schema")
            return 0
        if args.command == "notify":
            return notify_cli.run(args, settings, engine, _now)
        with session_factory(engine)() as session:
            if args.command == "center":
                from counter_hq.stations import add_center

                code = add_center(session, args.code, args.name, _now())
                print(f"center {code} added")
            elif args.command == "station" and args.station_command in ("add", "code"):
                _station_code(session, args)
            elif args.command == "blobs":
                return _sweep_blobs(session, args, settings)
            elif args.command == "catalog":
                return _publish(session, args, settings)
            elif args.command == "user":
                return cli_users.run(session, args, _now())
            elif args.command in cli_complaints.COMMANDS:
                return cli_complaints.run(session, args, _now())
            elif args.command in cli_reports.COMMANDS:
                return cli_reports.run(session, args, _now())
            elif args.command in cli_releases.COMMANDS:
                return cli_releases.run(session, args, _now())
            elif args.command == "station" and args.station_command in ("list", "audit-clear"):
                return _station_audit(session, args)
            elif args.command == "station":
                from counter_hq.stations import revoke_station

                revoke_station(session, args.center, args.station_no, _now())
                print(
                    f"station {args.center.upper()}-{args.station_no:02d} revoked "
                    f"(a running HQ refuses it within {settings.auth_cache_seconds:g} s)"
                )
            else:
                from counter_hq.backoffice import set_status
                from counter_hq.signing import signer_for

                change = set_status(
                    session,
                    args.receipt,
                    args.status,
                    _now(),
                    reason=args.reason,
                    actor=args.actor,
                    signer=signer_for(settings.data_dir),  # stations can return it after a restore
                )
                print(f"{change.receipt_no}: {change.status} (change {change.seq})")
        return 0
    finally:
        engine.dispose()


def _route_at_start(settings: Settings, signer: Signer) -> None:
    """A new HQ routes with the shipped catalog; requests whose service got an agency while
    they were being stored (a catalog published during their push) are forwarded now."""
    from counter_hq.db import make_engine, session_factory
    from counter_hq.routing import route_pending, seed_if_empty

    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session:
            seeded = seed_if_empty(session, _now(), signer=signer)
            if seeded is not None:
                print(
                    f"routing: {seeded.agencies} agencies and {seeded.services} services from "
                    f"the shipped catalog, {seeded.forwarded} requests forwarded",
                    file=sys.stderr,
                )
            forwarded = route_pending(session, _now(), signer=signer)
            session.commit()
            if forwarded:
                print(f"routing: {forwarded} waiting requests forwarded", file=sys.stderr)
    finally:
        engine.dispose()


def _station_code(session: Session, args: argparse.Namespace) -> None:
    from counter_hq.stations import add_station, station_used

    replaces = getattr(args, "replaces", None)
    ref, code = add_station(session, args.center, args.station_no, _now(), replaces=replaces)
    print(code)
    print(f"enrollment code for station {ref.label}, valid 7 days, usable once", file=sys.stderr)
    if replaces:
        print(
            f"station {replaces.upper()} is retired (its token revoked); {ref.label} replaces it "
            "and sends the requests it had not sent yet",
            file=sys.stderr,
        )
    elif station_used(session, ref):
        print(
            f"station {ref.label} was enrolled before: this code enrolls only the database HQ "
            "last saw (its audit log and receipt numbers show it). A replacement PC, or a "
            "database restored from a backup, gets a new number: "
            f"`counter-hq station code {ref.center} --replaces {ref.label}`",
            file=sys.stderr,
        )


def _station_audit(session: Session, args: argparse.Namespace) -> int:
    from counter_hq.audit_tips import clear_flag, station_audits

    if args.station_command == "audit-clear":
        clear_flag(session, args.center, args.station_no)
        print(f"station {args.center.upper()}-{args.station_no:02d}: audit flag cleared")
        return 0
    from counter_hq.lineage import station_notes

    notes = station_notes(session)
    flagged = 0
    for st in station_audits(session):
        tip = f"audit row {st.seq} at {st.reported_at:%Y-%m-%d %H:%M}" if st.seq else "no tip"
        note = notes.get(st.label)
        state = "retired" if note and note.retired else "revoked" if st.revoked else "active"
        line = f"{st.label}  {state}  {tip}"
        if note and note.lineage:
            line += f"  ({note.lineage})"
        if st.flagged:
            flagged += 1
            line += f"  FLAGGED {st.flagged} at {st.flagged_at:%Y-%m-%d %H:%M}: {st.detail}"
        if note and note.collisions:
            flagged += 1
            line += f"  {note.collisions}"
        print(line)
    return 1 if flagged else 0


def _publish(session: Session, args: argparse.Namespace, settings: Settings) -> int:
    from counter_hq.catalogs import publish_catalog
    from counter_hq.signing import signer_for

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise Invalid(f"cannot read {args.file}: {exc.strerror or exc}") from None
    done = publish_catalog(
        session, raw, _now(), center=args.center, signer=signer_for(settings.data_dir)
    )
    audience = f"center {done.center}" if done.center else "every center"
    if done.changed:
        print(f"catalog {done.version} published to {audience} (change {done.seq})")
    else:
        print(f"catalog {done.version} was already published to {audience}")
    return 0


def _sweep_blobs(session: Session, args: argparse.Namespace, settings: Settings) -> int:
    from counter_hq.blobs import BlobStore, sweep_expired

    hours = settings.limits.upload_expiry_hours if args.older_than is None else args.older_than
    if not 0 <= hours <= 24 * 365:
        raise Invalid(f"--older-than must be hours from 0 to 8760, not {hours:g}")
    store = BlobStore(settings.blob_dir)
    swept = sweep_expired(session, store, _now(), dt.timedelta(hours=hours))
    print(
        f"removed {swept.uploads} unfinished uploads untouched for {hours:g} h "
        f"({swept.bytes / 1024 / 1024:.1f} MiB freed)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args, Settings.from_env())
    except HQError as exc:
        print(f"counter-hq: {exc.text(str)}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"counter-hq: the database cannot be used: {exc.orig or exc}", file=sys.stderr)
        return 1
