"""Enrollment, credentials, the protocol header, /time and the published OpenAPI."""

from __future__ import annotations

import datetime as dt

from counter_app.sync.protocol import API_PREFIX, PROTOCOL_HEADER, ErrorBody
from tests.hq.conftest import HQ, PROTO, StationClient


def _error(resp: object, status: int, code: str) -> ErrorBody:
    assert resp.status_code == status, resp.text  # type: ignore[attr-defined]
    body = ErrorBody.model_validate(resp.json())  # type: ignore[attr-defined]
    assert body.code == code
    return body


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
    bad = StationClient(hq.client, "MZH", 1, mzh1.token + "x")
    _error(bad.get("/changes"), 401, "unauthorized")
    resp = hq.client.get(f"{API_PREFIX}/changes", headers=PROTO)
    _error(resp, 401, "unauthorized")
    resp = hq.client.get(f"{API_PREFIX}/changes", headers={**PROTO, "Authorization": "Basic x"})
    _error(resp, 401, "unauthorized")
    hq.revoke("MZH", 1)
    assert "revoked" in _error(mzh1.get("/changes"), 401, "unauthorized").message
    # re-enrollment issues a new token; the revoked one stays dead
    again = hq.station("MZH", 1)
    assert again.get("/changes").status_code == 200
    _error(mzh1.get("/changes"), 401, "unauthorized")


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
    spec = hq.client.get("/openapi.json").json()
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
