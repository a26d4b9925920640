"""The unfiled queue: scanned pages no cover sheet could place, shown with thumbnails and
filed by a person under a request and a checklist slot (one transaction, outbox and audit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, Conflict, NotFound, StoreError, ValidationError
from counter_app.domain.roles import Permission
from counter_app.scanning.pdfs import merge_pdfs, thumbnail
from counter_app.services.access import use_case
from counter_app.services.attachments import attach_stored
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import blob_path, put_blob, read_blob
from counter_app.services.requests import find_request
from counter_app.services.scan_records import (
    PDF,
    WHOLE_FILE,
    UnfiledPageView,
    attachment_id,
    choose_slot,
    mark_scanned,
    unfiled_view,
)
from counter_app.store.models import Request, RequestDocument, ScanImport, UnfiledPage


@dataclass(frozen=True)
class AssignResult:
    receipt_no: str
    doc_type: str
    page_ids: list[int]
    attachment_uuid: str
    sha256: str
    size: int


@use_case(Permission.VIEW_ARCHIVE)
def list_unfiled(
    ctx: AppContext, actor: Actor, *, include_assigned: bool = False, limit: int = 500
) -> list[UnfiledPageView]:
    """Pages waiting for a person, oldest first (``include_assigned``: the decisions too)."""
    with ctx.store.read() as session:
        query = (
            select(UnfiledPage, ScanImport)
            .join(ScanImport, ScanImport.id == UnfiledPage.import_id)
            .order_by(UnfiledPage.id)
            .limit(max(1, min(limit, 5000)))
        )
        if not include_assigned:
            query = query.where(UnfiledPage.assigned_request_id.is_(None))
        return [unfiled_view(session, row, imp) for row, imp in session.execute(query).all()]


def _read_blob(ctx: AppContext, sha: str, page_id: int) -> bytes:
    try:
        return read_blob(ctx, sha)  # checked against its name, opened if sealed
    except StoreError:
        raise StoreError(
            N_("The stored picture of page {page} is missing or damaged ({path})"),
            page=page_id,
            path=str(blob_path(ctx.paths.data_dir, sha)),
        ) from None


def _unfiled_row(session: Session, page_id: int) -> UnfiledPage:
    row = session.get(UnfiledPage, page_id)
    if row is None:
        raise NotFound(N_("There is no unfiled page {page}"), page=page_id)
    return row


@use_case(Permission.VIEW_ARCHIVE)
def unfiled_page_pdf(ctx: AppContext, actor: Actor, page_id: int) -> bytes:
    """The one-page PDF of an unfiled page."""
    with ctx.store.read() as session:
        sha = _unfiled_row(session, page_id).sha256
    return _read_blob(ctx, sha, page_id)


@use_case(Permission.VIEW_ARCHIVE)
def unfiled_thumbnail(ctx: AppContext, actor: Actor, page_id: int, *, width: int = 200) -> bytes:
    """A PNG of an unfiled page, ``width`` pixels wide, for the queue's thumbnails."""
    return thumbnail(unfiled_page_pdf(ctx, actor, page_id), width=width)


@use_case(Permission.VIEW_ARCHIVE)
def scan_thumbnail(ctx: AppContext, actor: Actor, sha256: str, *, width: int = 200) -> bytes:
    """A PNG of the first page of a stored scan (a filed document), opened if sealed."""
    return thumbnail(read_blob(ctx, sha256), width=width)


def _check_doc_type(session: Session, req: Request, doc_type: str) -> str:
    code = doc_type.strip().upper()
    if code == WHOLE_FILE:
        return code
    allowed = list(
        session.execute(
            select(RequestDocument.doc_type)
            .where(RequestDocument.request_id == req.id)
            .order_by(RequestDocument.id)
        ).scalars()
    )
    if code not in allowed:
        raise ValidationError(
            N_("Document {doc} is not in the checklist of {ref}; use one of: {allowed}"),
            field="documents",
            doc=code[:40],
            ref=req.receipt_no,
            allowed=", ".join([*allowed, WHOLE_FILE]),
        )
    return code


def _check_unassigned(session: Session, page_ids: Sequence[int]) -> list[UnfiledPage]:
    rows = []
    for page_id in page_ids:
        row = _unfiled_row(session, page_id)
        if row.assigned_request_id is not None:
            done = session.get(Request, row.assigned_request_id)
            raise Conflict(
                N_("Page {page} is already filed under {ref}"),
                page=page_id,
                ref=done.receipt_no if done else "?",
            )
        rows.append(row)
    return rows


@use_case(Permission.MANAGE_ARCHIVE)
def assign_unfiled(
    ctx: AppContext,
    actor: Actor,
    page_ids: Sequence[int],
    ref: str,
    *,
    doc_type: str | None = None,
) -> AssignResult:
    """File unfiled pages (in the order given) as one PDF under request ``ref``, in the
    checklist slot ``doc_type`` (default: as automatic filing would choose)."""
    actor.require(Permission.MANAGE_ARCHIVE)
    ids = list(dict.fromkeys(page_ids))
    if not ids:
        raise ValidationError(N_("Say which unfiled pages to file"), field="pages")
    with ctx.store.read() as session:
        req = find_request(session, ref)
        slot = _check_doc_type(session, req, doc_type) if doc_type else choose_slot(session, req)
        shas = [row.sha256 for row in _check_unassigned(session, ids)]
        receipt_no = req.receipt_no
    pdf = merge_pdfs(
        [_read_blob(ctx, sha, page_id) for sha, page_id in zip(shas, ids, strict=True)]
    )
    sha = put_blob(ctx, pdf)
    with ctx.store.write() as session:
        req = find_request(session, receipt_no)
        rows = _check_unassigned(session, ids)  # again: another clerk may have been quicker
        info = attach_stored(
            ctx,
            session,
            actor,
            req,
            doc_type=slot,
            sha256=sha,
            size=len(pdf),
            filename=f"{receipt_no}_assigned_{'-'.join(str(i) for i in ids)[:60]}.pdf",
            media_type=PDF,
        )
        attached = attachment_id(session, info.uuid)
        mark_scanned(ctx, session, actor, req, slot, info.uuid)
        now = ctx.clock()
        for row in rows:
            row.assigned_request_id = req.id
            row.assigned_doc_type = slot
            row.assigned_attachment_id = attached
            row.assigned_at = now
            row.assigned_by = actor.user_id
        session.flush()
        append_audit(
            session,
            at=now,
            user_id=actor.user_id,
            username=actor.username,
            station=ctx.station(session).label,
            action="scan.assign",
            entity="request",
            entity_ref=receipt_no,
            details={"pages": ids, "doc_type": slot, "attachment": info.uuid, "sha256": sha},
        )
    return AssignResult(receipt_no, slot, ids, info.uuid, sha, len(pdf))
