"""Station settings, declared once: name, type, default and validation (as Picard's options).

Values live in the ``settings`` table as JSON; reading an unset option gives its default, so a
new option needs no migration. Only admins change settings, and every change is audited.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.nightly_schedule import parse_clock_time
from counter_app.domain.roles import Permission
from counter_app.printing.codes import survives
from counter_app.printing.registry import parse_address
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import Setting

PAPERS = ("80mm", "a5", "a4")
LANGUAGES = ("ar", "en")
DOCUMENT_KINDS = ("receipt", "slip", "cover", "handover", "box_label")


def _choice(allowed: tuple[str, ...]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValidationError(
                N_("{value} is not one of: {allowed}"),
                value=str(value)[:40],
                allowed=", ".join(allowed),
            )
        return value

    return check


def _printer(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValidationError(N_("A printer is written as BACKEND:NAME"), field="printer")
    parse_address(value)
    return value


def check_fits(paper: str, address: str) -> None:
    """Refuse a document on a printer that would make it unreadable: an ESC/POS printer maps
    the page width onto its roll, so an A4 or A5 page comes out shrunk 2-3 times and its 0.5 mm
    bars become one dot (printing/codes.py sizes codes per paper). Checked when a printer or a
    paper setting is saved, and again before any print job exists (a printer given for one
    job, a retry on another printer)."""
    if not survives(paper, parse_address(address).backend):
        raise ValidationError(
            N_(
                "A thermal printer prints only on an 80 mm roll; a page of {value} paper would "
                "be shrunk onto it until its barcode cannot be read. Choose 80 mm paper or "
                "another printer"
            ),
            field="paper",
            value=paper.upper(),
        )


def _seconds(value: Any) -> Any:
    if not isinstance(value, int) or isinstance(value, bool) or not 30 <= value <= 86_400:
        raise ValidationError(N_("A time-out is 30 to 86400 seconds"), field="idle_lock_seconds")
    return value


def _folder(value: Any) -> Any:
    """A hot folder: empty (none) or an absolute path; it may not exist yet (a share)."""
    if not isinstance(value, str) or len(value) > 500:
        raise ValidationError(N_("A folder is written as a full path"), field="hot_folder")
    text = clean_input_text(value, field="hot_folder", max_length=500)
    if text and not (PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute()):
        raise ValidationError(N_("A folder is written as a full path"), field="hot_folder")
    return text


def _keep(value: Any) -> Any:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 365:
        raise ValidationError(N_("Keep 1 to 365 daily backups"), field="backup_keep")
    return value


def _clock_time(value: Any) -> Any:
    """A time of day, kept as HH:MM (Arabic-Indic digits accepted)."""
    try:
        return parse_clock_time(value).strftime("%H:%M")
    except ValueError:
        raise ValidationError(
            N_("A time of day is written HH:MM, from 00:00 to 23:59"), field="nightly_time"
        ) from None


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    check: Callable[[Any], Any]


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        *(Option(f"printer.{kind}", "pdf:", _printer) for kind in DOCUMENT_KINDS),
        Option("paper.receipt", "80mm", _choice(PAPERS)),
        Option("paper.slip", "80mm", _choice(PAPERS)),
        Option("paper.cover", "a4", _choice(PAPERS)),
        Option("paper.handover", "a4", _choice(PAPERS)),
        Option("paper.box_label", "80mm", _choice(PAPERS)),
        Option("print.language", "ar", _choice(LANGUAGES)),
        Option("ui.language", "ar", _choice(LANGUAGES)),
        Option("ui.idle_lock_seconds", 600, _seconds),
        # Where a network scanner drops its files; the desktop files them while it runs.
        Option("archive.hot_folder", "", _folder),
        # The local time from which the nightly sync is due (domain/nightly_schedule.py).
        Option("sync.nightly_time", "02:30", _clock_time),
        # How many daily backups are kept (store/rolling_backups.py): two weeks by default.
        Option("backup.keep", 14, _keep),
    )
}


def _option(name: str) -> Option:
    option = OPTIONS.get(name)
    if option is None:
        raise ValidationError(
            N_("Unknown setting {name}; known: {allowed}"),
            name=name[:64],
            allowed=", ".join(sorted(OPTIONS)),
        )
    return option


def _stored(session: Session, name: str) -> Any:
    row = session.get(Setting, name)
    return json.loads(row.value) if row is not None else OPTIONS[name].default


def _check_pair(session: Session, name: str, values: Mapping[str, Any]) -> None:
    """A document kind's printer and paper may be set one at a time, in either order, or
    together: the pair they make with what is stored must be printable (read in the writing
    transaction, so two admins cannot each save half of a bad pair)."""
    group, _, kind = name.partition(".")
    if group not in ("printer", "paper") or kind not in DOCUMENT_KINDS:
        return
    printer, paper = f"printer.{kind}", f"paper.{kind}"
    check_fits(
        values[paper] if paper in values else _stored(session, paper),
        values[printer] if printer in values else _stored(session, printer),
    )


_STORED = select(Setting.key, Setting.value).where(
    Setting.key.in_(bindparam("keys", expanding=True))
)


def read_settings(session: Session, names: Sequence[str]) -> dict[str, Any]:
    """Options' current values (the default where unset), read in the caller's transaction
    (a print job reads its three in its own, not in one more)."""
    stored = dict(session.connection().execute(_STORED, {"keys": list(names)}).tuples().all())
    return {n: json.loads(stored[n]) if n in stored else OPTIONS[n].default for n in names}


@use_case(Permission.VIEW_SETTINGS)
def get_settings(ctx: AppContext, actor: Actor) -> dict[str, Any]:
    """Every option with its current value (the default where unset)."""
    with ctx.store.read() as session:
        return read_settings(session, list(OPTIONS))


def get_setting(ctx: AppContext, name: str) -> Any:
    """One option's value for the program itself (the language to start in, when the nightly
    sync runs): how the station behaves, not data shown to a person, so no use case."""
    _option(name)
    with ctx.store.read() as session:
        return read_settings(session, [name])[name]


def _parsed(name: str, raw: Any) -> Any:
    """A text value is parsed as JSON when the option is not text."""
    option = _option(name)
    value = raw
    if isinstance(raw, str) and not isinstance(option.default, str):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise ValidationError(
                N_("{value} is not a valid value for {name}"), value=raw[:40], name=name
            ) from None
    return option.check(value)


@use_case(Permission.MANAGE_SETTINGS)
def set_settings(ctx: AppContext, actor: Actor, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and store several settings in one transaction, all or none (the settings
    screen saves a printer and its paper together: checked as the pair they make)."""
    values = {name: _parsed(name, raw) for name, raw in changes.items()}
    with ctx.store.write() as session:
        actor.require(Permission.MANAGE_DATABASE)
        for name in values:
            _check_pair(session, name, values)
        now = ctx.clock()
        station = ctx.station(session).label
        for name, value in values.items():
            row = session.get(Setting, name)
            if row is None:
                session.add(
                    Setting(
                        key=name, value=json.dumps(value), updated_at=now, updated_by=actor.user_id
                    )
                )
            else:
                row.value, row.updated_at, row.updated_by = json.dumps(value), now, actor.user_id
            append_audit(
                session,
                at=now,
                user_id=actor.user_id,
                username=actor.username,
                station=station,
                action="setting.change",
                entity="setting",
                entity_ref=name,
                details={"value": value},
            )
    return values


@use_case(Permission.MANAGE_SETTINGS)
def set_setting(ctx: AppContext, actor: Actor, name: str, raw: Any) -> Any:
    """Validate and store one setting; a text value is parsed as JSON when it is JSON."""
    return set_settings(ctx, actor, {name: raw})[name]
