"""Errors with an HTTP status and a stable code; the API turns them into ``ErrorBody``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class HQError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra

    def text(self, translate: Callable[[str], str]) -> str:
        """The message in the reader's language. Back-office use cases raise with a fixed
        msgid and its parameters in ``extra`` ("no request {receipt}", receipt=...); older
        callers pass finished English text, which has no translation and no parameters."""
        words = translate(self.message)
        if not self.extra:
            return words
        try:
            return words.format(**{k: v for k, v in self.extra.items() if k != "code"})
        except (KeyError, IndexError, ValueError):
            return words


class Invalid(HQError):
    status = 422
    code = "invalid"


class Unauthorized(HQError):
    status = 401
    code = "unauthorized"


class Forbidden(HQError):
    status = 403
    code = "forbidden"


class NotFoundError(HQError):
    status = 404
    code = "not_found"


class ConflictError(HQError):
    status = 409
    code = "conflict"


class TooLarge(HQError):
    status = 413
    code = "too_large"
