"""Publishing the service catalog from HQ: a change every station (or one center's) pulls.

The file is validated whole with the counter's own catalog rules before anything is stored, so a
station never receives a catalog it would refuse. Versions only move forward per audience: the
same file again is a no-op, another file under a published version is refused (a changed
catalog needs a new version), and an older version is refused, as the counter would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.catalog import parse_catalog
from counter_app.domain.errors import ValidationError
from counter_hq.db import lock_changes
from counter_hq.errors import ConflictError, Invalid, NotFoundError
from counter_hq.models import Center, ChangeRow
from counter_hq.routing import check_fits, load_catalog
from counter_hq.signing import Signer
from counter_protocol.payloads import CATALOG, CatalogChange

MAX_CATALOG_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Published:
    version: str
    sha256: str
    services: int
    center: str | None  # None: every center
    seq: int | None  # None: this exact file was already published to this audience
    changed: bool


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def publish_catalog(
    session: Session,
    raw: bytes,
    now: dt.datetime,
    *,
    center: str | None = None,
    signer: Signer | None = None,  # signs the forwarded steps of requests it routes
) -> Published:
    if len(raw) > MAX_CATALOG_BYTES:
        raise Invalid(f"the catalog file is too large ({len(raw)} bytes)")
    try:
        catalog = parse_catalog(raw)
    except ValidationError as exc:
        raise Invalid(exc.render()) from None
    check_fits(catalog)  # HQ's routing tables take its codes
    code = center.strip().upper() if center else None
    if code is not None and session.get(Center, code) is None:
        raise NotFoundError(f"no center {code}")
    digest = hashlib.sha256(raw).hexdigest()
    lock_changes(session)  # one publisher at a time, and seq order = publication order
    audience = ChangeRow.center.is_(None) if code is None else ChangeRow.center == code
    latest = session.execute(
        select(ChangeRow)
        .where(ChangeRow.kind == CATALOG, audience)
        .order_by(ChangeRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is not None:
        old_version = str(latest.payload.get("version", ""))
        if latest.payload.get("sha256") == digest:
            session.rollback()
            return Published(
                catalog.version, digest, len(catalog.services), code, None, changed=False
            )
        if _version_key(catalog.version) <= _version_key(old_version):
            raise ConflictError(
                f"catalog version {catalog.version} is not newer than the published "
                f"version {old_version}; a changed catalog needs a new version",
                code="catalog_version",
            )
    # The agencies and services it names route the requests (routing.py): same transaction.
    load_catalog(session, catalog, now, everywhere=code is None, signer=signer)
    change = ChangeRow(
        center=code,
        station_no=None,
        kind=CATALOG,
        # Built with the schema the station reads it with (counter_protocol/payloads.py).
        payload=CatalogChange(
            version=catalog.version, sha256=digest, content=raw.decode("utf-8")
        ).model_dump(),
        created_at=now,
    )
    session.add(change)
    session.flush()
    seq = change.seq
    session.commit()
    return Published(catalog.version, digest, len(catalog.services), code, seq, changed=True)
