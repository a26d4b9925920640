"""Fees (issue 16): the counter records that a request's fee was paid, and the day's cash report.

The fee a request owes is its service's fee in the catalog the request was taken with
(``requests.catalog_version``): a later catalog that raises the fee does not make a citizen who
applied before it owe more, and the clerk never types an amount the catalog does not say; the
amount entered must equal it (a check of what the citizen paid at the bank, not a choice).

A fee is paid once: checked here with a translated error, and held by the UNIQUE
``payments.request_id`` when two clerks record it at the same moment (the loser's transaction
is rolled back whole and gets the same error). A payment is never changed or deleted
(triggers, migration 0020). A request whose fee was not paid at intake is saved all the same
("paid later"): its receipt says "not paid".

Who: RECORD_PAYMENT (clerk, supervisor, admin: the person who takes the file takes the proof
of payment; reception only directs citizens). The cash report needs VIEW_REPORTS; a clerk
without it gets the report of his own payments only (to count his desk at the end of the day).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.catalog import Service, parse_catalog
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, Conflict, N_n, NotFound, ValidationError
from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.domain.periods import parse_day
from counter_app.domain.roles import GRANTS, Permission
from counter_app.domain.status import Status
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.record import record_change
from counter_app.services.requests import find_request
from counter_app.store.models import CatalogVersion, Request, ServiceRow, User
from counter_app.store.models_payments import BANK_RECEIPT_LIMIT as BANK_RECEIPT_LIMIT
from counter_app.store.models_payments import Payment

OUTBOX_KIND = "payment.recorded"  # counter_protocol.wire.ItemKind.PAYMENT
# A bank's receipt number as printed on its slip: letters, digits, '-' and '/', at least one
# digit, 3 to 30 characters (spaces a clerk types between groups are dropped).
_BANK_RECEIPT = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9/-]{2,29}$")
_REFUSED_STATUSES = frozenset({Status.CANCELLED.value, Status.REJECTED.value})
_INSERT = insert(cast(Table, Payment.__table__))
assert BANK_RECEIPT_LIMIT >= 30  # the pattern's longest number fits the column


@dataclass(frozen=True)
class PaymentRecord:
    uuid: str
    request_uuid: str
    receipt_no: str
    service_code: str
    amount_syp: int
    method: PaymentMethod
    bank_receipt_no: str | None
    paid_at: dt.datetime  # UTC
    actor: str  # the clerk's username
    clerk: str  # the clerk's full name (else username)
    station: str


@dataclass(frozen=True)
class CheckedPayment:
    """A payment that passed every check against its request's fee: nothing left can fail."""

    amount_syp: int
    method: PaymentMethod
    bank_receipt_no: str | None


@dataclass(frozen=True)
class CashReport:
    day: dt.date  # the center's local day
    payments: list[PaymentRecord]  # in the order they were recorded
    by_method: dict[str, int]  # PaymentMethod value -> total SYP (both methods always listed)
    by_clerk: dict[str, int]  # username -> total SYP
    total_syp: int
    only_clerk: str | None = None  # set when the asker may see only his own payments
    counts: dict[str, int] = field(default_factory=dict)  # PaymentMethod value -> payments


