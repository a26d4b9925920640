"""Completing a blob survives what the fault test met: HQ stopped between putting the verified
file in place and committing, and two stations of one center completing the same scan at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import counter_hq.blobs
from tests.hq.conftest import HQ, StationClient, sha

DATA = bytes(range(256)) * 40


def _upload_all(st: StationClient, data: bytes) -> str:
    """Every byte in two chunks (one chunk hashing to the address would be kept at once)."""
    digest = sha(data)
    half = len(data) // 2
    for offset, part in ((0, data[:half]), (half, data[half:])):
        resp = st.put(
            f"/blobs/{digest}/chunks/{offset}", content=part, headers={"Content-SHA256": sha(part)}
        )
        assert resp.status_code == 200, resp.text
    return digest


def test_a_completion_whose_commit_was_lost_is_completed_on_retry(
    hq: HQ, mzh1: StationClient
) -> None:
    digest = _upload_all(mzh1, DATA)
    # What a completion leaves when HQ dies after the rename and before the commit: the
    # verified file in its place, the upload row still there, no blob row.
    part = hq.settings.blob_dir / "partial" / "MZH" / f"{digest}.part"
    final = hq.settings.blob_dir / digest[:2] / digest[2:4] / digest
    final.parent.mkdir(parents=True)
    part.replace(final)

    done = mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)})
    assert done.status_code == 200, done.text
    assert done.json()["complete"] is True and final.read_bytes() == DATA
    assert hq.scalar("SELECT count(*) FROM blob_owners WHERE sha256 = :s", s=digest) == 1
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 0


def test_a_damaged_partial_is_still_refused_when_the_file_exists(
    hq: HQ, mzh1: StationClient
) -> None:
    sal = hq.station("SAL", 1)
    digest = _upload_all(sal, DATA)
    assert sal.post(f"/blobs/{digest}/complete", json={"size": len(DATA)}).status_code == 200
    # MZH claims the same address with other bytes of the same length: the stored file must
    # not vouch for them.
    forged = bytes(len(DATA))
    for offset, part in ((0, forged[:100]), (100, forged[100:])):
        resp = mzh1.put(
            f"/blobs/{digest}/chunks/{offset}", content=part, headers={"Content-SHA256": sha(part)}
        )
        assert resp.status_code == 200, resp.text
    refused = mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)})
    assert refused.status_code == 422
    assert mzh1.get(f"/blobs/{digest}").status_code == 404


def test_completing_what_another_station_of_the_center_just_completed(
    hq: HQ, mzh1: StationClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    mzh2 = hq.station("MZH", 2)
    digest = _upload_all(mzh1, DATA)
    assert mzh1.post(f"/blobs/{digest}/complete", json={"size": len(DATA)}).status_code == 200
    # MZH-02's call looked before MZH-01 committed and waited for the upload's row lock, which
    # MZH-01's completion deleted: its first look saw no blob, the lock finds no upload.
    real = counter_hq.blobs._owned
    looks: list[int] = []

    def first_look_too_early(*args: Any) -> Any:
        looks.append(1)
        return None if len(looks) == 1 else real(*args)

    monkeypatch.setattr(counter_hq.blobs, "_owned", first_look_too_early)
    done = mzh2.post(f"/blobs/{digest}/complete", json={"size": len(DATA)})
    assert done.status_code == 200, done.text
    assert done.json()["complete"] is True


def test_serving_starts_by_sweeping_what_a_killed_hq_left(tmp_path: Path) -> None:
    from counter_hq.blobs import BlobStore

    store = BlobStore(tmp_path / "blobs")
    sha = "ab" * 32
    kept = store.path(sha)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"verified")
    left = kept.parent / ".tmp-x1y2"
    left.write_bytes(b"half written")
    part = store.partial("MZH", sha)
    part.parent.mkdir(parents=True)
    part.write_bytes(b"resumable")
    assert store.sweep_temporary() == 1
    assert kept.exists() and part.exists() and not left.exists()
    assert BlobStore(tmp_path / "none").sweep_temporary() == 0
