"""The print queue: every document is recorded as a job before it is sent, so a printer that
is off, missing or out of paper never loses a receipt; the job waits with its error for a retry.

A receipt's original can be printed once. Every later print is a numbered copy, marked on the
paper and audited. A job whose outcome is unknown (the program stopped while sending) may have
printed, so it is never sent again as the original: the clerk prints a copy instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, Conflict, CounterError, NotFound, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import Permission
from counter_app.domain.verification import verification_code
from counter_app.i18n import Translator
from counter_app.printing.backends.base import PrintFailed
from counter_app.printing.documents.box_label import BoxLabelData, render_box_label
from counter_app.printing.documents.cover import CoverData, render_cover
from counter_app.printing.documents.handover import HandoverData, HandoverItem, render_handover
from counter_app.printing.documents.receipt import (
    ReceiptData,
    ReceiptDocument,
    ReceiptPayment,
    render_receipt,
)
from counter_app.printing.documents.slip import SlipCase, SlipData, SlipDocument, render_slip
from counter_app.printing.registry import Address, Printers, parse_address
from counter_app.services.access import use_case
from counter_app.services.archive_boxes import find_box
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.handover_batches import LISTED, batch_view, find_batch
from counter_app.services.requests import find_request
from counter_app.services.settings import PAPERS, check_fits, read_settings
from counter_app.store.models import (
    NOTE_LIMIT,
    Citizen,
    PrintJob,
    Request,
    RequestDocument,
    User,
)

if TYPE_CHECKING:
    from counter_app.domain.catalog import RequiredDocument

KINDS = ("receipt", "cover", "slip", "handover", "box_label")
RETRYABLE = ("queued", "failed")
# Who may print what: a slip describes the catalog; a box label is the archive's; every other
# document shows a request (or a batch of them), which anyone who may search can see.
_PRINT_PERMISSION = {"slip": Permission.VIEW_CATALOG, "box_label": Permission.MANAGE_ARCHIVE}


class PrintError(CounterError):
    """Sending failed; the job is kept in the queue with the error."""


@dataclass(frozen=True)
class PrintJobView:
    id: int
    kind: str
    ref: str
    copy_no: int
    paper: str
    language: str
    printer: str
    state: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    note: str | None = None  # a reception slip's counter or ticket


def _view(job: PrintJob | Row[Any]) -> PrintJobView:
    return PrintJobView(
        job.id,
        job.kind,
        job.ref,
        job.copy_no,
        job.paper,
        job.language,
        job.printer,
        job.state,
        job.attempts,
        job.last_error,
        job.created_at,
        job.sent_at,
        job.note,
    )


_REQUESTS = cast(Table, Request.__table__)
_CITIZENS = cast(Table, Citizen.__table__)
_USERS = cast(Table, User.__table__)
_DOCUMENTS = cast(Table, RequestDocument.__table__)
_JOBS = cast(Table, PrintJob.__table__)
# Core statements built once (a print job is a hot path: the ORM's loading and statement
# building cost more than the queries themselves).
_RECEIPT = (
    select(
        _REQUESTS.c.id,
        _REQUESTS.c.receipt_no,
        _REQUESTS.c.service_code,
        _REQUESTS.c.citizen_name,
        _REQUESTS.c.phone,
        _REQUESTS.c.received_at,
        _REQUESTS.c.due_date,
        _REQUESTS.c.station_no,
        _CITIZENS.c.name.label("citizen"),
        _CITIZENS.c.national_id,
        _USERS.c.full_name.label("clerk_name"),
        _USERS.c.username.label("clerk_username"),
    )
    .join(_CITIZENS, _CITIZENS.c.id == _REQUESTS.c.citizen_id)
    .outerjoin(_USERS, _USERS.c.id == _REQUESTS.c.created_by)
    .where(_REQUESTS.c.receipt_no == bindparam("receipt_no"))
)
_JOB = select(_JOBS).where(_JOBS.c.id == bindparam("id"))
_JOBS_OF = (
    select(_JOBS.c.id, _JOBS.c.copy_no, _JOBS.c.state)
    .where(_JOBS.c.kind == bindparam("kind"), _JOBS.c.ref == bindparam("ref"))
    .order_by(_JOBS.c.copy_no)
)
_INSERT_JOB = insert(_JOBS).returning(*_JOBS.c)
_REPRINTER = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"))
    .values(printer=bindparam("new_printer"), paper=bindparam("new_paper"))
    .returning(*_JOBS.c)
)
_SENDING = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"))
    .values(state="sending", attempts=_JOBS.c.attempts + 1)
)
_RECEIPT_NO = select(_REQUESTS.c.receipt_no).where(
    _REQUESTS.c.receipt_no == bindparam("receipt_no")
)
_RECEIPT_DOCUMENTS = (
    select(_DOCUMENTS.c.doc_type, _DOCUMENTS.c.state, _DOCUMENTS.c.note)
    .where(_DOCUMENTS.c.request_id == bindparam("request_id"))
    .order_by(_DOCUMENTS.c.id)
)


def _receipt_data(ctx: AppContext, session: Session, ref: str, copy_no: int) -> ReceiptData:
    conn = session.connection()
    req = conn.execute(_RECEIPT, {"receipt_no": ref}).one_or_none()
    if req is None:  # not a stored receipt number as written: any form find_request takes
        canonical = find_request(session, ref).receipt_no
        req = conn.execute(_RECEIPT, {"receipt_no": canonical}).one()
    catalog = ctx.catalog(session)
    station = ctx.station(session)
    svc = catalog.service(req.service_code)
    agency = catalog.agency(svc.agency) if svc else None
    docs = conn.execute(_RECEIPT_DOCUMENTS, {"request_id": req.id}).all()
    documents = []
    for d in docs:
        kind = catalog.document_type(d.doc_type)
        documents.append(
            ReceiptDocument(
                kind.name_ar if kind else d.doc_type,
                kind.name_en if kind else d.doc_type,
                d.state,
                d.note,
            )
        )
    clerk = (req.clerk_name or req.clerk_username) if req.clerk_username is not None else "-"
    # The fee the request owes is its catalog version's (services/payments.py), with its
    # payment if one is recorded.
    from counter_app.services.payments import fee_of, payment_row

    request_row = session.get(Request, req.id)
    assert request_row is not None
    _, fee = fee_of(ctx, session, request_row)
    paid = payment_row(session, req.id)
    return ReceiptData(
        receipt_no=req.receipt_no,
        center_name=station.center_name,
        station=f"{station.center_code}-{req.station_no:02d}",
        service_code=req.service_code,
        service_name_ar=svc.name_ar if svc else req.service_code,
        service_name_en=svc.name_en if svc else req.service_code,
        agency_name_ar=agency.name_ar if agency else "",
        agency_name_en=agency.name_en if agency else "",
        citizen_name=req.citizen_name or req.citizen,  # as taken, not as renamed since
        national_id=req.national_id,
        phone=req.phone,
        received_at=req.received_at,
        due_date=req.due_date,
        fee_syp=fee,
        payment=ReceiptPayment(paid.method, paid.bank_receipt_no, paid.amount_syp)
        if paid is not None
        else None,
        clerk=clerk,
        verification=verification_code(
            receipt_no=req.receipt_no,
            service_code=req.service_code,
            national_id=req.national_id,
            received_at_utc=req.received_at.isoformat(),
            due_date=req.due_date.isoformat(),
            documents=[(d.doc_type, d.state) for d in docs],
        ),
        tz=ctx.calendar.tz,
        documents=documents,
        copy_no=copy_no,
    )


def _slip_data(ctx: AppContext, session: Session, code: str) -> SlipData:
    from counter_app.domain.documents import documents_by_case
    from counter_app.services.intake import find_service

    catalog = ctx.catalog(session)
    svc = find_service(catalog, code)
    agency = catalog.agency(svc.agency)
    always, cases = documents_by_case(svc)

    def slip_docs(docs: Iterable[RequiredDocument]) -> list[SlipDocument]:
        out = []
        for d in docs:
            kind = catalog.document_type(d.type)
            out.append(
                SlipDocument(
                    kind.name_ar if kind else d.type,
                    kind.name_en if kind else d.type,
                    d.requirement.value,
                )
            )
        return out

    return SlipData(
        center_name=ctx.station(session).center_name,
        service_code=svc.code,
        service_name_ar=svc.name_ar,
        service_name_en=svc.name_en,
        agency_name_ar=agency.name_ar if agency else svc.agency,
        agency_name_en=agency.name_en if agency else svc.agency,
        sla_days=svc.sla.working_days,
        fee_syp=svc.fee.amount_syp,
        documents=slip_docs(always),
        fields_ar=[f.label_ar for f in svc.fields if f.required],
        fields_en=[f.label_en for f in svc.fields if f.required],
        # One field's cases (the shipped catalog has no service with two).
        case_field_ar=cases[0].field.label_ar if cases else "",
        case_field_en=cases[0].field.label_en if cases else "",
        cases=[
            SlipCase(c.choice.label_ar, c.choice.label_en, slip_docs(c.documents)) for c in cases
        ],
    )


def _handover_data(ctx: AppContext, session: Session, ref: str) -> HandoverData:
    view = batch_view(session, find_batch(session, ref))
    return HandoverData(
        batch_id=view.batch_no,
        center_name=ctx.station(session).center_name,
        station=view.station,
        sender=view.created_by,
        created_at=view.created_at,
        tz=ctx.calendar.tz,
        # The slip lists what the counter sent; files the archive found extra are not on it.
        items=[
            HandoverItem(
                f.receipt_no,
                f.citizen_name or "",
                f.service_name_ar or "",
                f.service_name_en or "",
            )
            for f in view.files
            if f.state in LISTED
        ],
    )


def _box_label_data(ctx: AppContext, session: Session, ref: str) -> BoxLabelData:
    box = find_box(session, ref)
    return BoxLabelData(box.code, box.shelf, box.label, ctx.station(session).center_name)


def _one_of(value: str, allowed: tuple[str, ...], message: str, what: str) -> str:
    if value not in allowed:
        raise ValidationError(message, field=what, value=value[:30], allowed=", ".join(allowed))
    return value


def _check_kind(kind: str) -> str:
    return _one_of(kind, KINDS, N_("Unknown document {value}; use one of: {allowed}"), "kind")


def _check_paper(paper: str) -> str:
    return _one_of(paper, PAPERS, N_("Unknown paper {value}; use one of: {allowed}"), "paper")


def _canonical_ref(ctx: AppContext, session: Session, kind: str, ref: str) -> str:
    """The stored key of what a job prints; a reference of the wrong sort is refused here,
    before any job exists (a slip of a receipt number left failed "copies" in the queue)."""
    if kind == "slip":
        from counter_app.services.intake import find_service

        catalog = ctx.catalog(session)
        if catalog.service(ref.strip().upper()) is None and _is_receipt_number(ref):
            raise ValidationError(
                N_(
                    "{ref} is a receipt number, but a required-documents slip is printed for a "
                    "service: give a service code (counter-app catalog list), or print the "
                    "request's receipt or cover sheet"
                ),
                field="kind",
                ref=ref.strip()[:60],
            )
        return find_service(catalog, ref).code
    if kind == "handover":
        return find_batch(session, ref).batch_no
    if kind == "box_label":
        return find_box(session, ref).code
    # A receipt number exactly as stored (what the buttons and the queue pass) is no service
    # code: one indexed lookup; anything else is checked and looked up as before.
    stored = session.connection().execute(_RECEIPT_NO, {"receipt_no": ref}).scalar_one_or_none()
    if stored is not None:
        return str(stored)
    if ctx.catalog(session).service(ref.strip().upper()) is not None:
        raise ValidationError(
            N_(
                "{ref} is a service code, but receipts and cover sheets are printed for a "
                "request: give its receipt number (a service's required-documents slip is the "
                "kind slip)"
            ),
            field="kind",
            ref=ref.strip()[:60],
        )
    return find_request(session, ref).receipt_no


def _is_receipt_number(ref: str) -> bool:
    try:
        ReceiptNumber.parse(ref.strip())
    except CounterError:
        return False
    return True


def _document(
    ctx: AppContext,
    session: Session,
    kind: str,
    ref: str,
    *,
    paper: str,
    language: str,
    copy_no: int = 0,
    note: str | None = None,
) -> Callable[[], bytes]:
    """Read what a document shows, in the caller's transaction; the PDF is made by calling the
    returned function, outside any transaction (a writer never waits on the layout)."""
    tr = Translator.for_language(language)
    if kind == "slip":
        slip = dataclasses.replace(_slip_data(ctx, session, ref), route=note)
        return lambda: render_slip(slip, tr, paper=paper)
    if kind == "handover":
        batch = _handover_data(ctx, session, ref)
        return lambda: render_handover(batch, tr, paper=paper)
    if kind == "box_label":
        box = _box_label_data(ctx, session, ref)
        return lambda: render_box_label(box, tr, paper=paper)
    if kind == "receipt":
        receipt = _receipt_data(ctx, session, ref, copy_no)
        return lambda: render_receipt(receipt, tr, paper=paper)
    data = _receipt_data(ctx, session, ref, 0)
    cover = CoverData(
        data.receipt_no,
        data.center_name,
        data.service_name_ar,
        data.service_name_en,
        data.citizen_name,
        data.received_at,
        len(data.documents),
        data.tz,
    )
    return lambda: render_cover(cover, tr, paper=paper)


@use_case(Permission.PRINT)
def render_document(
    ctx: AppContext,
    actor: Actor,
    kind: str,
    ref: str,
    *,
    paper: str,
    language: str,
    copy_no: int = 0,
    note: str | None = None,
) -> bytes:
    """The PDF of a document, from what is stored now (a read transaction): what the same actor
    could print, without a print job."""
    actor.require(_PRINT_PERMISSION.get(kind, Permission.SEARCH))
    _check_kind(kind)
    _check_paper(paper)
    with ctx.store.read() as session:
        make = _document(
            ctx, session, kind, ref, paper=paper, language=language, copy_no=copy_no, note=note
        )
    return make()


@dataclass(frozen=True)
class _NewJob:
    address: str
    paper: str
    language: str
    note: str | None


def _new_job(
    session: Session,
    actor: Actor,
    kind: str,
    *,
    printer: str | None,
    paper: str | None,
    note: str | None,
) -> _NewJob:
    """A new job's checks and settings, read in the caller's transaction."""
    actor.require(_PRINT_PERMISSION.get(kind, Permission.SEARCH))
    _check_kind(kind)
    if note is not None:
        if kind != "slip":
            raise ValidationError(N_("Only a reception slip carries a note"), field="note")
        note = clean_input_text(note, field="route", max_length=NOTE_LIMIT) or None
    settings = _job_settings(session, kind)
    address = str(parse_address(printer or settings[f"printer.{kind}"]))
    paper = _check_paper(paper or settings[f"paper.{kind}"])
    check_fits(paper, address)
    return _NewJob(address, paper, settings["print.language"], note)


def _job_settings(session: Session, kind: str) -> dict[str, Any]:
    """The three settings a job of ``kind`` reads (its printer and paper, the language), in the
    job's own transaction."""
    return read_settings(session, [f"printer.{kind}", f"paper.{kind}", "print.language"])


