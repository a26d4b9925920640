"""Why talking to HQ failed, in words a clerk can act on, with the technical detail after them.

An error's text is ``"<English msgid>: <detail>"``: the msgid is translated where it is shown
(CLI, status bar), the detail (host, exception, errno) stays as it is, after the sentence, never
inside it. The same text is what the sync state stores as the last error, so a stored error is
translated when it is read (``stored_message``), like the print queue's errors.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from counter_app.domain.errors import N_
from counter_app.i18n import stored_message

__all__ = ["classify", "stored_message", "unreachable_detail"]

UNREACHABLE = N_("HQ cannot be reached; check the network")
REFUSED_CONNECTION = N_(
    "HQ cannot be reached; nothing answers at its address (is HQ's server running, is the "
    "address right?)"
)
NAME_NOT_FOUND = N_("HQ cannot be reached; its server's name is not found (check the address)")
TIMED_OUT = N_("HQ cannot be reached; it did not answer in time (it is tried again)")
NO_ROUTE = N_("HQ cannot be reached; there is no network route to it (check the connection)")
BROKE_OFF = N_("HQ cannot be reached; the connection broke off (it is tried again)")
TLS_FAILED = N_(
    "HQ cannot be reached; the secure connection failed (check this station's date and time "
    "and HQ's address and certificate)"
)
BUSY = N_("HQ is busy or had a fault (it is tried again)")
UNREADABLE = N_("HQ's answer could not be read (it is tried again)")

REFUSED = N_("HQ refused the request")
REFUSALS = {
    "unauthorized": N_("HQ does not accept this station's credentials; enroll the station again"),
    "forbidden": N_("HQ does not allow this station to do that"),
    "protocol_version": N_(
        "HQ speaks another version of the sync protocol; update this station's software"
    ),
    "clock_skew": N_(
        "This station's clock is too far from HQ's; set the right date and time, then sync again"
    ),
    "too_large": N_("HQ refused a batch as too large"),
}
BAD_ENROLLMENT_CODE = N_(
    "HQ refused the enrollment code (unknown, used or expired); ask HQ for a new code"
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what caused it, down to the socket (urllib3 keeps it in ``reason``)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        reason = getattr(item, "reason", None)
        todo += [
            reason if isinstance(reason, BaseException) else None,
            item.__cause__,
            item.__context__,
        ]
        todo += [a for a in getattr(item, "args", ()) if isinstance(a, BaseException)]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _root_words(found: list[BaseException]) -> str:
    """The innermost system error, short: ``ConnectionRefusedError [Errno 111]``."""
    for item in reversed(found):
        if isinstance(item, OSError) and type(item).__module__ in {"builtins", "socket", "ssl"}:
            code = f" [Errno {item.errno}]" if item.errno else ""
            return f"{type(item).__name__}{code}"
    return type(found[-1]).__name__ if found else ""


def classify(exc: BaseException) -> str:
    """The msgid for a failure to get an answer from HQ."""
    found = list(_chain(exc))
    kinds = tuple(type(e) for e in found)

    def has(*types: type[BaseException]) -> bool:
        return any(issubclass(k, types) for k in kinds)

    if has(requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError):
        return TLS_FAILED
    if has(socket.gaierror, urllib3.exceptions.NameResolutionError):
        return NAME_NOT_FOUND
    if has(ConnectionRefusedError):
        return REFUSED_CONNECTION
    if has(requests.Timeout, TimeoutError, socket.timeout, urllib3.exceptions.TimeoutError):
        return TIMED_OUT
    if any(
        isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH) for e in found
    ):
        return NO_ROUTE
    if has(
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
        http.client.RemoteDisconnected,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    ):
        return BROKE_OFF
    return UNREACHABLE


def unreachable_detail(exc: BaseException, url: str) -> str:
    found = list(_chain(exc))
    return f"{_host(url)}, {type(exc).__name__}" + (
        f", {_root_words(found)}" if _root_words(found) not in {"", type(exc).__name__} else ""
    )
