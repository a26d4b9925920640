"""Attachments: scans of a request's documents, stored as content-addressed files.

The bytes go to ``<data>/blobs/ab/cd/<sha256>`` first (services/files.py: sealed on an
encrypted station; temp file, fsync, rename; the same content is stored once), then the row,
its outbox item and the audit entry are written in one transaction. A crash in between leaves
at most an unreferenced file, never a row without bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.errors import N_, PermissionDenied, ValidationError
from counter_app.domain.roles import Permission, Role
from counter_app.services.access import use_case
from counter_app.services.audit import append_audit
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import blob_path as blob_path  # callers since before files.py
from counter_app.services.files import put_blob
from counter_app.services.files import store_blob as store_blob
from counter_app.services.outbox import enqueue
from counter_app.services.requests import find_request
from counter_app.store.models import Attachment, Request

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
_MAY_ATTACH = frozenset({Role.CLERK, Role.ARCHIVE, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class AttachmentInfo:
    uuid: str
    receipt_no: str
    doc_type: str
    sha256: str
    size: int
    filename: str
    media_type: str
    created_at: dt.datetime
    created: bool  # False: the same scan was already attached to this document


def _clean(value: str, field: str, max_length: int) -> str:
    text = clean_input_text(value, field=field, max_length=max_length)
    if not text:
        raise ValidationError(N_("{field}: this field is required"), field=field)
    return text


@use_case(Permission.ATTACH_SCAN)
def add_attachment(
    ctx: AppContext,
    actor: Actor,
    ref: str,
    data: bytes,
    *,
    doc_type: str,
    filename: str,
    media_type: str,
) -> AttachmentInfo:
    """Attach a scan to the request ``ref`` (receipt number or UUID); one transaction."""
    if actor.role not in _MAY_ATTACH:
        raise PermissionDenied(
            N_("User {user} ({role}) is not allowed to {action}"),
            user=actor.username,
            role=actor.role.value,
            action="add_attachment",
        )
    doc = _clean(doc_type, "documents", 40).upper()
    name = _clean(filename, "filename", 255)
    media = _clean(media_type, "media_type", 100).lower()
    if not data:
        raise ValidationError(N_("The scan is empty"), field="documents")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            N_("The scan is too large ({size} bytes; at most {limit})"),
            field="documents",
            size=len(data),
            limit=MAX_ATTACHMENT_BYTES,
        )
    sha = put_blob(ctx, data)
    with ctx.store.write() as session:
        req = find_request(session, ref)
        return attach_stored(
            ctx,
            session,
            actor,
            req,
            doc_type=doc,
            sha256=sha,
            size=len(data),
            filename=name,
            media_type=media,
        )


def attach_stored(
    ctx: AppContext,
    session: Session,
    actor: Actor,
    req: Request,
    *,
    doc_type: str,
    sha256: str,
    size: int,
    filename: str,
    media_type: str,
) -> AttachmentInfo:
    """The row, outbox item and audit entry of a blob already stored, in the caller's
    transaction (filing a scanned stack attaches several documents in one transaction)."""
    existing = session.execute(
        select(Attachment).where(
            Attachment.request_id == req.id,
            Attachment.doc_type == doc_type,
            Attachment.sha256 == sha256,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return AttachmentInfo(
            existing.uuid,
            req.receipt_no,
            doc_type,
            sha256,
            existing.size,
            existing.filename,
            existing.media_type,
            existing.created_at,
            created=False,
        )
    now = ctx.clock()
    station = ctx.station(session)
    row = Attachment(
        uuid=str(uuid.uuid4()),
        request_id=req.id,
        doc_type=doc_type,
        sha256=sha256,
        size=size,
        filename=filename,
        media_type=media_type,
        created_at=now,
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    enqueue(
        session,
        kind="attachment",
        entity_uuid=row.uuid,
        at=now,
        payload={
            "uuid": row.uuid,
            "request_uuid": req.uuid,
            "receipt_no": req.receipt_no,
            "doc_type": doc_type,
            "sha256": sha256,
            "size": size,
            "filename": filename,
            "media_type": media_type,
            "created_at": now.isoformat(),
            "actor": actor.username,
            "station": station.label,
        },
    )
    append_audit(
        session,
        at=now,
        user_id=actor.user_id,
        username=actor.username,
        station=station.label,
        action="attachment.add",
        entity="request",
        entity_ref=req.receipt_no,
        details={"doc_type": doc_type, "sha256": sha256, "size": size, "uuid": row.uuid},
    )
    return AttachmentInfo(
        row.uuid, req.receipt_no, doc_type, sha256, size, filename, media_type, now, created=True
    )