def _queue(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    kind: str,
    ref: str,
    job: _NewJob,
) -> Row[Any]:
    """The job row of a new print (inside the caller's write transaction), audited."""
    key = _canonical_ref(ctx, session, kind, ref)
    now = ctx.clock()
    station = ctx.station(session).label
    conn = session.connection()
    jobs = conn.execute(_JOBS_OF, {"kind": kind, "ref": key}).all()
    original = next((j for j in jobs if j.copy_no == 0), None)
    if kind == "receipt" and original is not None and original.state in RETRYABLE:
        # The original never reached a printer: printing it now is not a copy.
        return conn.execute(
            _REPRINTER, {"job_id": original.id, "new_printer": job.address, "new_paper": job.paper}
        ).one()
    copy_no = 0 if not jobs else max(j.copy_no for j in jobs) + 1
    row = conn.execute(
        _INSERT_JOB,
        {
            "uuid": str(uuid.uuid4()),
            "kind": kind,
            "ref": key,
            "copy_no": copy_no,
            "paper": job.paper,
            "language": job.language,
            "printer": job.address,
            "state": "queued",
            "attempts": 0,
            "created_at": now,
            "created_by": actor.user_id,
            "note": job.note,
        },
    ).one()
    append_audit(
        session,
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        station=station,
        action="receipt.reprint" if kind == "receipt" and copy_no else "print.queue",
        entity=kind,
        entity_ref=key,
        details={"copy_no": copy_no, "printer": job.address},
    )
    return row


