"""What a station must send again after HQ was restored from a backup.

A restore takes HQ back to the moment of its backup: items pushed since (requests, events,
scans, archive records), their ``received_items`` rows and HQ's own status steps made since are
gone, while the station has marked them sent. The station asks (``POST /reconcile/missing``)
with what it holds; HQ answers what it lacks, and the station pushes those items again under
their own ids (HQ's idempotency keys: nothing can double).

Scans: a blob folder restored from an older copy than the database leaves rows that claim a file
HQ no longer has. HQ would answer "held" for ever and the station would never upload it again,
so a row whose file is absent or of the wrong size is dropped here (with every center's claim on
it, since the bytes are gone for all) and the file, if any, moved aside for a person: every
station whose scan it is uploads it again. Only the size is checked (a stat, not a read of the
whole file): damage inside a file of the right size is the blob store's own check.

HQ's own steps come back signed (signing.py): see :func:`check_hq_event`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter_app.domain.status import Status
from counter_hq.blobs import BlobStore
from counter_hq.models import Blob, BlobOwner, HqRequestEvent, ReceivedItem
from counter_hq.signing import Signer, step_message
from counter_hq.stations import StationRef
from counter_protocol.wire import MissingAnswer, MissingQuery

log = logging.getLogger(__name__)
DAMAGED_DIR = "damaged"  # under the blob root: files moved aside because their row was wrong


def find_missing(
    session: Session,
    station: StationRef,
    store: BlobStore,
    query: MissingQuery,
    now: dt.datetime,
) -> MissingAnswer:
    """Of what the station lists, what HQ does not hold (see the module's words)."""
    items = set(query.items)
    held_items = (
        set(
            session.execute(
                select(ReceivedItem.item_id).where(ReceivedItem.item_id.in_(items))
            ).scalars()
        )
        if items
        else set()
    )
    steps = set(query.hq_events)
    held_steps = (
        set(
            session.execute(
                select(HqRequestEvent.uuid).where(
                    HqRequestEvent.uuid.in_(steps), HqRequestEvent.origin == "hq"
                )
            ).scalars()
        )
        if steps
        else set()
    )
    missing_blobs, dropped = _missing_blobs(session, station, store, set(query.blobs), now)
    session.commit()
    return MissingAnswer(
        items=tuple(sorted(items - held_items)),
        hq_events=tuple(sorted(steps - held_steps)),
        blobs=tuple(sorted(missing_blobs)),
        dropped_blobs=tuple(sorted(dropped)),
    )


def _missing_blobs(
    session: Session, station: StationRef, store: BlobStore, wanted: set[str], now: dt.datetime
) -> tuple[set[str], set[str]]:
    if not wanted:
        return set(), set()
    owned = dict(
        session.execute(
            select(Blob.sha256, Blob.size)
            .join(BlobOwner, BlobOwner.sha256 == Blob.sha256)
            .where(BlobOwner.center == station.center, Blob.sha256.in_(wanted))
        )
        .tuples()
        .all()
    )
    lost = {sha for sha, size in owned.items() if not _intact(store, sha, size)}
    for sha in sorted(lost):
        _move_aside(store, sha, now)
        session.execute(delete(BlobOwner).where(BlobOwner.sha256 == sha))
        session.execute(delete(Blob).where(Blob.sha256 == sha))
        log.warning("blob %s had a row but no intact file: row dropped, to be uploaded again", sha)
    return (wanted - set(owned)) | lost, lost


def _intact(store: BlobStore, sha256: str, size: int) -> bool:
    try:
        return store.path(sha256).stat().st_size == size
    except FileNotFoundError:
        return False


def _move_aside(store: BlobStore, sha256: str, now: dt.datetime) -> None:
    """A file of the wrong size is kept for a person, out of the store's namespace (an upload
    never replaces a file in place: it would keep the damaged one)."""
    path = store.path(sha256)
    if not path.exists():
        return
    aside = store.root / DAMAGED_DIR / f"{sha256}.{now.astimezone(dt.UTC):%Y%m%dT%H%M%S}"
    aside.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, aside)


# -- HQ's own steps, returned by a station -----------------------------------------------------

_Sig = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class HqStepIn(BaseModel):
    """What HQ reads of a returned step before it trusts it (the schema of ``hq.event`` is in
    counter_protocol/payloads.py; this is the part the signature covers)."""

    model_config = ConfigDict(extra="ignore")

    uuid: Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]
    request_uuid: Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]
    status: Status
    at: dt.datetime
    actor: Annotated[str, Field(max_length=100)]
    reason: str | None = None
    signature: _Sig


@dataclass(frozen=True)
class HqStep:
    step: HqStepIn

    def row(self, center: str, now: dt.datetime) -> dict[str, Any]:
        """The ``request_events`` row: HQ's step again, as HQ made it."""
        s = self.step
        return {
            "uuid": s.uuid,
            "request_uuid": s.request_uuid,
            "center": center,
            "status": s.status.value,
            "at": s.at,
            "actor": s.actor.strip(),
            "station": "HQ",
            "reason": s.reason.strip() if s.reason else None,
            "origin": "hq",
            "ingested_at": now,
        }


class StepRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_hq_event(
    payload: dict[str, Any],
    entity_uuid: str,
    signer: Signer | None,
    request_owner: Callable[[str], tuple[str, int] | None],
    station: StationRef,
    numbers: Callable[[], Collection[int]] | None = None,
) -> HqStep:
    """A returned HQ step HQ can take as its own, or StepRefused saying why not.

    The signature must verify with HQ's key (a station cannot forge an HQ decision); the step's
    request, when HQ holds it, must be one of this station's (HQ sent the step to it alone).
    ``request_owner`` gives a request's (center, station number); ``numbers`` the station
    numbers whose requests count as this station's (its own, and its predecessors' where it is
    their database renumbered: stations.station_numbers), asked only when they differ.
    """
    if signer is None:
        raise StepRefused("this HQ cannot check its signatures (no signing key)")
    try:
        step = HqStepIn.model_validate(payload)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise StepRefused(f"invalid payload: {where}: {first['msg']}"[:300]) from None
    if step.at.tzinfo is None:
        raise StepRefused("invalid payload: at: the time needs its UTC offset")
    if step.uuid != entity_uuid:
        raise StepRefused("entity_uuid differs from the payload's uuid")
    message = step_message(
        event_uuid=step.uuid,
        request_uuid=step.request_uuid,
        status=step.status.value,
        at=step.at,
        actor=step.actor,
        reason=step.reason,
    )
    if not signer.verify(message, step.signature):
        raise StepRefused("HQ's signature does not verify: not a step this HQ made")
    owner = request_owner(step.request_uuid)
    if owner is not None:
        center, number = owner
        if center != station.center:
            raise StepRefused("unknown request")  # another center's: never say whose
        if number != station.station_no and (numbers is None or number not in numbers()):
            raise StepRefused("the step belongs to another station's request")
    return HqStep(step)
