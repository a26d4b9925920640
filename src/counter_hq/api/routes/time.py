from __future__ import annotations

from fastapi import APIRouter

from counter_app.sync.protocol import TimeResponse
from counter_hq.api.deps import NowDep

router = APIRouter(tags=["time"])


@router.get("/time", response_model=TimeResponse)
async def server_time(now: NowDep) -> TimeResponse:
    """HQ's clock, for the station's clock-skew check."""
    return TimeResponse(server_time=now)
