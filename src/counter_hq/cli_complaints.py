"""`counter-hq calendar ...` and `counter-hq complaints ...`: the holiday calendar the stations
pull, and the escalation of late complaints (also run periodically by `serve`).

    counter-hq calendar publish FILE     validate a holiday file and publish it to every station
    counter-hq calendar show             the calendar HQ counts working days with
    counter-hq complaints escalate       escalate unanswered complaints past their due date
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from counter_hq.errors import Invalid

COMMANDS = ("calendar", "complaints")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calendar = sub.add_parser("calendar", help="the holiday calendar the stations count with")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True)
    publish = calendar_sub.add_parser(
        "publish", help="validate a holiday file and publish it to every station"
    )
    publish.add_argument("file")
    calendar_sub.add_parser("show", help="the calendar in use at HQ (newest published)")
    complaints = sub.add_parser("complaints", help="complaints addressed to the agencies")
    complaints_sub = complaints.add_subparsers(dest="complaints_command", required=True)
    complaints_sub.add_parser(
        "escalate", help="escalate unanswered complaints late by a working day or more"
    )


def run(session: Session, args: argparse.Namespace, now: dt.datetime) -> int:
    if args.command == "calendar":
        return _calendar(session, args, now)
    from counter_hq.office.complaints import escalate_overdue

    done = escalate_overdue(session, now)
    for item in done:
        print(f"{item.receipt_no}  {item.agency or '-'}  due {item.due_on}")
    print(f"{len(done)} complaints escalated")
    return 0


def _calendar(session: Session, args: argparse.Namespace, now: dt.datetime) -> int:
    from counter_hq.calendars import current_calendar_info, publish_calendar

    if args.calendar_command == "show":
        info = current_calendar_info(session)
        where = f"change {info.published_seq}" if info.published_seq else "the shipped file"
        print(f"calendar {info.version} ({where}), {len(info.calendar.holidays)} holidays")
        for day in sorted(info.calendar.holidays):
            print(f"{day.isoformat()}  {info.calendar.holidays[day].name_en}")
        return 0
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise Invalid(f"cannot read {args.file}: {exc.strerror or exc}") from None
    done = publish_calendar(session, raw, now)
    if done.changed:
        print(f"calendar {done.version} published to every center (change {done.seq})")
    else:
        print(f"calendar {done.version} was already published")
    return 0
