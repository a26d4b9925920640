"""`counter-hq release`: the app release the stations are told about (counter_hq/releases.py).

    counter-hq release publish --version X --url-windows URL --url-debian URL
        [--notes-ar TEXT] [--notes-en TEXT] [--minimum-version X]
    counter-hq release show

A bad number or address exits 2 with the option named, and nothing is published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from sqlalchemy.orm import Session

from counter_hq.releases import current_release, publish_release

COMMANDS = ("release",)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    release = sub.add_parser("release", help="the app release stations are told about")
    release_sub = release.add_subparsers(dest="release_command", required=True)
    publish = release_sub.add_parser(
        "publish", help="publish a release: stations say they are out of date on their next sync"
    )
    publish.add_argument("--version", required=True, help="the release number (PEP 440: 1.4.2)")
    publish.add_argument("--url-windows", required=True, help="https address of the installer")
    publish.add_argument("--url-debian", required=True, help="https address of the .deb")
    publish.add_argument("--notes-ar", default="", help="what changed, in Arabic")
    publish.add_argument("--notes-en", default="", help="what changed, in English")
    publish.add_argument(
        "--minimum-version", help="older versions are no longer supported (optional)"
    )
    show = release_sub.add_parser("show", help="the release stations are told about now")
    show.add_argument("--json", action="store_true")


def run(session: Session, args: argparse.Namespace, now: dt.datetime) -> int:
    if args.release_command == "publish":
        info = publish_release(
            session,
            now,
            version=args.version,
            url_windows=args.url_windows,
            url_debian=args.url_debian,
            notes_ar=args.notes_ar,
            notes_en=args.notes_en,
            minimum_version=args.minimum_version,
            by="counter-hq release publish",
        )
        print(f"release {info.version} published; stations hear of it on their next sync")
        return 0
    current = current_release(session)
    if args.json:
        print(json.dumps(current.model_dump(mode="json") if current else None, ensure_ascii=False))
    elif current is None:
        print("no release published")
    else:
        print(f"release {current.version} published {current.published_at:%Y-%m-%d %H:%M} UTC")
        print(f"  Windows: {current.url_windows or '-'}")
        print(f"  Debian:  {current.url_debian or '-'}")
        if current.minimum_version:
            print(f"  oldest supported: {current.minimum_version}")
    return 0
