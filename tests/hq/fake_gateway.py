"""A misbehaving SMS gateway, run as its own process for the HTTP adapter's tests and bench.

    python -m tests.hq.fake_gateway [--fail-rate 0.3] [--hang 1.0] [--seed N]

Prints ``PORT <n>`` on its first line once listening on 127.0.0.1 (a free port). ``POST /send``
takes ``{"to", "text", "ref"}``. ``fail-rate`` of the posts go wrong, in one of these ways:
    before accepting: 500; connection reset; hang past the client's timeout, then close;
    after accepting:  connection reset; hang; 200 with a junk body; 200 with JSON saying
                      nothing useful.
The rest are accepted: ``{"status": "accepted", "id": "gw-<n>"}``. Accepting is by reference:
a ref seen before is not delivered again (a real gateway's deduplication), only counted.
``GET /report`` answers what was delivered (ref -> to, text, how many posts carried it), how
many posts arrived, and any ref that came back with another number or text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BEFORE = ("500", "reset", "hang")
AFTER = ("reset", "hang", "junk", "json_no")


class State:
    def __init__(self, fail_rate: float, hang: float, seed: int | None) -> None:
        self.fail_rate = fail_rate
        self.hang = hang
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.delivered: dict[str, dict[str, Any]] = {}
        self.posts = 0
        self.fates: dict[str, int] = {}
        self.mismatches: list[str] = []

    def fate(self) -> str:
        with self.lock:
            self.posts += 1
            if self.rng.random() >= self.fail_rate:
                name = "ok"
            elif self.rng.random() < 0.5:
                name = "before_" + self.rng.choice(BEFORE)
            else:
                name = "after_" + self.rng.choice(AFTER)
            self.fates[name] = self.fates.get(name, 0) + 1
            return name

    def accept(self, message: dict[str, Any]) -> str:
        ref = str(message.get("ref"))
        with self.lock:
            held = self.delivered.get(ref)
            if held is None:
                held = {"to": message.get("to"), "text": message.get("text"), "posts": 0}
                held["id"] = f"gw-{len(self.delivered) + 1}"
                self.delivered[ref] = held
            elif (held["to"], held["text"]) != (message.get("to"), message.get("text")):
                self.mismatches.append(ref)
            held["posts"] += 1
            return str(held["id"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return None

    def _answer(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        # SO_LINGER 0: close sends RST, the client sees "connection reset", not a clean end.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _hang(self) -> None:
        time.sleep(self.server.state.hang)
        self._reset()

    def do_GET(self) -> None:
        if self.path != "/report":
            self._answer(404, b"{}")
            return
        s = self.server.state
        with s.lock:
            report = {
                "delivered": s.delivered,
                "posts": s.posts,
                "fates": s.fates,
                "mismatches": s.mismatches,
            }
            body = json.dumps(report, ensure_ascii=False).encode("utf-8")
        self._answer(200, body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            message = json.loads(raw.decode("utf-8"))
            assert isinstance(message, dict) and message.get("ref") and message.get("to")
        except (ValueError, AssertionError):
            self._answer(400, b'{"status": "bad request"}')
            return
        if self.headers.get("Idempotency-Key") != message["ref"]:
            self._answer(400, b'{"status": "idempotency key differs from ref"}')
            return
        fate = self.server.state.fate()
        if fate == "before_500":
            self._answer(500, b"internal error")
            return
        if fate == "before_reset":
            self._reset()
            return
        if fate == "before_hang":
            self._hang()
            return
        gateway_id = self.server.state.accept(message)
        if fate == "after_reset":
            self._reset()
        elif fate == "after_hang":
            self._hang()
        elif fate == "after_junk":
            self._answer(200, b"<html>\x00\xff\xfe oops", "text/html")
        elif fate == "after_json_no":
            self._answer(200, b'{"result": "maybe"}')
        else:
            self._answer(200, json.dumps({"status": "accepted", "id": gateway_id}).encode())

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the socket was reset on purpose
            super().finish()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, state: State) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state


class Running:
    """A fake gateway process started by a test or the bench (``with Running(...) as gw``)."""

    def __init__(self, *, fail_rate: float = 0.3, hang: float = 1.0, seed: int | None = None):
        root = Path(__file__).resolve().parents[2]  # tests/hq/ -> repository
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.hq.fake_gateway", "--fail-rate", str(fail_rate)]
            + ["--hang", str(hang)]
            + (["--seed", str(seed)] if seed is not None else []),
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.proc.kill()
            raise RuntimeError(f"fake gateway did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"

    def report(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "/report", timeout=10) as resp:
            body: dict[str, Any] = json.loads(resp.read().decode("utf-8"))
            return body

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fail-rate", type=float, default=0.3)
    parser.add_argument("--hang", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    server = Server(State(args.fail_rate, args.hang, args.seed))
    print(f"PORT {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
