"""First start of a station: its database key, its identity, the shipped catalog and the first
admin."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, Conflict, StoreError, ValidationError
from counter_app.domain.receipt import validate_center_code, validate_station
from counter_app.services.audit import append_audit
from counter_app.services.catalog import install_catalog
from counter_app.services.context import AppContext, StationInfo, shipped_catalog_bytes
from counter_app.services.users import add_user, validate_password, validate_username
from counter_app.store.models import CatalogVersion, Station, User


class Encryption(StrEnum):
    AUTO = "auto"  # encrypted when the credential store can keep the key, else plain (warned)
    ON = "on"  # encrypted, or no setup at all
    OFF = "off"  # plain, on purpose


NO_KEY_STORE = N_(
    "This computer has no working credential store for the database key ({detail}), so the "
    "station's database is stored UNENCRYPTED: anyone who takes this disk can read it. Set up "
    "the system keyring (GNOME Keyring, KWallet, Windows Credential Manager), then run "
    "`counter-app db encrypt`."
)
INSECURE_KEY_STORE = N_(
    "The database is encrypted, but its key is kept in {backend}, which does not keep it "
    "secret (a plain file in the user's folder): use the system keyring (GNOME Keyring, "
    "KWallet, Windows Credential Manager) on a counter PC."
)
ENCRYPTION_REFUSED = N_(
    "Encryption was asked for (--encryption on) but this computer's credential store cannot "
    "keep the key ({detail}). Nothing was set up."
)


@dataclass(frozen=True)
class EncryptionChoice:
    encrypted: bool
    key_id: str | None
    created: bool  # the key was made now (a new database)
    warning: StoreError | None  # said to the person setting up; nothing was refused


def _key_store() -> tuple[str, bool, bool]:
    """(backend's name, usable, secure) of the credential store ``keyring`` would use."""
    from counter_app.store.key_store import key_store

    found = key_store()
    return found.backend, found.usable, found.secure


def _new_database(db: Path) -> bool:
    try:
        return db.stat().st_size == 0
    except FileNotFoundError:
        return True


def _never_set_up(db: Path) -> bool:
    """A plain file that some command made before setup (every command opens, and so creates,
    the database): no station, no user, no request. Nothing in it is worth keeping unencrypted;
    found by the Windows installer's scheduled sync running in a profile before its setup."""
    from counter_app.store import sqlite_driver

    if sqlite_driver.is_encrypted_file(db):
        return False
    try:
        conn = sqlite_driver.connect(db, key=None, readonly=True)
    except sqlite_driver.ERRORS:
        return False
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in ("station", "users", "requests"):
            if table in tables and conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
                return False
        return True
    except sqlite_driver.ERRORS:
        return False
    finally:
        conn.close()


def _remove_unused(db: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal", ""):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def prepare_encryption(db: Path, mode: Encryption | str = Encryption.AUTO) -> EncryptionChoice:
    """Before the database file exists: make its key, keep it in the credential store, read it
    back and write its name beside the file, so that the first byte SQLite ever writes there
    is encrypted. An existing database is left as it is (``db encrypt`` converts one)."""
    from counter_app.store import keys
    from counter_app.store.sqlite_driver import is_encrypted_file

    mode = Encryption(mode)
    if not _new_database(db) and mode is not Encryption.OFF and _never_set_up(db):
        _remove_unused(db)
    if not _new_database(db):
        return EncryptionChoice(is_encrypted_file(db), keys.read_key_id(db) or None, False, None)
    named = keys.key_id_path(db)
    if mode is Encryption.OFF:
        named.unlink(missing_ok=True)  # a name left by an earlier attempt: no data uses its key
        return EncryptionChoice(False, None, False, None)
    backend, usable, secure = _key_store()
    try:
        if not usable:
            raise keys.KeyStoreUnavailable(backend)
        key = keys.store_new_key()
        db.parent.mkdir(parents=True, exist_ok=True)
        keys.write_key_id(db, key.key_id)
    except keys.KeyStoreUnavailable as exc:
        detail = str(exc.params.get("detail", backend))
        if mode is Encryption.ON:
            raise StoreError(ENCRYPTION_REFUSED, detail=detail) from None
        named.unlink(missing_ok=True)
        return EncryptionChoice(False, None, False, StoreError(NO_KEY_STORE, detail=detail))
    warning = None if secure else StoreError(INSECURE_KEY_STORE, backend=backend)
    return EncryptionChoice(True, key.key_id, True, warning)


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
