"""Enrollment, credentials, the protocol header, /time and the published OpenAPI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_protocol.wire import API_PREFIX, PROTOCOL_HEADER, ErrorBody
from tests.hq.conftest import HQ, PROTO, StationClient


def _error(resp: object, status: int, code: str) -> ErrorBody:
    assert resp.status_code == status, resp.text  # type: ignore[attr-defined]
    body = ErrorBody.model_validate(resp.json())  # type: ignore[attr-defined]
    assert body.code == code
    return body


_TIP = {"seq": 5, "hash": "ab" * 32}


def _report_tip(station: StationClient) -> None:
    assert station.post("/audit-tip", json={"tip": _TIP}).status_code == 200


def _reenroll(hq: HQ, center: str, n: int) -> StationClient:
    """A station number enrolled before takes a new code only with its database's proof."""
    body = {"code": hq.code(center, n), "center": center, "station_no": n, "tip": {"tip": _TIP}}
    resp = hq.client.post(f"{API_PREFIX}/enroll", json=body, headers=PROTO)
    assert resp.status_code == 200, resp.text
    return StationClient(hq.client, center, n, resp.json()["token"])


def test_enrollment_code_works_once(hq: HQ) -> None:
    code = hq.code("MZH", 2)
    first = hq.enroll(code)
    assert first.status_code == 200
    body = first.json()
    assert (body["center"], body["station_no"]) == ("MZH", 2)
    assert len(body["token"]) >= 40
    # the code is kept only as a hash, the token too
    assert hq.scalar("SELECT count(*) FROM enrollment_codes WHERE code_hash = :c", c=code) == 0
    assert hq.scalar("SELECT count(*) FROM stations WHERE token_hash = :t", t=body["token"]) == 0
    _error(hq.enroll(code), 401, "unauthorized")
    # lower case and without hyphens is the same code, still used
    _error(hq.enroll(code.replace("-", "").lower()), 401, "unauthorized")


def test_expired_and_unknown_codes(hq: HQ) -> None:
    code = hq.code("MZH", 3, ttl=dt.timedelta(days=7))
    hq.clock.advance(days=7, seconds=1)
    _error(hq.enroll(code), 401, "unauthorized")
    _error(hq.enroll("AAAA-BBBB-CCCC-DDDD"), 401, "unauthorized")
    _error(hq.enroll("short"), 422, "invalid")


def test_bad_and_revoked_tokens(hq: HQ, mzh1: StationClient) -> None:
    assert mzh1.get("/changes").status_code == 200
    _report_tip(mzh1)
    bad = StationClient(hq.client, "MZH", 1, mzh1.token + "x")
    _error(bad.get("/changes"), 401, "unauthorized")
    resp = hq.client.get(f"{API_PREFIX}/changes", headers=PROTO)
    _error(resp, 401, "unauthorized")
    resp = hq.client.get(f"{API_PREFIX}/changes", headers={**PROTO, "Authorization": "Basic x"})
    _error(resp, 401, "unauthorized")
    hq.revoke("MZH", 1)
    # A token found in the last seconds is trusted without asking the database again: the
    # revocation takes effect after at most that long (Settings.auth_cache_seconds).
    assert hq.settings.auth_cache_seconds == 2.0
    assert mzh1.get("/changes").status_code == 200
    hq.clock.advance(seconds=2)
    assert "revoked" in _error(mzh1.get("/changes"), 401, "unauthorized").message
    # re-enrollment (the same database, proven by its audit tip) issues a new token; the
    # revoked one stays dead
    again = _reenroll(hq, "MZH", 1)
    assert again.get("/changes").status_code == 200
    _error(mzh1.get("/changes"), 401, "unauthorized")


