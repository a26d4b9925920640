"""`counter-hq` as real processes: the CLI on PostgreSQL, `serve` over real HTTP; SQLite default."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from counter_hq.api import create_app
from counter_hq.cli import main
from counter_hq.db import make_engine, session_factory, upgrade_schema
from counter_hq.models import Base
from counter_hq.settings import ENV_DATA_DIR, ENV_DATABASE_URL, Settings
from counter_hq.stations import add_station
from counter_protocol.wire import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.hq.conftest import HQ, StationClient, request_item, sha

PROTO = {PROTOCOL_HEADER: PROTOCOL_VERSION}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from counter_hq.cli import main; sys.exit(main())",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_env(hq: HQ, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_DATABASE_URL] = hq.settings.database_url
    env[ENV_DATA_DIR] = str(tmp_path / "served")
    return env


@pytest.fixture
def served(server_env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from counter_hq.cli import main; sys.exit(main())",
            "serve",
            "--port",
            str(port),
        ],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if (
                    httpx.get(f"{base}{API_PREFIX}/time", headers=PROTO, timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"server did not start: {proc.stderr.read() if proc.stderr else ''!r}"
                )
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_cli_and_real_http(served: str, server_env: dict[str, str]) -> None:
    out = _cli(server_env, "center", "add", "HMS", "--name", "Homs")
    assert out.returncode == 0, out.stderr
    out = _cli(server_env, "station", "add", "HMS", "3")
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip()
    assert len(code) == 19 and "valid 7 days" in out.stderr
    bad = _cli(server_env, "station", "add", "NOPE", "3")
    assert bad.returncode == 2 and "no center NOPE" in bad.stderr
    bad = _cli(server_env, "center", "add", "H1")
    assert bad.returncode == 2 and "center code" in bad.stderr

    with httpx.Client(base_url=served + API_PREFIX, headers=PROTO, timeout=10) as client:
        enrolled = client.post("/enroll", json={"code": code})
        assert enrolled.status_code == 200, enrolled.text
        auth = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        assert client.post("/enroll", json={"code": code}).status_code == 401
        scan = b"scan bytes " * 1000
        digest = sha(scan)
        put = client.put(
            f"/blobs/{digest}/chunks/0", content=scan, headers={**auth, "Content-SHA256": digest}
        )
        assert put.status_code == 200, put.text
        assert client.post(
            f"/blobs/{digest}/complete", json={"size": len(scan)}, headers=auth
        ).json()["complete"]
        item = request_item("HMS", 3, 1, blobs=(digest,))
        pushed = client.post("/push", json={"items": [item]}, headers=auth)
        assert pushed.status_code == 200, pushed.text
        assert pushed.json()["results"][0]["status"] == "created"
        again = client.post("/push", json={"items": [item]}, headers=auth)
        assert again.json()["results"][0]["status"] == "duplicate"
        huge = client.post("/push", content=b"x" * (2 * 1024 * 1024), headers=auth)
        assert huge.status_code == 413 and huge.json()["code"] == "too_large"
        assert client.get("/time", headers={PROTOCOL_HEADER: "9"}).status_code == 412
        # a production HQ does not describe its API to strangers (COUNTER_HQ_API_DOCS)
        assert httpx.get(served + "/openapi.json").status_code == 404


def test_sqlite_default_smoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "embedded"
    monkeypatch.setenv(ENV_DATA_DIR, str(data))
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    settings = Settings.from_env()
    assert settings.database_url == f"sqlite:///{data / 'hq.sqlite3'}"
    assert main(["db", "upgrade"]) == 0
    assert main(["center", "add", "MZH"]) == 0
    assert main(["center", "add", "MZH"]) == 2  # exists
    engine = make_engine(settings.database_url)
    with session_factory(engine)() as s:
        code = add_station(s, "MZH", 1, dt.datetime.now(dt.UTC))[1]
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        token = client.post(f"{API_PREFIX}/enroll", json={"code": code}, headers=PROTO).json()[
            "token"
        ]
        headers = {**PROTO, "Authorization": f"Bearer {token}"}
        scan = b"embedded scan"
        digest = sha(scan)
        r = client.put(
            f"{API_PREFIX}/blobs/{digest}/chunks/0",
            content=scan,
            headers={**headers, "Content-SHA256": digest},
        )
        assert r.status_code == 200
        assert (
            client.post(
                f"{API_PREFIX}/blobs/{digest}/complete", json={"size": len(scan)}, headers=headers
            ).status_code
            == 200
        )
        item = request_item("MZH", 1, 1, blobs=(digest,))
        for expected in ("created", "duplicate"):
            r = client.post(f"{API_PREFIX}/push", json={"items": [item]}, headers=headers)
            assert r.json()["results"][0]["status"] == expected
    assert (data / "blobs" / digest[:2] / digest[2:4] / digest).read_bytes() == scan


_VERSIONS = Path(upgrade_schema.__code__.co_filename).parent / "migrations" / "versions"


def test_migrations_match_models(hq: HQ) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(hq.settings.database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        newest = max(v.name[:4] for v in _VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == newest
        assert "received_items" in inspect(conn).get_table_names()
    engine.dispose()
    at_head = make_engine(hq.settings.database_url)
    upgrade_schema(at_head)  # at head: a no-op
    at_head.dispose()


def test_connections_closed_by_postgresql_are_replaced_unseen(hq: HQ, mzh1: StationClient) -> None:
    """PostgreSQL restarted (or an operator ended HQ's sessions): the next calls get fresh
    connections instead of a 500."""
    for _ in range(3):  # several pooled connections in use
        assert mzh1.get("/changes").status_code == 200
    with hq.engine.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    assert ended and ended >= 1
    for _ in range(3):
        resp = mzh1.get("/changes")
        assert resp.status_code == 200, resp.text


def test_the_connection_check_works_past_descriptor_1023() -> None:
    """A busy HQ has many files open; select() would fail there, the check must not."""
    import resource

    from counter_hq.db import _readable

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= 2000:
        pytest.skip(f"at most {hard} open files here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    ours, theirs = socket.socketpair()
    high = os.dup2(ours.fileno(), 2000)
    try:
        assert not _readable(high)
        theirs.close()  # the other side ends the connection
        assert _readable(high)
    finally:
        os.close(high)
        ours.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
