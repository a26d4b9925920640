from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from counter_hq.api.deps import CallerDep, NowDep
from counter_hq.blobs import blob_state, complete_blob, put_chunk
from counter_protocol.wire import MAX_CHUNK_BYTES, BlobState

router = APIRouter(prefix="/blobs", tags=["blobs"])

ShaPath = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


class BlobComplete(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: Annotated[int, Field(ge=1, le=2**40)]


async def raw_body(request: Request) -> bytes:
    return await request.body()


def _headers(state: BlobState) -> dict[str, str]:
    headers = {
        "Upload-Offset": str(state.received),
        "Blob-Complete": "true" if state.complete else "false",
    }
    if state.size is not None:
        headers["Blob-Size"] = str(state.size)
    return headers


@router.head("/{sha256}", response_class=Response)
def head_blob(sha256: ShaPath, caller: CallerDep) -> Response:
    """200 with Upload-Offset (bytes held) and Blob-Complete headers, or 404."""
    with caller.work() as (session, station):
        state = blob_state(session, station, sha256)
    return Response(status_code=200, headers=_headers(state))


@router.get("/{sha256}", response_model=BlobState)
def get_blob_state(sha256: ShaPath, caller: CallerDep) -> BlobState:
    """What this center holds of the blob (never its content)."""
    with caller.work() as (session, station):
        return blob_state(session, station, sha256)


@router.put(
    "/{sha256}/chunks/{offset}",
    response_model=BlobState,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {
                    "schema": {"type": "string", "format": "binary", "maxLength": MAX_CHUNK_BYTES}
                }
            },
        }
    },
)
def put_blob_chunk(
    sha256: ShaPath,
    offset: Annotated[int, Path(ge=0)],
    caller: CallerDep,
    now: NowDep,
    data: Annotated[bytes, Depends(raw_body)],
    content_sha256: Annotated[str | None, Header(alias="Content-SHA256")] = None,
) -> Response:
    """Append one chunk at ``offset`` (must equal the bytes held: 409 tells where to resume)."""
    with caller.work() as (session, station):
        blobs = caller.services.blobs
        quota = caller.services.upload_quota
        state = put_chunk(session, blobs, station, sha256, offset, data, content_sha256, now, quota)
    return Response(state.model_dump_json(), media_type="application/json", headers=_headers(state))


@router.post("/{sha256}/complete", response_model=BlobState)
def complete(
    sha256: ShaPath,
    body: BlobComplete,
    caller: CallerDep,
    now: NowDep,
) -> BlobState:
    """Verify the whole file against its address and keep it (already complete: 200)."""
    with caller.work() as (session, station):
        return complete_blob(session, caller.services.blobs, station, sha256, body.size, now)
