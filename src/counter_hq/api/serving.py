"""How `counter-hq serve` runs uvicorn: slow clients are cut, connections are bounded.

uvicorn (0.55, h11) bounds the size of a request head (``h11_max_incomplete_event_size``) and
the idle time between requests (``timeout_keep_alive``), but not the time a request takes to
arrive: its keep-alive timer stops at the first byte, and a new connection has none, so a client
sending one byte every few seconds (slowloris) holds its socket for ever. ``ReadGuardedH11`` is
uvicorn's own h11 protocol with one deadline per phase, never pushed back by the bytes that
trickle in: the request head must be whole ``header_timeout`` after the connection opened (or
after the previous answer), and the body ``body_timeout`` after the head, plus a second for
every ``body_min_rate`` bytes it brought (as Apache's mod_reqtimeout ``MinRate``). Past it, the
connection is closed (with a 408 when nothing has been answered yet). The app answers a body it
is waiting for with 408 itself (api/limits.ReadDeadline); the protocol's body deadline, a little
later, also covers a body nobody reads (a request refused before its body).

uvicorn itself believes no proxy header: the app reads the client address from the configured
one only, and only from a trusted proxy (api/throttle.ClientAddresses).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from counter_hq.limit_settings import Limits
from counter_protocol.wire import ErrorBody

log = logging.getLogger("counter_hq")

# The app's own 408 comes first; the protocol closes the socket if that did not end it.
BODY_GRACE_SECONDS = 2.0
_TIMEOUT_BODY = (
    ErrorBody(code="request_timeout", message="the request did not arrive in time")
    .model_dump_json()
    .encode()
)
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: "
    + str(len(_TIMEOUT_BODY)).encode()
    + b"\r\n\r\n"
    + _TIMEOUT_BODY
)


class ReadGuardedH11(H11Protocol):
    header_timeout: float = 10.0
    body_timeout: float = 30.0 + BODY_GRACE_SECONDS
    body_min_rate: float = 500.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard: asyncio.TimerHandle | None = None
        self._phase: str | None = None
        self._body_deadline = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._watch(None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._phase == "body":  # a body's bytes earn it time (the head's never do)
            self._body_deadline += len(data) / self.body_min_rate
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def _follow(self) -> None:
        """Arm the deadline of the phase the client is in; one already running stays as it is
        (bytes arriving never push it back)."""
        if self.transport is None or self.transport.is_closing():
            self._watch(None)
            return
        state = self.conn.their_state
        phase = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase != self._phase:
            self._watch(phase)

    def _watch(self, phase: str | None) -> None:
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None
        self._phase = phase
        if phase is not None:
            seconds = self.header_timeout if phase == "head" else self.body_timeout
            self._body_deadline = self.loop.time() + seconds
            self._guard = self.loop.call_later(seconds, self._too_slow, phase)

    def _too_slow(self, phase: str) -> None:
        self._guard = None
        if self.transport.is_closing():
            return
        left = self._body_deadline - self.loop.time()
        if phase == "body" and left > 0:  # the bytes since have earned it more time
            self._guard = self.loop.call_later(left, self._too_slow, phase)
            return
        if self.conn.our_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete):
            self.transport.write(_TIMEOUT_RESPONSE)  # nothing answered on this cycle yet
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        log.info(
            "closed the connection of %s: its request %s did not arrive in time", client, phase
        )
        self.transport.close()


def read_guarded_protocol(
    header_timeout: float, body_timeout: float, body_min_rate: float
) -> type[H11Protocol]:
    return type(
        "ReadGuardedH11",
        (ReadGuardedH11,),
        {
            "header_timeout": header_timeout,
            "body_timeout": body_timeout + BODY_GRACE_SECONDS,
            "body_min_rate": body_min_rate,
        },
    )


def server_options(limits: Limits) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` beyond host, port and TLS."""
    return {
        "http": read_guarded_protocol(
            limits.header_timeout, limits.body_timeout, limits.body_min_rate
        ),
        "limit_concurrency": limits.max_connections,
        "proxy_headers": False,
    }