def _bank_receipt(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = re.sub(r"\s+", "", normalize_digits(raw))
    return text or None


def payment_problems(
    service: Service, fee_syp: int, payment: PaymentInput
) -> list[ValidationError]:
    """Every reason ``payment`` cannot be recorded for a request of ``service`` owing
    ``fee_syp`` (empty: it can). Pure: intake reports these with its other problems."""
    if fee_syp <= 0:
        return [
            ValidationError(
                N_("The service {service} has no fee: there is nothing to pay"),
                field="payment",
                service=service.code,
            )
        ]
    problems: list[ValidationError] = []
    if payment.amount_syp != fee_syp:
        problems.append(
            ValidationError(
                N_("The fee of this service is {fee} SYP, not {amount}"),
                field="payment_amount",
                fee=fee_syp,
                amount=payment.amount_syp,
            )
        )
    number = _bank_receipt(payment.bank_receipt_no)
    if payment.method is PaymentMethod.BANK_RECEIPT:
        if number is None:
            problems.append(
                ValidationError(
                    N_("Enter the number of the bank's receipt"), field="bank_receipt_no"
                )
            )
        elif not _BANK_RECEIPT.match(number):
            problems.append(
                ValidationError(
                    N_(
                        "{value} is not a bank receipt number (3 to 30 letters and digits, "
                        "with at least one digit)"
                    ),
                    field="bank_receipt_no",
                    value=(payment.bank_receipt_no or "")[:40],
                )
            )
    elif number is not None:
        problems.append(
            ValidationError(
                N_("A fee paid at the bank desk has no bank receipt number"),
                field="bank_receipt_no",
            )
        )
    return problems


def check_payment(service: Service, fee_syp: int, payment: PaymentInput) -> CheckedPayment:
    problems = payment_problems(service, fee_syp, payment)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError(
            N_n("The payment cannot be recorded: {n} problems"), problems=problems, n=len(problems)
        )
    return CheckedPayment(
        payment.amount_syp,
        payment.method,
        _bank_receipt(payment.bank_receipt_no)
        if payment.method is PaymentMethod.BANK_RECEIPT
        else None,
    )


def fee_of(ctx: AppContext, session: Session, req: Request) -> tuple[Service | None, int]:
    """The service and fee of ``req`` as its catalog version said (see the module's note);
    a version no longer stored (history imported under another) falls back to the active
    catalog's, then to the services table."""
    active = ctx.catalog(session)
    catalog = active
    if req.catalog_version != active.version:
        content = session.execute(
            select(CatalogVersion.content)
            .where(CatalogVersion.version == req.catalog_version)
            .order_by(CatalogVersion.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if content is not None:
            catalog = parse_catalog(content)
    service = catalog.service(req.service_code) or active.service(req.service_code)
    if service is not None:
        return service, service.fee.amount_syp
    row = session.get(ServiceRow, req.service_code)
    return None, row.fee_syp if row else 0


def insert_payment(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    *,
    request_id: int,
    request_uuid: str,
    receipt_no: str,
    service_code: str,
    payment: CheckedPayment,
    at: dt.datetime,
) -> str:
    """Write a checked payment with its outbox item and audit row, in the caller's
    transaction (intake's or record_payment's). Returns its UUID."""
    station = ctx.station(session)
    payment_uuid = str(uuid.uuid4())
    session.connection().execute(
        _INSERT,
        {
            "uuid": payment_uuid,
            "request_id": request_id,
            "amount_syp": payment.amount_syp,
            "method": payment.method.value,
            "bank_receipt_no": payment.bank_receipt_no,
            "paid_at": at,
            "user_id": actor.user_id,
            "actor": actor.username,
            "station": station.label,
        },
    )
    record_change(
        ctx,
        session,
        actor,
        at=at,
        kind=OUTBOX_KIND,
        entity_uuid=payment_uuid,
        payload={
            "uuid": payment_uuid,
            "request_uuid": request_uuid,
            "receipt_no": receipt_no,
            "service": service_code,
            "amount_syp": payment.amount_syp,
            "method": payment.method.value,
            "bank_receipt_no": payment.bank_receipt_no,
            "paid_at": at.isoformat(),
        },
        action="payment.record",
        entity="request",
        entity_ref=receipt_no,
        details={
            "amount_syp": payment.amount_syp,
            "method": payment.method.value,
            "bank_receipt_no": payment.bank_receipt_no,
            "uuid": payment_uuid,
        },
    )
    return payment_uuid


def _already_paid(receipt_no: str) -> Conflict:
    return Conflict(N_("The fee of request {receipt} is already paid"), receipt=receipt_no)


def _record_of(session: Session, p: Payment, req: Request) -> PaymentRecord:
    user = session.get(User, p.user_id) if p.user_id is not None else None
    return PaymentRecord(
        uuid=p.uuid,
        request_uuid=req.uuid,
        receipt_no=req.receipt_no,
        service_code=req.service_code,
        amount_syp=p.amount_syp,
        method=PaymentMethod(p.method),
        bank_receipt_no=p.bank_receipt_no,
        paid_at=p.paid_at,
        actor=p.actor,
        clerk=(user.full_name or user.username) if user else p.actor,
        station=p.station,
    )


def payment_row(session: Session, request_id: int) -> Payment | None:
    return session.execute(
        select(Payment).where(Payment.request_id == request_id)
    ).scalar_one_or_none()


def payment_for(
    session_or_ctx: Session | AppContext, request: Request | str
) -> PaymentRecord | None:
    """The payment of ``request`` (a Request row, or a receipt number / UUID), None if unpaid."""
    if isinstance(session_or_ctx, AppContext):
        with session_or_ctx.store.read() as session:
            return payment_for(session, request)
    session = session_or_ctx
    req = find_request(session, request) if isinstance(request, str) else request
    row = payment_row(session, req.id)
    return _record_of(session, row, req) if row is not None else None


@dataclass(frozen=True)
class FeeState:
    """A request's fee and its payment, for the request view, `request show` and the receipt."""

    receipt_no: str
    status: str
    fee_syp: int  # 0: a free service
    payment: PaymentRecord | None

    @property
    def payable(self) -> bool:
        """A payment can be recorded now (a fee, unpaid, the request neither cancelled nor
        rejected): the request view offers "Record payment" only then."""
        return self.fee_syp > 0 and self.payment is None and self.status not in _REFUSED_STATUSES


@use_case(Permission.VIEW_REQUESTS)
def fee_state(ctx: AppContext, actor: Actor, ref: str) -> FeeState:
    with ctx.store.read() as session:
        req = find_request(session, ref)
        _, fee = fee_of(ctx, session, req)
        return FeeState(req.receipt_no, req.status, fee, payment_for(session, req))


@use_case(Permission.RECORD_PAYMENT)
def record_payment(ctx: AppContext, actor: Actor, ref: str, payment: PaymentInput) -> PaymentRecord:
    """Record that the fee of request ``ref`` was paid (one transaction: the payment, its
    outbox item for HQ, its audit row). Refused, with nothing written: a service without a
    fee, another amount than the fee, a bank receipt number missing, malformed or given for
    the bank desk, a fee already paid, a cancelled or rejected request."""
    actor.require(Permission.RECORD_PAYMENT)
    receipt_no = ref
    try:
        with ctx.store.write() as session:
            req = find_request(session, ref)
            receipt_no = req.receipt_no
            if req.status in _REFUSED_STATUSES:
                raise ValidationError(
                    N_("Request {receipt} is {status}: no fee is taken for it"),
                    field="payment",
                    receipt=req.receipt_no,
                    status=req.status,
                )
            if payment_row(session, req.id) is not None:
                raise _already_paid(req.receipt_no)
            service, fee = fee_of(ctx, session, req)
            if service is None:
                raise NotFound(N_("Unknown service {code}"), code=req.service_code)
            checked = check_payment(service, fee, payment)
            now = ctx.clock()
            insert_payment(
                ctx,
                session,
                actor,
                request_id=req.id,
                request_uuid=req.uuid,
                receipt_no=req.receipt_no,
                service_code=req.service_code,
                payment=checked,
                at=now,
            )
            row = payment_row(session, req.id)
            assert row is not None
            return _record_of(session, row, req)
    except IntegrityError as exc:
        # Another clerk recorded it between our check and our insert (the UNIQUE request_id):
        # our transaction was rolled back whole.
        if "payments.request_id" in str(exc.orig):
            raise _already_paid(receipt_no) from None
        raise


def local_day_range(ctx: AppContext, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants a local day of the center starts and ends at (DST-aware)."""
    tz = ctx.calendar.tz
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz).astimezone(dt.UTC)
    return start, end


@use_case(Permission.VIEW_CASH)
def cash_report(ctx: AppContext, actor: Actor, day: str = "today") -> CashReport:
    """Every payment of the center's local day ``day`` (``today``, ``yesterday``, ISO or
    DD/MM/YYYY in any digits), with totals per method, per clerk and overall."""
    sees_all = actor.role in GRANTS[Permission.VIEW_REPORTS]
    with ctx.store.read() as session:
        tz = ctx.working_calendar(session).tz
        today = ctx.clock().astimezone(tz).date()
        local = parse_day(day, today, field="date")
        start, end = local_day_range(ctx, local)
        stmt = (
            select(Payment, Request)
            .join(Request, Request.id == Payment.request_id)
            .where(Payment.paid_at >= start, Payment.paid_at < end)
            .order_by(Payment.paid_at, Payment.id)
        )
        if not sees_all:
            stmt = stmt.where(Payment.user_id == actor.user_id)
        rows = [_record_of(session, p, r) for p, r in session.execute(stmt).tuples()]
    by_method = {m.value: 0 for m in PaymentMethod}
    counts = {m.value: 0 for m in PaymentMethod}
    by_clerk: dict[str, int] = {}
    for r in rows:
        by_method[r.method.value] += r.amount_syp
        counts[r.method.value] += 1
        by_clerk[r.actor] = by_clerk.get(r.actor, 0) + r.amount_syp
    return CashReport(
        day=local,
        payments=rows,
        by_method=by_method,
        by_clerk=by_clerk,
        total_syp=sum(by_method.values()),
        only_clerk=None if sees_all else actor.username,
        counts=counts,
    )
