"""Scans sealed at the counter reach a real HQ as the plain bytes under their own SHA-256: one
of one chunk (sent in one call) and one of three chunks (resumed from what HQ already holds)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from counter_app.services.attachments import add_attachment
from counter_app.store.blob_files import blob_path, head_is_sealed
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import sync_once
from counter_hq.blobs import BlobStore
from tests.sync.conftest import Enrolled
from tests.sync.test_attachments import new_request

SMALL = b"%PDF-1.4 one page\n" + random.Random(1).randbytes(300 * 1024)
LARGE = b"%PDF-1.4 ten pages\n" + random.Random(2).randbytes(int(2.5 * 1024 * 1024))


def test_sealed_scans_reach_hq_plain_with_their_sha256(enrolled: Enrolled, tmp_path: Path) -> None:
    st = enrolled.station
    assert st.ctx.store.key is not None  # an encrypted station: its scans are sealed
    shas = []
    for nid, data in (("05050505050", SMALL), ("06060606060", LARGE)):
        scan = add_attachment(
            st.ctx,
            st.clerk,
            new_request(st, nid),
            data,
            doc_type="BIRTH_STATEMENT",
            filename="scan.pdf",
            media_type="application/pdf",
        )
        local = blob_path(st.ctx.paths.data_dir, scan.sha256)
        assert head_is_sealed(local) and data[:64] not in local.read_bytes()
        shas.append(scan.sha256)
    client = client_for(st.ctx)
    # A previous attempt was cut off after the large scan's first chunk: resumed from there.
    client.put_chunk(shas[1], 0, LARGE[: 1024 * 1024])

    report = sync_once(st.ctx, client)
    assert report.push.quarantined == 0 and report.push.blobs_uploaded == 2
    assert report.push.blob_bytes == len(SMALL) + len(LARGE) - 1024 * 1024
    held = BlobStore(tmp_path / "hq" / "blobs")  # the hq fixture's COUNTER_HQ_DATA_DIR
    for sha, data in zip(shas, (SMALL, LARGE), strict=True):
        assert client.blob_state(sha).complete
        kept = held.path(sha).read_bytes()
        assert kept == data and hashlib.sha256(kept).hexdigest() == sha
