from __future__ import annotations

from fastapi import APIRouter

from counter_hq.api.deps import NowDep, ServicesDep
from counter_hq.stations import enroll
from counter_protocol.wire import EnrollRequest, EnrollResponse

router = APIRouter(tags=["enrollment"])


@router.post("/enroll", response_model=EnrollResponse)
def enroll_station(body: EnrollRequest, services: ServicesDep, now: NowDep) -> EnrollResponse:
    """Exchange a one-time enrollment code for the station's token (shown only this once)."""
    with services.sessions() as session:
        station, token = enroll(session, body.code, now)
    return EnrollResponse(
        center=station.center, station_no=station.station_no, token=token, server_time=now
    )
