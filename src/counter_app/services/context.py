"""What every use case needs: the store, the clock, the calendar and this station's identity.

Importing this module loads neither SQLAlchemy nor the models (nor the catalog's pydantic
models): the desktop imports it to show its login window, which needs none of them (ui/app.py
opens the store after that window is on screen). They are loaded by ``AppContext.open`` and the
methods that query.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.errors import N_, NotFound, StoreError
from counter_app.domain.roles import Permission, Role, require
from counter_app.paths import AppPaths, resources_dir

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counter_app.domain.calendar import WorkingCalendar
    from counter_app.domain.catalog import Catalog
    from counter_app.store.database import OpenResult
    from counter_app.store.engine import Store

_ACTIVE_CATALOG_DIGEST = "SELECT sha256 FROM catalog_versions WHERE active"
# The newest holiday calendar pulled from HQ (sync/pull_calendar.py), checked when pulled.
_NEWEST_CALENDAR = "SELECT sha256, content FROM calendar_versions ORDER BY id DESC LIMIT 1"
_NEWEST_CALENDAR_DIGEST = "SELECT sha256 FROM calendar_versions ORDER BY id DESC LIMIT 1"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StationInfo:
    center_code: str
    center_name: str
    station_no: int

    @property
    def label(self) -> str:
        return f"{self.center_code}-{self.station_no:02d}"


@dataclass(frozen=True)
class Actor:
    """The person a use case acts for; recorded on every write."""

    user_id: int
    username: str
    role: Role

    def require(self, permission: Permission) -> None:
        require(self.role, permission, username=self.username)


def default_calendar() -> WorkingCalendar:
    from counter_app.domain.calendar import WorkingCalendar

    raw = json.loads((resources_dir() / "calendar" / "holidays.json").read_text("utf-8"))
    return WorkingCalendar.from_data(raw)


def shipped_catalog_bytes() -> bytes:
    return (resources_dir() / "catalog" / "catalog.json").read_bytes()


@dataclass
class AppContext:
    store: Store
    paths: AppPaths
    calendar: WorkingCalendar = field(default_factory=default_calendar)
    clock: Callable[[], dt.datetime] = utcnow
    opened: OpenResult | None = None
    # Caches of immutable-by-version data, owned by this context (never module globals).
    _catalog: tuple[str, Catalog] | None = None
    _station: StationInfo | None = None
    _calendar_digest: str | None = None  # the pulled calendar ``calendar`` was made from
    _file_key: tuple[bytes, bytes] | None = None  # services/files.py: (secret, its key)

    @classmethod
    def open(
        cls, paths: AppPaths, database: Path | None = None, *, upgrade: bool = True
    ) -> AppContext:
        from counter_app.store.database import open_database

        opened = open_database(
            database or paths.database, backup_dir=paths.backups, upgrade=upgrade
        )
        return cls(store=opened.store, paths=paths, opened=opened)

    def close(self) -> None:
        self.store.dispose()

    def station(self, session: Session) -> StationInfo:
        if self._station is None:
            from counter_app.store.models import Station

            row = session.get(Station, 1)
            if row is None:
                raise StoreError(
                    N_("This station is not set up yet; run `counter-app setup` first")
                )
            self._station = StationInfo(row.center_code, row.center_name, row.station_no)
        return self._station

    def station_info(self) -> StationInfo:
        """The station, for callers outside any use case's session (the UI's status bar)."""
        with self.store.read() as session:
            return self.station(session)

    def catalog(self, session: Session) -> Catalog:
        """The active catalog, parsed once per version."""
        # Only the digest is read on every use case; the (large) content only when it changed.
        digest = session.connection().exec_driver_sql(_ACTIVE_CATALOG_DIGEST).scalar_one_or_none()
        if digest is None:
            raise StoreError(N_("No service catalog is installed; run `counter-app setup`"))
        if self._catalog is None or self._catalog[0] != digest:
            from sqlalchemy import select

            from counter_app.domain.catalog import parse_catalog
            from counter_app.store.models import CatalogVersion

            content = session.execute(
                select(CatalogVersion.content).where(CatalogVersion.sha256 == digest)
            ).scalar_one()
            self._catalog = (digest, parse_catalog(content))
        return self._catalog[1]

    def working_calendar(self, session: Session) -> WorkingCalendar:
        """The calendar that counts working days: the newest one HQ pushed, else ``calendar``
        as the context was made (the shipped file). Read per use case by its digest only, so a
        calendar pulled by another process counts from the next use case on; ``calendar``
        follows it (its time zone is what the screens show times in)."""
        digest = session.connection().exec_driver_sql(_NEWEST_CALENDAR_DIGEST).scalar_one_or_none()
        if digest is not None and digest != self._calendar_digest:
            from counter_app.domain.calendar import WorkingCalendar
            from counter_app.domain.errors import ValidationError

            row = session.connection().exec_driver_sql(_NEWEST_CALENDAR).one()
            # Checked before it was stored; a damaged row keeps the calendar in use.
            with contextlib.suppress(ValidationError, ValueError, AttributeError):
                self.calendar = WorkingCalendar.from_data(json.loads(row[1]))
            self._calendar_digest = str(row[0])
        return self.calendar

    def actor(self, session: Session, username: str) -> Actor:
        """The user a CLI or UI action is done as; must exist, be active and not locked."""
        from sqlalchemy import select

        from counter_app.store.models import User

        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None or not user.active:
            raise NotFound(N_("There is no active user called {user}"), user=username)
        from counter_app.services.lockout import lock_state

        # From the audit log, not the users row (one UPDATE away from unlocked).
        if lock_state(session, user.username, self.clock()).locked():
            raise StoreError(
                N_("User {user} is locked after too many failed logins"), user=username
            )
        return Actor(user_id=user.id, username=user.username, role=Role(user.role))
