"""Routing: which agency a request goes to, and the ``forwarded`` step that tells its station.

The agencies and the services they handle are data: loaded from the service catalog into the
``agencies`` and ``services`` tables when HQ publishes a catalog (catalogs.py, same transaction)
and, on a new HQ, from the catalog shipped with the counter (``seed_if_empty`` at start). A
service is handled by its ``handled_by`` agency when the catalog names one, else by its own.

An HQ admin may route a service elsewhere (``set_routing``): the row is then marked
``admin_routed`` and a later catalog keeps the admin's agency and office for it (its names,
category and SLA still follow the catalog). A catalog published to one center only adds the
agencies and services HQ does not know yet: one center's pilot catalog never reroutes the
requests of every center.

A request is forwarded once, by HQ, when it is stored (ingest.py) or, for a service HQ did not
route then, when its service gets an agency (``route_pending``). The step's UUID is derived from
the request's, so the unique constraint on ``request_events.uuid`` makes a second forward of the
same request impossible whatever path or race produces it. Its time is HQ's clock, but never
before the request's newest step (a station's clock may run ahead of HQ's, up to the protocol's
two hours): the history keeps its order. Like every HQ step it is signed (signing.py) when HQ
has its key, and it carries the agency's code and names for the counter's timeline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

import counter_app.domain as _domain
from counter_app.domain.catalog import Catalog, parse_catalog
from counter_app.domain.errors import ValidationError
from counter_app.domain.status import Status
from counter_hq import states
from counter_hq.db import lock_changes
from counter_hq.errors import Invalid, NotFoundError
from counter_hq.models import (
    Agency,
    AgencyOffice,
    ChangeRow,
    HqAudit,
    HqRequest,
    HqRequestEvent,
    HqService,
    RequestState,
)
from counter_hq.signing import Signer, step_message
from counter_protocol.payloads import STATUS_EVENT

ROUTING_ACTOR = "hq-routing"  # the "who" of a forwarded step: HQ's routing, not a person
HQ_STATION = "HQ"
# Namespace of the forwarded steps' UUIDs (uuid5 of the request's UUID): one per request.
FORWARD_NAMESPACE = uuid.UUID("6f2b0d1e-4c1a-5b8e-9a47-15f0c0a1e015")
_ROUTE_CHUNK = 1000  # requests forwarded per statement by route_pending

_EVENTS = cast(Table, HqRequestEvent.__table__)
_CHANGES = cast(Table, ChangeRow.__table__)
_AGENCY_CODE_MAX = Agency.__table__.c.code.type.length  # type: ignore[attr-defined]
_SERVICE_CODE_MAX = HqService.__table__.c.code.type.length  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Route:
    """Where a service's requests go, as ingest needs it."""

    service: str
    agency: str
    name_ar: str
    name_en: str
    category: str


@dataclass(frozen=True)
class Loaded:
    agencies: int  # agencies added or renamed
    services: int  # services added or changed
    forwarded: int  # requests forwarded because their service got an agency


def forward_uuid(request_uuid: str) -> str:
    return str(uuid.uuid5(FORWARD_NAMESPACE, f"forwarded:{request_uuid}"))


def forward_at(now: dt.datetime, newest_step: dt.datetime | None) -> dt.datetime:
    """HQ's time, but never before the step it follows (see the module's words)."""
    if newest_step is None or newest_step < now:
        return now
    return newest_step + dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Forward:
    """A forwarded step's rows: the HQ event and the change its station pulls."""

    event: dict[str, Any]
    change: dict[str, Any]


def forward_rows(
    *,
    request_uuid: str,
    receipt_no: str,
    center: str,
    station_no: int,
    route: Route,
    at: dt.datetime,
    now: dt.datetime,
    signer: Signer | None,
) -> Forward:
    event_uuid = forward_uuid(request_uuid)
    status = Status.FORWARDED.value
    event = {
        "uuid": event_uuid,
        "request_uuid": request_uuid,
        "center": center,
        "status": status,
        "at": at,
        "actor": ROUTING_ACTOR,
        "station": HQ_STATION,
        "reason": None,
        "origin": "hq",
        "ingested_at": now,
    }
    # The fields of StatusEventChange, the schema the station reads it with (a test validates
    # it): written out, not built through pydantic, at a hundred requests a push.
    payload: dict[str, Any] = {
        "request_uuid": request_uuid,
        "receipt_no": receipt_no,
        "uuid": event_uuid,
        "status": status,
        "at": at.isoformat(),
        "actor": ROUTING_ACTOR,
        "station": HQ_STATION,
        "origin": "hq",
        "agency": route.agency,
        "agency_name_ar": route.name_ar,
    }
    if route.name_en:
        payload["agency_name_en"] = route.name_en
    if signer is not None:
        message = step_message(
            event_uuid=event_uuid,
            request_uuid=request_uuid,
            status=status,
            at=at,
            actor=ROUTING_ACTOR,
            reason=None,
        )
        payload["signature"] = signer.sign(message)
    change = {
        "center": center,
        "station_no": station_no,
        "kind": STATUS_EVENT,
        "payload": payload,
        "created_at": now,
    }
    return Forward(event, change)