@use_case(Permission.PRINT)
def queue_print(
    ctx: AppContext,
    actor: Actor,
    kind: str,
    ref: str,
    *,
    printer: str | None = None,
    paper: str | None = None,
    note: str | None = None,
) -> PrintJobView:
    """Record a print job (the original, a retry of an unsent original, or a numbered copy).
    ``note``: the counter or ticket a reception slip sends the citizen to (slips only)."""
    with ctx.store.write() as session:
        new = _new_job(session, actor, kind, printer=printer, paper=paper, note=note)
        return _view(_queue(ctx, session, actor, kind, ref, new))


@dataclass(frozen=True)
class _Sending:
    """A job marked ``sending`` (committed), with what its document shows already read."""

    job_id: int
    title: str
    address: Address
    make: Callable[[], bytes]


def _start_sending(ctx: AppContext, session: Session, job: Row[Any]) -> _Sending:
    """Mark the job ``sending`` and read its document's data, in the caller's transaction:
    once it commits, a crash leaves the job ``interrupted``, never resent as the original."""
    if job.state not in RETRYABLE:
        raise Conflict(
            N_("Print job {job} is {state}; print a copy instead of sending it again"),
            job=job.id,
            state=job.state,
        )
    session.connection().execute(_SENDING, {"job_id": job.id})
    make = _document(
        ctx,
        session,
        job.kind,
        job.ref,
        paper=job.paper,
        language=job.language,
        copy_no=job.copy_no if job.kind == "receipt" else 0,
        note=job.note,
    )
    return _Sending(job.id, f"{job.kind} {job.ref}", parse_address(job.printer), make)


