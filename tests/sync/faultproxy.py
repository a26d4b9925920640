"""A fault-injecting HTTP/1.1 proxy for the sync tests: the bad network between counter and HQ.

Each client connection carries one request (the proxy answers ``Connection: close``, so every
request of a keep-alive client opens a new connection and gets its own fault decision). A
request is read whole, then, with probability ``rate``, one fault is injected:

``drop``      the connection is closed without an answer
``reset``     the connection is aborted with a TCP RST (``SO_LINGER`` 0)
``delay``     the request waits (up to ``max_delay``; a ``stall_share`` of them ``stall``
              seconds, longer than the client's timeout: HQ then gets it after the client gave
              up, a late replay), then goes through normally
``error``     the proxy answers 502/503/504 itself
``truncate``  the response is cut short (inside the body when there is one)

``drop``, ``reset`` and ``error`` happen before the request reaches HQ or (``after_share`` of
them, half by default) after HQ answered it: the case that matters, HQ committed and the counter
never heard. Every socket
operation has a timeout and ``close()`` aborts every connection, so a test can never hang on
the proxy. HQ down (connection refused) is answered 502, like a real reverse proxy.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType

IO_TIMEOUT = 30.0  # reading the client's request / writing the answer
CONNECT_TIMEOUT = 3.0
UPSTREAM_TIMEOUT = 120.0  # HQ may be slow under load; the client's own timeout is shorter
MAX_HEAD = 64 * 1024
MAX_BODY = 64 * 1024 * 1024


class Fault(StrEnum):
    DROP = "drop"
    RESET = "reset"
    DELAY = "delay"
    ERROR = "error"
    TRUNCATE = "truncate"


DEFAULT_WEIGHTS: Mapping[Fault, float] = {fault: 1.0 for fault in Fault}
_KINDS = frozenset(fault.value for fault in Fault)


@dataclass(frozen=True)
class Decision:
    fault: Fault | None
    after: bool = False  # drop/reset/error once HQ has answered (it committed)
    delay: float = 0.0
    status: int = 502
    cut: float = 0.5  # where a truncated answer is cut, as a fraction of its body


class _Closed(Exception):
    """The proxy is closing: abandon the connection."""


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN: the client sees 'connection reset by peer'."""
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _read_head(sock: socket.socket) -> tuple[bytes, bytes] | None:
    """The head (through the blank line) and whatever body bytes came with it; None at EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_HEAD:
            raise ValueError("request head too large")
    head, _, rest = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _header(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\r\n")[1:]:
        key, sep, value = line.partition(b":")
        if sep and key.strip().lower() == name:
            return value.strip()
    return None


def _read_request(sock: socket.socket) -> tuple[bytes, bytes] | None:
    got = _read_head(sock)
    if got is None:
        return None
    head, body = got
    if _header(head, b"transfer-encoding") is not None:
        raise ValueError("chunked request bodies are not supported by the test proxy")
    length = int(_header(head, b"content-length") or b"0")
    if not 0 <= length <= MAX_BODY:
        raise ValueError("request body too large")
    while len(body) < length:
        chunk = sock.recv(min(1 << 20, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return head, body[:length]


def _upstream_head(head: bytes) -> bytes:
    """The client's head with ``Connection: close`` (HQ ends the response with EOF)."""
    lines = head.rstrip(b"\r\n").split(b"\r\n")
    kept = [
        line
        for line in lines[1:]
        if line.partition(b":")[0].strip().lower()
        not in (b"connection", b"keep-alive", b"proxy-connection")
    ]
    return b"\r\n".join([lines[0], *kept, b"Connection: close"]) + b"\r\n\r\n"


def _answer(status: int, reason: str, body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n"
    ).encode("ascii") + body


_REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


