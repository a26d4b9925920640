"""Two behaviours the fault test depends on, pinned with a scripted HQ: HQ's answers to a batch
are kept even when the scan upload that follows is cut off, and a scan upload resumes from
what HQ holds after a lost answer instead of giving up the round."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import counter_app.sync.blobs
from counter_app.services.attachments import add_attachment
from counter_app.store.models import OutboxItem
from counter_app.sync.blobs import RESUMES, upload_blob
from counter_app.sync.client import HqUnreachable
from counter_app.sync.push import push_outbox
from counter_protocol.wire import (
    BlobState,
    ItemKind,
    ItemResult,
    ItemStatus,
    PushItem,
    PushResponse,
)
from tests.conftest import Station
from tests.sync.test_attachments import SCAN, new_request


class ScriptedHq:
    """Answers pushes with created / missing_blobs; every blob call fails ``fail_blob`` times."""

    def __init__(self, fail_blob: int) -> None:
        self.fail_blob = fail_blob
        self.held = 0
        self.calls: list[str] = []

    def push(self, items: Sequence[PushItem]) -> PushResponse:
        self.calls.append("push")
        results = [
            ItemResult(id=i.id, status=ItemStatus.MISSING_BLOBS, missing=i.blobs)
            if i.kind is ItemKind.ATTACHMENT
            else ItemResult(id=i.id, status=ItemStatus.CREATED)
            for i in items
        ]
        return PushResponse(results=tuple(results), server_time=dt.datetime.now(dt.UTC))

    def _maybe_fail(self, name: str) -> None:
        self.calls.append(name)
        if self.fail_blob > 0:
            self.fail_blob -= 1
            raise HqUnreachable("connection reset by peer")

    def blob_state(self, sha256: str) -> BlobState:
        self._maybe_fail("state")
        return BlobState(sha256=sha256, size=None, received=self.held, complete=False)

    def put_chunk(
        self, sha256: str, offset: int, data: bytes, *, data_sha256: str | None = None
    ) -> BlobState:
        self._maybe_fail("put")
        self.held = offset + len(data)
        whole = offset == 0 and hashlib.sha256(data).hexdigest() == sha256
        return BlobState(sha256=sha256, size=None, received=self.held, complete=whole)

    def complete_blob(self, sha256: str, size: int) -> BlobState:
        self._maybe_fail("complete")
        return BlobState(sha256=sha256, size=size, received=size, complete=True)


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counter_app.sync.blobs, "RESUME_PAUSE", 0.0)


def _states(station: Station) -> dict[str, str]:
    with station.ctx.store.read() as s:
        return dict(s.execute(select(OutboxItem.kind, OutboxItem.state)).tuples().all())


def test_answers_are_kept_when_the_scan_upload_is_cut_off(station: Station) -> None:
    receipt = new_request(station)
    add_attachment(
        station.ctx,
        station.clerk,
        receipt,
        SCAN,
        doc_type="ID_CARD",
        filename="scan.pdf",
        media_type="application/pdf",
    )
    hq: Any = ScriptedHq(fail_blob=100)
    with pytest.raises(HqUnreachable):
        push_outbox(station.ctx, hq)
    # The request HQ created is not sent again next round; only the scan's item waits.
    assert _states(station) == {"request.created": "sent", "attachment": "pending"}


def test_a_lost_answer_mid_upload_is_resumed_from_what_hq_holds(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000  # 2.3 MB: three chunks
    path = tmp_path / "scan"
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    hq: Any = ScriptedHq(fail_blob=RESUMES - 1)
    assert upload_blob(hq, sha, path) >= len(data)
    assert hq.calls.count("complete") == 1 and hq.held == len(data)

    give_up: Any = ScriptedHq(fail_blob=RESUMES)  # HQ down: the round backs off instead
    with pytest.raises(HqUnreachable):
        upload_blob(give_up, sha, path)
