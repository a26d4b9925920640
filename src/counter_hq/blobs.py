"""Resumable, content-addressed blob upload.

A center uploads a blob in chunks at the offset HQ says it holds (``received``); every chunk is
checked against its own SHA-256 before it is written (and fsynced), and on completion the whole
file must hash to its address (a chunk at offset 0 that already hashes to the address is the
whole blob, kept at once: no completion call). Uploads are per center: a center owns a blob
only after sending every byte of it (proof of possession), so knowing a hash never grants
another center's scan; the bytes themselves are stored once (``blobs/ab/cd/<sha256>``) however
many centers own them.

Unfinished uploads are bounded per station (``UploadQuota``: bytes and count; beyond, 429
``upload_quota`` with a Retry-After, which the counter waits out) and expire: one untouched for
the expiry time is removed, row and file (``sweep_expired``: at start, periodically, before a
refusal for the station's own, and by `counter-hq blobs sweep`). Finished blobs are never swept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Table, and_, delete, func, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_hq.errors import ConflictError, HQError, Invalid, NotFoundError, TooLarge
from counter_hq.models import Base, Blob, BlobOwner, BlobUpload
from counter_hq.stations import StationRef
from counter_protocol.durable import TEMP_PREFIX, fsync_dir, write_durably
from counter_protocol.wire import MAX_CHUNK_BYTES, BlobState

_READ = 1024 * 1024


@dataclass(frozen=True)
class UploadQuota:
    """What one station's unfinished uploads may hold, and how long one may rest untouched."""

    max_bytes: int
    max_count: int
    expiry: dt.timedelta


class QuotaExceeded(HQError):
    """Retryable (429, like a busy HQ): the counter keeps the scan and tries again later."""

    status = 429
    code = "upload_quota"


@dataclass(frozen=True)
class Swept:
    uploads: int
    bytes: int


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def partial(self, center: str, sha256: str) -> Path:
        return self.root / "partial" / center / f"{sha256}.part"

    def sweep_temporary(self) -> int:
        """Remove the temporary files a killed HQ left behind (written, never renamed into
        place). Only safe before serving: a live upload's temporary file looks the same."""
        removed = 0
        if self.root.is_dir():
            for tmp in self.root.glob(f"*/*/{TEMP_PREFIX}*"):
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed


def _owned(session: Session, center: str, sha256: str) -> Blob | None:
    return session.execute(
        select(Blob)
        .join(BlobOwner, BlobOwner.sha256 == Blob.sha256)
        .where(Blob.sha256 == sha256, BlobOwner.center == center)
    ).scalar_one_or_none()


def missing_blobs(session: Session, center: str, hashes: Iterable[str]) -> list[str]:
    wanted = sorted(set(hashes))
    if not wanted:
        return []
    have = set(
        session.execute(
            select(BlobOwner.sha256).where(BlobOwner.center == center, BlobOwner.sha256.in_(wanted))
        ).scalars()
    )
    return [h for h in wanted if h not in have]


def blob_state(session: Session, station: StationRef, sha256: str) -> BlobState:
    """What this center holds of the blob; 404 when it has neither the blob nor an upload."""
    blob = _owned(session, station.center, sha256)
    if blob is not None:
        return BlobState(sha256=sha256, size=blob.size, received=blob.size, complete=True)
    upload = session.get(BlobUpload, (station.center, sha256))
    if upload is None:
        raise NotFoundError(f"no blob {sha256}")
    return BlobState(sha256=sha256, size=None, received=upload.received, complete=False)


def _lock_upload(session: Session, center: str, sha256: str) -> BlobUpload | None:
    return session.execute(
        select(BlobUpload)
        .where(BlobUpload.center == center, BlobUpload.sha256 == sha256)
        .with_for_update()
    ).scalar_one_or_none()


