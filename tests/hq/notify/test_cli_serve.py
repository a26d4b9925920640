"""`counter-hq notify run|list|opt-out`, and the sender running inside the app when a gateway
is set (and not at all when it is off)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from counter_hq.api import create_app
from counter_hq.cli import main
from counter_hq.models import Notification, SmsOptOut
from counter_hq.settings import Settings
from tests.hq.conftest import HQ, StationClient
from tests.hq.notify.helpers import push_requests, queue


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, hq: HQ, tmp_path: Path) -> Path:
    out = tmp_path / "sms.jsonl"
    monkeypatch.setenv("COUNTER_HQ_DATABASE_URL", hq.settings.database_url)
    monkeypatch.setenv("COUNTER_HQ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COUNTER_HQ_SMS_GATEWAY", "file")
    monkeypatch.setenv("COUNTER_HQ_SMS_FILE", str(out))
    return out


def test_run_once_list_and_opt_out(
    env: Path, hq: HQ, mzh1: StationClient, capsys: pytest.CaptureFixture[str]
) -> None:
    queued = queue(hq, push_requests(mzh1, 3))
    assert main(["notify", "run", "--once"]) == 0
    assert "sent 3, to retry 0, failed 0" in capsys.readouterr().out
    assert sorted(
        json.loads(line)["ref"] for line in env.read_text("utf-8").splitlines()
    ) == sorted(r.uuid for r in queued)
    assert main(["notify", "list", "--state", "sent"]) == 0
    out = capsys.readouterr().out
    assert out.count(" sent ") == 3 and "+9639**123456" not in out and "+9639*****456" in out

    assert main(["notify", "opt-out", "٠٩٣٣ ١٢٣ ٤٥٦"]) == 0  # Arabic digits, spaces
    assert main(["notify", "opt-out", "0933123456"]) == 0  # twice: still one row
    with hq.sessions() as s:
        assert list(s.scalars(select(SmsOptOut.phone))) == ["+963933123456"]
    (later,) = queue(hq, push_requests(mzh1, 1, first=10))
    assert later.state == "opted_out"
    assert main(["notify", "opt-out", "0933123456", "--remove"]) == 0
    with hq.sessions() as s:
        assert list(s.scalars(select(SmsOptOut.phone))) == []


def test_opt_out_after_queueing_is_honoured_at_send(env: Path, hq: HQ, mzh1: StationClient) -> None:
    (row,) = queue(hq, push_requests(mzh1, 1))
    assert row.state == "queued"
    assert main(["notify", "opt-out", "+963933123456"]) == 0
    assert main(["notify", "run", "--once"]) == 0
    assert not env.exists()  # nothing sent
    assert hq.scalar("SELECT state FROM notifications") == "opted_out"
    assert (
        hq.scalar("SELECT payload->>'state' FROM changes WHERE kind = 'notification'")
        == "opted_out"
    )


@pytest.mark.parametrize("phone", ["12345", "not a phone", "+1 202 555 0100", ""])
def test_opt_out_refuses_what_is_not_a_phone(
    env: Path, hq: HQ, phone: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notify", "opt-out", phone]) == 2
    assert "is not a Syrian mobile number" in capsys.readouterr().err
    assert hq.scalar("SELECT count(*) FROM sms_opt_outs") == 0


def test_run_without_gateway(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COUNTER_HQ_SMS_GATEWAY", "off")
    assert main(["notify", "run", "--once"]) == 2
    assert "no SMS gateway" in capsys.readouterr().err
    monkeypatch.setenv("COUNTER_HQ_SMS_GATEWAY", "http")
    assert main(["notify", "run", "--once"]) == 2
    assert "COUNTER_HQ_SMS_URL" in capsys.readouterr().err


def test_serve_sends_in_the_background(
    env: Path, monkeypatch: pytest.MonkeyPatch, hq: HQ, mzh1: StationClient
) -> None:
    monkeypatch.setenv("COUNTER_HQ_SMS_POLL_SECONDS", "0.05")
    queued = queue(hq, push_requests(mzh1, 2))
    app = create_app(
        Settings(data_dir=hq.settings.data_dir, database_url=hq.settings.database_url),
        clock=hq.clock,
    )
    with TestClient(app):  # runs the lifespan: the sender starts and stops with the app
        deadline = time.monotonic() + 20
        while (
            time.monotonic() < deadline
            and hq.scalar("SELECT count(*) FROM notifications WHERE state = 'sent'") < 2
        ):
            time.sleep(0.05)
    assert hq.scalar("SELECT count(*) FROM notifications WHERE state = 'sent'") == 2
    assert len(env.read_text("utf-8").splitlines()) == len(queued)


def test_serve_with_gateway_off_sends_nothing(
    env: Path, monkeypatch: pytest.MonkeyPatch, hq: HQ, mzh1: StationClient
) -> None:
    monkeypatch.setenv("COUNTER_HQ_SMS_GATEWAY", "off")
    monkeypatch.setenv("COUNTER_HQ_SMS_POLL_SECONDS", "0.05")
    queue(hq, push_requests(mzh1, 1))
    app = create_app(
        Settings(data_dir=hq.settings.data_dir, database_url=hq.settings.database_url),
        clock=hq.clock,
    )
    with TestClient(app):
        time.sleep(0.5)
    with hq.sessions() as s:
        assert s.scalars(select(Notification.state)).one() == "queued"
    assert not env.exists()
