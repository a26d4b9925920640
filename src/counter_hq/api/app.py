"""The app factory: everything the app needs is built here from Settings (no globals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from time import monotonic as _monotonic
from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from counter_hq import __version__
from counter_hq.api.deps import Services, check_protocol
from counter_hq.api.errors import install_error_handlers
from counter_hq.api.limits import BodyLimit
from counter_hq.api.routes import audit_tip, blobs, changes, enroll, push, reconcile, time
from counter_hq.blobs import BlobStore
from counter_hq.db import make_engine, session_factory
from counter_hq.settings import Settings
from counter_hq.stations import RecentStations
from counter_protocol.wire import API_PREFIX, PROTOCOL_VERSION, ErrorBody

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 412, 413, 422)
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], dt.datetime] = utcnow,
    monotonic: Callable[[], float] = _monotonic,
) -> FastAPI:
    engine = make_engine(settings.database_url)
    services = Services(
        settings=settings,
        sessions=session_factory(engine),
        blobs=BlobStore(settings.blob_dir),
        clock=clock,
        recent=RecentStations(settings.auth_cache_seconds, monotonic),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Citizen Service Center HQ",
        version=__version__,
        description=f"Counter <-> HQ sync protocol {PROTOCOL_VERSION}",
        lifespan=lifespan,
    )
    app.state.services = services
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(check_protocol)], responses=_ERRORS)
    for module in (enroll, push, blobs, changes, reconcile, time, audit_tip):
        api.include_router(module.router)
    app.include_router(api)
    return app
