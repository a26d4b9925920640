"""The station number receipts are issued under, and when it must issue no more.

A receipt number is unique only while its station numbers forward from where it really was.
Evidence that this database numbered, or may number, from an older state retires its number:
a restore from a backup (numbers issued after the backup may be held by citizens), HQ finding
its audit log cut short or rewritten (an older or other copy), or HQ holding a receipt number it
issued for another request. Intake then refuses, saying what to do: enroll under a new station
number (HQ makes the code with ``--replaces``). That enrollment renumbers the station; requests
already saved keep their numbers and are still sent (HQ knows the lineage).

Intake reads the station row in its own transaction (a primary-key read), so a desktop that
cached the station before another process retired or renumbered it still issues nothing under
the old number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, Conflict
from counter_app.services.audit import append_audit
from counter_app.services.context import AppContext, StationInfo
from counter_protocol.columns import UtcDateTime

RESTORED = "restored"
REWOUND = "rewound"
FORKED = "forked"
COLLISION = "collision"

# Why the number is retired, said to the clerk or supervisor at intake (and in sync-status).
REFUSALS = {
    RESTORED: N_(
        "Station {station} issues no more receipt numbers: its database was restored from a "
        "backup, so numbers issued after the backup may already be held by citizens. A "
        "supervisor must enroll the station under a new station number (at HQ: counter-hq "
        "station code {center} --replaces {station}). Saved requests keep their numbers."
    ),
    REWOUND: N_(
        "Station {station} issues no more receipt numbers: HQ found its audit log cut short, "
        "so this is an older copy of the database and may issue numbers again. A supervisor "
        "must enroll the station under a new station number (at HQ: counter-hq station code "
        "{center} --replaces {station}). Saved requests keep their numbers."
    ),
    FORKED: N_(
        "Station {station} issues no more receipt numbers: HQ found its audit log rewritten, "
        "so this is another copy of the database and may issue numbers again. A supervisor "
        "must enroll the station under a new station number (at HQ: counter-hq station code "
        "{center} --replaces {station}). Saved requests keep their numbers."
    ),
    COLLISION: N_(
        "Station {station} issues no more receipt numbers: HQ already held a receipt number it "
        "issued for another citizen's request. A supervisor must enroll the station under a "
        "new station number (at HQ: counter-hq station code {center} --replaces {station}). "
        "Saved requests keep their numbers."
    ),
}
SHORT = {  # the status bar's few words
    RESTORED: N_("station number retired (database restored): enroll under a new number"),
    REWOUND: N_("station number retired (older copy of the database): enroll under a new number"),
    FORKED: N_("station number retired (audit log rewritten): enroll under a new number"),
    COLLISION: N_(
        "station number retired (a receipt number issued twice): enroll under a new number"
    ),
}

_STATION = text(
    "SELECT center_code, center_name, station_no, retired_reason FROM station WHERE id = 1"
)
_RETIRE = text(
    "UPDATE station SET retired_at = :at, retired_reason = :reason "
    "WHERE id = 1 AND retired_at IS NULL"
).bindparams(bindparam("at", type_=UtcDateTime()))
_HIGHEST = text("SELECT year, last_seq FROM receipt_sequences")
_RAISE = text(
    "INSERT INTO receipt_sequences (year, last_seq) VALUES (:year, :seq) "
    "ON CONFLICT (year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)"
)


def issuing_station(ctx: AppContext, session: Session) -> StationInfo:
    """The station as it is now in the database; Conflict when its number is retired."""
    row = session.connection().execute(_STATION).one_or_none()
    if row is None:
        return ctx.station(session)  # not set up: the same message as everywhere
    if row.retired_reason is not None:
        raise Conflict(
            REFUSALS.get(row.retired_reason, REFUSALS[RESTORED]),
            station=f"{row.center_code}-{row.station_no:02d}",
            center=row.center_code,
        )
    info = StationInfo(row.center_code, row.center_name, row.station_no)
    if ctx._station != info:  # renumbered by another process since this one cached it
        ctx._station = info
    return info


def retired_reason(session: Session) -> str | None:
    row = session.connection().execute(_STATION).one_or_none()
    return None if row is None else row.retired_reason


def retire(session: Session, reason: str, now: dt.datetime, detail: str = "") -> bool:
    """Retire the station's number inside the caller's (write) transaction; False when it
    was retired already (the first reason stays)."""
    done = session.connection().execute(_RETIRE, {"at": now, "reason": reason}).rowcount
    if not done:
        return False
    row = session.connection().execute(_STATION).one()
    label = f"{row.center_code}-{row.station_no:02d}"
    append_audit(
        session,
        at=now,
        user_id=None,
        username="system",
        station=label,
        action="station.retire",
        entity="station",
        entity_ref=label,
        details={"reason": reason, **({"detail": detail[:200]} if detail else {})},
    )
    return True


def highest_numbers(session: Session) -> dict[int, int]:
    """The highest sequence handed out per two-digit year (what enrollment shows HQ)."""
    return {int(y): int(s) for y, s in session.connection().execute(_HIGHEST)}


def raise_floor(session: Session, highest: Mapping[int, int]) -> None:
    """Number above what HQ holds: each year's sequence raised to at least HQ's highest."""
    for year, seq in highest.items():
        if seq > 0:
            session.connection().execute(_RAISE, {"year": year, "seq": seq})


def renumber(
    session: Session, new_no: int, replaces: tuple[int, ...], now: dt.datetime
) -> int | None:
    """Take the number HQ enrolled this database under. The same number: nothing changes.
    Another one that replaces this station's (HQ's lineage): the station takes it and issues
    again; its saved requests keep their numbers. Returns the old number when renumbered."""
    row = session.connection().execute(_STATION).one()
    old = int(row.station_no)
    if new_no == old:
        return None
    if old not in replaces:
        raise Conflict(
            N_(
                "HQ issued this code for station {theirs}, but this is station {ours}; "
                "ask HQ for a code for {ours}"
            ),
            theirs=f"{row.center_code}-{new_no:02d}",
            ours=f"{row.center_code}-{old:02d}",
        )
    session.connection().execute(
        text(
            "UPDATE station SET station_no = :n, retired_at = NULL, retired_reason = NULL "
            "WHERE id = 1"
        ),
        {"n": new_no},
    )
    append_audit(
        session,
        at=now,
        user_id=None,
        username="system",
        station=f"{row.center_code}-{new_no:02d}",
        action="station.renumber",
        entity="station",
        entity_ref=f"{row.center_code}-{new_no:02d}",
        details={"from": old, "to": new_no, "retired": row.retired_reason},
    )
    return old
