from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from counter_hq.api.deps import CallerDep, NowDep, check_client_clock
from counter_hq.ingest import Ingest
from counter_hq.signing import signer_for
from counter_protocol.wire import PushRequest, PushResponse

router = APIRouter(tags=["push"])


@router.post("/push", response_model=PushResponse, dependencies=[Depends(check_client_clock)])
def push(batch: PushRequest, caller: CallerDep, now: NowDep) -> Response:
    """A batch of outbox items (<= MAX_BATCH_ITEMS, <= MAX_BATCH_BYTES): one result per item."""
    with caller.work() as (session, station):
        signer = signer_for(caller.services.settings.data_dir)
        results = Ingest(session, station, now, signer).run(batch.items)
    answer = PushResponse(results=tuple(results), server_time=now)
    # Serialised once, here (the model is already valid: no second validation on the way out).
    return Response(answer.model_dump_json(), media_type="application/json")
