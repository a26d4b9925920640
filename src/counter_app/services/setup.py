"""First start of a station: its identity, the shipped catalog and the first admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, Conflict, ValidationError
from counter_app.domain.receipt import validate_center_code, validate_station
from counter_app.services.audit import append_audit
from counter_app.services.catalog import install_catalog
from counter_app.services.context import AppContext, StationInfo, shipped_catalog_bytes
from counter_app.services.users import add_user, validate_password, validate_username
from counter_app.store.models import CatalogVersion, Station, User


@dataclass(frozen=True)
class SetupResult:
    station: StationInfo
    created: bool
    catalog_version: str
    admin_created: str | None


def is_set_up(ctx: AppContext) -> bool:
    with ctx.store.read() as session:
        return session.get(Station, 1) is not None


def has_users(ctx: AppContext) -> bool:
    with ctx.store.read() as session:
        return bool(session.execute(select(func.count(User.id))).scalar_one())


def setup_station(
    ctx: AppContext,
    *,
    center_code: str,
    center_name: str,
    station_no: int,
    admin_username: str | None = None,
    admin_password: str | None = None,
) -> SetupResult:
    """Idempotent: running it again with the same identity changes nothing."""
    code = validate_center_code(center_code)
    number = validate_station(station_no)
    name = clean_input_text(center_name, field="center_name", max_length=200)
    if not name:
        raise ValidationError(N_("{field}: this field is required"), field="center_name")
    if admin_username is not None:
        validate_username(admin_username)
        if admin_password is not None:
            validate_password(admin_password)
    created = False
    with ctx.store.write() as session:
        row = session.get(Station, 1)
        if row is not None and (row.center_code, row.station_no) != (code, number):
            raise Conflict(
                N_(
                    "This database already belongs to station {station}; "
                    "a station's identity never changes"
                ),
                station=f"{row.center_code}-{row.station_no:02d}",
            )
        now = ctx.clock()
        if row is None:
            session.add(
                Station(
                    id=1,
                    center_code=code,
                    center_name=name,
                    station_no=number,
                    language="ar",
                    created_at=now,
                )
            )
            session.flush()
            created = True
            append_audit(
                session,
                at=now,
                user_id=None,
                username="setup",
                station=f"{code}-{number:02d}",
                action="station.setup",
                entity="station",
                entity_ref=f"{code}-{number:02d}",
                details={"center_name": name},
            )
        install = (
            install_catalog(ctx, session, shipped_catalog_bytes(), user_id=None, username="setup")
            if _needs_catalog(session)
            else None
        )
        version = install.version if install else ctx.catalog(session).version
        station = ctx.station(session)
        users = session.execute(select(func.count(User.id))).scalar_one()
    admin = None
    if users == 0 and admin_username is not None:
        if admin_password is None:
            raise ValidationError(N_("A password is needed for the first admin"), field="password")
        add_user(
            ctx, None, username=admin_username, role="admin", password=admin_password, full_name=""
        )
        admin = validate_username(admin_username)
    return SetupResult(
        station=station, created=created, catalog_version=version, admin_created=admin
    )


def _needs_catalog(session: Session) -> bool:
    return session.execute(select(CatalogVersion.id).where(CatalogVersion.active)).first() is None