def put_chunk(
    session: Session,
    store: BlobStore,
    station: StationRef,
    sha256: str,
    offset: int,
    data: bytes,
    chunk_sha256: str | None,
    now: dt.datetime,
    quota: UploadQuota | None = None,
) -> BlobState:
    if len(data) > MAX_CHUNK_BYTES:
        raise TooLarge(f"a chunk holds at most {MAX_CHUNK_BYTES} bytes")
    if not data:
        raise Invalid("an empty chunk")
    if chunk_sha256 is None:
        raise Invalid("the Content-SHA256 header (the chunk's SHA-256) is required")
    digest = hashlib.sha256(data).hexdigest()
    if digest != chunk_sha256.strip().lower():
        raise Invalid(
            "the chunk does not match its Content-SHA256; it was discarded", code="hash_mismatch"
        )
    if offset == 0 and digest == sha256:  # held already or not: the same few statements
        return _keep_whole(session, store, station, sha256, data, now)
    owned = _owned(session, station.center, sha256)
    if owned is not None:  # a retry after completion: nothing more to hold
        return BlobState(sha256=sha256, size=owned.size, received=owned.size, complete=True)
    upload = _lock_upload(session, station.center, sha256)
    if upload is None:
        upload = BlobUpload(
            center=station.center,
            sha256=sha256,
            station_id=station.id,
            received=0,
            started_at=now,
            updated_at=now,
        )
        session.add(upload)
        try:
            session.flush()
        except IntegrityError:  # another request started the same upload: take its row
            session.rollback()
            upload = _lock_upload(session, station.center, sha256)
            assert upload is not None
    if offset != upload.received:
        received = upload.received
        session.rollback()
        raise ConflictError(
            f"offset {offset} does not match the {received} bytes held; resume at {received}",
            code="offset_mismatch",
            offset=received,
        )
    if quota is not None:
        starting = upload.received == 0
        _within_quota(session, store, station, sha256, len(data), starting, quota, now)
    part = store.partial(station.center, sha256)
    part.parent.mkdir(parents=True, exist_ok=True)
    with open(part, "r+b" if part.exists() else "w+b") as fh:
        fh.seek(offset)
        fh.write(data)
        fh.truncate(offset + len(data))  # drop bytes of a write whose commit was lost
        fh.flush()
        os.fsync(fh.fileno())
    upload.received = offset + len(data)
    upload.updated_at = now
    session.commit()
    return BlobState(sha256=sha256, size=None, received=upload.received, complete=False)


def _keep_whole(
    session: Session,
    store: BlobStore,
    station: StationRef,
    sha256: str,
    data: bytes,
    now: dt.datetime,
) -> BlobState:
    """A chunk at offset 0 that hashes to the blob's address is the whole blob, verified: it is
    kept at once (written, fsynced, renamed into place), with no upload left to complete.
    An earlier partial upload of it by this center is dropped."""
    final = store.path(sha256)
    if not final.exists():  # present: renamed into place only ever after verification
        if not final.parent.is_dir():  # one stat, instead of a mkdir failing most times
            final.parent.mkdir(parents=True, exist_ok=True)
        write_durably(final, data)
    size = len(data)
    held = {"sha": sha256, "size": size, "center": station.center, "sid": station.id}
    if session.get_bind().dialect.name == "postgresql":
        if not session.in_transaction():
            # The statement is atomic alone: run outside a transaction block, it saves the
            # BEGIN and COMMIT round trips (a third of a small scan's database time).
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        result = session.execute(_KEEP_PG, {**held, "now": now.astimezone(dt.UTC)})
        dropped = bool(result.scalar())
    else:
        # Whoever else keeps the same content at the same moment: one row each, no error.
        _insert_new(session, Blob, sha256=sha256, size=size, complete=True, created_at=now)
        _insert_new(
            session,
            BlobOwner,
            sha256=sha256,
            center=station.center,
            station_id=station.id,
            created_at=now,
        )
        deleted = session.execute(
            delete(BlobUpload)
            .where(BlobUpload.center == station.center, BlobUpload.sha256 == sha256)
            .execution_options(synchronize_session=False)
        )
        dropped = bool(cast(CursorResult[Any], deleted).rowcount)
    session.commit()
    if dropped:
        store.partial(station.center, sha256).unlink(missing_ok=True)
    return BlobState(sha256=sha256, size=size, received=size, complete=True)


