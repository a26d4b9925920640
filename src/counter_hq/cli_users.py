"""`counter-hq user ...`: back-office accounts from the command line (the first HQ admin is
made here; later accounts from the admin pages too).

    counter-hq user add USERNAME --role officer|supervisor|admin [--agency CODE] [--center CODE]
        [--name "Display name"] [--language ar|en] [--password-stdin]
    counter-hq user password USERNAME [--password-stdin]   also clears a lockout
    counter-hq user disable|enable USERNAME
    counter-hq user list
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

from sqlalchemy.orm import Session

from counter_hq.errors import Invalid


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="back-office accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("officer", "supervisor", "admin"))
    add.add_argument("--agency", help="an officer's agency code")
    add.add_argument("--center", help="a supervisor's center code")
    add.add_argument("--name", help="the name shown (default: the username)")
    add.add_argument("--language", default="ar", choices=("ar", "en"))
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    password = user_sub.add_parser("password", help="set a new password (ends its sessions)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    for name in ("disable", "enable"):
        p = user_sub.add_parser(name, help=f"{name} an account")
        p.add_argument("username")
    user_sub.add_parser("list", help="every account")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise Invalid("The two passwords differ")
    return first


def run(session: Session, args: argparse.Namespace, now: dt.datetime) -> int:
    from counter_hq.office import users

    command = args.user_command
    if command == "add":
        row = users.create_user(
            session,
            username=args.username,
            display_name=args.name or args.username,
            role=args.role,
            password=_password(args.password_stdin),
            now=now,
            agency=args.agency,
            center=args.center,
            language=args.language,
        )
        session.commit()
        print(f"user {row.username} added ({row.role})")
    elif command == "password":
        users.set_password(session, args.username, _password(args.password_stdin), now)
        session.commit()
        print(f"password of {args.username} set; its sessions ended")
    elif command in ("disable", "enable"):
        users.set_active(session, args.username, command == "enable", now)
        session.commit()
        print(f"user {args.username} {command}d")
    else:
        for row in users.list_users(session):
            scope = row.agency or row.center or "-"
            state = "active" if row.active else "disabled"
            if row.locked_until is not None and row.locked_until > now:
                state = "locked"
            print(f"{row.username}\t{row.role}\t{scope}\t{state}\t{row.display_name}")
    return 0
