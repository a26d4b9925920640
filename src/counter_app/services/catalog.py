"""Installing and reading the service catalog."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.domain.catalog import Catalog, Service, parse_catalog
from counter_app.domain.errors import N_, Conflict
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import CatalogVersion, ServiceRow


@dataclass(frozen=True)
class CatalogInstall:
    version: str
    sha256: str
    services: int
    changed: bool


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def install_catalog(
    ctx: AppContext, session: Session, raw: bytes, *, user_id: int | None, username: str
) -> CatalogInstall:
    """Validate the whole file first, then replace the active catalog inside ``session``."""
    catalog = parse_catalog(raw)
    digest = hashlib.sha256(raw).hexdigest()
    now = ctx.clock()
    active = session.execute(
        select(CatalogVersion).where(CatalogVersion.active)
    ).scalar_one_or_none()
    if active is not None and active.sha256 == digest:
        return CatalogInstall(catalog.version, digest, len(catalog.services), changed=False)
    if active is not None:
        if _version_key(catalog.version) < _version_key(active.version):
            raise Conflict(
                N_("Catalog version {new} is older than the installed version {old}"),
                new=catalog.version,
                old=active.version,
            )
        if catalog.version == active.version:
            raise Conflict(
                N_(
                    "Catalog version {new} is already installed with different content; "
                    "a changed catalog needs a new version"
                ),
                new=catalog.version,
            )
    session.execute(update(CatalogVersion).values(active=False))
    existing = session.execute(
        select(CatalogVersion).where(CatalogVersion.sha256 == digest)
    ).scalar_one_or_none()
    if existing is None:
        existing = CatalogVersion(
            version=catalog.version,
            sha256=digest,
            content=raw.decode("utf-8"),
            imported_at=now,
            imported_by=user_id,
            active=True,
        )
        session.add(existing)
        session.flush()
    else:
        existing.active = True
    _sync_service_rows(session, catalog, existing.id)
    append_audit(
        session,
        at=now,
        user_id=user_id,
        username=username,
        station=ctx.station(session).label,
        action="catalog.install",
        entity="catalog",
        entity_ref=catalog.version,
        details={"sha256": digest, "services": len(catalog.services)},
    )
    return CatalogInstall(catalog.version, digest, len(catalog.services), changed=True)


def _sync_service_rows(session: Session, catalog: Catalog, version_id: int) -> None:
    rows = {r.code: r for r in session.execute(select(ServiceRow)).scalars()}
    for svc in catalog.services:
        row = rows.pop(svc.code, None)
        if row is None:
            row = ServiceRow(code=svc.code)
            session.add(row)
        row.agency_code = svc.agency
        row.category = svc.category.value
        row.name_ar = svc.name_ar
        row.name_en = svc.name_en
        row.sla_days = svc.sla.working_days
        row.fee_syp = svc.fee.amount_syp
        row.active = svc.active
        row.catalog_version_id = version_id
    # Services dropped from the catalog stay (old requests refer to them) but are retired.
    for row in rows.values():
        row.active = False


@use_case(Permission.MANAGE_CATALOG)
def import_catalog(ctx: AppContext, actor: Actor, raw: bytes) -> CatalogInstall:
    with ctx.store.write() as session:
        actor.require(Permission.MANAGE_CATALOG)
        return install_catalog(ctx, session, raw, user_id=actor.user_id, username=actor.username)


def active_catalog(ctx: AppContext) -> Catalog:
    with ctx.store.read() as session:
        return ctx.catalog(session)


@dataclass(frozen=True)
class CenterOffer:
    """What this station's center offers, and whether the catalog names the center at all."""

    center_code: str
    named: bool  # False: a center the catalog does not name, which offers every service
    services: tuple[Service, ...]


def center_offer(ctx: AppContext, session: Session) -> CenterOffer:
    """The active services of the station's center, in the caller's transaction."""
    catalog = ctx.catalog(session)
    code = ctx.station(session).center_code
    return CenterOffer(code, catalog.center(code) is not None, catalog.services_for_center(code))


def station_offer(ctx: AppContext) -> CenterOffer:
    with ctx.store.read() as session:
        return center_offer(ctx, session)


def offered_services(ctx: AppContext) -> tuple[Service, ...]:
    """The services this station lists and takes (its center's; every active one when the
    catalog does not name the center). Screens listing services call this, not the catalog."""
    return station_offer(ctx).services
