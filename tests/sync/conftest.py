"""A real HQ process on loopback (PostgreSQL, a throwaway database per test) and an enrolled
station. PostgreSQL missing: the tests fail in CI (``CI`` set) and are skipped elsewhere.
``tls_hq`` is the same HQ speaking TLS with a certificate from a CA made for the test run."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest
import requests
from keyrings.alt.file import PlaintextKeyring

from counter_hq.db import make_engine, session_factory, upgrade_schema
from counter_hq.models import Center
from counter_hq.stations import add_center, add_station
from counter_protocol.wire import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.conftest import Station, run_cli

PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
_BIN = Path(sys.executable).parent / "counter-hq"
HQ_COMMAND = [str(_BIN)] if _BIN.exists() else [sys.executable, "-m", "counter_hq.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class TlsFiles:
    """A server certificate and key, and the CA file a counter must be given to trust them."""

    certfile: Path
    keyfile: Path
    ca_file: Path


def make_tls_files(folder: Path, *hosts: str, **issue: Any) -> TlsFiles:
    """A new CA (trustme) and a certificate it signed for ``hosts`` (``issue``: e.g. not_after)."""
    import trustme

    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    cert = ca.issue_cert(*hosts, **issue)
    files = TlsFiles(folder / "hq.pem", folder / "hq.key", folder / "ca.pem")
    for i, pem in enumerate(cert.cert_chain_pems):
        pem.write_to_path(str(files.certfile), append=i > 0)
    cert.private_key_pem.write_to_path(str(files.keyfile))
    ca.cert_pem.write_to_path(str(files.ca_file))
    return files


class HqServer:
    """`counter-hq serve` as a child process; stop/start keep its data (a restart)."""

    def __init__(self, env: dict[str, str], port: int, tls: TlsFiles | None = None) -> None:
        self.env = env
        self.port = port
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(env["COUNTER_HQ_DATA_DIR"]) / "serve.log"

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*HQ_COMMAND, *args], env=self.env, capture_output=True, text=True, timeout=60
        )

    def enrollment_code(self, center: str, station_no: int) -> str:
        """The center (made if new) and a one-time code for the station, written straight into
        HQ's database: what `counter-hq center add` and `station add` do, without two process
        starts per test (the commands themselves are tested in tests/hq/test_server_process)."""
        engine = make_engine(self.env["COUNTER_HQ_DATABASE_URL"])
        try:
            with session_factory(engine)() as session:
                now = dt.datetime.now(dt.UTC)
                if session.get(Center, center) is None:
                    add_center(session, center, center, now)
                _, code = add_station(session, center, station_no, now)
                session.commit()
        finally:
            engine.dispose()
        return code

    def start(self) -> None:
        with self.log.open("ab") as log:
            tls = (
                ["--certfile", str(self.tls.certfile), "--keyfile", str(self.tls.keyfile)]
                if self.tls
                else []
            )
            self.proc = subprocess.Popen(
                [*HQ_COMMAND, "serve", "--host", "127.0.0.1", "--port", str(self.port), *tls],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("counter-hq serve exited:\n" + self.log.read_text()[-3000:])
            try:
                r = requests.get(
                    f"{self.url}{API_PREFIX}/time",
                    headers={PROTOCOL_HEADER: PROTOCOL_VERSION},
                    timeout=1,
                    verify=str(self.tls.ca_file) if self.tls else True,
                )
                if r.status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("counter-hq serve did not come up:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


def _admin() -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(PG_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at 127.0.0.1:5432: {exc}")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """HQ's schema migrated once per run; each test's database is a copy of it (a copy takes
    a fraction of the migration's time, and `serve` then finds it at head)."""
    admin = _admin()
    name = f"sync_template_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    try:
        upgrade_schema(engine)
    finally:
        engine.dispose()  # a template must have no connections when it is copied
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_database(pg_template: str) -> Iterator[str]:
    admin = _admin()
    name = f"sync_test_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(autouse=True)
def _file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials go to a plain-text keyring in the test's own home, never the real one."""
    home = tmp_path / "keyring-home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    # A plain-text keyring is refused unless the machine is declared a test machine.
    monkeypatch.setenv("COUNTER_APP_ALLOW_INSECURE_KEYRING", "1")
    keyring.set_keyring(PlaintextKeyring())


@pytest.fixture
def hq(tmp_path: Path, pg_database: str) -> Iterator[HqServer]:
    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(tmp_path / "hq"),
        "COUNTER_HQ_DATABASE_URL": pg_database,
    }
    Path(env["COUNTER_HQ_DATA_DIR"]).mkdir(parents=True)
    server = HqServer(env, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """One CA and certificate for 127.0.0.1 and localhost for the whole run (made in ~0.1 s)."""
    return make_tls_files(tmp_path_factory.mktemp("tls"), "127.0.0.1", "localhost")


@pytest.fixture
def tls_hq(tmp_path: Path, pg_database: str, tls_files: TlsFiles) -> Iterator[HqServer]:
    """The `hq` fixture's server speaking TLS only (``https://127.0.0.1:PORT``)."""
    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(tmp_path / "hq"),
        "COUNTER_HQ_DATABASE_URL": pg_database,
    }
    Path(env["COUNTER_HQ_DATA_DIR"]).mkdir(parents=True)
    server = HqServer(env, free_port(), tls_files)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Enrolled:
    station: Station
    hq: HqServer


@pytest.fixture
def enrolled(station: Station, hq: HqServer) -> Enrolled:
    """Station MZH-02 (the shared fixture; the center a test's mark names) enrolled with a
    fresh HQ through the command line.
    Its clock is set to the real time: HQ is a real process, and a push from a station whose
    clock is days off is refused (clock_skew)."""
    station.clock.now = dt.datetime.now(dt.UTC)
    code = hq.enrollment_code(station.ctx.station_info().center_code, 2)
    res = run_cli("enroll", hq.url, code, "--json")
    assert res.code == 0, res.err
    return Enrolled(station, hq)
