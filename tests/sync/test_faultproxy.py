"""The fault proxy itself: every kind of fault is what a client actually meets, before or after
the upstream saw the request, a seed repeats the same fates, and closing never hangs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from counter_app.sync.client import HqClient, HqUnreachable
from tests.sync.conftest import free_port
from tests.sync.faultproxy import Fault, FaultProxy

BODY = b'{"server_time":"2026-11-22T06:30:00Z"}'


class _Upstream(ThreadingHTTPServer):
    daemon_threads = True
    seen = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Upstream

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def do_POST(self) -> None:
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.seen += 1
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def upstream() -> Iterator[_Upstream]:
    httpd = _Upstream(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def _proxy(upstream: _Upstream, fault: Fault | None, **kw: float) -> FaultProxy:
    weights = {fault: 1.0} if fault else None
    return FaultProxy(
        ("127.0.0.1", upstream.server_address[1]),
        rate=1.0 if fault else 0.0,
        weights=weights,
        **kw,  # type: ignore[arg-type]
    )


def _seen_soon(upstream: _Upstream, n: int) -> bool:
    deadline = time.monotonic() + 3
    while upstream.seen < n and time.monotonic() < deadline:
        time.sleep(0.01)
    return upstream.seen == n


def test_without_faults_the_proxy_is_transparent(upstream: _Upstream) -> None:
    with _proxy(upstream, None) as proxy, requests.Session() as s:
        for _ in range(5):  # a keep-alive client: each request gets its own connection
            assert s.get(proxy.url + "/x", timeout=5).content == BODY
        big = bytes(range(256)) * 8192  # 2 MiB body both ways
        assert s.post(proxy.url + "/echo", data=big, timeout=5).content == big
        assert proxy.stats == {"pass": 6} and upstream.seen == 6


@pytest.mark.parametrize("after", [False, True])
def test_drop_closes_without_an_answer(upstream: _Upstream, after: bool) -> None:
    with _proxy(upstream, Fault.DROP, after_share=float(after)) as proxy:
        with pytest.raises(requests.ConnectionError, match=r"without response|aborted"):
            requests.get(proxy.url + "/x", timeout=5)
        assert _seen_soon(upstream, int(after))
        assert proxy.stats == {"drop/after" if after else "drop": 1}


@pytest.mark.parametrize("after", [False, True])
def test_reset_is_a_tcp_rst(upstream: _Upstream, after: bool) -> None:
    with _proxy(upstream, Fault.RESET, after_share=float(after)) as proxy:
        with pytest.raises(requests.ConnectionError) as caught:
            requests.get(proxy.url + "/x", timeout=5)
        assert "reset by peer" in str(caught.value).lower()
        assert _seen_soon(upstream, int(after))


def test_error_is_a_5xx_from_the_proxy(upstream: _Upstream) -> None:
    with _proxy(upstream, Fault.ERROR, after_share=0.0) as proxy:
        statuses = {requests.get(proxy.url + "/x", timeout=5).status_code for _ in range(20)}
        assert statuses <= {502, 503, 504} and len(statuses) > 1
        assert upstream.seen == 0 and proxy.faults() == {"error": 20}


def test_truncate_cuts_the_body_short(upstream: _Upstream) -> None:
    with _proxy(upstream, Fault.TRUNCATE) as proxy:
        for _ in range(5):
            with pytest.raises(requests.exceptions.ChunkedEncodingError):
                requests.get(proxy.url + "/x", timeout=5)
        assert upstream.seen == 5


def test_delay_holds_then_forwards_and_a_stall_arrives_after_the_client_left(
    upstream: _Upstream,
) -> None:
    with _proxy(upstream, Fault.DELAY, stall=0.4, stall_share=1.0) as proxy:
        started = time.monotonic()
        assert requests.get(proxy.url + "/x", timeout=5).content == BODY
        assert time.monotonic() - started >= 0.4
        with pytest.raises(requests.Timeout):
            requests.get(proxy.url + "/x", timeout=0.1)
        assert upstream.seen == 1
        assert _seen_soon(upstream, 2)  # the late replay reaches the upstream all the same


@pytest.mark.parametrize("fault", [Fault.DROP, Fault.RESET, Fault.ERROR, Fault.TRUNCATE])
def test_the_sync_client_takes_every_fault_as_unreachable(
    upstream: _Upstream, fault: Fault
) -> None:
    client = HqClient("http://127.0.0.1:9", "token", timeout=(1.0, 2.0))  # proxy set below
    with _proxy(upstream, fault) as proxy:
        client.base_url = proxy.url
        for _ in range(4):
            with pytest.raises(HqUnreachable):
                client.time()
    with _proxy(upstream, None) as proxy:
        client.base_url = proxy.url
        assert client.time().server_time.year == 2026
    client.close()


def test_upstream_down_is_a_502() -> None:
    with FaultProxy(("127.0.0.1", free_port()), rate=0.0) as proxy:
        assert requests.get(proxy.url + "/x", timeout=5).status_code == 502
        assert proxy.stats == {"upstream_down": 1}


def test_close_aborts_a_held_request(upstream: _Upstream) -> None:
    proxy = _proxy(upstream, Fault.DELAY, stall=60.0, stall_share=1.0)
    errors: list[Exception] = []

    def call() -> None:
        try:
            requests.get(proxy.url + "/x", timeout=30)
        except requests.RequestException as exc:
            errors.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    proxy.close()
    thread.join(10)
    assert time.monotonic() - started < 5 and not thread.is_alive()
    assert len(errors) == 1 and upstream.seen == 0


def test_a_seed_repeats_the_fates_and_the_rate_holds() -> None:
    def fates(seed: int) -> list[object]:
        with FaultProxy(("127.0.0.1", 9), rate=0.2, seed=seed) as proxy:
            return [proxy.decide() for _ in range(3000)]

    first = fates(7)
    assert first == fates(7) and first != fates(8)
    faults = [d for d in first if getattr(d, "fault", None) is not None]
    assert 0.17 < len(faults) / len(first) < 0.23
    assert {getattr(d, "fault", None) for d in faults} == set(Fault)
