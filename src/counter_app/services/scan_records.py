"""Scanned files and unfiled pages as the CLI and the desktop show them, and the choice of
the checklist slot a filed stack goes to.

Which slot: the papers behind a cover sheet are the paper the center kept for that request.
When exactly one document of the request's checklist is kept on paper (``copy_kept``,
``scan_pending`` or ``scanned``), the stack is that document. Otherwise it holds several
documents in an unknown order and is attached as the request's whole paper file,
``PAPER-FILE``; a person can attach pages to a single document through the unfiled queue.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.documents import DocState
from counter_app.domain.errors import N_, NotFound
from counter_app.domain.roles import Permission
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.store.models import (
    Attachment,
    Request,
    RequestDocument,
    ScanFiling,
    ScanImport,
    UnfiledPage,
)

WHOLE_FILE = "PAPER-FILE"  # the request's paper file as one scan (several documents)
PDF = "application/pdf"
_KEPT_ON_PAPER = frozenset({"copy_kept", "scan_pending", "scanned"})

# Words shown for the stored codes (translated where shown: tr(STATUS_WORDS[status])).
STATUS_WORDS = {
    "filed": N_("filed"),
    "partial": N_("partly filed"),
    "unfiled": N_("not filed"),
    "quarantined": N_("quarantined"),
    "duplicate": N_("already imported"),
}
REASON_WORDS = {
    "no_cover": N_("before the first cover sheet"),
    "unknown_request": N_("request not at this station"),
    "unreadable_cover": N_("cover sheet not readable"),
    "number_without_mark": N_(
        "a page with a receipt number that is not a cover sheet (a receipt or a copy?)"
    ),
}
SOURCE_WORDS = {
    "import": N_("imported file"),
    "scanner": N_("scanner"),
    "hotfolder": N_("hot folder"),
}


@dataclass(frozen=True)
class FiledDocument:
    receipt_no: str
    doc_type: str
    pages: list[int]  # 1-based page numbers in the scanned file
    attachment_uuid: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ScanView:
    """A scan filed under a request, as ``request show`` and the request screen list it."""

    attachment_uuid: str
    doc_type: str  # a checklist document code, or PAPER-FILE
    pages: int | None  # None: attached whole, page count not recorded
    filed_at: dt.datetime
    location: str  # where the bytes are kept, relative to the data folder
    sha256: str
    size: int
    source_file: str | None  # the scanned file it was cut from
    source_pages: list[int]  # its 1-based page numbers in that file


def scan_location(sha256: str) -> str:
    """The content-addressed place of a blob under the data folder (attachments.blob_path;
    spelled out here because attachments imports requests, which imports this module)."""
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def page_span(pages: list[int]) -> str:
    """1-based page numbers as the archive writes them: ``2-4``, ``2, 5``."""
    if len(pages) > 1 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}-{pages[-1]}"
    return ", ".join(str(p) for p in pages)


def scans_of(session: Session, req: Request) -> list[ScanView]:
    """The request's scans, oldest first, with the scanned file and pages each came from."""
    attachments = session.execute(
        select(Attachment).where(Attachment.request_id == req.id).order_by(Attachment.id)
    ).scalars()
    sources: dict[int, tuple[str, list[int]]] = {}
    for filing, filename in session.execute(
        select(ScanFiling, ScanImport.filename)
        .join(ScanImport, ScanImport.id == ScanFiling.import_id)
        .where(ScanFiling.request_id == req.id)
    ).all():
        pages = [i + 1 for i in json.loads(filing.page_indices)]
        sources[filing.attachment_id] = (filename, pages)
    for page, filename in session.execute(
        select(UnfiledPage, ScanImport.filename)
        .join(ScanImport, ScanImport.id == UnfiledPage.import_id)
        .where(UnfiledPage.assigned_request_id == req.id)
        .order_by(UnfiledPage.id)
    ).all():
        if page.assigned_attachment_id is not None:
            known = sources.setdefault(page.assigned_attachment_id, (filename, []))
            known[1].append(page.page_index + 1)  # pages of several files: the first's name
    views = []
    for att in attachments:
        source, pages = sources.get(att.id, (None, []))
        views.append(
            ScanView(
                att.uuid,
                att.doc_type,
                len(pages) or None,
                att.created_at,
                scan_location(att.sha256),
                att.sha256,
                att.size,
                source,
                pages,
            )
        )
    return views


@dataclass(frozen=True)
class UnfiledPageView:
    id: int
    import_uuid: str
    filename: str  # the scanned file it came from
    page: int  # 1-based page number in that file
    reason: str  # an UnfiledReason value
    code: str | None  # the barcode text of the cover it followed, if any
    sha256: str  # a one-page PDF
    size: int
    created_at: dt.datetime
    assigned_to: str | None = None  # receipt number once a person assigned it
    assigned_doc: str | None = None
    assigned_at: dt.datetime | None = None


@dataclass(frozen=True)
class ScanImportResult:
    """What became of one scanned file. For a duplicate, the other fields describe the import
    that already holds the same bytes, and ``status`` is "duplicate"."""

    uuid: str
    filename: str
    source: str
    sha256: str | None
    size: int
    status: str  # filed | partial | unfiled | quarantined | duplicate
    pages: int
    filed: list[FiledDocument]
    unfiled: list[UnfiledPageView]
    message: str | None  # an untranslated msgid; see message_text()
    message_args: dict[str, Any]
    created_at: dt.datetime
    earlier_status: str | None = None  # for a duplicate: what the first import became
    empty_covers: list[str] = field(default_factory=list)  # covers with no page after them

    @property
    def covers(self) -> int:
        return self.pages - sum(len(f.pages) for f in self.filed) - len(self.unfiled)

    def message_text(self, translate: Callable[[str], str] | None = None) -> str | None:
        """The message in the reader's language (English without ``translate``)."""
        if self.message is None:
            return None
        text = translate(self.message) if translate else self.message
        try:
            return str(text).format(**self.message_args)
        except (KeyError, IndexError, ValueError):
            return self.message.format(**self.message_args)


