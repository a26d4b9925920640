"""`counter-hq notify ...`: the SMS sender and its outbox from the command line.

    counter-hq notify run [--once]          send due messages (--once: until none is due now)
    counter-hq notify list [--state S] [--receipt R] [--limit N]
                                            messages, newest first (numbers shown masked)
    counter-hq notify opt-out PHONE [--remove]
                                            stop (or allow again) messages to a number

The gateway comes from COUNTER_HQ_SMS_* (counter_hq/notify/settings.py). `counter-hq serve`
runs the same sender in the background when a gateway is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter_hq.errors import Invalid
from counter_hq.models import HqRequest, Notification, SmsOptOut
from counter_hq.notify.outbox import normalize_phone

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from counter_hq.settings import Settings

STATES = ("queued", "sending", "retry", "sent", "failed", "opted_out", "no_phone")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    notify = sub.add_parser("notify", help="SMS to citizens: sender, outbox, opt-outs")
    notify_sub = notify.add_subparsers(dest="notify_command", required=True)
    run = notify_sub.add_parser("run", help="send due messages through the configured gateway")
    run.add_argument("--once", action="store_true", help="stop when nothing is due now")
    listing = notify_sub.add_parser("list", help="messages, newest first")
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--receipt")
    listing.add_argument("--limit", type=int, default=50)
    opt = notify_sub.add_parser("opt-out", help="no more messages to a phone number")
    opt.add_argument("phone")
    opt.add_argument("--remove", action="store_true", help="allow messages to it again")


def mask(phone: str | None) -> str:
    """Enough to tell numbers apart on a screen, not to call one."""
    if not phone:
        return "-"
    return phone[:5] + "*" * max(0, len(phone) - 8) + phone[-3:]


def run(
    args: argparse.Namespace, settings: Settings, engine: Engine, now: Callable[[], dt.datetime]
) -> int:
    from counter_hq.db import session_factory

    sessions = session_factory(engine)
    command = args.notify_command
    if command == "run":
        return _run_sender(args, settings, sessions, now)
    with sessions() as session:
        if command == "opt-out":
            phone = normalize_phone(args.phone)
            if phone is None:
                raise Invalid(f"{args.phone[:40]!r} is not a Syrian mobile number (09XXXXXXXX)")
            held = session.get(SmsOptOut, phone)
            if args.remove:
                if held is not None:
                    session.delete(held)
                session.commit()
                print(f"{mask(phone)} receives messages again")
            else:
                if held is None:
                    session.add(SmsOptOut(phone=phone, created_at=now(), source="admin"))
                session.commit()
                print(f"{mask(phone)} receives no more messages")
            return 0
        if not 1 <= args.limit <= 10_000:
            raise Invalid("--limit must be from 1 to 10000")
        stmt = (
            select(Notification, HqRequest.receipt_no)
            .outerjoin(HqRequest, HqRequest.uuid == Notification.request_uuid)
            .order_by(Notification.id.desc())
            .limit(args.limit)
        )
        if args.state:
            stmt = stmt.where(Notification.state == args.state)
        if args.receipt:
            stmt = stmt.where(HqRequest.receipt_no == args.receipt.strip().upper())
        for row, receipt in session.execute(stmt).tuples():
            print(
                f"{row.created_at:%Y-%m-%d %H:%M} {receipt or row.request_uuid} {row.kind:<10} "
                f"{row.state:<9} tries {row.attempts} {mask(row.phone)} seg {row.segments}"
                + (f"  {row.last_error}" if row.last_error else "")
            )
    return 0


def _run_sender(
    args: argparse.Namespace,
    settings: Settings,
    sessions: sessionmaker[Session],
    now: Callable[[], dt.datetime],
) -> int:
    from counter_hq.notify.gateways import gateway_for
    from counter_hq.notify.sender import Policy, Sender
    from counter_hq.notify.settings import SmsSettings

    sms = SmsSettings.from_env(settings.data_dir)
    gateway = gateway_for(sms)
    if gateway is None:
        raise Invalid("no SMS gateway: set COUNTER_HQ_SMS_GATEWAY to http or file")
    sender = Sender(
        sessions,
        gateway,
        Policy.from_settings(sms),
        clock=now,
        poll_seconds=sms.poll_seconds,
    )
    try:
        if args.once:
            r = sender.drain()
            print(f"sent {r.sent}, to retry {r.retry}, failed {r.failed}")
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        print(f"sending through the {sms.gateway} gateway (Ctrl+C stops)", file=sys.stderr)
        sender.run(stop)
        return 0
    finally:
        sender.close()
