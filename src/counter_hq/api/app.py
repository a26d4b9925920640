"""The app factory: everything the app needs is built here from Settings (no globals)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from time import monotonic as _monotonic
from typing import Any

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, FastAPI

from counter_hq import __version__
from counter_hq.api.deps import Services, check_protocol
from counter_hq.api.errors import install_error_handlers
from counter_hq.api.limits import BodyLimit, ReadDeadline
from counter_hq.api.routes import (
    answer_files,
    audit_tip,
    blobs,
    changes,
    enroll,
    push,
    reconcile,
    release,
    time,
)
from counter_hq.api.throttle import Guards
from counter_hq.blobs import BlobStore, Swept, UploadQuota, sweep_expired
from counter_hq.db import make_engine, session_factory
from counter_hq.notify.background import send_notifications
from counter_hq.office.escalation import escalate_periodically
from counter_hq.settings import Settings
from counter_hq.stations import RecentStations
from counter_hq.web.app import create_office
from counter_protocol.wire import API_PREFIX, PROTOCOL_VERSION, ErrorBody

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 408, 409, 412, 413, 422, 429)
}
log = logging.getLogger("counter_hq")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], dt.datetime] = utcnow,
    monotonic: Callable[[], float] = _monotonic,
    password_hasher: PasswordHasher | None = None,
) -> FastAPI:
    engine = make_engine(settings.database_url)
    limits = settings.limits
    services = Services(
        settings=settings,
        sessions=session_factory(engine),
        blobs=BlobStore(settings.blob_dir),
        clock=clock,
        recent=RecentStations(settings.auth_cache_seconds, monotonic),
        guards=Guards.build(limits, monotonic),
        upload_quota=UploadQuota(
            max_bytes=limits.upload_quota_bytes,
            max_count=limits.upload_quota_count,
            expiry=dt.timedelta(hours=limits.upload_expiry_hours),
        ),
        password_hasher=password_hasher or PasswordHasher(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_sweep_uploads, services)
            tasks.start_soon(send_notifications, services)  # when an SMS gateway is set
            tasks.start_soon(escalate_periodically, services.sessions, services.clock)
            yield
            tasks.cancel_scope.cancel()
        engine.dispose()

    # The API description is for development: a production HQ does not hand it to strangers.
    docs = limits.api_docs
    app = FastAPI(
        title="Citizen Service Center HQ",
        version=__version__,
        description=f"Counter <-> HQ sync protocol {PROTOCOL_VERSION}",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.services = services
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(ReadDeadline, seconds=limits.body_timeout, min_rate=limits.body_min_rate)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(check_protocol)], responses=_ERRORS)
    for module in (
        enroll,
        push,
        blobs,
        changes,
        reconcile,
        time,
        audit_tip,
        answer_files,
        release,
    ):
        api.include_router(module.router)
    app.include_router(api)
    app.mount("/office", create_office(services))
    return app


def sweep_uploads(services: Services) -> Swept:
    """Remove every unfinished upload past its expiry (rows and files)."""
    with services.sessions() as session:
        return sweep_expired(
            session, services.blobs, services.clock(), services.upload_quota.expiry
        )


async def _sweep_uploads(services: Services) -> None:
    """At start, then every quarter of the expiry (at most hourly), while the app runs."""
    every = min(3600.0, services.upload_quota.expiry.total_seconds() / 4)
    while True:
        try:
            swept = await anyio.to_thread.run_sync(sweep_uploads, services)
        except Exception:  # the database is away: try again next time, keep serving
            log.exception("sweeping unfinished uploads failed")
        else:
            if swept.uploads or swept.bytes:
                log.info(
                    "removed %d expired unfinished uploads (%d bytes)", swept.uploads, swept.bytes
                )
        await anyio.sleep(every)
