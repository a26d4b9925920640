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
from dataclasses import dataclass

from sqlalchemy import func, select
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
from counter_app.printing.documents.receipt import ReceiptData, ReceiptDocument, render_receipt
from counter_app.printing.documents.slip import SlipData, SlipDocument, render_slip
from counter_app.printing.registry import Printers, parse_address
from counter_app.services.archive_boxes import find_box
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.handover_batches import LISTED, batch_view, find_batch
from counter_app.services.requests import find_request
from counter_app.services.settings import PAPERS, check_fits, get_settings
from counter_app.store.models import NOTE_LIMIT, PrintJob, Request, RequestDocument, User

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


def _view(job: PrintJob) -> PrintJobView:
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


def _receipt_data(ctx: AppContext, session: Session, req: Request, copy_no: int) -> ReceiptData:
    catalog = ctx.catalog(session)
    station = ctx.station(session)
    svc = catalog.service(req.service_code)
    agency = catalog.agency(svc.agency) if svc else None
    docs = (
        session.execute(
            select(RequestDocument)
            .where(RequestDocument.request_id == req.id)
            .order_by(RequestDocument.id)
        )
        .scalars()
        .all()
    )
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
    clerk = session.get(User, req.created_by) if req.created_by else None
    citizen = req.citizen
    return ReceiptData(
        receipt_no=req.receipt_no,
        center_name=station.center_name,
        station=f"{station.center_code}-{req.station_no:02d}",
        service_code=req.service_code,
        service_name_ar=svc.name_ar if svc else req.service_code,
        service_name_en=svc.name_en if svc else req.service_code,
        agency_name_ar=agency.name_ar if agency else "",
        agency_name_en=agency.name_en if agency else "",
        citizen_name=req.citizen_name or citizen.name,  # as taken, not as renamed since
        national_id=citizen.national_id,
        phone=req.phone,
        received_at=req.received_at,
        due_date=req.due_date,
        fee_syp=svc.fee.amount_syp if svc else 0,
        clerk=(clerk.full_name or clerk.username) if clerk else "-",
        verification=verification_code(
            receipt_no=req.receipt_no,
            service_code=req.service_code,
            national_id=citizen.national_id,
            received_at_utc=req.received_at.isoformat(),
            due_date=req.due_date.isoformat(),
            documents=[(d.doc_type, d.state) for d in docs],
        ),
        tz=ctx.calendar.tz,
        documents=documents,
        copy_no=copy_no,
    )


