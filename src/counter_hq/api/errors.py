"""Every error is an ``ErrorBody`` with a stable code; bad input is never a 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter_hq.errors import HQError
from counter_protocol.wire import ErrorBody

log = logging.getLogger("counter_hq")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    412: "protocol_version",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(code=code, message=message)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _describe(errors: Any) -> str:
    errors = list(errors)
    locs = [tuple(err.get("loc", ())) for err in errors]
    parts = []
    for err, where in list(zip(errors, locs, strict=True))[:10]:
        if any(len(other) > len(where) and other[: len(where)] == where for other in locs):
            continue  # e.g. "too short" of a list whose own item failed: the item says why
        loc = ".".join(str(p) for p in where if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)[:2000] or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HQError)
    async def _hq_error(_request: Request, exc: HQError) -> JSONResponse:
        headers = {}
        if "offset" in exc.extra:
            headers["Upload-Offset"] = str(exc.extra["offset"])
        if "retry_after" in exc.extra:  # 429: the counter waits at least this long
            headers["Retry-After"] = str(exc.extra["retry_after"])
        return error_response(exc.status, exc.code, exc.message, headers or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid", _describe(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal", "internal error; the request was not applied")
