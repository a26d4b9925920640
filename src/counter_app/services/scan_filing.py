"""Filing scanned stacks: one file in, per-request PDFs attached, the rest queued as unfiled.

Order of work, so that a crash or a bad file never loses paper or files it wrongly:
1. refuse by size before reading (empty, larger than the limit);
2. the same bytes imported before (SHA-256 of the file) -> "duplicate", nothing changes;
3. the original is stored content-addressed before anything else is tried: a quarantined file
   is kept there, never deleted;
4. pages are read and split by their cover sheets (``domain/filing.py``: only a valid receipt
   number of a request this station has, on a page with the cover mark, starts a request's
   document; a page with a cover's mark or a garbled code but no valid number, or a valid
   number without the mark (a receipt), sends itself and what follows to the unfiled queue,
   never to the previous request);
5. the per-request PDFs and the unfiled pages are stored as blobs, then one transaction writes
   the import, the attachments (with their outbox items and audit entries), the filings and
   the unfiled pages. A crash before the commit leaves only unreferenced blobs.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.filing import Segment, UnfiledReason, plan_filing
from counter_app.domain.roles import Permission
from counter_app.scanning.covers import read_page
from counter_app.scanning.pages import ScanRefused, check_size, open_scan
from counter_app.services.access import use_case
from counter_app.services.attachments import attach_stored
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import put_blob
from counter_app.services.requests import find_request
from counter_app.services.scan_records import (
    PDF,
    ScanImportResult,
    attachment_id,
    choose_slot,
    earlier_import,
    mark_scanned,
    result_of,
)
from counter_app.store.models import Request, ScanFiling, ScanImport, UnfiledPage

SOURCES = ("import", "scanner", "hotfolder")

_PROBLEMS = {
    UnfiledReason.NO_COVER: N_(
        "{count} page(s) before the first cover sheet wait in the unfiled queue"
    ),
    UnfiledReason.UNKNOWN_REQUEST: N_(
        "Cover sheet {code} is of a request this station does not have; "
        "its pages wait in the unfiled queue"
    ),
    UnfiledReason.UNREADABLE_COVER: N_(
        "The cover sheet on page {page} does not carry one valid receipt number ({code}); "
        "it and the pages after it wait in the unfiled queue"
    ),
    UnfiledReason.NUMBER_WITHOUT_MARK: N_(
        "Page {page} carries receipt number {code} but is not a cover sheet (a receipt or a "
        "copy of one?); it and the pages after it wait in the unfiled queue"
    ),
}
# A cover known by its mark alone (its codes unreadable, e.g. a fax-quality scan).
_UNREADABLE_MARK = N_(
    "The cover sheet on page {page} cannot be read; "
    "it and the pages after it wait in the unfiled queue"
)


def _clean_name(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name.strip() or "scan"
    return "".join(c for c in name if c.isprintable())[:255] or "scan"


def _check_source(source: str) -> str:
    if source not in SOURCES:
        raise ValidationError(
            N_("Unknown scan source {value}; use one of: {allowed}"),
            field="source",
            value=source[:30],
            allowed=", ".join(SOURCES),
        )
    return source


@dataclass
class _Prepared:
    """Everything computed outside the transaction: blobs are stored, rows not yet written."""

    pages: int = 0
    filed: list[tuple[Segment, str, int]] = field(default_factory=list)  # segment, sha, size
    unfiled: list[tuple[Segment, int, str, int]] = field(default_factory=list)  # +page index
    empty_covers: list[str] = field(default_factory=list)


def _known_requests(ctx: AppContext, numbers: set[str]) -> set[str]:
    if not numbers:
        return set()
    with ctx.store.read() as session:
        return set(
            session.execute(
                select(Request.receipt_no).where(Request.receipt_no.in_(sorted(numbers)))
            ).scalars()
        )


def _prepare(ctx: AppContext, data: bytes) -> _Prepared:
    """Read, split and store the pieces of a scan; raises ScanRefused for a bad file."""
    with open_scan(data) as scan:
        readings = [read_page(scan.page_image(i)) for i in range(scan.page_count)]
        known = _known_requests(ctx, {r.receipt_no for r in readings if r.receipt_no})
        segments = plan_filing(readings, known.__contains__)
        prepared = _Prepared(pages=scan.page_count)
        for seg in segments:
            if seg.filed and not seg.pages:
                assert seg.receipt_no is not None
                prepared.empty_covers.append(seg.receipt_no)
            elif seg.filed:
                piece = scan.compose(seg.pages)
                sha = put_blob(ctx, piece)
                prepared.filed.append((seg, sha, len(piece)))
            else:
                for index in seg.pages:
                    piece = scan.compose([index])
                    sha = put_blob(ctx, piece)
                    prepared.unfiled.append((seg, index, sha, len(piece)))
    return prepared


def _status(prepared: _Prepared) -> str:
    filed = sum(len(seg.pages) for seg, _, _ in prepared.filed)
    if prepared.unfiled and filed:
        return "partial"
    if prepared.unfiled:
        return "unfiled"
    return "filed"


def _problem(prepared: _Prepared) -> tuple[str | None, dict[str, Any]]:
    """The first reason pages went unfiled, as the message shown for the whole file."""
    if not prepared.unfiled:
        if prepared.empty_covers and not prepared.filed:
            return N_("The file holds only cover sheets; there was nothing to file"), {}
        return None, {}
    seg = prepared.unfiled[0][0]
    reason = seg.reason or UnfiledReason.NO_COVER
    if reason is UnfiledReason.NO_COVER:
        return _PROBLEMS[reason], {"count": len(seg.pages)}
    if reason in (UnfiledReason.UNREADABLE_COVER, UnfiledReason.NUMBER_WITHOUT_MARK):
        page = seg.pages[0] + 1  # an unfiled segment starts with its cover-like page
        if seg.code is None:
            return _UNREADABLE_MARK, {"page": page}
        return _PROBLEMS[reason], {"page": page, "code": seg.code}
    return _PROBLEMS[reason], {"code": seg.code or "?"}


def _new_import(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    *,
    sha: str | None,
    size: int,
    filename: str,
    source: str,
    status: str,
    message: str | None,
    params: dict[str, Any],
    pages: int = 0,
    empty_covers: Sequence[str] = (),
) -> ScanImport:
    extra: dict[str, Any] = {"params": params}
    if empty_covers:
        extra["empty_covers"] = list(empty_covers)
    imp = ScanImport(
        uuid=str(uuid.uuid4()),
        sha256=sha,
        source=source,
        filename=filename,
        size=size,
        status=status,
        message=message,
        message_args=json.dumps(extra, ensure_ascii=False, sort_keys=True),
        pages=pages,
        filed_pages=0,
        unfiled_pages=0,
        created_at=ctx.clock(),
        created_by=actor.user_id,
    )
    session.add(imp)
    session.flush()
    return imp


def _audit(ctx: AppContext, session: Session, actor: Actor, action: str, imp: ScanImport) -> None:
    append_audit(
        session,
        at=imp.created_at,
        user_id=actor.user_id,
        username=actor.username,
        station=ctx.station(session).label,
        action=action,
        entity="scan",
        entity_ref=imp.uuid,
        details={
            "sha256": imp.sha256,
            "filename": imp.filename,
            "source": imp.source,
            "status": imp.status,
            "pages": imp.pages,
            "filed_pages": imp.filed_pages,
            "unfiled_pages": imp.unfiled_pages,
            "message": imp.message,
        },
    )


def _quarantine(
    ctx: AppContext,
    actor: Actor,
    refused: ScanRefused,
    *,
    sha: str | None,
    size: int,
    filename: str,
    source: str,
) -> ScanImportResult:
    with ctx.store.write() as session:
        if sha is not None and (earlier := earlier_import(session, sha)) is not None:
            return result_of(session, earlier, "duplicate")
        imp = _new_import(
            ctx,
            session,
            actor,
            sha=sha,
            size=size,
            filename=filename,
            source=source,
            status="quarantined",
            message=refused.message,
            params=refused.params,
        )
        _audit(ctx, session, actor, "scan.quarantine", imp)
        return result_of(session, imp)


@use_case(Permission.MANAGE_ARCHIVE)
def refuse_unread(
    ctx: AppContext, actor: Actor, size: int, *, filename: str, source: str = "import"
) -> ScanImportResult | None:
    """Record a file refused by its size alone (empty, too large) without reading a byte of it;
    None when its size is acceptable."""
    actor.require(Permission.MANAGE_ARCHIVE)
    try:
        check_size(size)
    except ScanRefused as refused:
        return _quarantine(
            ctx,
            actor,
            refused,
            sha=None,
            size=size,
            filename=_clean_name(filename),
            source=_check_source(source),
        )
    return None


@use_case(Permission.MANAGE_ARCHIVE)
def import_scan(
    ctx: AppContext, actor: Actor, data: bytes, *, filename: str, source: str = "import"
) -> ScanImportResult:
    """File one scanned file (PDF, TIFF, JPEG, PNG). Never raises for a bad file: it is
    quarantined and the result says why (status "quarantined")."""
    actor.require(Permission.MANAGE_ARCHIVE)
    name = _clean_name(filename)
    _check_source(source)
    early = refuse_unread(ctx, actor, len(data), filename=name, source=source)
    if early is not None:
        return early
    sha = hashlib.sha256(data).hexdigest()
    with ctx.store.read() as session:
        earlier = earlier_import(session, sha)
        if earlier is not None:
            return result_of(session, earlier, "duplicate")
    put_blob(ctx, data)  # the original first: kept whatever happens next
    try:
        prepared = _prepare(ctx, data)
    except ScanRefused as refused:
        return _quarantine(
            ctx, actor, refused, sha=sha, size=len(data), filename=name, source=source
        )
    message, params = _problem(prepared)
    with ctx.store.write() as session:
        earlier = earlier_import(session, sha)
        if earlier is not None:  # imported by another process meanwhile
            return result_of(session, earlier, "duplicate")
        imp = _new_import(
            ctx,
            session,
            actor,
            sha=sha,
            size=len(data),
            filename=name,
            source=source,
            status=_status(prepared),
            message=message,
            params=params,
            pages=prepared.pages,
            empty_covers=prepared.empty_covers,
        )
        stem = PurePath(name).stem[:80]
        for seg, piece_sha, piece_size in prepared.filed:
            assert seg.receipt_no is not None
            req = find_request(session, seg.receipt_no)
            doc_type = choose_slot(session, req)
            info = attach_stored(
                ctx,
                session,
                actor,
                req,
                doc_type=doc_type,
                sha256=piece_sha,
                size=piece_size,
                filename=f"{req.receipt_no}_{stem}_p{seg.pages[0] + 1}-{seg.pages[-1] + 1}.pdf",
                media_type=PDF,
            )
            session.add(
                ScanFiling(
                    import_id=imp.id,
                    request_id=req.id,
                    attachment_id=attachment_id(session, info.uuid),
                    doc_type=doc_type,
                    first_page=seg.pages[0],
                    page_indices=json.dumps(seg.pages),
                )
            )
            mark_scanned(ctx, session, actor, req, doc_type, info.uuid)
            imp.filed_pages += len(seg.pages)
        for seg, index, piece_sha, piece_size in prepared.unfiled:
            session.add(
                UnfiledPage(
                    uuid=str(uuid.uuid4()),
                    import_id=imp.id,
                    page_index=index,
                    sha256=piece_sha,
                    size=piece_size,
                    media_type=PDF,
                    reason=(seg.reason or UnfiledReason.NO_COVER).value,
                    code=seg.code,
                    created_at=imp.created_at,
                )
            )
            imp.unfiled_pages += 1
        session.flush()
        _audit(ctx, session, actor, "scan.import", imp)
        return result_of(session, imp)