def _send(ctx: AppContext, printers: Printers, sending: _Sending) -> PrintJobView:
    """Make the PDF, hand it to the printer, record the outcome (one short transaction)."""
    error: str | None = None
    try:
        sent = printers.send(sending.address, sending.make(), title=sending.title)
    except PrintFailed as exc:
        error = exc.reason + (f": {exc.detail}" if exc.detail else "")
        tr_reason = exc.reason
    except Exception as exc:  # whatever failed, the job must not be left "sending"
        tr_reason = N_("The document cannot be printed")
        error = f"{tr_reason}: {type(exc).__name__}: {exc}"
    # A Core UPDATE ... RETURNING: the outcome and the job's view in one statement.
    outcome = (
        {"state": "failed", "last_error": error}
        if error is not None
        else {"state": "sent", "sent_at": ctx.clock(), "last_error": None}
        | {"printer_job_id": sent.job_id}
    )
    with ctx.store.write() as session:
        row = session.execute(
            update(_JOBS).where(_JOBS.c.id == sending.job_id).values(outcome).returning(*_JOBS.c)
        ).one()
    view = _view(row)
    if error is not None:
        raise PrintError(
            N_("Printing failed ({reason}); the job is kept in the print queue as job {job}"),
            reason=tr_reason,
            job=sending.job_id,
        )
    return view


