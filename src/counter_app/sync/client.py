"""HTTP client of the HQ sync API (requests), with typed errors and a timeout on every call.

``HqUnreachable`` is retryable (no connection, timeout, 5xx/429, a truncated or unreadable
body). ``HqRefused`` is HQ saying no (401/403/409/412/413/422 and other 4xx): never retried
automatically; the worker shrinks a batch on 413 and isolates the culprit on 409/422.

HQ's address is https (plain http only to this computer, sync/tls.py) and its certificate is
always verified: against the system's authorities, or a ministry's own CA file (``ca_file``).
The choice is passed with every call, so a ``REQUESTS_CA_BUNDLE`` in the environment cannot
replace it, and redirects are not followed (none may lead to plain http).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from counter_app.sync import errors as why
from counter_app.sync.backoff import parse_retry_after
from counter_app.sync.tls import clean_url
from counter_protocol.release import MAX_RELEASE_BYTES, RELEASE_PATH
from counter_protocol.wire import (
    API_PREFIX,
    CLIENT_TIME_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    AuditTipAnswer,
    AuditTipReport,
    BlobState,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    MissingAnswer,
    MissingQuery,
    PullResponse,
    PushItem,
    PushRequest,
    PushResponse,
    ReconcileResponse,
    TimeResponse,
)

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Timeout = (3.05, 30.0)
_M = TypeVar("_M", bound=BaseModel)
# Statuses that mean "try again later"; every other 4xx is a refusal.
_RETRYABLE = frozenset({408, 425, 429})


class HqError(Exception):
    """Base of every failure talking to HQ: ``"<msgid>: <technical detail>"`` (sync/errors.py).

    ``render`` gives the clerk's language; ``str()`` is the English form the sync state stores
    (and translates when read, errors.stored_message)."""

    def __init__(self, msgid: str, detail: str = "") -> None:
        super().__init__(msgid + (f": {detail}" if detail else ""))
        self.msgid = msgid
        self.detail = detail

    def render(self, translate: Callable[[str], str]) -> str:
        return translate(self.msgid) + (f": {self.detail}" if self.detail else "")


class HqUnreachable(HqError):
    """HQ could not be reached or answered unusably; try again later (after ``retry_after``)."""

    def __init__(self, reason: str, *, retry_after: float | None = None, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = str(self)
        self.retry_after = retry_after


class HqRefused(HqError):
    """HQ understood and refused; retrying the same call will not help."""

    def __init__(self, status: int, code: str, message: str, *, msgid: str | None = None) -> None:
        super().__init__(
            msgid or why.REFUSALS.get(code, why.REFUSED),
            f"{status} {code}" + (f", {message}" if message else ""),
        )
        self.status = status
        self.code = code
        self.message = message


def _decode(resp: requests.Response, model: type[_M]) -> _M:
    try:
        return model.model_validate_json(resp.content)
    except (ValidationError, ValueError) as exc:
        raise HqUnreachable(
            why.UNREADABLE, detail=f"{resp.status_code}, {type(exc).__name__}"
        ) from None


def _error_of(resp: requests.Response) -> ErrorBody:
    try:
        body = resp.json()
        if isinstance(body, dict) and "detail" in body and "code" not in body:
            body = body["detail"]  # FastAPI's HTTPException wraps the body in "detail"
        if isinstance(body, dict):
            return ErrorBody(
                code=str(body.get("code", "http_error")), message=str(body.get("message", ""))
            )
        return ErrorBody(code="http_error", message=str(body)[:500])
    except ValueError:
        return ErrorBody(code="http_error", message=resp.text[:500] or resp.reason or "")


def _send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: Timeout,
    headers: dict[str, str],
    verify: str | bool = True,
    max_bytes: int | None = None,
    **kwargs: Any,
) -> requests.Response:
    """``max_bytes``: read at most one byte more than that of the body (the caller refuses a
    longer one), so an answer that never ends is not read whole into memory."""
    try:
        resp = session.request(
            method,
            url,
            timeout=timeout,
            headers=headers,
            verify=verify or True,  # never off, whatever a caller passes
            allow_redirects=False,
            stream=max_bytes is not None,
            **kwargs,
        )
        if max_bytes is None:
            _ = resp.content  # read the whole body now, so a cut-off body is an error here
        else:
            resp._content = _read_at_most(resp, max_bytes + 1)
    except requests.RequestException as exc:
        # Not urllib3's own sentence (pool, retries, object addresses): what it means, then
        # the host and the system error behind it.
        raise HqUnreachable(why.classify(exc), detail=why.unreachable_detail(exc, url)) from None
    if resp.status_code >= 500 or resp.status_code in _RETRYABLE:
        raise HqUnreachable(
            why.BUSY,
            detail=f"{resp.status_code} {resp.reason or ''}".strip(),
            retry_after=parse_retry_after(resp.headers.get("Retry-After")),
        )
    if resp.status_code >= 400:
        err = _error_of(resp)
        raise HqRefused(resp.status_code, err.code, err.message)
    return resp


def _read_at_most(resp: requests.Response, limit: int) -> bytes:
    body = bytearray()
    try:
        for chunk in resp.iter_content(chunk_size=16 * 1024):
            body += chunk
            if len(body) >= limit:
                break
    finally:
        resp.close()
    return bytes(body[:limit])


class HqClient:
    """One station's connection to HQ. Thread-compatible: use one client per thread."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.base_url = clean_url(base_url)
        self.verify: str | bool = str(ca_file) if ca_file else True
        self.clock = clock  # the station's clock, told to HQ with each push
        self.timeout = timeout
        self.session = session or requests.Session()
        self._headers = {
            PROTOCOL_HEADER: PROTOCOL_VERSION,
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
        }

    def close(self) -> None:
        self.session.close()

    def _url(self, path: str) -> str:
        return f"{self.base_url}{API_PREFIX}{path}"

    def _call(
        self,
        method: str,
        path: str,
        model: type[_M],
        *,
        extra: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> _M:
        headers = {**self._headers, **(extra or {})}
        resp = _send(
            self.session,
            method,
            self._url(path),
            timeout=self.timeout,
            headers=headers,
            verify=self.verify,
            **kwargs,
        )
        return _decode(resp, model)

    def _json(self, body: BaseModel) -> dict[str, Any]:
        return {
            "data": body.model_dump_json().encode("utf-8"),
            "extra": {"Content-Type": "application/json"},
        }

    @staticmethod
    def enroll(
        base_url: str,
        code: str,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        ca_file: Path | None = None,
        claim: EnrollRequest | None = None,
    ) -> EnrollResponse:
        """Exchange a one-time enrollment code for this station's credentials; ``claim`` (the
        code with what the database is: sync/station_claim.py) is sent in its place."""
        url = f"{clean_url(base_url)}{API_PREFIX}/enroll"
        own = session or requests.Session()
        try:
            resp = _send(
                own,
                "POST",
                url,
                timeout=timeout,
                verify=str(ca_file) if ca_file else True,
                headers={
                    PROTOCOL_HEADER: PROTOCOL_VERSION,
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
                data=(claim or EnrollRequest(code=code)).model_dump_json().encode("utf-8"),
            )
            return _decode(resp, EnrollResponse)
        except HqRefused as exc:
            if exc.status != 401:
                raise
            raise HqRefused(
                exc.status, exc.code, exc.message, msgid=why.BAD_ENROLLMENT_CODE
            ) from None
        finally:
            if session is None:
                own.close()

    def push(self, items: Sequence[PushItem]) -> PushResponse:
        body = self._json(PushRequest(items=tuple(items)))
        if self.clock is not None:
            body["extra"] = {**body["extra"], CLIENT_TIME_HEADER: self.clock().isoformat()}
        return self._call("POST", "/push", PushResponse, **body)

    def audit_tip(self, report: AuditTipReport) -> AuditTipAnswer:
        """Report the audit chain's tip; HQ judges it against the tip it holds."""
        return self._call("POST", "/audit-tip", AuditTipAnswer, **self._json(report))

    def blob_state(self, sha256: str) -> BlobState:
        """What HQ holds of a blob; nothing yet (404) is ``received=0``."""
        try:
            return self._call("GET", f"/blobs/{sha256}", BlobState)
        except HqRefused as exc:
            if exc.status == 404:
                return BlobState(sha256=sha256, size=None, received=0, complete=False)
            raise

    def put_chunk(
        self, sha256: str, offset: int, data: bytes, *, data_sha256: str | None = None
    ) -> BlobState:
        """Send ``data`` at ``offset``; ``data_sha256`` is its hash when the caller has it."""
        return self._call(
            "PUT",
            f"/blobs/{sha256}/chunks/{offset}",
            BlobState,
            data=data,
            extra={
                "Content-Type": "application/octet-stream",
                "Content-SHA256": data_sha256 or hashlib.sha256(data).hexdigest(),
            },
        )

    def complete_blob(self, sha256: str, size: int) -> BlobState:
        body = json.dumps({"size": size}).encode("ascii")
        return self._call(
            "POST",
            f"/blobs/{sha256}/complete",
            BlobState,
            data=body,
            extra={"Content-Type": "application/json"},
        )

    def answer_file(self, sha256: str) -> bytes:
        """A complaint answer's file (sync/answer_files.py); HqRefused 404 when HQ has none
        for this station. The caller checks the bytes against ``sha256``."""
        headers = {**self._headers, "Accept": "application/octet-stream"}
        resp = _send(
            self.session,
            "GET",
            self._url(f"/answer-files/{sha256}"),
            timeout=self.timeout,
            headers=headers,
            verify=self.verify,
        )
        return resp.content

    def changes(self, cursor: int, limit: int, mark: str | None = None) -> PullResponse:
        params: dict[str, str | int] = {"cursor": cursor, "limit": limit}
        if mark is not None:
            params["mark"] = mark
        return self._call("GET", "/changes", PullResponse, params=params)

    def reconcile(self, start: dt.date, end: dt.date) -> ReconcileResponse:
        return self._call(
            "GET",
            "/reconcile",
            ReconcileResponse,
            params={"start": start.isoformat(), "end": end.isoformat()},
        )

    def missing(self, query: MissingQuery) -> MissingAnswer:
        """Of what this station lists, what HQ lacks (restored from a backup: sync/recover.py)."""
        return self._call("POST", "/reconcile/missing", MissingAnswer, **self._json(query))

    def time(self) -> TimeResponse:
        return self._call("GET", "/time", TimeResponse)

    def release_body(self) -> bytes | None:
        """HQ's newest app release as HQ sent it (sync/pull_release.py checks it before
        anything of it is kept); None from an HQ older than the route (404)."""
        try:
            resp = _send(
                self.session,
                "GET",
                self._url(RELEASE_PATH),
                timeout=self.timeout,
                headers=self._headers,
                verify=self.verify,
                max_bytes=MAX_RELEASE_BYTES,
            )
        except HqRefused as exc:
            if exc.status == 404:
                return None
            raise
        return resp.content


def push_body_size(items: Sequence[PushItem]) -> int:
    """Bytes of the JSON body ``push`` would send (what HQ's size limit counts)."""
    return len(json.dumps({"items": []})) + sum(len(i.model_dump_json()) + 1 for i in items)