class FaultProxy:
    """Listens on 127.0.0.1 (``url``) and forwards to ``upstream`` with injected faults.

    ``rate`` may be changed while running (0: a transparent proxy); ``only`` limits faults to
    requests whose path contains it. ``stats`` counts what each request met: ``pass``,
    ``<fault>`` or ``<fault>/after`` (HQ had answered), ``upstream_down``.
    """

    def __init__(
        self,
        upstream: tuple[str, int],
        *,
        rate: float = 0.2,
        seed: int = 0,
        weights: Mapping[Fault, float] | None = None,
        max_delay: float = 0.3,
        stall: float = 0.0,
        stall_share: float = 0.0,
        after_share: float = 0.5,
        only: str = "",
    ) -> None:
        self.upstream = upstream
        self.rate = rate
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.max_delay = max_delay
        self.stall = stall
        self.stall_share = stall_share
        self.after_share = after_share
        self.only = only.encode("ascii")  # faults only for requests whose path contains it
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)  # the accept loop notices close() within this
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._acceptor.start()

    # -- lifecycle -----------------------------------------------------------------------------
    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self, timeout: float = 5.0) -> None:
        """Stop accepting, abort every open connection and wait (bounded) for the handlers."""
        self._closed.set()
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once on Linux
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._acceptor.join(timeout)
        for thread in threads:
            thread.join(timeout / max(1, len(threads)))

    @contextmanager
    def faults_off(self) -> Iterator[None]:
        old, self.rate = self.rate, 0.0
        try:
            yield
        finally:
            self.rate = old

    def faults(self) -> dict[str, int]:
        """Injected faults by kind (before and after HQ's answer together)."""
        with self._lock:
            out: Counter[str] = Counter()
            for key, n in self.stats.items():
                kind = key.partition("/")[0]
                if kind in _KINDS:
                    out[kind] += n
        return dict(out)

    # -- decisions -----------------------------------------------------------------------------
    def decide(self) -> Decision:
        """One request's fate; drawn under the lock so a seed gives one sequence of fates."""
        with self._lock:
            rng = self._rng
            if rng.random() >= self.rate:
                return Decision(None)
            kinds = list(self.weights)
            fault = rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]
            after = rng.random() < self.after_share
            delay = rng.uniform(0.0, self.max_delay)
            if self.stall > 0 and rng.random() < self.stall_share:
                delay = self.stall
            return Decision(
                fault,
                after=after,
                delay=delay,
                status=rng.choice((502, 503, 504)),
                cut=rng.random(),
            )

    def _count(self, key: str) -> None:
        with self._lock:
            self.stats[key] += 1

    # -- connections ---------------------------------------------------------------------------
    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            if self._closed.is_set():
                sock.close()
                raise _Closed
            self._sockets.add(sock)
        return sock

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self._threads = {t for t in self._threads if t.is_alive()}
                self._threads.add(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._track(conn)
            conn.settimeout(IO_TIMEOUT)
            self._handle(conn)
        except (_Closed, OSError, ValueError):
            pass  # the client went away, a timeout, or close(): the connection just ends
        finally:
            self._untrack(conn)
            conn.close()

    def _handle(self, conn: socket.socket) -> None:
        request = _read_request(conn)
        if request is None:
            return
        head, body = request
        d = self.decide() if self.only in head.split(b"\r\n", 1)[0] else Decision(None)
        if d.fault is Fault.DELAY:
            if self._closed.wait(d.delay):
                raise _Closed
        elif d.fault in (Fault.DROP, Fault.RESET, Fault.ERROR) and not d.after:
            self._count(d.fault.value)
            self._inject(conn, d)
            return
        response = self._forward(head, body)
        if response is None:
            self._count("upstream_down")
            conn.sendall(_answer(502, "Bad Gateway", b'{"code":"upstream","message":"HQ down"}'))
            return
        if d.fault is Fault.TRUNCATE:
            self._count(d.fault.value)
            conn.sendall(self._truncated(response, d.cut))
            return
        if d.fault in (Fault.DROP, Fault.RESET, Fault.ERROR):
            self._count(f"{d.fault.value}/after")
            self._inject(conn, d)
            return
        self._count(d.fault.value if d.fault is Fault.DELAY else "pass")
        conn.sendall(response)

    def _inject(self, conn: socket.socket, d: Decision) -> None:
        if d.fault is Fault.RESET:
            _reset(conn)
        elif d.fault is Fault.ERROR:
            retry = "Retry-After: 0\r\n" if d.status == 503 else ""
            body = b'{"code":"injected","message":"fault proxy"}'
            conn.sendall(_answer(d.status, _REASONS[d.status], body, retry))
        # DROP: the caller closes the connection (FIN) without a word

    @staticmethod
    def _truncated(response: bytes, cut: float) -> bytes:
        head, sep, body = response.partition(b"\r\n\r\n")
        if body:
            return head + sep + body[: int(cut * len(body))]
        whole = head + sep
        return whole[: max(1, min(len(whole) - 1, int(cut * len(whole))))]

    def _forward(self, head: bytes, body: bytes) -> bytes | None:
        """HQ's whole response (read to EOF: it was asked to close), or None when HQ is down."""
        try:
            upstream = socket.create_connection(self.upstream, timeout=CONNECT_TIMEOUT)
        except OSError:
            return None
        try:
            self._track(upstream)
            upstream.settimeout(UPSTREAM_TIMEOUT)
            upstream.sendall(_upstream_head(head) + body)
            chunks: list[bytes] = []
            size = 0
            while chunk := upstream.recv(1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BODY + MAX_HEAD:
                    raise ValueError("response too large")
            return b"".join(chunks) or None
        except OSError:
            return None  # HQ died mid-answer: to the client, the same as HQ down
        finally:
            self._untrack(upstream)
            upstream.close()
