"""A complaint answer's file, for the station whose request it answers (the counter keeps it
beside the answer it pulled: sync/answer_files.py). Read only: stations never write here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from counter_hq.api.deps import CallerDep
from counter_hq.office.complaints import answer_file_for_station

router = APIRouter(prefix="/answer-files", tags=["complaints"])

ShaPath = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


@router.get(
    "/{sha256}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def get_answer_file(sha256: ShaPath, caller: CallerDep) -> Response:
    """The file's bytes (its name and size came with the answer), or 404."""
    with caller.work() as (session, station):
        data = answer_file_for_station(session, caller.services.blobs, station, sha256)
    return Response(content=data, media_type="application/octet-stream")
