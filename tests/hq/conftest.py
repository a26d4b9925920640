"""HQ tests run against a real PostgreSQL: a fresh database per session, emptied per test.

PostgreSQL is expected at 127.0.0.1:5432 (user postgres, trust auth). When it is unreachable the
tests fail if the CI variable is set, and are skipped otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import text

from counter_app.domain.receipt import ReceiptNumber
from counter_hq.api import create_app
from counter_hq.db import make_engine, session_factory, upgrade_schema
from counter_hq.models import Base
from counter_hq.settings import Settings
from counter_hq.stations import add_center, add_station, revoke_station
from counter_protocol.wire import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

# Back-office passwords in tests: argon2id at the lowest cost (production uses the library's).
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PROTO = {PROTOCOL_HEADER: PROTOCOL_VERSION}


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    try:
        admin = psycopg.connect(PG_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at 127.0.0.1:5432: {exc}")
    name = f"hq_test_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class FixedClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_item(
    center: str,
    station_no: int,
    seq: int,
    *,
    received_at: dt.datetime | None = None,
    blobs: tuple[str, ...] = (),
    note: str = "",
) -> dict[str, Any]:
    """An outbox item of kind request.created, shaped like counter_app.services.intake's."""
    at = received_at or dt.datetime(2026, 11, 22, 6, 30, tzinfo=dt.UTC)
    req_uuid = str(uuid.uuid4())
    receipt = str(ReceiptNumber(center=center, station=station_no, year=26, seq=seq))
    payload = {
        "uuid": req_uuid,
        "receipt_no": receipt,
        "center": center,
        "station": station_no,
        "service": "INT-CRIM",
        "catalog_version": "2026.1",
        "citizen": {"national_id": "01234567890", "name": "سامر الحلبي", "phone": "0933123456"},
        "organization": None,
        "fields": {"purpose": note or "عمل"},
        "documents": [{"type": "ID", "state": "seen", "note": None}],
        "received_at": at.isoformat(),
        "due_date": "2026-11-23",
        "source": "counter",
        "paper_ref": None,
        "events": [
            {
                "uuid": str(uuid.uuid4()),
                "status": "submitted",
                "at": at.isoformat(),
                "actor": "clerk1",
                "station": f"{center}-{station_no:02d}",
                "reason": None,
            }
        ],
    }
    return make_item("request.created", req_uuid, payload, blobs=blobs)


def event_item(request: dict[str, Any], status: str, reason: str | None = None) -> dict[str, Any]:
    p = request["payload"]
    ev_uuid = str(uuid.uuid4())
    payload = {
        "request_uuid": p["uuid"],
        "receipt_no": p["receipt_no"],
        "uuid": ev_uuid,
        "status": status,
        "at": "2026-11-22T08:00:00+00:00",
        "actor": "clerk1",
        "station": f"{p['center']}-{p['station']:02d}",
        "reason": reason,
    }
    return make_item("request.event", ev_uuid, payload)


def make_item(
    kind: str, entity_uuid: str, payload: dict[str, Any], *, blobs: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "entity_uuid": entity_uuid,
        "payload": payload,
        "payload_sha256": sha(canonical(payload).encode("utf-8")),
        "created_at": "2026-11-22T06:30:00+00:00",
        "blobs": list(blobs),
    }


@dataclass
class StationClient:
    """A TestClient speaking as one enrolled station."""

    client: TestClient
    center: str
    station_no: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {**PROTO, "Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(API_PREFIX + path, headers=self.headers, **kw)

    def head(self, path: str, **kw: Any) -> Any:
        return self.client.head(API_PREFIX + path, headers=self.headers, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.client.post(API_PREFIX + path, headers=self.headers, **kw)

    def put(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.put(API_PREFIX + path, headers={**self.headers, **(headers or {})}, **kw)

    def push(self, *items: dict[str, Any]) -> list[dict[str, Any]]:
        resp = self.post("/push", json={"items": list(items)})
        assert resp.status_code == 200, resp.text
        results: list[dict[str, Any]] = resp.json()["results"]
        return results

    def upload(self, data: bytes, chunk: int = 1000) -> dict[str, Any]:
        digest = sha(data)
        for off in range(0, len(data), chunk):
            part = data[off : off + chunk]
            r = self.put(
                f"/blobs/{digest}/chunks/{off}", content=part, headers={"Content-SHA256": sha(part)}
            )
            assert r.status_code == 200, r.text
        r = self.post(f"/blobs/{digest}/complete", json={"size": len(data)})
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


class HQ:
    def __init__(self, settings: Settings, clock: FixedClock) -> None:
        self.settings = settings
        self.clock = clock
        # The station cache ages with the test's clock: advancing it expires trusted tokens.
        self.app = create_app(
            settings,
            clock=clock,
            monotonic=lambda: clock().timestamp(),
            password_hasher=CHEAP_HASHER,
        )
        self.client = TestClient(self.app)
        self.engine = make_engine(settings.database_url)
        self.sessions = session_factory(self.engine)

    def center(self, code: str) -> None:
        with self.sessions() as s:
            add_center(s, code, f"Center {code}", self.clock())

    def code(self, center: str, n: int, ttl: dt.timedelta = dt.timedelta(days=7)) -> str:
        with self.sessions() as s:
            return add_station(s, center, n, self.clock(), ttl=ttl)[1]

    def revoke(self, center: str, n: int) -> None:
        with self.sessions() as s:
            revoke_station(s, center, n, self.clock())

    def enroll(self, code: str) -> Any:
        return self.client.post(f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO)

    def station(self, center: str, n: int) -> StationClient:
        resp = self.enroll(self.code(center, n))
        assert resp.status_code == 200, resp.text
        return StationClient(self.client, center, n, resp.json()["token"])

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


def _truncate(url: str) -> None:
    """Every table emptied and every id sequence back at 1, as a new database has them.

    DELETE rather than TRUNCATE: the tables hold a test's few rows, and TRUNCATE makes new
    files for each of them (about 0.7 s a test on the loaded test machine against 0.1 s).
    Children first, so no foreign key is broken on the way; HQ has no triggers to fire."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        sequences = conn.execute(
            text("SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = 'public'")
        ).scalars()
        for sequence in list(sequences):
            conn.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))
    engine.dispose()


@pytest.fixture
def hq(pg_url: str, tmp_path: Path) -> Iterator[HQ]:
    _truncate(pg_url)
    server = HQ(Settings(data_dir=tmp_path / "hqdata", database_url=pg_url), FixedClock())
    server.center("MZH")
    server.center("SAL")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def mzh1(hq: HQ) -> StationClient:
    return hq.station("MZH", 1)
