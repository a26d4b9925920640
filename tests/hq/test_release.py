"""Updates from HQ (issue 17): `counter-hq release publish` checks what it stores, and
`GET /api/v1/release` tells an enrolled station the newest release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_hq.cli import main as hq_main
from tests.hq.conftest import HQ, PROTO, StationClient

WIN = "https://downloads.example.gov.sy/counter/counter-1.4.2-setup.exe"
DEB = "https://downloads.example.gov.sy/counter/counter_1.4.2_amd64.deb"


@pytest.fixture
def hq_env(hq: HQ, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> HQ:
    """`counter-hq` run in this process against the test's database."""
    monkeypatch.setenv("COUNTER_HQ_DATABASE_URL", hq.settings.database_url)
    monkeypatch.setenv("COUNTER_HQ_DATA_DIR", str(tmp_path / "hqdata"))
    return hq


def _publish(*extra: str, version: str = "1.4.2", win: str = WIN, deb: str = DEB) -> int:
    return hq_main(
        [
            "release",
            "publish",
            "--version",
            version,
            "--url-windows",
            win,
            "--url-debian",
            deb,
            *extra,
        ]
    )


def _stored(hq: HQ) -> int:
    return int(hq.scalar("SELECT count(*) FROM app_releases"))


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (("--version", "latest"), "--version", "not a version"),
        (("--version", "1.4.2; rm -rf /"), "--version", "not a version"),
        (("--version", "1" * 80), "--version", "at most 64"),
        (("--win", "javascript:alert(1)"), "--url-windows", "https://"),
        (("--win", "http://downloads.example.gov.sy/a.exe"), "--url-windows", "plain http"),
        (("--deb", "https://user:pw@example.gov.sy/a.deb"), "--url-debian", "password"),
        (("--deb", "https://example.gov.sy/a b.deb"), "--url-debian", "spaces"),
        (("--deb", "https://example.gov.sy/\u202egpj.deb"), "--url-debian", "control"),
        (("--deb", "file:///etc/passwd"), "--url-debian", "https://"),
        (("--notes-en", "x" * 4001), "--notes-en", "at most 4000"),
        (("--minimum-version", "2.0"), "--minimum-version", "above the release"),
    ],
)
def test_publish_refuses_bad_input_and_stores_nothing(
    hq_env: HQ, capsys: pytest.CaptureFixture[str], args: tuple[str, str], option: str, words: str
) -> None:
    kind, value = args
    if kind == "--version":
        code = _publish(version=value)
    elif kind == "--win":
        code = _publish(win=value)
    elif kind == "--deb":
        code = _publish(deb=value)
    else:
        code = _publish(kind, value)
    err = capsys.readouterr().err
    assert code == 2
    assert option in err and words in err, err
    assert _stored(hq_env) == 0


def test_publish_then_station_reads_the_newest(
    hq_env: HQ, mzh1: StationClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert mzh1.get("/release").json() == {"release": None}  # nothing published yet
    assert _publish("--notes-ar", "إصلاحات", "--notes-en", "Fixes", version="v1.4.2") == 0
    assert "1.4.2 published" in capsys.readouterr().out
    body = mzh1.get("/release").json()["release"]
    assert body["version"] == "1.4.2"  # stored in its normal form
    assert (body["url_windows"], body["url_debian"]) == (WIN, DEB)
    assert (body["notes_ar"], body["notes_en"]) == ("إصلاحات", "Fixes")
    assert body["minimum_version"] is None
    published = dt.datetime.fromisoformat(body["published_at"])
    assert published.utcoffset() == dt.timedelta(0)  # UTC, when the command ran
    assert abs((dt.datetime.now(dt.UTC) - published).total_seconds()) < 60

    assert _publish("--minimum-version", "1.2", version="1.5.0rc1") == 0
    newest = mzh1.get("/release").json()["release"]
    assert (newest["version"], newest["minimum_version"]) == ("1.5.0rc1", "1.2")
    assert _stored(hq_env) == 2  # every published release is kept

    assert hq_main(["release", "show", "--json"]) == 0
    assert '"1.5.0rc1"' in capsys.readouterr().out


def test_release_needs_a_station_and_the_protocol(hq: HQ, mzh1: StationClient) -> None:
    assert hq.client.get("/api/v1/release", headers=PROTO).status_code == 401
    assert (
        hq.client.get(
            "/api/v1/release", headers={**PROTO, "Authorization": "Bearer not-a-token"}
        ).status_code
        == 401
    )
    no_proto = {"Authorization": f"Bearer {mzh1.token}"}
    assert hq.client.get("/api/v1/release", headers=no_proto).status_code == 412
    assert mzh1.get("/release").status_code == 200


def test_the_admin_page_publishes_and_refuses_with_the_field_named(
    hq: HQ, mzh1: StationClient
) -> None:
    from tests.hq.web.conftest import Browser, add_accounts

    add_accounts(hq)
    admin = Browser(hq)
    try:
        assert admin.login("hq.admin").status_code == 303
        page = admin.get("/office/admin/release")
        assert page.status_code == 200 and "لم يُنشر أي إصدار بعد" in page.text
        bad = admin.post(
            "/office/admin/release",
            {"version": "1.5", "url_windows": "javascript:alert(1)", "url_debian": DEB},
        )
        assert bad.status_code == 422
        assert "عنوان برنامج التثبيت لويندوز" in bad.text  # the field, in the page's words
        assert "يجب أن يبدأ العنوان بـ https://" in bad.text  # and why, translated
        assert 'value="javascript:alert(1)"' in bad.text  # the form kept as typed, escaped
        assert _stored(hq) == 0
        assert mzh1.get("/release").json() == {"release": None}

        done = admin.post(
            "/office/admin/release",
            {"version": "1.5", "url_windows": WIN, "url_debian": DEB, "notes_ar": "<b>x</b>"},
        )
        assert done.status_code == 303
        shown = admin.get(done.headers["location"])
        assert "1.5" in shown.text and "&lt;b&gt;x&lt;/b&gt;" in shown.text
        assert mzh1.get("/release").json()["release"]["version"] == "1.5"
        audited = hq.scalar("SELECT count(*) FROM hq_audit WHERE action = 'release.publish'")
        assert audited == 1
    finally:
        admin.close()
