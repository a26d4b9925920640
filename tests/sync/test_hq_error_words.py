"""HQ failures in words a clerk can act on, translated, with the technical detail after them.

Before, a stopped HQ showed urllib3's own sentence (``HTTPConnectionPool(host=...): Max retries
exceeded ... NewConnectionError(<object at 0x...>)``) inside the Arabic output.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.cli.cmd_sync import _reconcile_lines
from counter_app.cli.runtime import Runtime
from counter_app.i18n import Translator
from counter_app.paths import AppPaths
from counter_app.services.sync_state import state_row
from counter_app.sync import errors as why
from counter_app.sync.client import HqClient, HqRefused, HqUnreachable
from counter_app.sync.reconcile import DayReconcile, ReconcileReport
from tests.conftest import Station, run_cli

RAW = ("HTTPConnectionPool", "Max retries", "NewConnectionError", "object at 0x", "urllib3")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _fails(url: str, timeout: float = 0.5) -> HqUnreachable:
    with pytest.raises(HqUnreachable) as err:
        HqClient(url, "t", timeout=(timeout, timeout)).time()
    return err.value


def _clean(exc: HqUnreachable) -> None:
    assert not any(raw in str(exc) for raw in RAW), str(exc)


def test_nothing_listening_says_so() -> None:
    port = _free_port()
    exc = _fails(f"http://127.0.0.1:{port}")
    assert exc.msgid == why.REFUSED_CONNECTION
    assert f"127.0.0.1:{port}" in exc.detail and "ConnectionRefusedError" in exc.detail
    _clean(exc)


def test_an_unknown_name_says_so() -> None:
    exc = _fails("https://hq.example.invalid")
    assert exc.msgid == why.NAME_NOT_FOUND and "hq.example.invalid" in exc.detail
    _clean(exc)


@pytest.fixture
def silent() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


def test_no_answer_in_time_says_so(silent: int) -> None:
    exc = _fails(f"http://127.0.0.1:{silent}", timeout=0.3)
    assert exc.msgid == why.TIMED_OUT
    _clean(exc)


class _Plain(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()


@pytest.fixture
def plain_http() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Plain)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_failed_tls_handshake_says_so(plain_http: int) -> None:
    exc = _fails(f"https://127.0.0.1:{plain_http}", timeout=2.0)
    assert exc.msgid == why.TLS_NOT_TLS  # https to a plain http server (tests/sync/test_tls.py)
    _clean(exc)


def test_refusals_are_named_by_their_code() -> None:
    assert HqRefused(401, "unauthorized", "revoked").msgid == why.REFUSALS["unauthorized"]
    other = HqRefused(409, "conflict", "cursor 5 is ahead")
    assert other.msgid == why.REFUSED and other.detail == "409 conflict, cursor 5 is ahead"
    ar = Translator.for_language("ar")
    assert other.render(ar).startswith("رفضت الإدارة المركزية الطلب: 409 conflict")


def test_the_cli_says_it_in_arabic_with_the_detail_after(cli_station: object) -> None:
    port = _free_port()
    res = run_cli("--lang", "ar", "enroll", f"http://127.0.0.1:{port}", "ABCDEFGH12")
    assert res.code == 1
    line = res.err.strip()
    sentence, _, detail = line.partition(": ")[2].partition(": ")
    assert sentence.startswith("تعذّر الوصول إلى الإدارة المركزية") and "Connection" not in sentence
    assert f"127.0.0.1:{port}" in detail
    assert not any(raw in res.err for raw in RAW)


def test_sync_status_translates_the_stored_error(cli_station: object) -> None:
    from counter_app.services.context import AppContext

    ctx = AppContext.open(AppPaths.default())
    try:
        with ctx.store.write() as session:
            state_row(session).last_error = str(
                HqUnreachable(
                    why.REFUSED_CONNECTION, detail="hq.example:443, ConnectionRefusedError"
                )
            )
    finally:
        ctx.close()
    res = run_cli("sync-status", "--as", "clerk1", "--lang", "ar")
    assert res.code == 0, res.err
    assert "لا شيء يجيب على عنوانها" in res.out and "hq.example:443" in res.out
    assert "nothing answers" not in res.out


def test_the_nightly_line_is_arabic_with_the_right_plural(station: Station) -> None:
    day = dt.date(2026, 11, 22)
    report = ReconcileReport(
        day,
        day,
        [
            DayReconcile(day, 3, 3, "a", "a", []),
            DayReconcile(day, 11, 10, "a", "b", ["MZH-02-26-000007-K"]),
        ],
    )
    rt = Runtime(paths=AppPaths.default(), database=None, tr=Translator.for_language("ar"))
    lines = _reconcile_lines(rt, report)
    assert "3 طلبات" in lines[0] and "HQ has" not in lines[0]
    assert "11 طلباً" in lines[1] and "\u2066MZH-02-26-000007-K\u2069" in lines[1]
    rt = Runtime(paths=AppPaths.default(), database=None, tr=Translator.for_language("en"))
    assert _reconcile_lines(rt, report)[0] == "HQ has 3 of 3 for 2026-11-22"


def test_every_item_kind_has_words_in_the_quarantine_list() -> None:
    from typing import get_args

    from counter_app.cli.cmd_sync import ITEM_WORDS
    from counter_protocol.wire import Change, ItemKind

    kinds = {k.value for k in ItemKind} | set(get_args(Change.model_fields["kind"].annotation))
    assert kinds <= set(ITEM_WORDS)
    ar = Translator.for_language("ar")
    assert all(ar(ITEM_WORDS[k]) != ITEM_WORDS[k] for k in kinds)
