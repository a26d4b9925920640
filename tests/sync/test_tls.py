"""The counter talks to HQ over TLS only: https with HQ's certificate verified (a ministry's own
CA given with --ca-file and kept with the station's data), plain http only to this computer.

Certificates come from a CA made in the test (trustme). The real `counter-hq serve` speaks TLS
for enrollment and sync; the ways verification fails (unknown CA, another host's certificate,
an expired one, a server that does not speak TLS) are played by a small TLS server in this
process, which is all the counter sees of HQ before the handshake succeeds.
"""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import pytest

from counter_app.i18n import Translator
from counter_app.paths import AppPaths
from counter_app.services.sync_state import state_row
from counter_app.sync import errors as why
from counter_app.sync.client import HqClient, HqUnreachable
from counter_app.sync.enroll import KEYRING_SERVICE, client_for, keyring_user
from counter_app.sync.tls import ENROLLED_OVER_HTTP, PLAIN_HTTP_REFUSED, STORED_CA_UNUSABLE
from tests.conftest import Station, run_cli
from tests.sync.conftest import HqServer, TlsFiles, free_port, make_tls_files
from tests.sync.test_attachments import new_request

AR = Translator.for_language("ar")


def _words(msgid: str, **params: str) -> str:
    """The English sentence before its detail, as the CLI prints it."""
    return msgid.format(**params)


def _code(hq: HqServer, n: int = 2) -> str:
    return hq.enrollment_code("MZH", n)


# --------------------------------------------------------------------------- the real HQ


def test_enroll_with_the_ministry_ca_and_sync_a_request_over_tls(
    station: Station, tls_hq: HqServer, tls_files: TlsFiles
) -> None:
    station.clock.now = dt.datetime.now(dt.UTC)
    code = _code(tls_hq)
    assert tls_hq.url.startswith("https://127.0.0.1:")
    res = run_cli("enroll", tls_hq.url, code, "--ca-file", str(tls_files.ca_file), "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out)["url"] == tls_hq.url

    # The CA is kept with the station's data (owner-only) and every later client uses it.
    kept = AppPaths.default().hq_ca_file
    assert kept.read_bytes() == tls_files.ca_file.read_bytes()
    assert kept.stat().st_mode & 0o077 == 0
    client = client_for(station.ctx)
    assert client.verify == str(kept)
    client.close()

    receipt = new_request(station, "05050505050")
    res = run_cli("sync", "--once", "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out)["push"]["sent"] == 1
    # HQ holds the request: its back office can move it along.
    moved = tls_hq.cli("status", receipt, "in_progress")
    assert moved.returncode == 0, moved.stderr

    # Plain http to the same port is not an answer: the server speaks TLS only.
    with pytest.raises(HqUnreachable):
        HqClient(tls_hq.url.replace("https:", "http:"), "tok", timeout=(2, 2)).time()


def test_without_the_ca_the_counter_refuses_and_says_why(
    station: Station, tls_hq: HqServer, tls_files: TlsFiles
) -> None:
    code = _code(tls_hq)
    res = run_cli("--lang", "ar", "enroll", tls_hq.url, code)
    assert res.code == 1
    assert AR(why.TLS_UNTRUSTED) in res.err
    assert "--ca-file" in res.err and "127.0.0.1" in res.err
    assert keyring.get_password(KEYRING_SERVICE, keyring_user("MZH", 2)) is None
    # The handshake failed before the code was sent: it still works, with the CA.
    res = run_cli("enroll", tls_hq.url, code, "--ca-file", str(tls_files.ca_file))
    assert res.code == 0, res.err


# --------------------------------------------------------------------------- verification


class _Time(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = b'{"server_time":"2026-11-22T06:30:00Z"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


def _serve(files: TlsFiles | None) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Time)
    if files is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(files.certfile, files.keyfile)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def good(tls_files: TlsFiles) -> Iterator[str]:
    yield from _serve(tls_files)


@pytest.fixture
def other_host(tmp_path: Path) -> Iterator[tuple[str, TlsFiles]]:
    files = make_tls_files(tmp_path / "other", "hq.example")
    for url in _serve(files):
        yield url, files


@pytest.fixture
def expired(tmp_path: Path) -> Iterator[tuple[str, TlsFiles]]:
    now = dt.datetime.now(dt.UTC)
    files = make_tls_files(
        tmp_path / "expired",
        "127.0.0.1",
        not_before=now - dt.timedelta(days=400),
        not_after=now - dt.timedelta(days=30),
    )
    for url in _serve(files):
        yield url, files


@pytest.fixture
def plain() -> Iterator[str]:
    yield from _serve(None)


def _fails(url: str, ca: Path | None) -> HqUnreachable:
    with pytest.raises(HqUnreachable) as err:
        HqClient(url, "tok", timeout=(2, 2), ca_file=ca).time()
    return err.value


def test_verification_failures_are_said_in_words(
    good: str,
    tls_files: TlsFiles,
    other_host: tuple[str, TlsFiles],
    expired: tuple[str, TlsFiles],
    plain: str,
) -> None:
    assert HqClient(good, "tok", ca_file=tls_files.ca_file).time().server_time.year == 2026
    unknown = _fails(good, None)  # the system's authorities do not know the test CA
    assert unknown.msgid == why.TLS_UNTRUSTED
    wrong = _fails(other_host[0], other_host[1].ca_file)
    assert wrong.msgid == why.TLS_WRONG_HOST
    assert "127.0.0.1" in wrong.detail and "mismatch" in wrong.detail.lower()
    old = _fails(expired[0], expired[1].ca_file)
    assert old.msgid == why.TLS_EXPIRED and "expired" in old.detail
    assert _fails(plain, tls_files.ca_file).msgid == why.TLS_NOT_TLS
    for msgid in (why.TLS_UNTRUSTED, why.TLS_WRONG_HOST, why.TLS_EXPIRED, why.TLS_NOT_TLS):
        assert AR(msgid) != msgid  # translated


def test_a_certificate_for_another_host_is_refused_at_enroll(
    cli_station: object, other_host: tuple[str, TlsFiles]
) -> None:
    url, files = other_host
    res = run_cli("enroll", url, "ABCDEFGH12", "--ca-file", str(files.ca_file))
    assert res.code == 1
    assert _words(why.TLS_WRONG_HOST) in res.err
    assert not AppPaths.default().hq_ca_file.exists()  # kept only once enrolled


def test_a_ca_in_the_environment_never_replaces_the_kept_one(
    good: str, tls_files: TlsFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_tls_files(tmp_path / "other", "127.0.0.1")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other.ca_file))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(other.ca_file))
    assert HqClient(good, "tok", ca_file=tls_files.ca_file).time().server_time.year == 2026


