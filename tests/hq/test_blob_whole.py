"""A blob sent as one chunk is kept at once: the chunk hashes to the blob's address, so it is
the whole blob, verified; no completion call is needed (and one still answers 200)."""

from __future__ import annotations

import datetime as dt

from counter_protocol.wire import BlobState
from tests.hq.conftest import HQ, StationClient, sha

DATA = bytes(range(256)) * 40


def _put(st: StationClient, digest: str, offset: int, part: bytes):  # type: ignore[no-untyped-def]
    return st.put(
        f"/blobs/{digest}/chunks/{offset}", content=part, headers={"Content-SHA256": sha(part)}
    )


def _stored(hq: HQ, digest: str) -> bytes:
    return (hq.settings.blob_dir / digest[:2] / digest[2:4] / digest).read_bytes()


def test_one_chunk_that_is_the_whole_blob_is_kept_at_once(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    resp = _put(mzh1, digest, 0, DATA)
    assert resp.status_code == 200, resp.text
    state = BlobState.model_validate(resp.json())
    assert (state.complete, state.size, state.received) == (True, len(DATA), len(DATA))
    assert resp.headers["Blob-Complete"] == "true"
    assert _stored(hq, digest) == DATA
    assert hq.scalar("SELECT count(*) FROM blob_owners") == 1
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 0
    assert not list((hq.settings.blob_dir).rglob("*.part"))
    stored_at = dt.datetime(2026, 11, 22, 7, 0)  # the test clock, in UTC
    assert hq.scalar("SELECT created_at FROM blobs") == stored_at
    assert hq.scalar("SELECT created_at FROM blob_owners") == stored_at
    # what an older client does next: complete it, and send it again later
    done = mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)})
    assert done.status_code == 200 and done.json()["complete"] is True
    assert _put(mzh1, digest, 0, DATA).json()["complete"] is True
    # another station of the center holds it; another center must send every byte itself
    assert hq.station("MZH", 2).get(f"/blobs/{digest}").json()["complete"] is True
    sal = hq.station("SAL", 1)
    assert sal.get(f"/blobs/{digest}").status_code == 404
    assert _put(sal, digest, 0, DATA).json()["complete"] is True
    assert hq.scalar("SELECT count(*) FROM blobs") == 1
    assert hq.scalar("SELECT count(*) FROM blob_owners") == 2


def test_the_whole_blob_replaces_a_partial_upload(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    assert _put(mzh1, digest, 0, DATA[:1000]).json()["complete"] is False
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 1
    resp = _put(mzh1, digest, 0, DATA)
    assert resp.status_code == 200 and resp.json()["complete"] is True
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 0
    assert not list(hq.settings.blob_dir.rglob("*.part"))
    assert _stored(hq, digest) == DATA


def test_a_first_chunk_that_is_not_the_whole_blob_waits_for_the_rest(
    hq: HQ, mzh1: StationClient
) -> None:
    digest = sha(DATA)
    state = _put(mzh1, digest, 0, DATA[:4000]).json()
    assert (state["complete"], state["received"]) == (False, 4000)
    assert hq.scalar("SELECT count(*) FROM blobs") == 0
    # a chunk hashing to the address at another offset is not a whole blob
    other = sha(DATA[4000:])
    assert _put(mzh1, other, 10, DATA[4000:]).status_code == 409
    assert hq.scalar("SELECT count(*) FROM blobs") == 0