def routes_for(session: Session, services: Iterable[str]) -> dict[str, Route]:
    """The routing of these services (one query); a service HQ does not route is absent."""
    codes = set(services)
    if not codes:
        return {}
    rows = session.execute(
        select(
            HqService.code,
            HqService.agency,
            HqService.category,
            Agency.name_ar,
            Agency.name_en,
        )
        .join(Agency, Agency.code == HqService.agency)
        .where(HqService.code.in_(codes))
    ).all()
    return {
        r.code: Route(r.code, r.agency, r.name_ar, r.name_en or "", r.category or "service")
        for r in rows
    }


# -- loading a catalog -------------------------------------------------------------------------


def shipped_catalog_path() -> Path:
    """The catalog shipped with the counter: inside the installed package (a wheel), else at
    the source checkout's root (as counter_app.paths.resources_dir finds it; HQ may import
    only the counter's domain, so the rule is repeated here)."""
    package = Path(_domain.__file__).resolve().parent.parent  # .../counter_app
    packaged = package / "resources" / "catalog" / "catalog.json"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "resources" / "catalog" / "catalog.json"


def check_fits(catalog: Catalog) -> None:
    """The catalog's codes must fit HQ's columns: refused whole before anything is stored."""
    for a in catalog.agencies:
        if len(a.code) > _AGENCY_CODE_MAX:
            raise Invalid(
                "Agency code {agency} is longer than {n} characters",
                agency=a.code,
                n=_AGENCY_CODE_MAX,
            )
    for s in catalog.services:
        if len(s.code) > _SERVICE_CODE_MAX:
            raise Invalid(
                "Service code {service} is longer than {n} characters",
                service=s.code,
                n=_SERVICE_CODE_MAX,
            )


def load_catalog(
    session: Session,
    catalog: Catalog,
    now: dt.datetime,
    *,
    everywhere: bool = True,
    signer: Signer | None = None,
) -> Loaded:
    """Agencies and services from ``catalog`` into HQ's tables, then the requests waiting for
    a routing forwarded; in the caller's transaction (not committed here).

    ``everywhere``: the catalog is published to every center; otherwise only what HQ does not
    know yet is added (see the module's words)."""
    check_fits(catalog)
    agencies = {a.code: a for a in session.execute(select(Agency)).scalars()}
    changed_agencies = 0
    for a in catalog.agencies:
        known = agencies.get(a.code)
        if known is None:
            session.add(Agency(code=a.code, name_ar=a.name_ar, name_en=a.name_en, created_at=now))
            changed_agencies += 1
        elif everywhere and (known.name_ar, known.name_en) != (a.name_ar, a.name_en):
            known.name_ar, known.name_en = a.name_ar, a.name_en
            changed_agencies += 1
    session.flush()  # the services' foreign keys name them
    held = {s.code: s for s in session.execute(select(HqService)).scalars()}
    changed_services = 0
    for s in catalog.services:
        values = {
            "category": s.category.value,
            "name_ar": s.name_ar,
            "name_en": s.name_en,
            "sla_days": s.sla.working_days,
            "catalog_version": catalog.version,
        }
        row = held.get(s.code)
        if row is None:
            session.add(HqService(code=s.code, agency=s.routed_to, office_id=None, **values))
            changed_services += 1
            continue
        if not everywhere:
            continue
        before = (row.agency, row.office_id, *(getattr(row, k) for k in values))
        for key, value in values.items():
            setattr(row, key, value)
        if not row.admin_routed and row.agency != s.routed_to:
            # An office belongs to its agency: a new agency starts without one.
            row.agency, row.office_id = s.routed_to, None
        if before != (row.agency, row.office_id, *(getattr(row, k) for k in values)):
            changed_services += 1
    session.flush()
    forwarded = route_pending(session, now, signer=signer)
    return Loaded(changed_agencies, changed_services, forwarded)


