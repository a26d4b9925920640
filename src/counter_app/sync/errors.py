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
# What verification said of HQ's certificate (the codes are OpenSSL's X509_V_ERR_*).
TLS_UNTRUSTED = N_(
    "HQ's certificate is not signed by an authority this station trusts; if HQ uses the "
    "ministry's own certificate authority, enroll again with --ca-file and its file"
)
TLS_WRONG_HOST = N_(
    "HQ's certificate is not made out for the address this station uses; check HQ's address "
    "(it must be a name or address written in HQ's certificate)"
)
TLS_EXPIRED = N_(
    "HQ's certificate has expired or is not valid yet; check this station's date and time, "
    "otherwise HQ must renew its certificate"
)
TLS_NOT_TLS = N_(
    "HQ cannot be reached securely; the server at this address does not speak https (check "
    "the address and port)"
)
_VERIFY_CODES = {
    2: TLS_UNTRUSTED,  # unable to get issuer certificate
    9: TLS_EXPIRED,  # not yet valid
    10: TLS_EXPIRED,  # expired
    18: TLS_UNTRUSTED,  # self-signed
    19: TLS_UNTRUSTED,  # self-signed certificate in the chain
    20: TLS_UNTRUSTED,  # unable to get local issuer certificate
    21: TLS_UNTRUSTED,  # unable to verify the first certificate
    62: TLS_WRONG_HOST,  # hostname mismatch
    64: TLS_WRONG_HOST,  # IP address mismatch
}
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
    # Enrollment under a number used before (counter_hq/lineage.py); HQ's detail follows.
    "station_in_use": N_(
        "HQ will not enroll this database under this station number, it is not the one HQ last "
        "saw (a new PC, or an older copy). Ask HQ for a code under a new station number "
        "(counter-hq station code CENTER --replaces CENTER-NN)"
    ),
    "station_retired": N_(
        "HQ will not enroll this database under this station number, which is retired. Ask HQ "
        "for a code under a new station number (counter-hq station code CENTER --replaces "
        "CENTER-NN)"
    ),
    "wrong_station": N_("HQ issued this code for another station; ask HQ for a code for this one"),
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


def _tls_words(found: list[BaseException]) -> str:
    for item in found:
        if isinstance(item, ssl.SSLCertVerificationError):
            return _VERIFY_CODES.get(item.verify_code, TLS_FAILED)
    for item in found:
        reason = getattr(item, "reason", None)
        if isinstance(item, ssl.SSLError) and reason in ("WRONG_VERSION_NUMBER", "HTTP_REQUEST"):
            return TLS_NOT_TLS
    return TLS_FAILED


def classify(exc: BaseException) -> str:
    """The msgid for a failure to get an answer from HQ."""
    found = list(_chain(exc))
    kinds = tuple(type(e) for e in found)

    def has(*types: type[BaseException]) -> bool:
        return any(issubclass(k, types) for k in kinds)

    if has(requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError):
        return _tls_words(found)
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
    verified = [e for e in found if isinstance(e, ssl.SSLCertVerificationError)]
    return (
        f"{_host(url)}, {type(exc).__name__}"
        + (f", {_root_words(found)}" if _root_words(found) not in {"", type(exc).__name__} else "")
        # OpenSSL's own words on the certificate ("Hostname mismatch, ...") for whoever fixes it
        + (f", {verified[0].verify_message}" if verified and verified[0].verify_message else "")
    )
