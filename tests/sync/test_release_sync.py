"""Updates from HQ (issue 17) against a real HQ process: a release published with
`counter-hq release publish` reaches the station in its next sync round and `status`,
`sync-status` say where to get it; what a hostile or broken HQ sends is refused (the reason
kept, the round not failed, the release known before kept)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import requests
from sqlalchemy import create_engine, text

from counter_app.domain.app_update import UpdateState
from counter_app.services.app_release import release_notice
from counter_app.services.reports.extras import station_health
from counter_app.store.models_release import AppRelease
from counter_app.sync.client import HqClient, HqRefused
from counter_app.sync.pull_release import check_release
from counter_protocol import __version__
from tests.conftest import run_cli
from tests.sync.conftest import Enrolled

WIN = "https://downloads.example.gov.sy/counter/counter-setup.exe"
DEB = "https://downloads.example.gov.sy/counter/counter_amd64.deb"
HERE = DEB if not sys.platform.startswith("win") else WIN


def _publish(enrolled: Enrolled, version: str, *extra: str) -> None:
    done = enrolled.hq.cli(
        "release",
        "publish",
        "--version",
        version,
        "--url-windows",
        WIN,
        "--url-debian",
        DEB,
        *extra,
    )
    assert done.returncode == 0, done.stderr


def _sync() -> None:
    res = run_cli("sync", "--once", "--json")
    assert res.code == 0, res.err


def _status_line(*args: str) -> str:
    res = run_cli("--lang", "en", *args)
    assert res.code == 0, res.err
    return res.out


def _hq_row(enrolled: Enrolled, **values: Any) -> None:
    """A release row written straight into HQ's database, past the publish command's checks
    (a broken or hostile HQ): the station must check what it receives itself."""
    engine = create_engine(enrolled.hq.env["COUNTER_HQ_DATABASE_URL"])
    row = {
        "version": "99.0",
        "url_windows": WIN,
        "url_debian": DEB,
        "notes_ar": "",
        "notes_en": "",
        "minimum_version": None,
        **values,
    }
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_releases (version, url_windows, url_debian, notes_ar, notes_en, "
                "minimum_version, published_at, published_by) VALUES (:version, :url_windows, "
                ":url_debian, :notes_ar, :notes_en, :minimum_version, now(), 'test')"
            ),
            row,
        )
    engine.dispose()


def test_a_published_release_reaches_the_station_and_status_says_so(enrolled: Enrolled) -> None:
    assert "HQ has not said which version is the newest" in _status_line("status")
    _sync()  # nothing published yet: nothing kept, the round is fine
    with enrolled.station.ctx.store.read() as s:
        assert s.get(AppRelease, 1) is None

    _publish(enrolled, "99.1.0", "--notes-en", "Faster intake", "--notes-ar", "إدخال أسرع")
    _sync()
    sentence = f"A newer version 99.1.0 is available: {HERE}"
    assert sentence in _status_line("status")
    assert sentence in _status_line("sync-status", "--as", "clerk1")
    status = json.loads(run_cli("status", "--json").out)
    assert status["app_version"] == __version__
    assert status["update"] == {"state": "newer", "version": "99.1.0", "url": HERE, "problem": None}
    notice = release_notice(enrolled.station.ctx, language="ar")
    assert notice.notes == "إدخال أسرع" and notice.out_of_date
    with enrolled.station.ctx.store.read() as s:  # the supervisor's report says it too
        assert sentence in station_health(s, "MZH-02").detail

    # Arabic output carries the same address, whole.
    ar = run_cli("--lang", "ar", "status")
    assert HERE in ar.out and "99.1.0" in ar.out

    # HQ publishes a release older than this one (a rollback): up to date.
    _publish(enrolled, "0.0.1")
    _sync()
    assert f"Up to date (version {__version__})" in _status_line("status")
    assert json.loads(run_cli("status", "--json").out)["update"]["state"] == "current"


def test_what_a_hostile_hq_sends_is_refused_and_the_previous_release_kept(
    enrolled: Enrolled,
) -> None:
    _publish(enrolled, "99.1.0")
    _sync()
    for bad, words in (
        ({"version": "latest; rm -rf /"}, "version: not a version number"),
        ({"url_debian": "javascript:alert(1)"}, "url_debian: the address must start with https"),
        ({"url_windows": "http://evil.example/x.exe"}, "url_windows: the address must start"),
        ({"notes_en": "x" * 70_000}, "more than 65536 bytes"),
        ({"notes_en": "x" * 3_000_000}, "more than 65536 bytes"),  # read no further
        ({"notes_ar": "x" * 5000}, "notes_ar: notes have at most 4000"),
    ):
        _hq_row(enrolled, **bad)
        res = run_cli("sync", "--once", "--json")
        assert res.code == 0, res.err  # the round itself went through
        out = _status_line("sync-status", "--as", "clerk1")
        assert "HQ's release information was refused" in out and words in out, out
        # The release known before is kept and still said.
        assert f"A newer version 99.1.0 is available: {HERE}" in _status_line("status")
    notice = release_notice(enrolled.station.ctx)
    assert notice.version == "99.1.0" and notice.problem is not None
    assert "javascript" not in (notice.url or "")

    _publish(enrolled, "99.2")  # a usable answer again clears the refusal
    _sync()
    notice = release_notice(enrolled.station.ctx)
    assert (notice.version, notice.problem, notice.state) == ("99.2", None, UpdateState.NEWER)


def test_an_hq_without_the_route_is_ignored_quietly(enrolled: Enrolled) -> None:
    """An older HQ answers 404: no release, no problem kept, the round fine."""

    class OldHq(requests.Session):
        def request(self, method: str | bytes, url: str | bytes, *a: Any, **k: Any) -> Any:
            if str(url).endswith("/api/v1/release"):
                url = str(url).replace("/api/v1/release", "/api/v1/no-such-route")
            return super().request(method, url, *a, **k)

    from counter_app.sync.enroll import client_for
    from counter_app.sync.worker import sync_once

    ctx = enrolled.station.ctx
    real = client_for(ctx)
    old = HqClient(real.base_url, real._headers["Authorization"][7:], session=OldHq())
    try:
        assert old.release_body() is None
        sync_once(ctx, old)
    finally:
        old.close()
        real.close()
    notice = release_notice(ctx)
    assert (notice.state, notice.problem) == (UpdateState.UNKNOWN, None)


def test_a_refusing_hq_is_not_mistaken_for_an_old_one(enrolled: Enrolled) -> None:
    """Other refusals (here a wrong token) are errors, which the round's caller ignores."""
    from counter_app.sync.enroll import client_for

    real = client_for(enrolled.station.ctx)
    stranger = HqClient(real.base_url, "not-a-token")
    try:
        try:
            stranger.release_body()
        except HqRefused as exc:
            assert exc.status == 401
        else:
            raise AssertionError("a wrong token was answered")
    finally:
        stranger.close()
        real.close()


