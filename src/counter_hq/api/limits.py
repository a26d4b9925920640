"""Bounded request bodies, enforced before anything is parsed.

Content-Length is checked first (an honest oversize request is refused without reading it), then
the bytes actually received are counted (a lying or chunked request is cut off at the limit), so
HQ never holds more than the limit of one request in memory.
"""

from __future__ import annotations

import re

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter_app.sync.protocol import API_PREFIX, MAX_BATCH_BYTES, MAX_CHUNK_BYTES, ErrorBody

DEFAULT_LIMIT = 64 * 1024
_CHUNK = re.compile(rf"^{re.escape(API_PREFIX)}/blobs/[^/]+/chunks/[^/]+$")


def limit_for(path: str) -> int:
    if path == f"{API_PREFIX}/push":
        return MAX_BATCH_BYTES
    if _CHUNK.match(path):
        return MAX_CHUNK_BYTES
    return DEFAULT_LIMIT


def _refuse(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, message=message).model_dump(), status_code=status)


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        too_large = f"the body exceeds {limit} bytes"
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _refuse(400, "bad_request", "invalid Content-Length")(
                        scope, receive, send
                    )
                    return
                if declared > limit:
                    await _refuse(413, "too_large", too_large)(scope, receive, send)
                    return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await _refuse(413, "too_large", too_large)(scope, receive, send)
                return
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
