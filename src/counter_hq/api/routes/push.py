from __future__ import annotations

from fastapi import APIRouter

from counter_app.sync.protocol import PushRequest, PushResponse
from counter_hq.api.deps import NowDep, SessionDep, StationDep
from counter_hq.ingest import Ingest

router = APIRouter(tags=["push"])


@router.post("/push", response_model=PushResponse)
def push(batch: PushRequest, station: StationDep, session: SessionDep, now: NowDep) -> PushResponse:
    """A batch of outbox items (<= MAX_BATCH_ITEMS, <= MAX_BATCH_BYTES): one result per item."""
    results = Ingest(session, station, now).run(batch.items)
    return PushResponse(results=tuple(results), server_time=now)