def _slip_data(ctx: AppContext, session: Session, code: str) -> SlipData:
    from counter_app.services.intake import find_service

    catalog = ctx.catalog(session)
    svc = find_service(catalog, code)
    agency = catalog.agency(svc.agency)
    docs = []
    for d in svc.documents:
        kind = catalog.document_type(d.type)
        docs.append(
            SlipDocument(
                kind.name_ar if kind else d.type,
                kind.name_en if kind else d.type,
                d.requirement.value,
            )
        )
    return SlipData(
        center_name=ctx.station(session).center_name,
        service_code=svc.code,
        service_name_ar=svc.name_ar,
        service_name_en=svc.name_en,
        agency_name_ar=agency.name_ar if agency else svc.agency,
        agency_name_en=agency.name_en if agency else svc.agency,
        sla_days=svc.sla.working_days,
        fee_syp=svc.fee.amount_syp,
        documents=docs,
        fields_ar=[f.label_ar for f in svc.fields if f.required],
        fields_en=[f.label_en for f in svc.fields if f.required],
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


def render_document(
    ctx: AppContext,
    kind: str,
    ref: str,
    *,
    paper: str,
    language: str,
    copy_no: int = 0,
    note: str | None = None,
) -> bytes:
    """The PDF of a document, from what is stored now (a read transaction)."""
    _check_kind(kind)
    _check_paper(paper)
    tr = Translator.for_language(language)
    with ctx.store.read() as session:
        if kind == "slip":
            slip = dataclasses.replace(_slip_data(ctx, session, ref), route=note)
            return render_slip(slip, tr, paper=paper)
        if kind == "handover":
            return render_handover(_handover_data(ctx, session, ref), tr, paper=paper)
        if kind == "box_label":
            return render_box_label(_box_label_data(ctx, session, ref), tr, paper=paper)
        req = find_request(session, ref)
        if kind == "receipt":
            return render_receipt(_receipt_data(ctx, session, req, copy_no), tr, paper=paper)
        data = _receipt_data(ctx, session, req, 0)
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
        return render_cover(cover, tr, paper=paper)


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
    actor.require(_PRINT_PERMISSION.get(kind, Permission.SEARCH))
    _check_kind(kind)
    if note is not None:
        if kind != "slip":
            raise ValidationError(N_("Only a reception slip carries a note"), field="note")
        note = clean_input_text(note, field="route", max_length=NOTE_LIMIT) or None
    settings = get_settings(ctx)
    address = str(parse_address(printer or settings[f"printer.{kind}"]))
    paper = _check_paper(paper or settings[f"paper.{kind}"])
    check_fits(paper, address)
    with ctx.store.write() as session:
        key = _canonical_ref(ctx, session, kind, ref)
        now = ctx.clock()
        station = ctx.station(session).label
        jobs = (
            session.execute(
                select(PrintJob)
                .where(PrintJob.kind == kind, PrintJob.ref == key)
                .order_by(PrintJob.copy_no)
            )
            .scalars()
            .all()
        )
        original = next((j for j in jobs if j.copy_no == 0), None)
        if kind == "receipt" and original is not None and original.state in RETRYABLE:
            # The original never reached a printer: printing it now is not a copy.
            original.printer, original.paper = address, paper
            session.flush()
            return _view(original)
        copy_no = 0 if not jobs else max(j.copy_no for j in jobs) + 1
        job = PrintJob(
            uuid=str(uuid.uuid4()),
            kind=kind,
            ref=key,
            copy_no=copy_no,
            paper=paper,
            language=settings["print.language"],
            printer=address,
            state="queued",
            attempts=0,
            created_at=now,
            created_by=actor.user_id,
            note=note,
        )
        session.add(job)
        session.flush()
        append_audit(
            session,
            at=now,
            user_id=actor.user_id,
            username=actor.username,
            station=station,
            action="receipt.reprint" if kind == "receipt" and copy_no else "print.queue",
            entity=kind,
            entity_ref=key,
            details={"copy_no": copy_no, "printer": address},
        )
        return _view(job)


def send_job(ctx: AppContext, printers: Printers, job_id: int) -> PrintJobView:
    """Send one queued job. Raises PrintError (job kept, error recorded) when it fails."""
    with ctx.store.write() as session:
        job = session.get(PrintJob, job_id)
        if job is None:
            raise NotFound(N_("There is no print job {job}"), job=job_id)
        if job.state not in RETRYABLE:
            raise Conflict(
                N_("Print job {job} is {state}; print a copy instead of sending it again"),
                job=job_id,
                state=job.state,
            )
        job.state, job.attempts = "sending", job.attempts + 1
        kind, ref, paper, language, note = job.kind, job.ref, job.paper, job.language, job.note
        copy_no, address = job.copy_no, parse_address(job.printer)
    error: str | None = None
    try:
        pdf = render_document(
            ctx,
            kind,
            ref,
            paper=paper,
            language=language,
            copy_no=copy_no if kind == "receipt" else 0,
            note=note,
        )
        sent = printers.send(address, pdf, title=f"{kind} {ref}")
    except PrintFailed as exc:
        error = exc.reason + (f": {exc.detail}" if exc.detail else "")
        tr_reason = exc.reason
    except Exception as exc:  # whatever failed, the job must not be left "sending"
        tr_reason = N_("The document cannot be printed")
        error = f"{tr_reason}: {type(exc).__name__}: {exc}"
    with ctx.store.write() as session:
        job = session.get(PrintJob, job_id)
        assert job is not None
        if error is not None:
            job.state, job.last_error = "failed", error
        else:
            job.state, job.sent_at, job.last_error = "sent", ctx.clock(), None
            job.printer_job_id = sent.job_id
        view = _view(job)
    if error is not None:
        raise PrintError(
            N_("Printing failed ({reason}); the job is kept in the print queue as job {job}"),
            reason=tr_reason,
            job=job_id,
        )
    return view


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
    job = queue_print(ctx, actor, kind, ref, printer=printer, paper=paper, note=note)
    return send_job(ctx, printers, job.id)


def retry_job(
    ctx: AppContext, printers: Printers, actor: Actor, job_id: int, *, printer: str | None = None
) -> PrintJobView:
    actor.require(Permission.SEARCH)
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


def list_jobs(
    ctx: AppContext, *, pending_only: bool = False, limit: int = 100
) -> list[PrintJobView]:
    with ctx.store.read() as session:
        stmt = select(PrintJob).order_by(PrintJob.id.desc()).limit(max(1, min(limit, 1000)))
        if pending_only:
            stmt = stmt.where(PrintJob.state.in_((*RETRYABLE, "interrupted")))
        return [_view(j) for j in session.execute(stmt).scalars()]


def pending_count(ctx: AppContext) -> int:
    with ctx.store.read() as session:
        return int(
            session.execute(
                select(func.count(PrintJob.id)).where(
                    PrintJob.state.in_((*RETRYABLE, "interrupted"))
                )
            ).scalar_one()
        )