def test_check_release_refuses_what_is_not_a_release() -> None:
    ok = (
        b'{"release": {"version": "1.2", "url_debian": "https://a.example/x.deb", '
        b'"published_at": "2026-12-01T10:00:00+03:00", "future_field": 1}}'
    )
    info = check_release(ok)
    assert info is not None and info.version == "1.2"
    assert info.published_at == dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)
    assert check_release(b'{"release": null}') is None
    from counter_app.sync.pull_release import ReleaseRefused

    for body, words in (
        (b"<html>", "Invalid JSON"),
        (b"[]", "answer"),
        (b'{"release": {"version": "1.2", "published_at": "2026-12-01T10:00:00Z"}}', "download"),
        (
            b'{"release": {"version": "1.2", "url_debian": "https://a/x", "published_at": "x"}}',
            "published_at",
        ),
        (
            b'{"release": {"version": "1.2", "url_debian": "https://a/x", '
            b'"published_at": "2026-12-01T10:00:00"}}',
            "published_at",
        ),
        (
            b'{"release": {"version": "1.2", "url_debian": "https://a/\\u202ex", '
            b'"published_at": "2026-12-01T10:00:00Z"}}',
            "control",
        ),
    ):
        try:
            check_release(body)
        except ReleaseRefused as exc:
            assert words in exc.detail, (body, exc.detail)
        else:
            raise AssertionError(body)


def test_an_endless_answer_is_not_read_whole() -> None:
    """A broken HQ streaming a release without end: the client stops one byte past the
    limit, and the answer is refused."""
    import http.server
    import threading

    from counter_app.sync.pull_release import ReleaseRefused
    from counter_protocol.release import MAX_RELEASE_BYTES

    sent: list[int] = []

    class Endless(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            chunk = b'{"release": {"notes_en": "' + b"x" * (1 << 20)
            try:
                for _ in range(1024):
                    self.wfile.write(chunk)
                    sent.append(len(chunk))
            except OSError:
                pass  # the client hung up, as it should

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = HqClient(f"http://127.0.0.1:{server.server_address[1]}", "token")
    try:
        body = client.release_body()
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    assert body is not None and len(body) == MAX_RELEASE_BYTES + 1
    assert sum(sent) < 64 * (1 << 20)  # far from the gigabyte announced
    try:
        check_release(body)
    except ReleaseRefused as exc:
        assert "more than 65536 bytes" in exc.detail
    else:
        raise AssertionError("an endless answer was taken")
