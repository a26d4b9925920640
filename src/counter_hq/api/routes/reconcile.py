from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from counter_hq.api.deps import CallerDep, NowDep
from counter_hq.backoffice import reconcile
from counter_hq.recovery import find_missing
from counter_protocol.wire import MissingAnswer, MissingQuery, ReconcileResponse

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


@router.post("/reconcile/missing", response_model=MissingAnswer)
def reconcile_missing(query: MissingQuery, caller: CallerDep, now: NowDep) -> MissingAnswer:
    """Of the outbox items, HQ steps and scans the station lists (<= MAX_RECOVER_KEYS), those
    HQ does not hold (restored from a backup): the station sends them again. A scan whose row
    outlived its file is dropped here, so that it is uploaded again."""
    with caller.work() as (session, station):
        return find_missing(session, station, caller.services.blobs, query, now)