def test_reenrollment_retires_the_old_token_within_the_cache_time(
    hq: HQ, mzh1: StationClient
) -> None:
    assert mzh1.get("/changes").status_code == 200
    _report_tip(mzh1)
    again = _reenroll(hq, "MZH", 1)  # the same database enrolls again with a new code
    assert again.get("/changes").status_code == 200
    hq.clock.advance(seconds=1.9)
    assert mzh1.get("/changes").status_code == 200
    hq.clock.advance(seconds=0.1)
    _error(mzh1.get("/changes"), 401, "unauthorized")
    assert again.get("/changes").status_code == 200


def test_auth_cache_setting(tmp_path: Path) -> None:
    from counter_hq.errors import Invalid
    from counter_hq.settings import ENV_AUTH_CACHE, ENV_DATA_DIR, Settings

    env = {ENV_DATA_DIR: str(tmp_path)}
    assert Settings.from_env(env).auth_cache_seconds == 2.0
    assert Settings.from_env({**env, ENV_AUTH_CACHE: " 0 "}).auth_cache_seconds == 0.0
    for bad in ("soon", "-1", "301", "nan"):
        with pytest.raises(Invalid, match=ENV_AUTH_CACHE):
            Settings.from_env({**env, ENV_AUTH_CACHE: bad})


def test_protocol_header_required(hq: HQ, mzh1: StationClient) -> None:
    auth = {"Authorization": f"Bearer {mzh1.token}"}
    _error(hq.client.get(f"{API_PREFIX}/time"), 412, "protocol_version")
    _error(hq.client.get(f"{API_PREFIX}/changes", headers=auth), 412, "protocol_version")
    wrong = {**auth, PROTOCOL_HEADER: "2"}
    _error(hq.client.get(f"{API_PREFIX}/changes", headers=wrong), 412, "protocol_version")
    _error(
        hq.client.post(
            f"{API_PREFIX}/enroll", json={"code": "x" * 10}, headers={PROTOCOL_HEADER: "0"}
        ),
        412,
        "protocol_version",
    )


def test_time(hq: HQ) -> None:
    resp = hq.client.get(f"{API_PREFIX}/time", headers=PROTO)
    assert resp.status_code == 200
    assert dt.datetime.fromisoformat(resp.json()["server_time"]) == hq.clock()


def test_unknown_route_and_method_are_error_bodies(hq: HQ, mzh1: StationClient) -> None:
    _error(mzh1.get("/nothing"), 404, "not_found")
    _error(hq.client.delete(f"{API_PREFIX}/time", headers=PROTO), 405, "method_not_allowed")


def test_openapi_lists_the_routes(hq: HQ) -> None:
    spec = hq.app.openapi()  # not served in production (COUNTER_HQ_API_DOCS)
    paths = spec["paths"]
    for path in (
        "/enroll",
        "/push",
        "/blobs/{sha256}",
        "/blobs/{sha256}/chunks/{offset}",
        "/blobs/{sha256}/complete",
        "/changes",
        "/reconcile",
        "/time",
    ):
        assert API_PREFIX + path in paths, path
    assert "head" in paths[f"{API_PREFIX}/blobs/{{sha256}}"]
    assert "PushRequest" in spec["components"]["schemas"]


def test_recent_stations_expire_and_stay_bounded() -> None:
    from counter_hq.stations import RecentStations, StationRef

    now = [100.0]
    recent = RecentStations(2.0, clock=lambda: now[0], limit=3)
    a, b = StationRef(1, "MZH", 1), StationRef(2, "MZH", 2)
    recent.put("a", a)
    assert recent.get("a") == a and recent.get("b") is None
    now[0] += 2.0
    assert recent.get("a") is None  # expired: the database is asked again
    for key in ("a", "b", "c"):
        recent.put(key, b)
    recent.put("d", a)  # full of live entries: forgets them all rather than grow
    assert [recent.get(k) for k in "abcd"] == [None, None, None, a]
    never = RecentStations(0.0)
    never.put("a", a)
    assert never.get("a") is None  # 0 seconds: every call checks the database
