"""Online backups with SQLite's backup API, verified before they are trusted."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.errors import N_, StoreError
from counter_app.store import sqlite_driver
from counter_app.store.integrity import (
    DatabaseDamaged,
    record_full_check,
    refuse_if_damaged,
    run_check,
)
from counter_app.store.keys import key_for, write_key_id
from counter_protocol.durable import fsync_dir

_UNWRITABLE: tuple[type[BaseException], ...] = (*sqlite_driver.ERRORS, OSError)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    tables: dict[str, int]


def _row_counts(conn: sqlite_driver.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _discard(target: Path) -> None:
    for item in (target, *(target.with_name(target.name + s) for s in ("-journal", ".keyid"))):
        # Still open (Windows): the restore's listing skips it as failing its check.
        with contextlib.suppress(OSError):
            item.unlink(missing_ok=True)


def backup_database(
    source: Path, target_dir: Path, *, label: str = "backup", verify: str = "full"
) -> BackupResult:
    """Copy a live database (other connections may keep writing) and verify the copy.

    Verification: the copy passes ``integrity_check`` and has the same row counts as the source
    had at the moment of the copy (both read inside one read transaction on the source).
    The source gets a full ``integrity_check`` first, in the same snapshot: a damaged file is
    marked (no more writes) and not copied, so a damaged backup never becomes the newest one.

    ``verify="quick"`` (the rolling daily backup, store/rolling_backups.py) leaves the source's
    full check to the daily one (integrity.DailyCheck) and checks the copy with ``quick_check``,
    which still reads (and, encrypted, authenticates) every page: on a 1M-request database the
    two full checks alone took four minutes, the quick one a tenth of it.
    """
    quick = verify == "quick"
    refuse_if_damaged(source)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            N_("Cannot create the backup folder {path}: {detail}"),
            path=str(target_dir),
            detail=exc.strerror or str(exc),
        ) from exc
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = target_dir / f"counter-{label}-{stamp}.sqlite3"
    # Written under a name no listing takes for a backup, renamed once verified: a copy cut
    # short by a kill or a full disk is never counted (restore, the daily roll) as one.
    target = target_dir / f".counter-{label}-{stamp}.partial"
    key = key_for(source)
    src = sqlite_driver.connect(source, key=key.secret if key else None, isolation_level=None)
    try:
        src.execute("BEGIN")  # a snapshot: counts and the copied pages agree
        if not quick:
            started = time.monotonic()
            faults = run_check(src, quick=False)
            record_full_check(source, faults, time.monotonic() - started)
            if faults:
                raise DatabaseDamaged(source)
        expected = _row_counts(src)
        try:
            # Same key as the source: SQLCipher's backup copies pages as they are (encrypted).
            dst = sqlite_driver.connect(target, key=key.secret if key else None, verify=False)
        except _UNWRITABLE as exc:
            _discard(target)
            raise StoreError(
                N_("Cannot write the backup to {path}: {detail}"), path=str(target), detail=str(exc)
            ) from exc
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            ok = _verify_copy(dst, quick=quick, encrypted=key is not None)
            got = _row_counts(dst)
        except sqlite_driver.ERRORS as exc:
            dst.close()
            _discard(target)  # a half-written copy must neither pass for a backup nor fill the disk
            raise StoreError(
                N_("Cannot write the backup to {path}: {detail}"), path=str(target), detail=str(exc)
            ) from exc
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    if ok != "ok" or got != expected:
        target.rename(final.with_suffix(".failed"))
        raise StoreError(N_("The backup {path} failed verification"), path=str(final))
    try:
        if key is not None:  # the key's name first: a backup is never there without it
            write_key_id(final, key.key_id)
        os.replace(target, final)
        fsync_dir(target_dir)
    except OSError as exc:
        _discard(target)
        _discard(final)
        raise StoreError(
            N_("Cannot write the backup to {path}: {detail}"),
            path=str(final),
            detail=exc.strerror or str(exc),
        ) from exc
    return BackupResult(path=final, size_bytes=final.stat().st_size, tables=got)


def _verify_copy(dst: sqlite_driver.Connection, *, quick: bool, encrypted: bool) -> str:
    """ "ok" when the copy opens whole. The daily (quick) check of an encrypted copy is
    SQLCipher's ``cipher_integrity_check``: every page's HMAC checked, without the b-tree walk
    (on the 1M-request database 16 s against 33 s for ``quick_check``; the copy's b-trees are
    still walked by the row counts that follow, and the source's by the daily full check)."""
    if quick and encrypted:
        faults = [str(r[0]) for r in dst.execute("PRAGMA cipher_integrity_check")]
        return "ok" if not faults else "; ".join(faults[:5])
    check = "quick_check" if quick else "integrity_check"
    return str(dst.execute(f"PRAGMA {check}").fetchone()[0])
