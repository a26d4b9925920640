"""The client's reading of HQ's answers: what is retryable, what is a refusal, and that a cut
or garbled body is never taken for an answer. A tiny HTTP server plays the broken network."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.sync.client import HqClient, HqRefused, HqUnreachable
from counter_protocol.wire import PROTOCOL_HEADER
from tests.conftest import run_cli

SEEN: dict[str, str] = {}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN["protocol"] = self.headers.get(PROTOCOL_HEADER, "")
        SEEN["auth"] = self.headers.get("Authorization", "")
        mode = self.path.split("/")[1]
        if mode == "busy":
            self._send(503, b"busy", {"Retry-After": "7"})
        elif mode == "cut":
            self.send_response(200)
            self.send_header("Content-Length", "500")
            self.end_headers()
            self.wfile.write(b'{"server_time": "20')
            self.wfile.flush()
            self.close_connection = True
        elif mode == "garbled":
            self._send(200, b"<html>proxy login</html>")
        elif mode == "denied":
            self._send(401, b'{"code":"unauthorized","message":"token revoked"}')
        elif mode == "old":
            self._send(412, b'{"code":"protocol_version","message":"speak 2"}')
        else:
            self._send(200, b'{"server_time":"2026-11-22T06:30:00Z"}')


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _client(base: str, mode: str) -> HqClient:
    return HqClient(f"{base}/{mode}", "tok-123", timeout=(1.0, 2.0))


def test_headers_and_a_good_answer(server: str) -> None:
    assert _client(server, "ok").time().server_time.year == 2026
    assert SEEN == {"protocol": "1", "auth": "Bearer tok-123"}


def test_5xx_is_retryable_with_retry_after(server: str) -> None:
    with pytest.raises(HqUnreachable) as err:
        _client(server, "busy").time()
    assert err.value.retry_after == 7.0


@pytest.mark.parametrize("mode", ["cut", "garbled"])
def test_a_cut_or_garbled_body_is_unreachable_not_an_answer(server: str, mode: str) -> None:
    with pytest.raises(HqUnreachable):
        _client(server, mode).time()


@pytest.mark.parametrize(
    ("mode", "status", "code"), [("denied", 401, "unauthorized"), ("old", 412, "protocol_version")]
)
def test_refusals_carry_status_and_code(server: str, mode: str, status: int, code: str) -> None:
    with pytest.raises(HqRefused) as err:
        _client(server, mode).time()
    assert (err.value.status, err.value.code) == (status, code)


def test_nothing_listens_is_unreachable() -> None:
    with pytest.raises(HqUnreachable):
        HqClient("http://127.0.0.1:9", "t", timeout=(0.5, 0.5)).time()


def test_cli_bad_input_is_exit_2_and_unreachable_is_exit_1(cli_station: object) -> None:
    bad = run_cli("enroll", "hq.example", "ABCDEFGH12")
    assert bad.code == 2 and "https://" in bad.err
    assert run_cli("sync", "--once").code == 2  # not enrolled yet: says how to enroll
    down = run_cli("enroll", "http://127.0.0.1:9", "ABCDEFGH12")
    assert down.code == 1 and "HQ cannot be reached" in down.err and "Traceback" not in down.err
    assert run_cli("sync", "--nightly", "--days", "0").code == 2
