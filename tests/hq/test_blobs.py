"""Resumable, verified, deduplicated blob upload, isolated per center."""

from __future__ import annotations

from counter_protocol.wire import MAX_CHUNK_BYTES, BlobState, ErrorBody
from tests.hq.conftest import HQ, StationClient, sha

DATA = bytes(range(256)) * 40  # 10,240 bytes


def _put(st: StationClient, digest: str, offset: int, part: bytes, chunk_sha: str | None = None):  # type: ignore[no-untyped-def]
    return st.put(
        f"/blobs/{digest}/chunks/{offset}",
        content=part,
        headers={"Content-SHA256": chunk_sha or sha(part)},
    )


def test_chunked_upload_with_resume(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    assert mzh1.head(f"/blobs/{digest}").status_code == 404
    assert mzh1.get(f"/blobs/{digest}").status_code == 404
    assert _put(mzh1, digest, 0, DATA[:4000]).json()["received"] == 4000
    # the client lost the answer and resends from a wrong offset: 409 says where to resume
    resp = _put(mzh1, digest, 0, DATA[:4000])
    assert resp.status_code == 409
    err = ErrorBody.model_validate(resp.json())
    assert err.code == "offset_mismatch" and "resume at 4000" in err.message
    assert resp.headers["Upload-Offset"] == "4000"
    head = mzh1.head(f"/blobs/{digest}")
    assert head.status_code == 200
    assert (head.headers["Upload-Offset"], head.headers["Blob-Complete"]) == ("4000", "false")
    state = BlobState.model_validate(mzh1.get(f"/blobs/{digest}").json())
    assert (state.received, state.complete) == (4000, False)
    assert _put(mzh1, digest, 4000, DATA[4000:]).status_code == 200
    # completing with a wrong size: 409, nothing lost
    assert mzh1.post(f"/blobs/{digest}/complete", json={"size": 99}).status_code == 409
    done = mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)})
    assert done.status_code == 200 and done.json()["complete"] is True
    stored = hq.settings.blob_dir / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == DATA
    # dedupe: completing again and a late chunk are acknowledged
    assert mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)}).status_code == 200
    assert _put(mzh1, digest, 0, DATA[:10]).json()["complete"] is True
    assert mzh1.head(f"/blobs/{digest}").headers["Blob-Complete"] == "true"
    # another station of the same center sees it complete without uploading
    mzh2 = hq.station("MZH", 2)
    assert mzh2.get(f"/blobs/{digest}").json()["complete"] is True


def test_chunk_hash_mismatch_is_discarded(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    resp = _put(mzh1, digest, 0, DATA[:100], chunk_sha=sha(b"other"))
    assert resp.status_code == 422
    assert ErrorBody.model_validate(resp.json()).code == "hash_mismatch"
    assert mzh1.get(f"/blobs/{digest}").status_code == 404
    resp = mzh1.put(f"/blobs/{digest}/chunks/0", content=DATA[:100])  # no Content-SHA256
    assert resp.status_code == 422


def test_whole_file_mismatch_discards_upload(hq: HQ, mzh1: StationClient) -> None:
    claimed = sha(b"the real scan")
    assert _put(mzh1, claimed, 0, b"forged content").status_code == 200
    resp = mzh1.post(f"/blobs/{claimed}/complete", json={"size": len(b"forged content")})
    assert resp.status_code == 422
    assert ErrorBody.model_validate(resp.json()).code == "hash_mismatch"
    assert mzh1.get(f"/blobs/{claimed}").status_code == 404
    assert hq.scalar("SELECT count(*) FROM blobs") == 0
    assert not list(hq.settings.blob_dir.rglob(claimed))


def test_oversize_chunk_and_bad_addresses(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    big = b"\0" * (MAX_CHUNK_BYTES + 1)
    resp = _put(mzh1, digest, 0, big)
    assert resp.status_code == 413
    # Sent without a Content-Length (chunked), it is cut off as it is read: the same answer.
    whole = sha(big)
    streamed = mzh1.put(
        f"/blobs/{whole}/chunks/0",
        content=(big[i : i + 65536] for i in range(0, len(big), 65536)),
        headers={"Content-SHA256": whole},
    )
    assert streamed.status_code == 413, streamed.text
    assert ErrorBody.model_validate(streamed.json()).code == "too_large"
    assert mzh1.get(f"/blobs/{whole}").status_code == 404
    assert mzh1.get("/blobs/NOTAHASH").status_code == 422
    assert _put(mzh1, digest, -1, b"x").status_code == 422
    assert mzh1.post(f"/blobs/{digest}/complete", json={"size": "many"}).status_code == 422
    assert mzh1.post(f"/blobs/{digest}/complete", json={"size": 5}).status_code == 404


def test_other_center_cannot_see_or_claim_a_blob(hq: HQ, mzh1: StationClient) -> None:
    digest = sha(DATA)
    mzh1.upload(DATA)
    sal = hq.station("SAL", 1)
    assert sal.head(f"/blobs/{digest}").status_code == 404
    assert sal.get(f"/blobs/{digest}").status_code == 404
    assert sal.post(f"/blobs/{digest}/complete", json={"size": len(DATA)}).status_code == 404
    # knowing the hash is not enough to reference it in a push
    from tests.hq.conftest import request_item

    [res] = sal.push(request_item("SAL", 1, 1, blobs=(digest,)))
    assert res["status"] == "missing_blobs"
    # uploading the same bytes proves possession; stored once
    assert sal.upload(DATA, chunk=4096)["complete"] is True
    assert hq.scalar("SELECT count(*) FROM blobs") == 1
    assert hq.scalar("SELECT count(*) FROM blob_owners") == 2
