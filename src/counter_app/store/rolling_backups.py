"""Rolling daily backups: one a day, the newest ``keep`` kept, each verified when written.

Run by whatever is up when the day's backup is due: the desktop's daily watcher
(integrity.DailyCheck), the nightly sync (`sync --nightly`, from the systemd timer or the
Windows scheduled task) and `counter-app db backup --daily`. A backup is made with the
database's own key (an encrypted station's backups are encrypted) and is a copy checked by
opening it (``quick_check`` reads and authenticates every page) with the same row counts as
the source. Old daily backups are removed only after the new one passed, and never below
``keep``; backups of other kinds (before an upgrade, by hand) are not touched.

The outcome of the last run is kept in ``last-daily.json`` in the backup folder, for `status`,
the status bar and the supervisor: a failure (disk full) is seen, not only logged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import CounterError, StoreError, Translate
from counter_app.store.backup import BackupResult, backup_database
from counter_app.store.integrity import marker_path

DAILY_LABEL = "daily"
DEFAULT_KEEP = 14
# A day, less the slack a PC switched on a little earlier than yesterday needs.
DUE_AFTER = dt.timedelta(hours=20)
STATE_FILE = "last-daily.json"


@dataclass(frozen=True)
class DailyOutcome:
    at: dt.datetime
    ok: bool
    path: str | None
    seconds: float
    size_bytes: int
    pruned: int
    error_msgid: str | None  # why it failed, translated where it is shown (error_message)
    error_params: dict[str, str] | None = None

    def error_message(self, translate: Translate) -> str | None:
        if self.error_msgid is None:
            return None
        return CounterError(self.error_msgid, **(self.error_params or {})).render(translate)


def _stamp(path: Path) -> dt.datetime | None:
    text = path.name.removeprefix(f"counter-{DAILY_LABEL}-").removesuffix("Z.sqlite3")
    try:
        return dt.datetime.strptime(text, "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def daily_backups(backup_dir: Path) -> list[Path]:
    """The daily backups in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [
        (when, p)
        for p in backup_dir.glob(f"counter-{DAILY_LABEL}-*.sqlite3")
        if (when := _stamp(p)) is not None
    ]
    return [p for _, p in sorted(found, reverse=True)]


def last_outcome(backup_dir: Path) -> DailyOutcome | None:
    try:
        raw = json.loads((backup_dir / STATE_FILE).read_text("utf-8"))
        raw["at"] = dt.datetime.fromisoformat(raw["at"])
        return DailyOutcome(**raw)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def daily_due(backup_dir: Path, now: dt.datetime) -> bool:
    newest = daily_backups(backup_dir)
    if not newest:
        return True
    when = _stamp(newest[0])
    return when is None or now - when >= DUE_AFTER or when > now + dt.timedelta(hours=1)


def _prune(backup_dir: Path, keep: int) -> int:
    removed = 0
    for old in daily_backups(backup_dir)[max(keep, 1) :]:
        for item in (old, old.with_name(old.name + ".keyid")):
            with contextlib.suppress(OSError):
                item.unlink(missing_ok=True)
        removed += 1
    return removed


STATE_SIZE = 4096


def _record(backup_dir: Path, outcome: DailyOutcome) -> None:
    """Keep the outcome in a file of a fixed size, rewritten in place: a full disk (the very
    failure to report) has no block for a new file, but the old blocks can be overwritten."""
    from counter_protocol.durable import write_durably

    data = {**outcome.__dict__, "at": outcome.at.isoformat(timespec="seconds")}
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")[: STATE_SIZE - 1]
    padded = body + b" " * (STATE_SIZE - len(body))
    target = backup_dir / STATE_FILE
    with contextlib.suppress(OSError):  # unrecorded: the failure is still raised to the caller
        if target.is_file() and target.stat().st_size == STATE_SIZE:
            with target.open("r+b") as fh:
                fh.write(padded)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            write_durably(target, padded)


def run_daily_backup(
    db: Path, backup_dir: Path, *, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None
) -> DailyOutcome:
    """Make today's backup and prune the old ones; a failure is recorded and raised."""
    when = now or dt.datetime.now(dt.UTC)
    started = time.monotonic()
    result: BackupResult | None = None
    try:
        result = backup_database(db, backup_dir, label=DAILY_LABEL, verify="quick")
    except CounterError as exc:
        params = {k: str(v) for k, v in exc.params.items()}
        outcome = DailyOutcome(
            when, False, None, round(time.monotonic() - started, 2), 0, 0, exc.message, params
        )
        _record(backup_dir, outcome)
        raise
    pruned = _prune(backup_dir, keep)
    outcome = DailyOutcome(
        when,
        True,
        str(result.path),
        round(time.monotonic() - started, 2),
        result.size_bytes,
        pruned,
        None,
    )
    _record(backup_dir, outcome)
    return outcome


def run_if_due(
    db: Path, backup_dir: Path, *, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None
) -> DailyOutcome | None:
    """The daily backup when one is due and the database is not marked damaged (a damaged
    file is never copied over the good backups); None when nothing was due."""
    when = now or dt.datetime.now(dt.UTC)
    if marker_path(db).exists() or not db.exists() or not daily_due(backup_dir, when):
        return None
    try:
        return run_daily_backup(db, backup_dir, keep=keep, now=when)
    except StoreError:
        return last_outcome(backup_dir)