def choose_slot(session: Session, req: Request) -> str:
    kept = session.execute(
        select(RequestDocument.doc_type)
        .where(RequestDocument.request_id == req.id, RequestDocument.state.in_(_KEPT_ON_PAPER))
        .order_by(RequestDocument.id)
    ).scalars()
    found = list(kept)
    return found[0] if len(found) == 1 else WHOLE_FILE


def mark_scanned(
    ctx: AppContext, session: Session, actor: Actor, req: Request, doc_type: str, attachment: str
) -> list[str]:
    """In the filing's transaction: the checklist document a scan was attached to becomes
    ``scanned`` (for the whole paper file: every document kept on paper), audited with its
    earlier state. Returns the documents changed. No outbox item: the protocol has no kind for
    a checklist change, and HQ gets the attachment itself with its document code."""
    query = select(RequestDocument).where(RequestDocument.request_id == req.id)
    if doc_type == WHOLE_FILE:
        query = query.where(RequestDocument.state.in_(_KEPT_ON_PAPER - {DocState.SCANNED}))
    else:
        query = query.where(
            RequestDocument.doc_type == doc_type, RequestDocument.state != DocState.SCANNED
        )
    docs = list(session.execute(query.order_by(RequestDocument.id)).scalars())
    station = ctx.station(session)
    for doc in docs:
        earlier, doc.state = doc.state, DocState.SCANNED.value
        session.flush()
        append_audit(
            session,
            at=ctx.clock(),
            user_id=actor.user_id,
            username=actor.username,
            station=station.label,
            action="request.document",
            entity="request",
            entity_ref=req.receipt_no,
            details={
                "doc_type": doc.doc_type,
                "from": earlier,
                "to": DocState.SCANNED.value,
                "attachment": attachment,
            },
        )
    return [d.doc_type for d in docs]


def unfiled_view(session: Session, row: UnfiledPage, imp: ScanImport) -> UnfiledPageView:
    assigned = session.get(Request, row.assigned_request_id) if row.assigned_request_id else None
    return UnfiledPageView(
        row.id,
        imp.uuid,
        imp.filename,
        row.page_index + 1,
        row.reason,
        row.code,
        row.sha256,
        row.size,
        row.created_at,
        assigned.receipt_no if assigned else None,
        row.assigned_doc_type,
        row.assigned_at,
    )


def result_of(session: Session, imp: ScanImport, status: str | None = None) -> ScanImportResult:
    rows = session.execute(
        select(ScanFiling, Attachment, Request)
        .join(Attachment, Attachment.id == ScanFiling.attachment_id)
        .join(Request, Request.id == ScanFiling.request_id)
        .where(ScanFiling.import_id == imp.id)
        .order_by(ScanFiling.first_page)
    ).all()
    filed = [
        FiledDocument(
            req.receipt_no,
            filing.doc_type,
            [i + 1 for i in json.loads(filing.page_indices)],
            att.uuid,
            att.sha256,
            att.size,
        )
        for filing, att, req in rows
    ]
    unfiled = [
        unfiled_view(session, row, imp)
        for row in session.execute(
            select(UnfiledPage).where(UnfiledPage.import_id == imp.id).order_by(UnfiledPage.id)
        ).scalars()
    ]
    extra = json.loads(imp.message_args or "{}")
    return ScanImportResult(
        imp.uuid,
        imp.filename,
        imp.source,
        imp.sha256,
        imp.size,
        status or imp.status,
        imp.pages,
        filed,
        unfiled,
        imp.message,
        extra.get("params", {}),
        imp.created_at,
        earlier_status=imp.status if status == "duplicate" else None,
        empty_covers=extra.get("empty_covers", []),
    )


def earlier_import(session: Session, sha: str) -> ScanImport | None:
    return session.execute(select(ScanImport).where(ScanImport.sha256 == sha)).scalar_one_or_none()


@use_case(Permission.VIEW_ARCHIVE)
def get_scan_import(ctx: AppContext, actor: Actor, import_uuid: str) -> ScanImportResult:
    with ctx.store.read() as session:
        imp = session.execute(
            select(ScanImport).where(ScanImport.uuid == import_uuid.strip())
        ).scalar_one_or_none()
        if imp is None:
            raise NotFound(N_("There is no scanned file {ref}"), ref=import_uuid[:40])
        return result_of(session, imp)


@use_case(Permission.VIEW_ARCHIVE)
def list_scan_imports(
    ctx: AppContext, actor: Actor, *, status: str | None = None, limit: int = 100
) -> list[ScanImportResult]:
    """The newest scanned files first (``status="quarantined"``: the files refused)."""
    with ctx.store.read() as session:
        query = select(ScanImport).order_by(ScanImport.id.desc()).limit(max(1, min(limit, 1000)))
        if status is not None:
            query = query.where(ScanImport.status == status)
        return [result_of(session, imp) for imp in session.execute(query).scalars()]


def attachment_id(session: Session, attachment_uuid: str) -> int:
    return int(
        session.execute(
            select(Attachment.id).where(Attachment.uuid == attachment_uuid)
        ).scalar_one()
    )
