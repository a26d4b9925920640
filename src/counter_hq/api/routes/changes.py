from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from counter_app.sync.protocol import MAX_PULL, PullResponse
from counter_hq.api.deps import SessionDep, StationDep
from counter_hq.backoffice import pull_changes

router = APIRouter(tags=["pull"])


@router.get("/changes", response_model=PullResponse)
def changes(
    station: StationDep,
    session: SessionDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = MAX_PULL,
) -> PullResponse:
    """Status events and catalog updates for this station after ``cursor``."""
    return pull_changes(session, station, cursor, limit)
