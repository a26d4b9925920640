"""Bounded request bodies, enforced before anything is parsed.

Content-Length is checked first (an honest oversize request is refused without reading it), then
the bytes actually received are counted as the app reads them (a lying or chunked request is cut
off at the limit, with the same 413), so HQ never holds more than the limit of one request in
memory. The body passes through untouched: a copy of every scan (two, with a replay buffer)
cost more than the counting.

The body must also arrive in time (``ReadDeadline``): a client that trickles it is answered 408
and its connection closed once ``COUNTER_HQ_BODY_TIMEOUT`` has passed since the request began,
plus a second for every ``COUNTER_HQ_BODY_MIN_RATE`` bytes received (a slow link's big body goes
through; a byte now and then gains nothing), so a few slow sockets cannot hold HQ's workers.
(The request head's own deadline, and a body nobody reads, are the server protocol's:
api/serving.py.)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import anyio
from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter_protocol.wire import API_PREFIX, MAX_BATCH_BYTES, MAX_CHUNK_BYTES, ErrorBody

DEFAULT_LIMIT = 64 * 1024
_CHUNK = re.compile(rf"^{re.escape(API_PREFIX)}/blobs/[^/]+/chunks/[^/]+$")
# The back office's forms (a bulk selection names up to a few hundred receipts) and its uploads:
# a complaint's answer file, a catalog, a holiday calendar.
OFFICE_FORM_LIMIT = 256 * 1024
OFFICE_UPLOAD_LIMIT = 12 * 1024 * 1024
_OFFICE_UPLOAD = re.compile(r"^/office/(complaints/[^/]+/answer|admin/catalogs|admin/calendar)$")


def limit_for(path: str) -> int:
    if path == f"{API_PREFIX}/push":
        return MAX_BATCH_BYTES
    if _CHUNK.match(path):
        return MAX_CHUNK_BYTES
    if path.startswith("/office/"):
        return OFFICE_UPLOAD_LIMIT if _OFFICE_UPLOAD.match(path) else OFFICE_FORM_LIMIT
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
                    await _refuse(413, "too_large", _too_large(limit))(scope, receive, send)
                    return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # Raised inside the app's read: FastAPI lets an HTTPException through its body
                # parsing, and the error handler answers 413 (nothing has been answered yet,
                # and nothing is stored from a body not wholly read).
                raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> str:
    return f"the body exceeds {limit} bytes"


class ReadDeadline:
    """Every ``receive`` of a request's body must return before ``seconds`` after the request
    began, one more per ``min_rate`` bytes received so far; later, the app's read raises 408
    (answered by the error handlers like the 413 above, with ``Connection: close``: the rest of
    the body is never read)."""

    def __init__(
        self,
        app: ASGIApp,
        seconds: float,
        min_rate: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.min_rate = min_rate
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = self.clock() + self.seconds
        body_done = False

        async def timed() -> Message:
            nonlocal body_done, deadline
            if body_done:  # waiting for a disconnect, not for the client's bytes
                return await receive()
            try:
                with anyio.fail_after(max(0.0, deadline - self.clock())):
                    message = await receive()
            except TimeoutError:
                raise HTTPException(
                    408,
                    f"the request body did not arrive within {self.seconds:g} s",
                    headers={"Connection": "close"},
                ) from None
            deadline += len(message.get("body", b"")) / self.min_rate
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed, send)