# The same on PostgreSQL in one round trip. The commit need not wait for its own WAL flush
# (set_config(..., true) holds for the statement's own transaction, explicit or not):
# the bytes are durable already (fsynced, renamed, directory fsynced), and losing these rows
# in a crash only makes HQ ask for the scan again. The push that refers to the scan commits
# synchronously, which flushes the WAL up to and including these rows, so nothing is ever
# stored on their strength alone.
_KEEP_PG = text(
    """
    WITH blob AS (
        INSERT INTO blobs (sha256, size, complete, created_at)
        VALUES (:sha, :size, true, CAST(:now AS timestamptz) AT TIME ZONE 'UTC')
        ON CONFLICT DO NOTHING
    ), owner AS (
        INSERT INTO blob_owners (sha256, center, station_id, created_at)
        VALUES (:sha, :center, :sid, CAST(:now AS timestamptz) AT TIME ZONE 'UTC')
        ON CONFLICT DO NOTHING
    ), dropped AS (
        DELETE FROM blob_uploads WHERE center = :center AND sha256 = :sha RETURNING 1
    )
    SELECT (SELECT count(*) FROM dropped) > 0,
           set_config('synchronous_commit', 'off', true)
    """
)


def _insert_new(session: Session, model: type[Base], **values: Any) -> None:
    """INSERT, or nothing when the row's key is already there (SQLite)."""
    table = cast(Table, model.__table__)
    session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())


def _file_sha256(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        left = size
        while left > 0:
            block = fh.read(min(_READ, left))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def complete_blob(
    session: Session,
    store: BlobStore,
    station: StationRef,
    sha256: str,
    size: int,
    now: dt.datetime,
) -> BlobState:
    owned = _owned(session, station.center, sha256)
    if owned is not None:
        return BlobState(sha256=sha256, size=owned.size, received=owned.size, complete=True)
    upload = _lock_upload(session, station.center, sha256)
    if upload is None:
        # Another station of the center completed the same upload while this call waited for
        # its lock (the completion deletes the upload row).
        owned = _owned(session, station.center, sha256)
        if owned is not None:
            return BlobState(sha256=sha256, size=owned.size, received=owned.size, complete=True)
        raise NotFoundError(f"no upload of blob {sha256}")
    if upload.received != size:
        received = upload.received
        session.rollback()
        raise ConflictError(
            f"{received} bytes held, {size} declared; resume at {received}",
            code="offset_mismatch",
            offset=received,
        )
    part = store.partial(station.center, sha256)
    final = store.path(sha256)
    if part.exists():
        verified = _file_sha256(part, size) == sha256
    else:
        # A completion whose commit was lost (HQ stopped after the rename below) already put
        # these verified bytes in place; the upload row proves this center sent all of them.
        verified = final.exists() and _file_sha256(final, size) == sha256
    if not verified:
        session.delete(upload)
        session.commit()
        part.unlink(missing_ok=True)
        raise Invalid(
            "the uploaded bytes do not hash to the blob's address; upload discarded",
            code="hash_mismatch",
        )
    if part.exists() and final.exists():
        part.unlink()  # stored already (another center): the verified upload is redundant
    elif part.exists():
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "r+b") as fh:
            fh.truncate(size)
            os.fsync(fh.fileno())
        os.replace(part, final)
        fsync_dir(final.parent)
    if session.get(Blob, sha256) is None:
        try:
            with session.begin_nested():
                session.add(Blob(sha256=sha256, size=size, complete=True, created_at=now))
        except IntegrityError:
            pass  # another center completed the same content at the same moment
    session.add(
        BlobOwner(sha256=sha256, center=station.center, station_id=station.id, created_at=now)
    )
    session.delete(upload)
    session.commit()
    return BlobState(sha256=sha256, size=size, received=size, complete=True)