# --------------------------------------------------------------------------- plain http


@pytest.mark.parametrize(
    "url",
    [
        "http://10.20.30.40:8765",
        "http://hq.example",
        "http://192.168.1.5:8765/",
        "http://127.0.0.1.example.com:8765",
        "HTTP://hq.example:80",
    ],
)
def test_plain_http_to_another_computer_is_refused_at_enroll(cli_station: object, url: str) -> None:
    res = run_cli("enroll", url, "ABCDEFGH12")
    assert res.code == 2
    assert PLAIN_HTTP_REFUSED.partition(": ")[2] in res.err
    ar = run_cli("--lang", "ar", "enroll", url, "ABCDEFGH12")
    assert ar.code == 2 and AR(PLAIN_HTTP_REFUSED).format(field=AR("url")) in ar.err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "localhost", "[::1]"])
def test_plain_http_to_this_computer_is_allowed(cli_station: object, host: str) -> None:
    res = run_cli("enroll", f"http://{host}:{free_port()}", "ABCDEFGH12")
    assert res.code == 1, res.err  # nothing listens there: tried, so the address was accepted
    assert _words(why.REFUSED_CONNECTION) in res.err


def test_a_station_enrolled_over_http_earlier_must_enroll_again(station: Station) -> None:
    with station.ctx.store.write() as session:
        state_row(session).hq_url = "http://10.20.30.40:8765"
    keyring.set_password(KEYRING_SERVICE, keyring_user("MZH", 2), "tok-123")
    res = run_cli("sync", "--once")
    assert res.code == 2
    assert ENROLLED_OVER_HTTP in res.err
    assert AR(ENROLLED_OVER_HTTP) != ENROLLED_OVER_HTTP
    with pytest.raises(Exception, match="plain http"):
        HqClient("http://10.20.30.40:8765", "tok")


# --------------------------------------------------------------------------- the CA file


def test_a_bad_ca_file_is_a_clear_error_and_nothing_is_sent(
    cli_station: object, tmp_path: Path, good: str
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("hello\n")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    cases = {
        tmp_path / "missing.pem": "the certificate authority file cannot be read",
        tmp_path: "the certificate authority file cannot be read",
        junk: "the file is not a certificate authority in PEM form",
        broken: "the certificate authority file holds no usable certificate",
    }
    for path, words in cases.items():
        res = run_cli("enroll", good, "ABCDEFGH12", "--ca-file", str(path))
        assert res.code == 2, (path, res.err)
        assert f"ca-file: {words}" in res.err, res.err
    assert not AppPaths.default().hq_ca_file.exists()


def test_a_damaged_kept_ca_stops_sync_instead_of_trusting_others(
    station: Station, tls_files: TlsFiles
) -> None:
    with station.ctx.store.write() as session:
        state_row(session).hq_url = "https://127.0.0.1:8443"
    keyring.set_password(KEYRING_SERVICE, keyring_user("MZH", 2), "tok-123")
    kept = AppPaths.default().hq_ca_file
    kept.write_bytes(tls_files.ca_file.read_bytes())
    assert client_for(station.ctx).verify == str(kept)
    kept.write_text("garbage")
    res = run_cli("sync", "--once")
    assert res.code == 2 and STORED_CA_UNUSABLE in res.err
    kept.unlink()
    assert client_for(station.ctx).verify is True  # enrolled without one: the system's CAs
