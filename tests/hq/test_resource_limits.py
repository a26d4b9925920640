"""What one client may cost HQ (issue 13, item 5): partial uploads, failed credentials, the docs.

The slow-connection half runs against a real server process: tests/hq/test_slow_clients.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import event

from counter_app.sync.client import HqClient, HqUnreachable
from counter_hq.api.app import sweep_uploads
from counter_hq.api.throttle import KnownTokens, Throttle, bucket_key
from counter_hq.cli import main
from counter_hq.limit_settings import Limits
from counter_hq.settings import ENV_DATA_DIR, ENV_DATABASE_URL, Settings
from counter_protocol.wire import API_PREFIX, ErrorBody
from tests.hq.conftest import HQ, PROTO, FixedClock, StationClient, _truncate, sha

Limited = Callable[..., HQ]


@pytest.fixture
def limited(pg_url: str, tmp_path: Path) -> Iterator[Limited]:
    """An HQ on the test database with the given limits (centers MZH and SAL)."""
    made: list[HQ] = []

    def make(**limits: Any) -> HQ:
        _truncate(pg_url)
        settings = Settings(
            data_dir=tmp_path / f"hq{len(made)}", database_url=pg_url, limits=Limits(**limits)
        )
        server = HQ(settings, FixedClock())
        server.center("MZH")
        server.center("SAL")
        made.append(server)
        return server

    try:
        yield make
    finally:
        for server in made:
            server.close()


def _statements(hq: HQ) -> list[str]:
    """Every SQL statement the app runs from now on."""
    seen: list[str] = []
    engine = hq.app.state.services.sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def _as(hq: HQ, address: str) -> TestClient:
    return TestClient(hq.app, client=(address, 40000))


# --- the API description --------------------------------------------------------------------


def test_docs_and_schema_are_off_unless_enabled(limited: Limited) -> None:
    hq = limited()
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert hq.client.get(path).status_code == 404, path
    assert "/api/v1/push" in hq.app.openapi()["paths"]  # still there for tests and tools
    docs = limited(api_docs=True)
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert docs.client.get(path).status_code == 200, path


def test_limit_settings_from_the_environment(tmp_path: Path) -> None:
    base = {ENV_DATA_DIR: str(tmp_path)}
    assert Settings.from_env(base).limits == Limits()
    assert Limits().api_docs is False
    env = {
        **base,
        "COUNTER_HQ_API_DOCS": "1",
        "COUNTER_HQ_UPLOAD_QUOTA_MIB": "64",
        "COUNTER_HQ_UPLOAD_QUOTA_COUNT": "7",
        "COUNTER_HQ_UPLOAD_EXPIRY_HOURS": "0.5",
        "COUNTER_HQ_HEADER_TIMEOUT": "3",
        "COUNTER_HQ_BODY_TIMEOUT": "30",
        "COUNTER_HQ_BODY_MIN_RATE": "2000",
        "COUNTER_HQ_ENROLL_FAILURES_PER_MINUTE": "5",
        "COUNTER_HQ_CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
        "COUNTER_HQ_TRUSTED_PROXIES": "10.1.0.0/16, ::1",
    }
    limits = Settings.from_env(env).limits
    assert limits.api_docs and limits.upload_quota_bytes == 64 * 1024 * 1024
    assert (limits.upload_quota_count, limits.upload_expiry_seconds) == (7, 1800)
    assert (limits.header_timeout, limits.body_timeout, limits.body_min_rate) == (3, 30, 2000)
    assert limits.enroll_failures_per_minute == 5
    assert limits.trusted_proxies == ("10.1.0.0/16", "::1")
    for name, bad in (
        ("COUNTER_HQ_API_DOCS", "maybe"),
        ("COUNTER_HQ_UPLOAD_QUOTA_COUNT", "0"),
        ("COUNTER_HQ_HEADER_TIMEOUT", "nan"),
        ("COUNTER_HQ_BODY_TIMEOUT", "soon"),
        ("COUNTER_HQ_TRUSTED_PROXIES", "proxy.local"),
    ):
        with pytest.raises(Exception, match=name):
            Settings.from_env({**base, name: bad})


# --- throttling of enrollment ---------------------------------------------------------------


def test_wrong_enrollment_codes_are_throttled_without_the_database(limited: Limited) -> None:
    hq = limited()  # defaults: 10 failures a minute per address
    statements = _statements(hq)
    guesser = _as(hq, "203.0.113.7")
    started = time.perf_counter()
    answers = [
        guesser.post(
            f"{API_PREFIX}/enroll", json={"code": f"AAAA-BBBB-CCCC-{i:04d}"}, headers=PROTO
        )
        for i in range(300)
    ]
    elapsed = time.perf_counter() - started
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) == 10 and statuses.count(429) == 290, statuses
    assert statuses[:10] == [401] * 10
    refused = answers[-1]
    assert ErrorBody.model_validate(refused.json()).code == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 6
    # one lookup per wrong code that got through, none for the 290 others
    lookups = [s for s in statements if "enrollment_codes" in s]
    assert len(lookups) == 10, lookups
    assert elapsed < 15, elapsed

    # a station being set up elsewhere enrolls at once
    code = hq.code("MZH", 1)
    other = _as(hq, "198.51.100.20").post(
        f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO
    )
    assert other.status_code == 200, other.text
    # the guesser's address gets one try again as time passes (6 s a failure)
    hq.clock.advance(seconds=6)
    code = hq.code("MZH", 2)
    again = guesser.post(f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO)
    assert again.status_code == 200, again.text
    # a success costs nothing: the next good code from that address passes too
    code = hq.code("MZH", 3)
    assert (
        guesser.post(f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO).status_code == 200
    )


def test_a_station_behind_the_guessers_nat_keeps_syncing(limited: Limited) -> None:
    hq = limited(auth_failures_per_minute=30)
    nat = _as(hq, "203.0.113.50")
    code = hq.code("MZH", 1)
    token = nat.post(f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO).json()["token"]
    good = {**PROTO, "Authorization": f"Bearer {token}"}
    assert nat.get(f"{API_PREFIX}/changes", headers=good).status_code == 200
    statements = _statements(hq)
    statuses = []
    for i in range(300):
        bad = {**PROTO, "Authorization": f"Bearer wrong-token-{i}"}
        statuses.append(nat.get(f"{API_PREFIX}/changes", headers=bad).status_code)
        if i % 50 == 0:  # the real station at the same address, meanwhile
            assert nat.get(f"{API_PREFIX}/changes", headers=good).status_code == 200
    assert statuses.count(401) == 30 and statuses.count(429) == 270
    token_lookups = [s for s in statements if "token_hash" in s]
    assert len(token_lookups) <= 30 + 6, len(token_lookups)  # the station's own: cache misses
    assert nat.get(f"{API_PREFIX}/changes", headers=good).status_code == 200


def test_a_revoked_token_is_throttled_like_a_wrong_one(limited: Limited) -> None:
    hq = limited(auth_failures_per_minute=5)
    station = hq.station("MZH", 1)
    assert station.get("/changes").status_code == 200
    hq.revoke("MZH", 1)
    hq.clock.advance(seconds=10)  # past the token cache
    statuses = [station.get("/changes").status_code for _ in range(10)]
    assert statuses == [401] * 5 + [429] * 5


def test_client_address_from_a_trusted_proxy_only(limited: Limited) -> None:
    hq = limited(
        enroll_failures_per_minute=2,
        client_address_header="X-Forwarded-For",
        trusted_proxies=("10.0.0.1",),
    )
    proxy = _as(hq, "10.0.0.1")

    def enroll(client: TestClient, forwarded: str) -> int:
        headers = {**PROTO, "X-Forwarded-For": forwarded}
        resp = client.post(
            f"{API_PREFIX}/enroll", json={"code": "AAAA-BBBB-CCCC-DDDD"}, headers=headers
        )
        return int(resp.status_code)

    # through the proxy, each client has its own bucket; what a client wrote itself in the
    # header (the first hops) does not change whose bucket it is
    assert [enroll(proxy, "192.0.2.1") for _ in range(3)] == [401, 401, 429]
    assert [enroll(proxy, "192.0.2.2") for _ in range(2)] == [401, 401]
    assert enroll(proxy, "1.2.3.4, 192.0.2.1") == 429
    # straight from elsewhere, the header is not believed: the connection's address counts
    direct = _as(hq, "192.0.2.99")
    assert [enroll(direct, f"192.0.2.{i}") for i in range(100, 103)] == [401, 401, 429]


def test_throttle_buckets() -> None:
    now = [0.0]
    bucket = Throttle(6, lambda: now[0])  # 6 a minute: one every 10 s, bursts of 6
    assert [bucket.take("a") for _ in range(6)] == [0.0] * 6
    assert bucket.take("a") == pytest.approx(10.0)
    assert bucket.take("b") == 0.0  # another address is not concerned
    now[0] = 5.0
    assert bucket.take("a") == pytest.approx(5.0)
    bucket.give_back("a")  # the credentials were good
    assert bucket.take("a") == 0.0
    small = Throttle(1, lambda: now[0], max_keys=4)
    for key in "abcdefgh":
        small.take(key)
    assert len(small._buckets) <= 4
    assert bucket_key("2001:db8:1:2:3:4:5:6") == bucket_key("2001:db8:1:2:ffff::1")
    assert bucket_key("2001:db8:1:2::1") != bucket_key("2001:db8:1:3::1")
    assert bucket_key("::ffff:192.0.2.1") == "192.0.2.1"
    known = KnownTokens(lambda: now[0], ttl=100)
    known.add("x")
    assert "x" in known and "y" not in known
    now[0] = 200.0
    assert "x" not in known


# --- partial uploads: quota and expiry ------------------------------------------------------

DATA = bytes(range(256)) * 40  # 10,240 bytes


def _blob(n: int) -> bytes:
    return n.to_bytes(4, "big") + DATA


def _start(st: StationClient, data: bytes, upto: int = 1000) -> Any:
    part = data[:upto]
    return st.put(
        f"/blobs/{sha(data)}/chunks/0", content=part, headers={"Content-SHA256": sha(part)}
    )


def _partials(hq: HQ) -> list[Path]:
    return sorted((hq.settings.blob_dir / "partial").glob("*/*.part"))


def test_unfinished_uploads_are_limited_per_station(limited: Limited) -> None:
    hq = limited(upload_quota_count=3, upload_quota_bytes=5000)
    st = hq.station("MZH", 1)
    blobs = [_blob(i) for i in range(5)]
    for data in blobs[:3]:
        assert _start(st, data).status_code == 200
    refused = _start(st, blobs[3])
    assert refused.status_code == 429, refused.text
    assert ErrorBody.model_validate(refused.json()).code == "upload_quota"
    assert 60 <= int(refused.headers["Retry-After"]) <= 3600
    assert st.get(f"/blobs/{sha(blobs[3])}").status_code == 404  # nothing kept of it
    assert len(_partials(hq)) == 3
    # another station of the same center has its own quota
    assert _start(hq.station("MZH", 2), blobs[3]).status_code == 200
    # resuming an upload it holds still works, within the bytes
    digest = sha(blobs[0])
    resume = st.put(
        f"/blobs/{digest}/chunks/1000",
        content=blobs[0][1000:2000],
        headers={"Content-SHA256": sha(blobs[0][1000:2000])},
    )
    assert resume.status_code == 200 and resume.json()["received"] == 2000
    # 4000 held: 1001 more bytes would pass 5000
    over = st.put(
        f"/blobs/{digest}/chunks/2000",
        content=blobs[0][2000:3001],
        headers={"Content-SHA256": sha(blobs[0][2000:3001])},
    )
    assert over.status_code == 429 and over.json()["code"] == "upload_quota"
    assert st.get(f"/blobs/{digest}").json()["received"] == 2000
    # a whole scan in one chunk is no unfinished upload: never refused
    whole = _blob(9)
    kept = st.put(
        f"/blobs/{sha(whole)}/chunks/0", content=whole, headers={"Content-SHA256": sha(whole)}
    )
    assert kept.status_code == 200 and kept.json()["complete"] is True


def test_expired_partial_uploads_are_swept_and_their_bytes_freed(limited: Limited) -> None:
    hq = limited(upload_expiry_hours=24)
    st = hq.station("MZH", 1)
    old = [_blob(i) for i in range(3)]
    for data in old:
        assert _start(st, data, upto=4000).status_code == 200
    finished = _blob(7)
    st.upload(finished)
    hq.clock.advance(hours=20)
    fresh = _blob(8)
    assert _start(st, fresh, upto=3000).status_code == 200
    hq.clock.advance(hours=5)  # the first three untouched for 25 h, the fresh one for 5 h
    swept = sweep_uploads(hq.app.state.services)
    assert (swept.uploads, swept.bytes) == (3, 3 * 4000)
    assert [p.name for p in _partials(hq)] == [f"{sha(fresh)}.part"]
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 1
    for data in old:
        assert st.get(f"/blobs/{sha(data)}").status_code == 404
    # the finished blob is untouched
    stored = hq.settings.blob_dir / sha(finished)[:2] / sha(finished)[2:4] / sha(finished)
    assert stored.read_bytes() == finished
    assert st.get(f"/blobs/{sha(finished)}").json()["complete"] is True
    # the fresh one resumes and completes
    assert st.get(f"/blobs/{sha(fresh)}").json()["received"] == 3000
    rest = fresh[3000:]
    resp = st.put(
        f"/blobs/{sha(fresh)}/chunks/3000", content=rest, headers={"Content-SHA256": sha(rest)}
    )
    assert resp.status_code == 200
    done = st.post(f"/blobs/{sha(fresh)}/complete", json={"size": len(fresh)})
    assert done.status_code == 200 and done.json()["complete"] is True
    # an expired upload started again begins at 0
    assert _start(st, old[0], upto=1000).json()["received"] == 1000


def test_a_full_quota_of_expired_uploads_does_not_block_the_station(limited: Limited) -> None:
    hq = limited(upload_quota_count=2, upload_expiry_hours=1)
    st = hq.station("MZH", 1)
    for i in range(2):
        assert _start(st, _blob(i)).status_code == 200
    assert _start(st, _blob(2)).status_code == 429
    hq.clock.advance(hours=2)
    assert _start(st, _blob(2)).status_code == 200  # its expired ones swept on the way
    assert [p.name for p in _partials(hq)] == [f"{sha(_blob(2))}.part"]


def test_resuming_an_old_upload_over_quota_sweeps_the_others_not_it(limited: Limited) -> None:
    hq = limited(upload_quota_bytes=2500, upload_expiry_hours=1)
    st = hq.station("MZH", 1)
    first, second = _blob(0), _blob(1)
    for data in (first, second):
        assert _start(st, data).status_code == 200
    hq.clock.advance(hours=2)  # both expired, neither swept yet
    part = first[1000:2000]
    resumed = st.put(
        f"/blobs/{sha(first)}/chunks/1000", content=part, headers={"Content-SHA256": sha(part)}
    )
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["received"] == 2000
    assert [p.name for p in _partials(hq)] == [f"{sha(first)}.part"]
    assert st.get(f"/blobs/{sha(second)}").status_code == 404


def test_sweep_command(limited: Limited, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    hq = limited()
    st = hq.station("MZH", 1)
    assert _start(st, _blob(1), upto=2000).status_code == 200
    # an unfinished upload's file whose row was never committed (HQ stopped), long ago
    orphan = hq.settings.blob_dir / "partial" / "MZH" / f"{'e' * 64}.part"
    orphan.write_bytes(b"x" * 500)
    long_ago = time.time() - 3 * 86400
    os.utime(orphan, (long_ago, long_ago))
    monkeypatch.setenv(ENV_DATABASE_URL, hq.settings.database_url)
    monkeypatch.setenv(ENV_DATA_DIR, str(hq.settings.data_dir))
    # the upload was made at the test clock's time, weeks before the real now: expired
    assert main(["blobs", "sweep"]) == 0
    out = capsys.readouterr().out
    assert "removed 1 unfinished uploads untouched for 24 h" in out
    assert not orphan.exists() and _partials(hq) == []
    assert hq.scalar("SELECT count(*) FROM blob_uploads") == 0
    assert main(["blobs", "sweep", "--older-than", "-1"]) == 2


# --- the counter's side ---------------------------------------------------------------------


class _Answer:
    """A requests session that answers every call with one canned response."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status, self.body, self.headers = status, body, headers

    def request(self, *_a: Any, **_kw: Any) -> requests.Response:
        resp = requests.Response()
        resp.status_code = self.status
        resp._content = self.body
        resp.headers.update(self.headers)
        return resp

    def close(self) -> None:
        pass


@pytest.mark.parametrize("code", ["upload_quota", "too_many_requests"])
def test_the_counter_waits_when_hq_says_429(code: str) -> None:
    """429 (quota or throttle) is 'try again later' for the counter, never a refusal that would
    quarantine the scan or the request."""
    body = ErrorBody(code=code, message="later").model_dump_json().encode()
    answer = _Answer(429, body, {"Retry-After": "600"})
    client = HqClient("https://hq.example", "token", session=answer)  # type: ignore[arg-type]
    with pytest.raises(HqUnreachable) as caught:
        client.put_chunk(sha(DATA), 0, DATA[:100])
    assert caught.value.retry_after == 600.0
