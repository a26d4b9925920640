"""SMS settings, read from the environment with the rest of HQ's (counter_hq/settings.py style).

``COUNTER_HQ_SMS_GATEWAY``       ``off`` (default: messages stay queued), ``file`` or ``http``
``COUNTER_HQ_SMS_FILE``          file gateway: the JSON-lines file messages are appended to
                                 (default ``<data dir>/sms-outbox.jsonl``)
``COUNTER_HQ_SMS_URL``           http gateway: where each message is POSTed (http or https)
``COUNTER_HQ_SMS_BODY``          the JSON body, with ``{to}`` ``{text}`` ``{ref}`` inside string
                                 values (default ``{"to": "{to}", "text": "{text}",
                                 "ref": "{ref}"}``); the values are put in as JSON strings, so
                                 a message can never break the body's shape
``COUNTER_HQ_SMS_AUTH_HEADER``   optional ``Name: value`` header sent with each message (e.g.
                                 ``Authorization: Bearer ...``); kept in the environment only
``COUNTER_HQ_SMS_TIMEOUT``       seconds for one send, connect to answer (default 10)
``COUNTER_HQ_SMS_SUCCESS_FIELD`` optional: a 2xx answer counts only when its JSON has this
``COUNTER_HQ_SMS_SUCCESS_VALUE`` field (dotted path) equal to this value (or true when unset)
``COUNTER_HQ_SMS_ID_FIELD``      optional: the field (dotted path) holding the gateway's id
``COUNTER_HQ_SMS_MAX_ATTEMPTS``  sends before a message is ``failed`` (default 10)
``COUNTER_HQ_SMS_BACKOFF_SECONDS`` first retry delay, doubled each attempt with jitter
                                 (default 30), at most ``COUNTER_HQ_SMS_BACKOFF_MAX_SECONDS``
                                 (default 3600)
``COUNTER_HQ_SMS_WORKERS``       sends in flight at once (default 8)
``COUNTER_HQ_SMS_LEASE_SECONDS`` a message claimed this long ago and still ``sending`` (its
                                 sender died) is sent again with the same reference (default
                                 300; at least 3 timeouts)
``COUNTER_HQ_SMS_POLL_SECONDS``  how often an idle sender looks for due messages (default 2)
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from counter_hq.errors import Invalid

PREFIX = "COUNTER_HQ_SMS_"
DEFAULT_BODY = '{"to": "{to}", "text": "{text}", "ref": "{ref}"}'
PLACEHOLDERS = ("{to}", "{text}", "{ref}")


class SmsSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    gateway: Literal["off", "file", "http"] = "off"
    file: Path | None = None
    url: str | None = None
    body: str = DEFAULT_BODY
    auth_header: str | None = Field(default=None, repr=False)  # a secret: never in a repr/log
    timeout: float = Field(default=10.0, gt=0, le=300)
    success_field: str | None = None
    success_value: str | None = None
    id_field: str | None = None
    max_attempts: int = Field(default=10, ge=1, le=1000)
    backoff_seconds: float = Field(default=30.0, gt=0, le=86400)
    backoff_max_seconds: float = Field(default=3600.0, gt=0, le=7 * 86400)
    workers: int = Field(default=8, ge=1, le=64)
    lease_seconds: float = Field(default=300.0, gt=0, le=86400)
    poll_seconds: float = Field(default=2.0, gt=0, le=3600)

    @model_validator(mode="after")
    def _consistent(self) -> SmsSettings:
        if self.gateway == "http":
            if not self.url or not self.url.startswith(("http://", "https://")):
                raise ValueError(f"{PREFIX}URL must be an http(s) URL when the gateway is http")
            body_template(self.body)
        if self.auth_header is not None and ":" not in self.auth_header:
            raise ValueError(f"{PREFIX}AUTH_HEADER must be 'Name: value'")
        if self.lease_seconds < 3 * self.timeout:
            raise ValueError(f"{PREFIX}LEASE_SECONDS must be at least 3 x {PREFIX}TIMEOUT")
        return self

    @property
    def enabled(self) -> bool:
        return self.gateway != "off"

    @classmethod
    def from_env(cls, data_dir: Path, environ: Mapping[str, str] | None = None) -> SmsSettings:
        env = os.environ if environ is None else environ
        raw: dict[str, Any] = {}
        for name in cls.model_fields:
            value = (env.get(PREFIX + name.upper()) or "").strip()
            if value:
                raw[name] = value
        raw.setdefault("gateway", "off")
        raw["gateway"] = str(raw["gateway"]).lower()
        if raw["gateway"] == "file":
            raw.setdefault("file", str(data_dir / "sms-outbox.jsonl"))
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            name = f"{PREFIX}{where.upper()}: " if where else ""
            raise Invalid(f"{name}{first['msg']}"[:300]) from None


def body_template(body: str) -> Any:
    """The parsed body template; Invalid unless it is JSON naming ``{to}`` and ``{text}``."""
    try:
        parsed = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{PREFIX}BODY is not JSON: {exc.msg} at {exc.pos}") from None
    flat = json.dumps(parsed, ensure_ascii=False)
    missing = [p for p in PLACEHOLDERS[:2] if p not in flat]
    if missing:
        raise ValueError(f"{PREFIX}BODY must hold {' and '.join(missing)} in a string value")
    return parsed
