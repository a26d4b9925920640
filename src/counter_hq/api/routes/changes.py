from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from counter_hq.api.deps import CallerDep
from counter_hq.backoffice import pull_changes
from counter_protocol.wire import MAX_PULL, PullResponse

router = APIRouter(tags=["pull"])


@router.get("/changes", response_model=PullResponse)
def changes(
    caller: CallerDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = MAX_PULL,
    mark: Annotated[str | None, Query(pattern=r"^[0-9a-f]{32}$")] = None,
) -> PullResponse:
    """Status events and catalog updates for this station after ``cursor``. ``mark``: the
    ``cursor_mark`` HQ gave with that cursor (409 cursor_ahead when this feed's change at
    ``cursor`` is another one: HQ was restored from a backup)."""
    with caller.work() as (session, station):
        return pull_changes(session, station, cursor, limit, mark)