def _held(session: Session, station_id: int) -> tuple[int, int, dt.datetime | None]:
    count, held, oldest = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(BlobUpload.received), 0),
            func.min(BlobUpload.updated_at),
        ).where(BlobUpload.station_id == station_id)
    ).one()
    return int(count), int(held), oldest


def _within_quota(
    session: Session,
    store: BlobStore,
    station: StationRef,
    sha256: str,
    adding: int,
    starting: bool,
    quota: UploadQuota,
    now: dt.datetime,
) -> None:
    """Refuse a chunk that would take the station's unfinished uploads past its quota (counted
    with this upload's row, locked and, when starting, just inserted). Its own expired uploads
    are swept first: a station that left uploads behind is not refused for them."""

    def over() -> tuple[bool, dt.datetime | None]:
        count, held, oldest = _held(session, station.id)
        return (held + adding > quota.max_bytes or (starting and count > quota.max_count)), oldest

    exceeded, oldest = over()
    if exceeded and oldest is not None and oldest < now - quota.expiry:
        sweep_expired(
            session,
            store,
            now,
            quota.expiry,
            station_id=station.id,
            sparing=(station.center, sha256),
            commit=False,
        )
        exceeded, oldest = over()
    if not exceeded:
        return
    session.rollback()
    # Room comes back when the oldest unfinished upload expires (or the station completes one).
    wait = (oldest + quota.expiry - now).total_seconds() if oldest is not None else 60.0
    raise QuotaExceeded(
        f"station {station.label} holds the most unfinished uploads allowed "
        f"({quota.max_count} uploads, {quota.max_bytes} bytes); finish them or try again later",
        retry_after=min(3600, max(60, math.ceil(wait))),
    )


def sweep_expired(
    session: Session,
    store: BlobStore,
    now: dt.datetime,
    expiry: dt.timedelta,
    *,
    station_id: int | None = None,
    sparing: tuple[str, str] | None = None,
    commit: bool = True,
) -> Swept:
    """Remove the unfinished uploads untouched for ``expiry``: rows, then their files, then
    the commit (a concurrent chunk waits on the row's lock and finds it gone, so it starts the
    upload again at 0: it never writes into a file being removed). Files of uploads whose row
    was never committed (HQ stopped) go too, once as old by the file's own time."""
    stmt = delete(BlobUpload).where(BlobUpload.updated_at < now - expiry)
    if station_id is not None:
        stmt = stmt.where(BlobUpload.station_id == station_id)
    if sparing is not None:  # the upload being resumed, however old: it is in use
        stmt = stmt.where(~and_(BlobUpload.center == sparing[0], BlobUpload.sha256 == sparing[1]))
    gone = session.execute(
        stmt.returning(BlobUpload.center, BlobUpload.sha256),
        execution_options={"synchronize_session": False},
    ).all()
    uploads = freed = 0
    for center, sha256 in gone:
        uploads += 1
        freed += _unlink(store.partial(center, sha256))
    if station_id is None:
        freed += _sweep_orphans(session, store, expiry)
    if commit:
        session.commit()
    return Swept(uploads, freed)


def _unlink(path: Path) -> int:
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return 0
    return size


def _sweep_orphans(session: Session, store: BlobStore, expiry: dt.timedelta) -> int:
    root = store.root / "partial"
    if not root.is_dir():
        return 0
    before = time.time() - expiry.total_seconds()  # by the files' own clock
    freed = 0
    for part in root.glob("*/*.part"):
        try:
            if part.stat().st_mtime >= before:
                continue
        except FileNotFoundError:
            continue
        key = (part.parent.name, part.name.removesuffix(".part"))
        if session.get(BlobUpload, key) is None:
            freed += _unlink(part)
    return freed
