"""Property-based API tests: schemathesis generates requests from HQ's own OpenAPI document.

Every operation is called on the ASGI app backed by PostgreSQL (the fixtures of this folder),
with valid data (positive) and with data the schema forbids (negative): as an enrolled station
(valid token and ``Sync-Protocol`` header, so generated bodies, paths and queries reach the
handlers), and without credentials. Whatever is generated, HQ never answers 5xx, refuses what
its schema forbids with a 4xx, and its answers conform to the schema it publishes (status
codes, content types, bodies).

The operations are driven with ``APIOperation.as_strategy`` under plain ``hypothesis.given``
(schemathesis' lazy pytest fixture loader does not run on pytest 9).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis import checks as st_checks

from counter_app.domain.audit import canonical_json
from counter_hq.api import create_app
from counter_hq.settings import Settings
from counter_protocol.wire import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.hq.conftest import HQ

MAX_EXAMPLES = 75
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
    st_checks.negative_data_rejection,
]
_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


_FIXED = {PROTOCOL_HEADER.lower(), "authorization"}  # headers the tests set themselves


def _runs() -> list[tuple[str, str, GenerationMode]]:
    """(METHOD, path, mode) for every operation HQ publishes (no database is touched): valid
    data always, invalid data where the operation takes something that can be invalid."""
    app = create_app(Settings(data_dir=Path("unused"), database_url="sqlite:///:memory:"))
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    runs = []
    for path, ops in paths.items():
        for method, op in ops.items():
            runs.append((method.upper(), path, GenerationMode.POSITIVE))
            params = [p for p in op.get("parameters", []) if p["name"].lower() not in _FIXED]
            if params or "requestBody" in op:
                runs.append((method.upper(), path, GenerationMode.NEGATIVE))
    return runs


RUNS = _runs()
PUBLIC = {"/api/v1/enroll", "/api/v1/time"}  # answer without station credentials


def _with_true_hashes(case: Any) -> None:
    """Give generated push items the SHA-256 of their generated payload, and a generated chunk
    its Content-SHA256, so they get past the hash checks into the logic behind them (a wrong
    hash is only ever refused)."""
    if case.operation.path.endswith("/chunks/{offset}") and isinstance(case.body, bytes):
        case.headers = {
            **(case.headers or {}),
            "Content-SHA256": hashlib.sha256(case.body).hexdigest(),
        }
        return
    if not case.operation.path.endswith("/push") or not isinstance(case.body, dict):
        return
    for item in case.body.get("items") or ():
        if isinstance(item, dict) and isinstance(item.get("payload"), dict):
            try:
                text = canonical_json(item["payload"]).encode("utf-8")
            except (TypeError, ValueError):  # not JSON text: leave it as generated
                continue
            item["payload_sha256"] = hashlib.sha256(text).hexdigest()


def test_every_operation_is_covered() -> None:
    operations = {(method, path) for method, path, _mode in RUNS}
    assert len(operations) >= 9
    assert ("POST", "/api/v1/push", GenerationMode.NEGATIVE) in RUNS
    assert ("PUT", "/api/v1/blobs/{sha256}/chunks/{offset}", GenerationMode.NEGATIVE) in RUNS


def _id(value: Any) -> str:
    return value.value if isinstance(value, GenerationMode) else str(value)


def _run(hq: HQ, method: str, path: str, mode: GenerationMode, headers: dict[str, str]) -> None:
    # HQ does not serve its schema in production (COUNTER_HQ_API_DOCS): taken from the app.
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(hq.app.openapi())))
    schema.app = hq.app
    operation = schema[path][method]
    strategy = operation.as_strategy(generation_mode=mode, headers=headers)
    seen: list[int] = []

    @_SETTINGS
    @given(case=strategy)
    def check(case: Any) -> None:
        if mode is GenerationMode.POSITIVE:
            _with_true_hashes(case)
        response = case.call()
        seen.append(response.status_code)
        case.validate_response(response, checks=CHECKS)
        if "Authorization" not in headers and path not in PUBLIC:
            assert 400 <= response.status_code < 500, response.text  # never served

    check()
    assert seen and max(seen) < 500


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=_id)
def test_as_an_enrolled_station_nothing_is_a_server_error(
    hq: HQ, method: str, path: str, mode: GenerationMode
) -> None:
    station = hq.station("MZH", 1)
    _run(hq, method, path, mode, station.headers)


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=_id)
def test_without_credentials_nothing_is_a_server_error(
    hq: HQ, method: str, path: str, mode: GenerationMode
) -> None:
    _run(hq, method, path, mode, {PROTOCOL_HEADER: PROTOCOL_VERSION})
