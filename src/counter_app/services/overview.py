"""What `counter-app status` (and later the status bar) shows about the station."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.store.integrity import Damage, read_marker
from counter_app.store.keys import exported_at
from counter_app.store.migrate import current_revision
from counter_app.store.models import (
    CatalogVersion,
    OutboxItem,
    Request,
    Station,
    SyncState,
    User,
)
from counter_app.store.sqlite_driver import is_encrypted_file


@dataclass(frozen=True)
class Overview:
    database: str
    schema: str | None
    set_up: bool
    center_code: str | None
    center_name: str | None
    station_no: int | None
    catalog_version: str | None
    users: int
    requests: int
    open_requests: int
    outbox_pending: int
    oldest_pending: dt.datetime | None
    # The damage marker beside the file (store/integrity.py): saving is stopped.
    damaged: Damage | None = None
    # SQLCipher's file (not SQLite's plain header): the status bar and `status` say it.
    encrypted: bool = False
    # When the key was last exported for safekeeping (store/keys.py mark_exported); None: never.
    key_exported_at: str | None = None
    # HQ's last word on the audit log when it was not a clean accept (sync/audit_tip.py).
    hq_audit_flag: str | None = None


@use_case(Permission.VIEW_STATION)
def overview(ctx: AppContext, actor: Actor) -> Overview:
    with ctx.store.read() as session:
        station = session.get(Station, 1)
        catalog = session.execute(
            select(CatalogVersion.version).where(CatalogVersion.active)
        ).scalar_one_or_none()
        users = session.execute(select(func.count(User.id))).scalar_one()
        requests = session.execute(select(func.count(Request.id))).scalar_one()
        open_requests = session.execute(
            select(func.count(Request.id)).where(
                Request.status.in_(("submitted", "forwarded", "in_progress", "needs_info"))
            )
        ).scalar_one()
        pending, oldest = session.execute(
            select(func.count(OutboxItem.id), func.min(OutboxItem.created_at)).where(
                OutboxItem.state == "pending"
            )
        ).one()
        sync = session.get(SyncState, 1)
    if isinstance(oldest, str):
        oldest = dt.datetime.fromisoformat(oldest).replace(tzinfo=dt.UTC)
    return Overview(
        database=str(ctx.store.path),
        schema=current_revision(ctx.store.engine),
        set_up=station is not None,
        center_code=station.center_code if station else None,
        center_name=station.center_name if station else None,
        station_no=station.station_no if station else None,
        catalog_version=catalog,
        users=users,
        requests=requests,
        open_requests=open_requests,
        outbox_pending=pending,
        oldest_pending=oldest,
        damaged=read_marker(ctx.store.path),
        encrypted=is_encrypted_file(ctx.store.path),
        key_exported_at=exported_at(ctx.store.path),
        hq_audit_flag=sync.hq_audit_flag if sync else None,
    )
