"""The newest app release, for a station to say when it is out of date (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter

from counter_hq.api.deps import CallerDep
from counter_hq.releases import current_release
from counter_protocol.release import RELEASE_PATH, ReleaseAnswer

router = APIRouter(tags=["release"])


@router.get(RELEASE_PATH, response_model=ReleaseAnswer)
def release(caller: CallerDep) -> ReleaseAnswer:
    """What `counter-hq release publish` last published (``release`` null when nothing was).
    Any enrolled station may ask; it says nothing of other stations."""
    with caller.work() as (session, _station):
        return ReleaseAnswer(release=current_release(session))