def send_job(ctx: AppContext, printers: Printers, job_id: int) -> PrintJobView:
    """Send one queued job. Raises PrintError (job kept, error recorded) when it fails."""
    with ctx.store.write() as session:
        job = session.connection().execute(_JOB, {"id": job_id}).one_or_none()
        if job is None:
            raise NotFound(N_("There is no print job {job}"), job=job_id)
        sending = _start_sending(ctx, session, job)
    return _send(ctx, printers, sending)


@use_case(Permission.PRINT)
def print_document(
    ctx: AppContext,
    printers: Printers,
    actor: Actor,
    kind: str,
    ref: str,
    *,
    printer: str | None = None,
    paper: str | None = None,
    note: str | None = None,
) -> PrintJobView:
    """Record a job and send it: the job is committed as ``sending`` (with its audit row)
    before anything reaches the printer, in the transaction that reads the document's data."""
    with ctx.store.write() as session:
        new = _new_job(session, actor, kind, printer=printer, paper=paper, note=note)
        job = _queue(ctx, session, actor, kind, ref, new)
        sending = _start_sending(ctx, session, job)
    return _send(ctx, printers, sending)


@use_case(Permission.PRINT)
def retry_job(
    ctx: AppContext, printers: Printers, actor: Actor, job_id: int, *, printer: str | None = None
) -> PrintJobView:
    if printer is not None:
        address = str(parse_address(printer))
        with ctx.store.write() as session:
            job = session.get(PrintJob, job_id)
            if job is None:
                raise NotFound(N_("There is no print job {job}"), job=job_id)
            if job.state in RETRYABLE:
                check_fits(job.paper, address)
                job.printer = address
    return send_job(ctx, printers, job_id)


def recover_interrupted(ctx: AppContext) -> int:
    """At start: a job left 'sending' may or may not have printed; never resend it blindly."""
    with ctx.store.write() as session:
        jobs = session.execute(select(PrintJob).where(PrintJob.state == "sending")).scalars()
        count = 0
        for job in jobs:
            job.state = "interrupted"
            job.last_error = N_("The program stopped while sending; it may have printed")
            count += 1
        return count


@use_case(Permission.VIEW_PRINT_QUEUE)
def list_jobs(
    ctx: AppContext, actor: Actor, *, pending_only: bool = False, limit: int = 100
) -> list[PrintJobView]:
    with ctx.store.read() as session:
        stmt = select(PrintJob).order_by(PrintJob.id.desc()).limit(max(1, min(limit, 1000)))
        if pending_only:
            stmt = stmt.where(PrintJob.state.in_((*RETRYABLE, "interrupted")))
        return [_view(j) for j in session.execute(stmt).scalars()]


@use_case(Permission.VIEW_PRINT_QUEUE)
def pending_count(ctx: AppContext, actor: Actor) -> int:
    with ctx.store.read() as session:
        return int(
            session.execute(
                select(func.count(PrintJob.id)).where(
                    PrintJob.state.in_((*RETRYABLE, "interrupted"))
                )
            ).scalar_one()
        )
