"""Throttling of failed credentials: enrollment codes and station tokens, per client address.

Each client address has a token bucket per kind: a request that will look credentials up in the
database takes a token first (none left: 429 with Retry-After, answered on the event loop without
touching the database), and gets it back when the credentials were good. So at most a bucket's
worth of wrong guesses reaches the database at once, whatever the concurrency, and only failures
cost anything.

A token that has worked is remembered (by its hash) and never waits for the bucket: a station
behind the same NAT as a PC still trying a revoked token, or as an attacker, keeps syncing.
IPv6 addresses count by their /64 (one host holds a whole /64). Behind a reverse proxy the
address comes from the configured header, believed only when the connection comes from a
trusted proxy (``COUNTER_HQ_CLIENT_ADDRESS_HEADER``, ``COUNTER_HQ_TRUSTED_PROXIES``).

The state lives in the app's services, not in the module: two apps never share buckets.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import Scope

from counter_hq.errors import HQError
from counter_hq.limit_settings import Limits

_MAX_KEYS = 65536
KNOWN_TOKEN_SECONDS = 3600.0


class TooManyRequests(HQError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: float, *, code: str | None = None) -> None:
        super().__init__(message, code=code, retry_after=max(1, math.ceil(retry_after)))


class Throttle:
    """Token buckets by key: ``per_minute`` tokens a minute, holding at most as many."""

    def __init__(
        self,
        per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = _MAX_KEYS,
    ) -> None:
        self.capacity = max(1.0, per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        held = self._buckets.get(key)
        if held is None:
            return self.capacity
        tokens, at = held
        return min(self.capacity, tokens + max(0.0, now - at) * self.rate)

    def take(self, key: str) -> float:
        """Take a token: 0.0 when taken, else the seconds until one is there (nothing taken)."""
        with self._lock:
            now = self.clock()
            level = self._level(key, now)
            if level < 1.0:
                return (1.0 - level) / self.rate
            self._store(key, level - 1.0, now)
            return 0.0

    def give_back(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            level = self._level(key, now) + 1.0
            if level >= self.capacity:
                self._buckets.pop(key, None)  # full is the same as never seen
            else:
                self._buckets[key] = (level, now)

    def _store(self, key: str, level: float, now: float) -> None:
        if key not in self._buckets and len(self._buckets) >= self.max_keys:
            # Full buckets carry nothing; drop them, then (a flood of addresses) the oldest half.
            self._buckets = {
                k: v for k, v in self._buckets.items() if self._level(k, now) < self.capacity
            }
            if len(self._buckets) >= self.max_keys:
                keep = list(self._buckets.items())[len(self._buckets) // 2 :]
                self._buckets = dict(keep)
        self._buckets[key] = (level, now)


class KnownTokens:
    """Hashes of tokens that authenticated lately (bounded): they skip the failure throttle."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        ttl: float = KNOWN_TOKEN_SECONDS,
        limit: int = _MAX_KEYS,
    ) -> None:
        self.clock = clock
        self.ttl = ttl
        self.limit = limit
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def __contains__(self, digest: str) -> bool:
        until = self._until.get(digest)
        return until is not None and self.clock() < until

    def add(self, digest: str) -> None:
        now = self.clock()
        until = self._until.get(digest)
        if until is not None and until - now > self.ttl / 2:
            return  # fresh enough: the hot path takes no lock
        with self._lock:
            if len(self._until) >= self.limit:
                self._until = {k: v for k, v in self._until.items() if v > now}
                if len(self._until) >= self.limit:
                    self._until.clear()
            self._until[digest] = now + self.ttl

    def forget(self, digest: str) -> None:
        with self._lock:
            self._until.pop(digest, None)


class ClientAddresses:
    """The throttling key of a request: its client's address (IPv6 by /64)."""

    def __init__(self, limits: Limits) -> None:
        header = limits.client_address_header
        self.header = header.lower().encode("latin-1") if header else None
        self.proxies = tuple(ipaddress.ip_network(n, strict=False) for n in limits.trusted_proxies)

    def _trusted(self, host: str) -> bool:
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(ip in net for net in self.proxies)

    def of(self, scope: Scope) -> str:
        peer = scope.get("client")
        host = str(peer[0]) if peer else ""
        if self.header is not None and self._trusted(host):
            values = [v for k, v in scope["headers"] if k == self.header]
            if values:
                # X-Forwarded-For lists every hop; the client is the last one not a trusted proxy
                # (the ones before it are whatever the client chose to write).
                hops = [h.strip() for h in values[-1].decode("latin-1").split(",") if h.strip()]
                while hops and self._trusted(hops[-1]):
                    hops.pop()
                if hops:
                    host = hops[-1]
        return bucket_key(host)


def bucket_key(host: str) -> str:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host[:64]  # not an address (a test client): itself
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Guards:
    """The app's throttles, built by the app factory from its settings."""

    addresses: ClientAddresses
    enroll: Throttle
    auth: Throttle
    known: KnownTokens

    @classmethod
    def build(cls, limits: Limits, clock: Callable[[], float]) -> Guards:
        return cls(
            addresses=ClientAddresses(limits),
            enroll=Throttle(limits.enroll_failures_per_minute, clock),
            auth=Throttle(limits.auth_failures_per_minute, clock),
            known=KnownTokens(clock),
        )
