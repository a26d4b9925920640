"""Dependencies: the app's services, a session per request, the calling station."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Scope

from counter_hq.api.throttle import Guards, TooManyRequests
from counter_hq.blobs import BlobStore, UploadQuota
from counter_hq.errors import HQError, Invalid, Unauthorized
from counter_hq.security import sha256_hex
from counter_hq.settings import Settings
from counter_hq.stations import RecentStations, StationRef, authenticate
from counter_protocol.wire import (
    CLIENT_TIME_HEADER,
    MAX_CLOCK_SKEW,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    skew_words,
)


class ProtocolMismatch(HQError):
    status = 412
    code = "protocol_version"


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessions: sessionmaker[Session]
    blobs: BlobStore
    clock: Callable[[], dt.datetime]
    recent: RecentStations
    guards: Guards
    upload_quota: UploadQuota
    # argon2id at the library's cost; tests hand a cheap one to create_app (never production).
    password_hasher: PasswordHasher = field(default_factory=PasswordHasher)


async def get_services(request: Request) -> Services:
    services = request.app.state.services
    assert isinstance(services, Services)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_now(services: ServicesDep) -> dt.datetime:
    return services.clock()


NowDep = Annotated[dt.datetime, Depends(get_now)]


async def check_protocol(
    sync_protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> None:
    if sync_protocol is None:
        raise ProtocolMismatch(f"the {PROTOCOL_HEADER} header is required ({PROTOCOL_VERSION})")
    if sync_protocol.strip() != PROTOCOL_VERSION:
        raise ProtocolMismatch(
            f"{PROTOCOL_HEADER} {sync_protocol[:20]!r} is not spoken here; "
            f"this HQ speaks {PROTOCOL_VERSION}"
        )


class ClockSkew(HQError):
    status = 412
    code = "clock_skew"


async def check_client_clock(
    now: NowDep,
    client_time: Annotated[str | None, Header(alias=CLIENT_TIME_HEADER)] = None,
) -> None:
    """Items are dated by the station's clock: a station days off must fix it before pushing
    (nothing it sends is stored meanwhile; it stays in its outbox)."""
    if client_time is None:
        return  # older counters do not send it; they check /time themselves
    try:
        theirs = dt.datetime.fromisoformat(client_time.strip())
    except ValueError:
        raise Invalid(f"{CLIENT_TIME_HEADER} is not an ISO 8601 time") from None
    if theirs.tzinfo is None:
        raise Invalid(f"{CLIENT_TIME_HEADER} needs a UTC offset")
    skew = (now - theirs).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW.total_seconds():
        raise ClockSkew(
            f"this station's clock is {skew_words(skew)}; set the right date and time, "
            "then sync again"
        )


@dataclass(frozen=True)
class Caller:
    """A station's request: the token it presented, checked inside the route's unit of work."""

    services: Services
    token: str
    digest: str
    scope: Scope
    reserved: bool  # took a token of its address's failure bucket (a token not known to work)

    @property
    def address(self) -> str:
        return self.services.guards.addresses.of(self.scope)

    def _authenticate(self, session: Session) -> StationRef:
        guards = self.services.guards
        try:
            station = authenticate(session, self.token, self.services.recent)
        except Unauthorized:
            if not self.reserved:  # a token that used to work (revoked): it counts too,
                guards.known.forget(self.digest)  # and waits like any stranger's from now
                guards.auth.take(self.address)
            raise
        guards.known.add(self.digest)
        if self.reserved:
            guards.auth.give_back(self.address)
        return station

    @contextmanager
    def work(self) -> Iterator[tuple[Session, StationRef]]:
        """The request's one session, and the station its token belongs to (401 otherwise)."""
        with self.services.sessions() as session:
            station = self._authenticate(session)
            if session.get_bind().dialect.name == "sqlite":
                # End the read: an embedded HQ begins every transaction IMMEDIATE (the write
                # lock), and the route's work opens its own. On PostgreSQL the work continues
                # this one (READ COMMITTED gives each statement a fresh snapshot).
                session.rollback()
            yield session, station


async def station_caller(
    request: Request,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Caller:
    """The bearer token, read here and checked in the route's thread. Dependencies that touch
    the database would each be a trip to the thread pool (a sync dependency runs there, and a
    generator twice), and on a busy HQ those trips cost more than the work of a small request.

    A token not known to work takes a token of its address's failure bucket first (given back
    when it works): guessing is answered 429 here, without the database."""
    if not authorization:
        raise Unauthorized("station credentials are required (Authorization: Bearer <token>)")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("use Authorization: Bearer <token>")
    token = token.strip()
    digest = sha256_hex(token)
    guards = services.guards
    reserved = digest not in guards.known
    if reserved and (wait := guards.auth.take(guards.addresses.of(request.scope))) > 0:
        raise TooManyRequests(
            "too many failed credentials from this address; try again later", wait
        )
    return Caller(services, token, digest, request.scope, reserved)


CallerDep = Annotated[Caller, Depends(station_caller)]
