"""Slow clients (slowloris) against a real `counter-hq serve` over real sockets (issue 13, item 5).

A client that trickles its request head, or its body, or sends nothing at all, is cut once the
header or body timeout has passed, however steadily its bytes come; a station is served
normally meanwhile. The running server also sweeps unfinished uploads past their expiry.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from counter_protocol.wire import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.hq.test_server_process import _cli, _free_port

PROTO = {PROTOCOL_HEADER: PROTOCOL_VERSION}
HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
BODY_MIN_RATE = 500  # bytes that earn a body one more second
_CLI = [sys.executable, "-c", "import sys; from counter_hq.cli import main; sys.exit(main())"]
EXPIRY_HOURS = 0.001  # 3.6 s: the server's periodic sweep is seen at work too
GIVE_UP = 12.0  # seconds a slow socket is kept trying (the old server never cut them)


@dataclass
class Served:
    host: str
    port: int
    env: dict[str, str]

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_HQ_")}
    env["COUNTER_HQ_DATA_DIR"] = str(tmp_path / "hq")  # the embedded SQLite database
    env["COUNTER_HQ_HEADER_TIMEOUT"] = str(HEADER_TIMEOUT)
    env["COUNTER_HQ_BODY_TIMEOUT"] = str(BODY_TIMEOUT)
    env["COUNTER_HQ_BODY_MIN_RATE"] = str(BODY_MIN_RATE)
    env["COUNTER_HQ_UPLOAD_EXPIRY_HOURS"] = str(EXPIRY_HOURS)
    port = _free_port()
    proc = subprocess.Popen(
        [*_CLI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Served("127.0.0.1", port, env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(
                    f"{server.base}{API_PREFIX}/time", headers=PROTO, timeout=1
                ).is_success:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read() if proc.stderr else b""
                raise AssertionError(f"server did not start: {err!r}")
            time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@dataclass
class Cut:
    after: float | None  # seconds until the server closed the socket; None: it never did
    answer: bytes


def _trickle(server: Served, head: bytes, drip: bytes, results: list[Cut]) -> None:
    """Send ``head`` at once, then one byte of ``drip`` every 0.2 s until the server closes."""
    sock = socket.create_connection((server.host, server.port), timeout=5)
    sock.settimeout(0.2)
    start = time.monotonic()
    answer = b""
    sent = 0
    try:
        if head:
            sock.sendall(head)
        while time.monotonic() - start < GIVE_UP:
            try:
                data = sock.recv(4096)
                if not data:
                    results.append(Cut(time.monotonic() - start, answer))
                    return
                answer += data
                continue
            except TimeoutError:
                pass
            except ConnectionError:
                results.append(Cut(time.monotonic() - start, answer))
                return
            if drip:
                try:
                    sock.send(drip[sent % len(drip) : sent % len(drip) + 1])
                    sent += 1
                except OSError:
                    results.append(Cut(time.monotonic() - start, answer))
                    return
        results.append(Cut(None, answer))
    finally:
        sock.close()


def test_slow_sockets_are_cut_and_a_station_is_served_meanwhile(served: Served) -> None:
    env = served.env
    assert _cli(env, "center", "add", "HMS").returncode == 0
    added = _cli(env, "station", "add", "HMS", "1")
    assert added.returncode == 0, added.stderr
    code = added.stdout.strip()

    slow_head = (b"POST /api/v1/enroll HTTP/1.1\r\nHost: hq\r\n", b"X-Slow: " + b"a" * 200)
    body_head = (
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: hq\r\nSync-Protocol: 1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
        b' {"code": "' + b"A" * 200,
    )
    # Refused on its headers (no Sync-Protocol): the app never reads the body it trickles.
    unread_body = (
        b"PUT /api/v1/blobs/" + b"a" * 64 + b"/chunks/0 HTTP/1.1\r\nHost: hq\r\n"
        b"Content-Length: 100000\r\n\r\n",
        b"x" * 200,
    )
    kinds = {"head": slow_head, "body": body_head, "unread": unread_body, "idle": (b"", b"")}
    results: dict[str, list[Cut]] = {kind: [] for kind in kinds}
    threads = [
        threading.Thread(target=_trickle, args=(served, head, drip, results[kind]))
        for kind, (head, drip) in kinds.items()
        for _ in range(10 if kind in ("head", "body") else 3)
    ]
    for t in threads:
        t.start()

    # Meanwhile, a station enrolls and syncs, each call on a new connection.
    latencies = []
    with httpx.Client(base_url=served.base + API_PREFIX, headers=PROTO, timeout=5) as client:
        time.sleep(0.3)  # the slow sockets are all connected and trickling
        started = time.monotonic()
        enrolled = client.post("/enroll", json={"code": code})
        latencies.append(time.monotonic() - started)
        assert enrolled.status_code == 200, enrolled.text
        auth = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        for _ in range(10):
            started = time.monotonic()
            assert client.get("/changes", headers=auth).status_code == 200
            assert client.get("/time").status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.2)
    for t in threads:
        t.join(GIVE_UP + 5)

    slack = 1.5
    limits = {
        "head": HEADER_TIMEOUT,
        "idle": HEADER_TIMEOUT,
        "body": BODY_TIMEOUT,
        "unread": BODY_TIMEOUT + 2.0,  # the protocol's own deadline, after the app's
    }
    for kind, cuts in results.items():
        times = [c.after for c in cuts]
        assert len(cuts) == (10 if kind in ("head", "body") else 3)
        assert all(t is not None and t <= limits[kind] + slack for t in times), (kind, times)
        assert all(t is not None and t >= limits[kind] - 0.3 for t in times), (kind, times)
    for cut in results["head"] + results["body"]:
        assert cut.answer.startswith(b"HTTP/1.1 408 "), cut.answer[:80]
    assert b"request_timeout" in results["body"][0].answer
    for cut in results["unread"]:
        assert cut.answer.startswith(b"HTTP/1.1 412 "), cut.answer[:80]
    assert max(latencies) < 1.0, latencies


def _station(served: Served) -> dict[str, str]:
    env = served.env
    assert _cli(env, "center", "add", "HMS").returncode == 0
    added = _cli(env, "station", "add", "HMS", "1")
    assert added.returncode == 0, added.stderr
    enrolled = httpx.post(
        f"{served.base}{API_PREFIX}/enroll", json={"code": added.stdout.strip()}, headers=PROTO
    )
    assert enrolled.status_code == 200, enrolled.text
    return {**PROTO, "Authorization": f"Bearer {enrolled.json()['token']}"}


def test_the_server_sweeps_expired_unfinished_uploads(served: Served) -> None:
    auth = _station(served)
    scan = b"scan " * 1000
    digest = hashlib.sha256(scan).hexdigest()
    whole = b"a whole scan"
    whole_digest = hashlib.sha256(whole).hexdigest()
    with httpx.Client(base_url=served.base + API_PREFIX, headers=auth, timeout=5) as client:
        for data, name, chunk in ((scan[:1000], digest, scan[:1000]), (whole, whole_digest, whole)):
            put = client.put(
                f"/blobs/{name}/chunks/0",
                content=data,
                headers={"Content-SHA256": hashlib.sha256(chunk).hexdigest()},
            )
            assert put.status_code == 200, put.text
        part = Path(served.env["COUNTER_HQ_DATA_DIR"]) / "blobs" / "partial" / "HMS"
        assert (part / f"{digest}.part").stat().st_size == 1000
        deadline = time.monotonic() + 20
        while client.get(f"/blobs/{digest}").status_code != 404:
            assert time.monotonic() < deadline, "the unfinished upload was never swept"
            time.sleep(0.3)
        assert not (part / f"{digest}.part").exists()
        assert client.get(f"/blobs/{whole_digest}").json()["complete"] is True


def test_a_slow_link_that_keeps_sending_is_not_cut(served: Served) -> None:
    """A body arriving at 1,000 bytes a second takes longer than the body timeout, but every
    500 bytes earn it a second: it is read whole and answered by the app."""
    body = b'{"code": "' + b"A" * 2988 + b'"}'
    assert len(body) == 3000
    head = (
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: hq\r\nSync-Protocol: 1\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n"
    )
    sock = socket.create_connection((served.host, served.port), timeout=10)
    start = time.monotonic()
    try:
        sock.sendall(head)
        for i in range(0, len(body), 100):
            sock.sendall(body[i : i + 100])
            time.sleep(0.1)
        sent = time.monotonic() - start
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    finally:
        sock.close()
    assert sent > BODY_TIMEOUT + 0.5, sent
    assert answer.startswith(b"HTTP/1.1 4") and b" 408 " not in answer[:20], answer[:80]