def seed_if_empty(
    session: Session, now: dt.datetime, *, signer: Signer | None = None
) -> Loaded | None:
    """On a new HQ (no service routed yet): the shipped catalog's agencies and services, and
    the requests already held forwarded. Committed; None when HQ routes services already."""
    if session.execute(select(HqService.code).limit(1)).first() is not None:
        return None
    path = shipped_catalog_path()
    try:
        catalog = parse_catalog(path.read_bytes())
    except OSError as exc:
        raise Invalid(f"cannot read the shipped catalog {path}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        raise Invalid(f"the shipped catalog {path} is invalid: {exc.render()}") from None
    loaded = load_catalog(session, catalog, now, signer=signer)
    session.commit()
    return loaded


# -- routing requests ----------------------------------------------------------------------------


def route_pending(session: Session, now: dt.datetime, *, signer: Signer | None = None) -> int:
    """Requests HQ holds without an agency whose service now has one: each gets the agency,
    and those still ``submitted`` their forwarded step. In the caller's transaction; returns
    how many were forwarded."""
    lock_changes(session)  # before any state row: the order ingest and the back office keep
    pending = session.execute(
        select(RequestState.service)
        .where(RequestState.agency.is_(None))
        .group_by(RequestState.service)
    ).scalars()
    routes = routes_for(session, pending)
    forwarded = 0
    for code, route in sorted(routes.items()):
        while True:
            batch = session.execute(
                select(
                    RequestState.request_uuid,
                    RequestState.status,
                    RequestState.status_at,
                    HqRequest.receipt_no,
                    HqRequest.center,
                    HqRequest.station_no,
                )
                .join(HqRequest, HqRequest.uuid == RequestState.request_uuid)
                .where(RequestState.agency.is_(None), RequestState.service == code)
                .limit(_ROUTE_CHUNK)
            ).all()
            if not batch:
                break
            forwarded += _route_batch(session, route, batch, now, signer)
    return forwarded


def _route_batch(
    session: Session,
    route: Route,
    batch: Sequence[Any],
    now: dt.datetime,
    signer: Signer | None,
) -> int:
    uuids = [r.request_uuid for r in batch]
    session.execute(
        update(RequestState)
        .where(RequestState.request_uuid.in_(uuids))
        .values(agency=route.agency, category=route.category)
    )
    submitted = [r for r in batch if r.status == Status.SUBMITTED.value]
    if not submitted:
        return 0
    # A forwarded step already held (a station returned it after a restore) is not made again.
    held = set(
        session.execute(
            select(HqRequestEvent.request_uuid).where(
                HqRequestEvent.uuid.in_([forward_uuid(r.request_uuid) for r in submitted])
            )
        ).scalars()
    )
    steps = [
        (
            r,
            forward_rows(
                request_uuid=r.request_uuid,
                receipt_no=r.receipt_no,
                center=r.center,
                station_no=r.station_no,
                route=route,
                at=forward_at(now, r.status_at),
                now=now,
                signer=signer,
            ),
        )
        for r in submitted
        if r.request_uuid not in held
    ]
    if not steps:
        return 0
    session.execute(insert(_EVENTS), [f.event for _, f in steps])
    for r, f in steps:
        states.advance(session, r.request_uuid, Status.FORWARDED, f.event["at"])
    session.execute(insert(_CHANGES), [f.change for _, f in steps])
    return len(steps)


# -- an HQ admin's routing ---------------------------------------------------------------------


def set_routing(
    session: Session,
    service: str,
    agency: str,
    now: dt.datetime,
    *,
    office_id: int | None = None,
    user_id: int | None = None,
    signer: Signer | None = None,
) -> int:
    """Route ``service`` to ``agency`` (and one of its offices) for good: later catalogs keep
    it. Requests already forwarded stay with their agency; those waiting for a routing are
    forwarded now (the count is returned). Audited; committed."""
    row = session.get(HqService, service)
    if row is None:
        raise NotFoundError("No service {service}", service=service[:40])
    target = session.get(Agency, agency)
    if target is None:
        raise Invalid("No agency {agency}", agency=agency[:20])
    if office_id is not None:
        office = session.get(AgencyOffice, office_id)
        if office is None or office.agency != target.code:
            raise Invalid(
                "Office {office} is not an office of {agency}",
                office=office_id,
                agency=target.code,
            )
    before = {"agency": row.agency, "office_id": row.office_id}
    row.agency, row.office_id, row.admin_routed = target.code, office_id, True
    session.add(
        HqAudit(
            at=now,
            user_id=user_id,
            action="routing.set",
            target=service,
            details={"before": before, "agency": target.code, "office_id": office_id},
        )
    )
    session.flush()
    forwarded = route_pending(session, now, signer=signer)
    session.commit()
    return forwarded
