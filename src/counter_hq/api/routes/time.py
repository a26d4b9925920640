from __future__ import annotations

from fastapi import APIRouter

from counter_hq.api.deps import NowDep
from counter_protocol.wire import TimeResponse

router = APIRouter(tags=["time"])


@router.get("/time", response_model=TimeResponse)
async def server_time(now: NowDep) -> TimeResponse:
    """HQ's clock, for the station's clock-skew check."""
    return TimeResponse(server_time=now)
