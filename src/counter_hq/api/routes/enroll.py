from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from counter_hq.api.deps import NowDep, ServicesDep
from counter_hq.api.throttle import TooManyRequests
from counter_hq.errors import Unauthorized
from counter_hq.lineage import enrolled_facts
from counter_hq.security import sha256_hex
from counter_hq.stations import enroll
from counter_protocol.wire import EnrollRequest, EnrollResponse

router = APIRouter(tags=["enrollment"])


async def enrollment_slot(request: Request, services: ServicesDep) -> str:
    """The caller's address, once it has taken a token of its failed-enrollment bucket (on the
    event loop: a guesser is answered 429 without a trip to the thread pool or the database)."""
    guards = services.guards
    address = guards.addresses.of(request.scope)
    if (wait := guards.enroll.take(address)) > 0:
        raise TooManyRequests(
            "too many failed enrollments from this address; try again later", wait
        )
    return address


@router.post("/enroll", response_model=EnrollResponse)
def enroll_station(
    body: EnrollRequest,
    services: ServicesDep,
    now: NowDep,
    address: Annotated[str, Depends(enrollment_slot)],
) -> EnrollResponse:
    """Exchange a one-time enrollment code for the station's token (shown only this once)."""
    try:
        with services.sessions() as session:
            station, token = enroll(session, body.code, now, claim=body)
            replaces, highest = enrolled_facts(session, station.id)
    except Unauthorized:
        raise  # the token taken stays taken: that is the failure's cost
    except BaseException:
        services.guards.enroll.give_back(address)  # not a wrong code (e.g. the database)
        raise
    services.guards.enroll.give_back(address)
    services.guards.known.add(sha256_hex(token))
    return EnrollResponse(
        center=station.center,
        station_no=station.station_no,
        token=token,
        server_time=now,
        replaces=replaces,
        highest=highest,
    )
