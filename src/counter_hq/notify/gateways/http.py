"""The generic HTTP gateway: one POST per message, its JSON body made from a template.

What counts as accepted: a 2xx answer, and when ``success_field`` is set, a JSON object whose
field (a dotted path) equals ``success_value`` (or is true when no value is set). Anything else
is an error: 5xx, 408, 429, a timeout, a cut connection or a 2xx we cannot read are retryable
(the message may or may not have gone: the retry carries the same reference, and the gateway
deduplicates by it); other 4xx are permanent. An error never quotes the gateway's answer
beyond a few characters (it may echo the citizen's number or text).
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from counter_hq.notify.gateways import GatewayError
from counter_hq.notify.settings import SmsSettings, body_template

_RETRYABLE_4XX = frozenset({408, 425, 429})
_PLACEHOLDER = re.compile(r"\{(to|text|ref)\}")


def fill(template: Any, values: dict[str, str]) -> Any:
    """The template with each placeholder replaced inside string values (never in keys or
    around them: the result is JSON whatever the text holds)."""
    if isinstance(template, str):
        # One pass: a text that itself holds "{ref}" is not filled in again.
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(item, values) for key, item in template.items()}
    return template


def _field(document: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(document, dict) or part not in document:
            return None
        document = document[part]
    return document


class HttpGateway:
    def __init__(
        self,
        url: str,
        *,
        body: str,
        timeout: float,
        auth_header: str | None = None,
        success_field: str | None = None,
        success_value: str | None = None,
        id_field: str | None = None,
        connections: int = 8,
        transport: httpx.BaseTransport | None = None,  # tests
    ) -> None:
        self.url = url
        self.template = body_template(body)
        self.success_field = success_field
        self.success_value = success_value
        self.id_field = id_field
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if auth_header:
            name, _, value = auth_header.partition(":")
            headers[name.strip()] = value.strip()
        self.client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            follow_redirects=False,
            transport=transport,
        )

    @classmethod
    def from_settings(cls, settings: SmsSettings) -> HttpGateway:
        assert settings.url is not None  # checked by SmsSettings
        return cls(
            settings.url,
            body=settings.body,
            timeout=settings.timeout,
            auth_header=settings.auth_header,
            success_field=settings.success_field,
            success_value=settings.success_value,
            id_field=settings.id_field,
            connections=settings.workers,
        )

    def send(self, *, to: str, text: str, ref: str) -> str | None:
        body = fill(self.template, {"to": to, "text": text, "ref": ref})
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            resp = self.client.post(self.url, content=content, headers={"Idempotency-Key": ref})
        except httpx.TimeoutException:
            raise GatewayError("gateway timed out", retryable=True) from None
        except httpx.TransportError as exc:  # refused, reset, cut mid-answer, TLS
            raise GatewayError(
                f"gateway unreachable: {type(exc).__name__}", retryable=True
            ) from None
        status = resp.status_code
        if status >= 500 or status in _RETRYABLE_4XX:
            raise GatewayError(f"gateway answered {status}", retryable=True)
        if not 200 <= status < 300:
            raise GatewayError(f"gateway refused the message: {status}", retryable=False)
        if self.success_field is None and self.id_field is None:
            return None
        try:
            answer = resp.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            # It may have taken the message and answered badly: the retry's reference tells.
            raise GatewayError(
                f"gateway answered {status} with a body that is not JSON", retryable=True
            ) from None
        if self.success_field is not None:
            value = _field(answer, self.success_field)
            ok = value is True if self.success_value is None else str(value) == self.success_value
            if not ok:
                raise GatewayError(
                    f"gateway answered {status} without {self.success_field} accepted",
                    retryable=True,
                )
        if self.id_field is None:
            return None
        gateway_id = _field(answer, self.id_field)
        return str(gateway_id)[:100] if isinstance(gateway_id, (str, int)) else None

    def close(self) -> None:
        self.client.close()
