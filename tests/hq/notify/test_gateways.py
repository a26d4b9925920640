"""The HTTP adapter's reading of answers (garbage included), its body template, the file
adapter, and the SMS settings from the environment."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from counter_hq.errors import Invalid
from counter_hq.notify.gateways import GatewayError, gateway_for
from counter_hq.notify.gateways.file import FileGateway
from counter_hq.notify.gateways.http import HttpGateway
from counter_hq.notify.settings import DEFAULT_BODY, SmsSettings

URL = "https://sms.example/send"


def gateway(handler: httpx.MockTransport, **kw: object) -> HttpGateway:
    options: dict[str, object] = {"body": DEFAULT_BODY, "timeout": 5.0, **kw}
    return HttpGateway(URL, transport=handler, **options)  # type: ignore[arg-type]


def answering(
    status: int, body: bytes, seen: list[httpx.Request] | None = None
) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, content=body)

    return httpx.MockTransport(handle)


def send(gw: HttpGateway) -> str | None:
    return gw.send(to="+963933123456", text="طلبك جاهز", ref="ref-1")


def test_accepted_with_id_and_what_was_sent() -> None:
    seen: list[httpx.Request] = []
    gw = gateway(
        answering(200, b'{"result": {"status": "ok", "msg_id": 42}}', seen),
        success_field="result.status",
        success_value="ok",
        id_field="result.msg_id",
        auth_header="X-Api-Key: s3cret",
        body='{"message": {"dest": "{to}", "body": "{text}"}, "client_ref": "{ref}", "n": 1}',
    )
    assert send(gw) == "42"
    (req,) = seen
    assert req.headers["X-Api-Key"] == "s3cret"
    assert req.headers["Idempotency-Key"] == "ref-1"
    assert json.loads(req.content.decode("utf-8")) == {
        "message": {"dest": "+963933123456", "body": "طلبك جاهز"},
        "client_ref": "ref-1",
        "n": 1,
    }


def test_text_cannot_break_the_body() -> None:
    seen: list[httpx.Request] = []
    gw = gateway(answering(200, b"", seen))
    tricky = 'قال "لا" \\ {ref} {to} }" , "x": "'
    assert gw.send(to="+963933123456", text=tricky, ref="r") is None
    assert json.loads(seen[0].content.decode("utf-8")) == {
        "to": "+963933123456",
        "text": tricky,  # its own "{ref}" and "{to}" are left as written
        "ref": "r",
    }


@pytest.mark.parametrize(
    ("status", "body", "retryable"),
    [
        (200, b"<html>\x00\xff junk", True),  # may have been accepted: retry, deduplicated
        (200, b"", True),
        (200, b'{"status": "queued?"}', True),
        (200, b'["accepted"]', True),
        (500, b"", True),
        (503, b"busy", True),
        (429, b"", True),
        (408, b"", True),
        (400, b'{"status": "bad number"}', False),
        (401, b"", False),
        (404, b"", False),
        (302, b"", False),
    ],
)
def test_errors(status: int, body: bytes, retryable: bool) -> None:
    gw = gateway(answering(status, body), success_field="status", success_value="accepted")
    with pytest.raises(GatewayError) as caught:
        send(gw)
    assert caught.value.retryable is retryable
    assert "junk" not in caught.value.message and "bad number" not in caught.value.message


def test_success_field_true_when_no_value() -> None:
    assert send(gateway(answering(200, b'{"ok": true}'), success_field="ok")) is None
    with pytest.raises(GatewayError):
        send(gateway(answering(200, b'{"ok": "true"}'), success_field="ok"))


@pytest.mark.parametrize(
    "error",
    [httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), httpx.RemoteProtocolError("cut")],
)
def test_transport_errors_are_retryable(error: Exception) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(GatewayError) as caught:
        send(gateway(httpx.MockTransport(handle)))
    assert caught.value.retryable


def test_file_gateway_appends_lines(tmp_path: Path) -> None:
    path = tmp_path / "out" / "sms.jsonl"
    gw = FileGateway(path)
    assert gw.send(to="+963933123456", text="طلبك ١٢ جاهز", ref="a") == "a"
    gw.send(to="+963944000000", text="x", ref="b")
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line)["ref"] for line in lines] == ["a", "b"]
    assert json.loads(lines[0])["text"] == "طلبك ١٢ جاهز"
    assert "طلبك" in lines[0]  # kept as UTF-8 text, not escaped


def test_file_gateway_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(GatewayError) as caught:
        FileGateway(blocker / "sms.jsonl").send(to="+963933123456", text="x", ref="a")
    assert caught.value.retryable


def test_settings_from_env(tmp_path: Path) -> None:
    off = SmsSettings.from_env(tmp_path, {})
    assert off.gateway == "off" and not off.enabled and gateway_for(off) is None
    file = SmsSettings.from_env(tmp_path, {"COUNTER_HQ_SMS_GATEWAY": "FILE"})
    assert file.file == tmp_path / "sms-outbox.jsonl"
    assert isinstance(gateway_for(file), FileGateway)
    http = SmsSettings.from_env(
        tmp_path,
        {
            "COUNTER_HQ_SMS_GATEWAY": "http",
            "COUNTER_HQ_SMS_URL": URL,
            "COUNTER_HQ_SMS_AUTH_HEADER": "Authorization: Bearer s3cret",
            "COUNTER_HQ_SMS_TIMEOUT": "4",
            "COUNTER_HQ_SMS_MAX_ATTEMPTS": "5",
        },
    )
    assert (http.timeout, http.max_attempts) == (4.0, 5)
    assert "s3cret" not in repr(http)
    made = gateway_for(http)
    assert isinstance(made, HttpGateway)
    made.close()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"COUNTER_HQ_SMS_GATEWAY": "carrier-pigeon"}, "COUNTER_HQ_SMS_GATEWAY"),
        ({"COUNTER_HQ_SMS_GATEWAY": "http"}, "COUNTER_HQ_SMS_URL must be an http(s) URL"),
        ({"COUNTER_HQ_SMS_GATEWAY": "http", "COUNTER_HQ_SMS_URL": "ftp://x"}, "http(s) URL"),
        (
            {
                "COUNTER_HQ_SMS_GATEWAY": "http",
                "COUNTER_HQ_SMS_URL": URL,
                "COUNTER_HQ_SMS_BODY": "{to",
            },
            "COUNTER_HQ_SMS_BODY is not JSON",
        ),
        (
            {
                "COUNTER_HQ_SMS_GATEWAY": "http",
                "COUNTER_HQ_SMS_URL": URL,
                "COUNTER_HQ_SMS_BODY": '{"to": "{to}"}',
            },
            "must hold {text}",
        ),
        ({"COUNTER_HQ_SMS_TIMEOUT": "soon"}, "COUNTER_HQ_SMS_TIMEOUT"),
        ({"COUNTER_HQ_SMS_WORKERS": "0"}, "COUNTER_HQ_SMS_WORKERS"),
        ({"COUNTER_HQ_SMS_AUTH_HEADER": "just-a-token"}, "Name: value"),
        ({"COUNTER_HQ_SMS_TIMEOUT": "200"}, "LEASE_SECONDS must be at least 3 x"),
    ],
)
def test_bad_settings(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(Invalid) as caught:
        SmsSettings.from_env(tmp_path, env)
    assert message in caught.value.text(str)
