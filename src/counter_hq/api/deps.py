"""Dependencies: the app's services, a session per request, the calling station."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from counter_app.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from counter_hq.blobs import BlobStore
from counter_hq.errors import HQError, Unauthorized
from counter_hq.settings import Settings
from counter_hq.stations import StationRef, authenticate


class ProtocolMismatch(HQError):
    status = 412
    code = "protocol_version"


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessions: sessionmaker[Session]
    blobs: BlobStore
    clock: Callable[[], dt.datetime]


def get_services(request: Request) -> Services:
    services = request.app.state.services
    assert isinstance(services, Services)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_now(services: ServicesDep) -> dt.datetime:
    return services.clock()


NowDep = Annotated[dt.datetime, Depends(get_now)]


def check_protocol(
    sync_protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> None:
    if sync_protocol is None:
        raise ProtocolMismatch(f"the {PROTOCOL_HEADER} header is required ({PROTOCOL_VERSION})")
    if sync_protocol.strip() != PROTOCOL_VERSION:
        raise ProtocolMismatch(
            f"{PROTOCOL_HEADER} {sync_protocol[:20]!r} is not spoken here; "
            f"this HQ speaks {PROTOCOL_VERSION}"
        )


def current_station(
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
) -> StationRef:
    if not authorization:
        raise Unauthorized("station credentials are required (Authorization: Bearer <token>)")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("use Authorization: Bearer <token>")
    station = authenticate(session, token.strip())
    session.rollback()  # end the read; the route opens its own transaction
    return station


StationDep = Annotated[StationRef, Depends(current_station)]
