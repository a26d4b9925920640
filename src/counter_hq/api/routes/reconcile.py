from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from counter_hq.api.deps import CallerDep
from counter_hq.backoffice import reconcile
from counter_protocol.wire import ReconcileResponse

router = APIRouter(tags=["reconcile"])


@router.get("/reconcile", response_model=ReconcileResponse)
def reconcile_days(
    caller: CallerDep,
    start: Annotated[dt.date, Query()],
    end: Annotated[dt.date, Query()],
) -> ReconcileResponse:
    """Per local day (Asia/Damascus) of ``received_at``: count and digest of the sorted UUIDs."""
    with caller.work() as (session, station):
        days = reconcile(session, station, start, end)
    return ReconcileResponse(center=station.center, station_no=station.station_no, days=days)
