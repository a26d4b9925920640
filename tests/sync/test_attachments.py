"""Scans are stored once by content, atomically, with their row, outbox item and audit entry."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.domain.errors import PermissionDenied, ValidationError
from counter_app.services.attachments import add_attachment, blob_path, store_blob
from counter_app.services.files import read_blob
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.sync_state import sync_health
from counter_app.store.models import Attachment, AuditEntry, OutboxItem
from counter_app.sync.push import prepare
from tests.conftest import Station
from tests.test_intake import valid_fields


def new_request(station: Station, nid: str = "05050505050") -> str:
    from counter_app.services.catalog import active_catalog

    svc = active_catalog(station.ctx).service("MOI-BIRTH-STATEMENT")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    res = submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(svc.code, nid, "ريم الحلبي", "0999888777", valid_fields(svc), docs),
    )
    return res.receipt_no


SCAN = b"%PDF-1.4 scanned birth statement\n" + bytes(range(256)) * 40


def test_a_scan_is_stored_under_its_hash_with_row_outbox_and_audit(station: Station) -> None:
    receipt = new_request(station)
    info = add_attachment(
        station.ctx,
        station.clerk,
        receipt,
        SCAN,
        doc_type="id_card",
        filename="scan-1.pdf",
        media_type="application/pdf",
    )
    sha = hashlib.sha256(SCAN).hexdigest()
    assert info.sha256 == sha and info.size == len(SCAN) and info.created
    path = blob_path(station.ctx.paths.data_dir, sha)
    assert path == station.ctx.paths.data_dir / "blobs" / sha[:2] / sha[2:4] / sha
    assert path.is_file() and read_blob(station.ctx, sha) == SCAN  # sealed: test_file_encryption
    with station.ctx.store.read() as s:
        row = s.execute(select(Attachment)).scalar_one()
        assert (row.doc_type, row.filename, row.created_by) == (
            "ID_CARD",
            "scan-1.pdf",
            station.clerk.user_id,
        )
        item = s.execute(select(OutboxItem).where(OutboxItem.kind == "attachment")).scalar_one()
        audit = s.execute(
            select(AuditEntry).where(AuditEntry.action == "attachment.add")
        ).scalar_one()
    payload = json.loads(item.payload)
    assert payload["receipt_no"] == receipt and payload["sha256"] == sha
    assert payload["size"] == len(SCAN)
    assert prepare(item).blobs == (sha,)  # the push names the blob HQ must hold
    assert audit.entity_ref == receipt
    assert sync_health(station.ctx, station.admin).outbox_pending == 2


def test_the_same_content_is_stored_once(station: Station) -> None:
    first, second = new_request(station), new_request(station, "06060606060")
    a = add_attachment(
        station.ctx,
        station.clerk,
        first,
        SCAN,
        doc_type="ID",
        filename="a.pdf",
        media_type="application/pdf",
    )
    b = add_attachment(
        station.ctx,
        station.clerk,
        second,
        SCAN,
        doc_type="ID",
        filename="b.pdf",
        media_type="application/pdf",
    )
    again = add_attachment(
        station.ctx,
        station.clerk,
        first,
        SCAN,
        doc_type="ID",
        filename="a.pdf",
        media_type="application/pdf",
    )
    assert a.sha256 == b.sha256 and a.uuid != b.uuid
    assert again.uuid == a.uuid and not again.created  # re-attaching is not a new scan
    files = [p for p in (station.ctx.paths.data_dir / "blobs").rglob("*") if p.is_file()]
    assert files == [blob_path(station.ctx.paths.data_dir, a.sha256)]
    with station.ctx.store.read() as s:
        assert len(s.execute(select(Attachment)).all()) == 2
        kinds = s.execute(select(OutboxItem.kind).where(OutboxItem.kind == "attachment")).all()
        assert len(kinds) == 2


def test_a_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store_blob(tmp_path, b"scan bytes")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_an_interrupted_copy_is_replaced_not_trusted(tmp_path: Path) -> None:
    sha, path = store_blob(tmp_path, b"full scan bytes")
    path.write_bytes(b"full")  # a torn copy (e.g. restored from a broken backup)
    sha2, path2 = store_blob(tmp_path, b"full scan bytes")
    assert (sha2, path2) == (sha, path) and path.read_bytes() == b"full scan bytes"


def test_bad_input_and_roles_are_refused_before_anything_is_stored(station: Station) -> None:
    receipt = new_request(station)
    from counter_app.domain.roles import Role
    from counter_app.services.context import Actor

    reception = Actor(user_id=station.admin.user_id, username="desk", role=Role.RECEPTION)
    with pytest.raises(PermissionDenied):
        add_attachment(
            station.ctx,
            reception,
            receipt,
            SCAN,
            doc_type="ID",
            filename="a.pdf",
            media_type="application/pdf",
        )
    with pytest.raises(ValidationError):
        add_attachment(
            station.ctx,
            station.clerk,
            receipt,
            b"",
            doc_type="ID",
            filename="a.pdf",
            media_type="application/pdf",
        )
    assert not (station.ctx.paths.data_dir / "blobs").exists()
