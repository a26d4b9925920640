"""A damaged database file: noticing it, remembering it, refusing to write into it.

SQLite reports damage only when a statement touches a broken page, so a write can succeed next
to a damaged b-tree and make things worse (and every backup taken after it copies the damage).
So damage, once seen anywhere (a statement, ``quick_check`` at open, the daily full check, the
check before a backup), is written down in a marker file beside the database. Every later
process sees the marker (one ``stat``) and refuses to write until ``db restore`` puts a good
backup in place, or ``db check --clear-damage`` finds the file whole again: an operator's act.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.store import sqlite_driver
from counter_app.store.keys import connect_file

# SQLite's primary result codes that mean "the file is not what SQLite wrote".
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
# ``quick_check`` reads every page: on the 1M-request bench database (4.1 GiB) it took 15.6 s
# and ``integrity_check`` 118 s (2 shared CPUs, 2026-12-06), about 3.7 ms per MiB for the quick
# one. So it runs at every open only up to 32 MiB (~0.1 s: a young station); above that, the
# daily full check on the desktop's thread, the check before each backup, `db check` and
# SQLite's own errors on every statement stand in.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
FULL_CHECK_EVERY = dt.timedelta(hours=24)


class DatabaseDamaged(StoreError):
    """The database file is damaged: nothing more is written to it until it is restored."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            N_(
                "The database {path} is damaged; to protect what it holds, nothing more is "
                "saved in it. Restore the newest good backup with `counter-app db restore` "
                "(the damaged file is kept aside)."
            ),
            path=str(path),
        )


def marker_path(db: Path) -> Path:
    return db.with_name(db.name + ".damaged")


def checked_path(db: Path) -> Path:
    return db.with_name(db.name + ".checked")


def is_damage(exc: BaseException) -> bool:
    """A SQLite error (or SQLAlchemy's wrapper of one) saying the file is damaged."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite_driver.DATABASE_ERRORS):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(orig).lower()
    return "malformed" in text or "not a database" in text


@dataclass(frozen=True)
class Damage:
    at: str
    detail: str


def read_marker(db: Path) -> Damage | None:
    marker = marker_path(db)
    try:
        raw = marker.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return Damage(at="", detail="")  # present but unreadable: still damaged
    try:
        data = json.loads(raw)
        return Damage(at=str(data.get("at", "")), detail=str(data.get("detail", "")))
    except (ValueError, AttributeError):
        return Damage(at="", detail=raw[:500])


def mark_damaged(db: Path, detail: str) -> None:
    """Write the marker (kept if it is already there: the first finding is the useful one)."""
    marker = marker_path(db)
    if marker.exists():
        return
    body = json.dumps(
        {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "detail": detail[:2000]},
        ensure_ascii=False,
    )
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # a full or read-only disk: this process still refuses (the error is raised)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())


def clear_marker(db: Path) -> None:
    marker_path(db).unlink(missing_ok=True)


def refuse_if_damaged(db: Path) -> None:
    if marker_path(db).exists():
        raise DatabaseDamaged(db)


def run_check(conn: sqlite_driver.Connection, *, quick: bool) -> list[str]:
    """``quick_check`` or ``integrity_check``: the faults (empty when whole).

    A file too broken to be checked at all is a fault too, never an exception.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite_driver.DATABASE_ERRORS as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def check_file(db: Path, *, quick: bool) -> list[str]:
    """Check a database file on its own read-only connection (no schema needed)."""
    try:
        conn = connect_file(db, readonly=True)
    except sqlite_driver.ERRORS as exc:
        return [str(exc)]
    try:
        return run_check(conn, quick=quick)
    finally:
        conn.close()


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record_full_check(
    db: Path, faults: list[str], seconds: float, now: dt.datetime | None = None
) -> None:
    """Remember when the last full check ran (for the daily schedule); damage gets the marker."""
    if faults:
        mark_damaged(db, "; ".join(faults[:5]))
    stamp = {
        "at": (now or _utc_now()).isoformat(timespec="seconds"),
        "ok": not faults,
        "seconds": round(seconds, 2),
    }
    with contextlib.suppress(OSError):  # only the schedule is lost: checked again at next start
        checked_path(db).write_text(json.dumps(stamp), "utf-8")


def full_check_due(db: Path, now: dt.datetime | None = None) -> bool:
    try:
        stamp = json.loads(checked_path(db).read_text("utf-8"))
        last = dt.datetime.fromisoformat(stamp["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return (now or _utc_now()) - last >= FULL_CHECK_EVERY


def full_check(db: Path, now: dt.datetime | None = None) -> list[str]:
    """The full ``integrity_check``, recorded (marker on damage, time for the schedule)."""
    started = time.monotonic()
    faults = check_file(db, quick=False)
    record_full_check(db, faults, time.monotonic() - started, now)
    return faults


class DailyCheck:
    """The full check on a plain thread while a long-running process runs (the desktop, the
    ``sync`` loop): at start when the last one is a day old, then once a day. It reads on its
    own connection, so it never blocks a save (WAL). ``clock`` is the context's (UTC) clock.

    With ``backups`` it also makes the rolling daily backup when due (store/rolling_backups.py),
    after the check: a file found damaged is never copied over the good backups."""

    def __init__(
        self,
        db: Path,
        *,
        poll_seconds: float = 3600.0,
        clock: Callable[[], dt.datetime] = _utc_now,
        backups: Path | None = None,
        keep: int = 14,
    ) -> None:
        import threading

        self.db = db
        self.backups = backups
        self.keep = keep
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.runs = 0  # full checks this watcher ran
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def run_due(self) -> bool:
        """One look at the schedule: the full check when it is due; True when it ran."""
        now = self.clock()
        ran = False
        if not marker_path(self.db).exists() and full_check_due(self.db, now):
            full_check(self.db, now)
            self.runs += 1
            ran = True
        if self.backups is not None:
            from counter_app.store.rolling_backups import run_if_due

            run_if_due(self.db, self.backups, keep=self.keep, now=now)
        return ran

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_due()
            self._stop.wait(self.poll_seconds)
