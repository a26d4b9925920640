"""Intake: a clerk saves a new request. The hot path of the counter.

Everything (citizen, request, checklist, first event, outbox entry, audit row) is written in one
IMMEDIATE transaction: if the receipt was printed, the request exists. Statements are Core
constructs built once at import, because the ORM unit of work costs ~1 ms a save here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from counter_app.domain.arabic import normalize_for_search, parse_person_name
from counter_app.domain.audit import canonical_json
from counter_app.domain.catalog import Catalog, FieldType, Service
from counter_app.domain.documents import (
    ChecklistItem,
    build_checklist,
    case_fields,
    parse_doc_state,
)
from counter_app.domain.errors import N_, N_n, NotFound, ValidationError
from counter_app.domain.fields import validate_fields
from counter_app.domain.identity import parse_mobile, parse_national_id
from counter_app.domain.payment import PaymentInput
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import Permission
from counter_app.domain.status import OPEN_STATUSES, Status
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.citizens import record_correction, upsert_citizen
from counter_app.services.clock_check import ClockWarning, clock_warning, record_clock_warning
from counter_app.services.context import Actor, AppContext, StationInfo
from counter_app.services.outbox import enqueue
from counter_app.services.payments import (
    CheckedPayment,
    check_payment,
    insert_payment,
    payment_problems,
)
from counter_app.services.station_identity import issuing_station
from counter_app.store.models import Request, RequestDocument, RequestEvent

_FIND_ORG = text("SELECT id FROM organizations WHERE name_norm = :norm")
_INSERT_ORG = text(
    "INSERT INTO organizations (name, name_norm, created_at) VALUES (:name, :norm, :now) "
    "RETURNING id"
)
_NEXT_SEQ = text(
    "UPDATE receipt_sequences SET last_seq = last_seq + 1 WHERE year = :year RETURNING last_seq"
)
_FIRST_SEQ = text("INSERT INTO receipt_sequences (year, last_seq) VALUES (:year, 1)")
_OPEN_DUPLICATE = text(
    "SELECT receipt_no FROM requests WHERE citizen_id = :cid AND service_code = :svc "
    "AND status IN ({}) LIMIT 1".format(", ".join(f"'{s.value}'" for s in OPEN_STATUSES))
)
_INSERT_REQUEST = insert(cast(Table, Request.__table__))
_INSERT_DOC = insert(cast(Table, RequestDocument.__table__))
_INSERT_EVENT = insert(cast(Table, RequestEvent.__table__))


@dataclass(frozen=True)
class IntakeInput:
    service_code: str
    national_id: str
    name: str
    phone: str
    fields: Mapping[str, str] = field(default_factory=dict)
    documents: Mapping[str, str] = field(default_factory=dict)
    # The fee paid at intake, if the citizen brings the bank's receipt now (None: paid later).
    payment: PaymentInput | None = None


@dataclass(frozen=True)
class PreparedIntake:
    """Validated, normalised intake data: nothing here can fail on the way to the database."""

    service: Service
    catalog_version: str
    national_id: str
    name: str
    phone: str
    fields: dict[str, Any]
    checklist: list[ChecklistItem]
    organization: str | None


@dataclass(frozen=True)
class IntakeResult:
    request_uuid: str
    receipt_no: str
    service_code: str
    received_at: dt.datetime
    due_date: dt.date
    warnings: list[str]
    clock_warning: ClockWarning | None = None  # the clock looks wrong (the request is saved)


def find_service(catalog: Catalog, code: str) -> Service:
    svc = catalog.service(code.strip().upper())
    if svc is None or not svc.active:
        raise NotFound(N_("Unknown service {code}"), field="service", code=code[:60])
    return svc


def offered_service(catalog: Catalog, code: str, center_code: str) -> Service:
    """``find_service``, refused when the station's center does not offer it (a center the
    catalog does not name offers every active service)."""
    svc = find_service(catalog, code)
    if all(s.code != svc.code for s in catalog.services_for_center(center_code)):
        raise ValidationError(
            N_("Service {code} is not offered at this center ({center})"),
            field="service",
            code=svc.code,
            center=center_code,
        )
    return svc


def prepare_intake(catalog: Catalog, data: IntakeInput, *, strict: bool = True) -> PreparedIntake:
    """Validate every part and report every problem at once (the clerk fixes them in one go)."""
    service = find_service(catalog, data.service_code)
    problems: list[ValidationError] = []
    values: dict[str, Any] = {}
    for key, parse in (
        ("national_id", lambda: parse_national_id(data.national_id)),
        ("name", lambda: parse_person_name(data.name)),
        ("phone", lambda: parse_mobile(data.phone)),
        ("fields", lambda: validate_fields(service, data.fields, require_all=strict)),
    ):
        try:
            values[key] = parse()
        except ValidationError as exc:
            problems.extend(exc.problems or [exc])
    checklist: list[ChecklistItem] = []
    try:
        given = {code.strip().upper(): parse_doc_state(v) for code, v in data.documents.items()}
        # The documents of the chosen case (parsed fields, else the case read from raw input).
        case = values.get("fields") or case_fields(service, data.fields)
        checklist = build_checklist(service, given, fields=case, enforce=strict)
    except ValidationError as exc:
        problems.extend(exc.problems or [exc])
    if problems:
        raise ValidationError(
            N_n("The request cannot be saved: {n} problems"),
            problems=problems,
            n=len(problems),
        )
    fields_ = values["fields"]
    org = next(
        (
            fields_[f.key]
            for f in service.fields
            if f.type is FieldType.ORGANIZATION and fields_.get(f.key)
        ),
        None,
    )
    return PreparedIntake(
        service=service,
        catalog_version=catalog.version,
        national_id=values["national_id"],
        name=values["name"],
        phone=values["phone"],
        fields=fields_,
        checklist=checklist,
        organization=org,
    )


def _upsert_organization(session: Session, name: str, now: dt.datetime) -> int:
    norm = normalize_for_search(name)
    found = session.connection().execute(_FIND_ORG, {"norm": norm}).scalar_one_or_none()
    if found is not None:
        return int(found)
    return int(
        session.connection()
        .execute(_INSERT_ORG, {"name": name, "norm": norm, "now": now})
        .scalar_one()
    )


def allocate_receipt(session: Session, station: StationInfo, year: int) -> ReceiptNumber:
    """Next number of this station for the year; committed with the request that uses it."""
    seq = session.connection().execute(_NEXT_SEQ, {"year": year}).scalar_one_or_none()
    if seq is None:
        session.connection().execute(_FIRST_SEQ, {"year": year})
        seq = 1
    return ReceiptNumber(
        center=station.center_code, station=station.station_no, year=year, seq=int(seq)
    )


def write_request(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    p: PreparedIntake,
    *,
    received_at: dt.datetime,
    history: list[tuple[Status, dt.datetime, str | None]] | None = None,
    source: str = "counter",
    paper_ref: str | None = None,
    payment: CheckedPayment | None = None,
) -> IntakeResult:
    """Insert a prepared request with its events, outbox entry and audit row (and its fee's
    payment, checked before, with its own outbox item and audit row after the request's)."""
    # Read in this transaction, not the context's cache: a retired number issues nothing more.
    station = issuing_station(ctx, session)
    now = ctx.clock()
    citizen_id, correction = upsert_citizen(session, actor, p.national_id, p.name, p.phone, now)
    org_id = _upsert_organization(session, p.organization, now) if p.organization else None
    warnings: list[str] = []
    if source == "counter":
        dup = (
            session.connection()
            .execute(_OPEN_DUPLICATE, {"cid": citizen_id, "svc": p.service.code})
            .scalar_one_or_none()
        )
        if dup is not None:
            warnings.append(dup)
    local_year = received_at.astimezone(ctx.calendar.tz).year % 100
    receipt = allocate_receipt(session, station, local_year)
    due = ctx.working_calendar(session).due_date(received_at, p.service.sla.working_days)
    steps = history or [(Status.SUBMITTED, received_at, None)]
    last_status, last_at, _ = steps[-1]
    request_uuid = str(uuid.uuid4())
    request_id = (
        session.connection()
        .execute(
            _INSERT_REQUEST.returning(Request.__table__.c.id),
            {
                "uuid": request_uuid,
                "receipt_no": str(receipt),
                "year": receipt.year,
                "seq": receipt.seq,
                "service_code": p.service.code,
                "citizen_id": citizen_id,
                "citizen_name": p.name,
                "organization_id": org_id,
                "phone": p.phone,
                "fields": canonical_json(p.fields),
                "received_at": received_at,
                "due_date": due,
                "status": last_status.value,
                "status_at": last_at,
                "created_by": actor.user_id,
                "station_no": station.station_no,
                "source": source,
                "paper_ref": paper_ref,
                "catalog_version": p.catalog_version,
            },
        )
        .scalar_one()
    )
    if p.checklist:
        session.connection().execute(
            _INSERT_DOC,
            [
                {
                    "request_id": request_id,
                    "doc_type": i.doc_type,
                    "requirement": i.requirement.value,
                    "state": i.state.value,
                    "note": i.note,
                }
                for i in p.checklist
            ],
        )
    events = [
        {
            "uuid": str(uuid.uuid4()),
            "request_id": request_id,
            "status": st.value,
            "at": at,
            "user_id": actor.user_id,
            "actor": actor.username,
            "station": station.label,
            "reason": reason,
            "origin": "counter",
        }
        for st, at, reason in steps
    ]
    session.connection().execute(_INSERT_EVENT, events)
    enqueue(
        session,
        kind="request.created",
        entity_uuid=request_uuid,
        at=now,
        payload={
            "uuid": request_uuid,
            "receipt_no": str(receipt),
            "center": station.center_code,
            "station": station.station_no,
            "service": p.service.code,
            "catalog_version": p.catalog_version,
            "citizen": {"national_id": p.national_id, "name": p.name, "phone": p.phone},
            "organization": p.organization,
            "fields": p.fields,
            "documents": [
                {"type": i.doc_type, "state": i.state.value, "note": i.note} for i in p.checklist
            ],
            "received_at": received_at.isoformat(),
            "due_date": due.isoformat(),
            "source": source,
            "paper_ref": paper_ref,
            "events": [
                {
                    "uuid": e["uuid"],
                    "status": e["status"],
                    "at": e["at"].isoformat(),
                    "actor": e["actor"],
                    "station": e["station"],
                    "reason": e["reason"],
                }
                for e in events
            ],
        },
    )
    append_audit(
        session,
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        station=station.label,
        action="request.create" if source == "counter" else "request.import",
        entity="request",
        entity_ref=str(receipt),
        details={"service": p.service.code, "uuid": request_uuid},
    )
    if correction is not None:
        record_correction(session, actor, station, correction, request_id, str(receipt), now)
    if payment is not None:
        insert_payment(
            ctx,
            session,
            actor,
            request_id=request_id,
            request_uuid=request_uuid,
            receipt_no=str(receipt),
            service_code=p.service.code,
            payment=payment,
            at=now,
        )
    return IntakeResult(request_uuid, str(receipt), p.service.code, received_at, due, warnings)


@use_case(Permission.SUBMIT_REQUEST)
def submit_request(
    ctx: AppContext, actor: Actor, data: IntakeInput, *, received_at: dt.datetime | None = None
) -> IntakeResult:
    """Save a new request (one transaction). Raises ValidationError with every problem."""
    actor.require(Permission.SUBMIT_REQUEST)
    if data.payment is not None:
        actor.require(Permission.RECORD_PAYMENT)
    with ctx.store.write() as session:
        catalog = ctx.catalog(session)
        offered_service(catalog, data.service_code, ctx.station(session).center_code)
        try:
            prepared = prepare_intake(catalog, data)
        except ValidationError as exc:
            raise _with_payment_problems(exc, catalog, data) from None
        payment = None
        if data.payment is not None:
            # The fee of the catalog this request is taken with (services/payments.py).
            payment = check_payment(prepared.service, prepared.service.fee.amount_syp, data.payment)
        now = received_at or ctx.clock()
        # Before the write: the newest record must not be this very request.
        clock = clock_warning(session, now)
        result = write_request(ctx, session, actor, prepared, received_at=now, payment=payment)
        if clock is None:
            return result
        record_clock_warning(ctx, session, actor, clock)
        return replace(result, clock_warning=clock)


def _with_payment_problems(
    exc: ValidationError, catalog: Catalog, data: IntakeInput
) -> ValidationError:
    """The intake's problems and its payment's, reported together (fixed in one go)."""
    if data.payment is None:
        return exc
    try:
        service = find_service(catalog, data.service_code)
    except NotFound:
        return exc
    extra = payment_problems(service, service.fee.amount_syp, data.payment)
    if not extra:
        return exc
    problems = [*(exc.problems or [exc]), *extra]
    return ValidationError(
        N_n("The request cannot be saved: {n} problems"), problems=problems, n=len(problems)
    )
