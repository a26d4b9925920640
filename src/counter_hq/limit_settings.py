"""What one client may cost HQ: partial uploads, slow connections, failed credentials, the docs.

Read from the environment with the rest of the settings (``Settings.limits``):

``COUNTER_HQ_UPLOAD_QUOTA_MIB``    unfinished upload bytes one station may hold (default 256)
``COUNTER_HQ_UPLOAD_QUOTA_COUNT``  unfinished uploads one station may hold (default 50); beyond
                                   either, a chunk is refused with 507 ``upload_quota`` and a
                                   Retry-After (the counter waits and resumes, nothing is lost)
``COUNTER_HQ_UPLOAD_EXPIRY_HOURS`` an unfinished upload untouched this long is removed, file and
                                   row (default 24; at start, then every expiry/4 at most hourly,
                                   and `counter-hq blobs sweep`); finished blobs are never touched
``COUNTER_HQ_HEADER_TIMEOUT``      seconds a client has to send a request's head (default 10)
``COUNTER_HQ_BODY_TIMEOUT``        seconds it has to send the body after it (default 30), one
``COUNTER_HQ_BODY_MIN_RATE``       more for every this many bytes received (default 500, as
                                   Apache's mod_reqtimeout: a slow link's 1 MiB chunk gets 35
                                   minutes, a byte every second gains nothing); slower is cut,
                                   408 when the app was waiting for it
``COUNTER_HQ_MAX_CONNECTIONS``     open connections served at once; more get 503 (default 1000)
``COUNTER_HQ_ENROLL_FAILURES_PER_MINUTE``  failed enrollments one client address may make a
                                   minute, in bursts of as many (default 10); then 429
``COUNTER_HQ_AUTH_FAILURES_PER_MINUTE``    the same for unknown or revoked tokens (default 30);
                                   a token that worked is never held back by others' failures
``COUNTER_HQ_CLIENT_ADDRESS_HEADER``  behind a reverse proxy: the header it puts the client's
                                   address in (e.g. ``X-Forwarded-For``), believed only from
``COUNTER_HQ_TRUSTED_PROXIES``     these addresses or networks (default ``127.0.0.1,::1``);
                                   unset header: the connection's own address is the client's
``COUNTER_HQ_API_DOCS``            1: serve /docs, /redoc and /openapi.json (default off)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

from counter_hq.errors import Invalid

MIB = 1024 * 1024
ENV_UPLOAD_QUOTA_MIB = "COUNTER_HQ_UPLOAD_QUOTA_MIB"
ENV_UPLOAD_QUOTA_COUNT = "COUNTER_HQ_UPLOAD_QUOTA_COUNT"
ENV_UPLOAD_EXPIRY_HOURS = "COUNTER_HQ_UPLOAD_EXPIRY_HOURS"
ENV_HEADER_TIMEOUT = "COUNTER_HQ_HEADER_TIMEOUT"
ENV_BODY_TIMEOUT = "COUNTER_HQ_BODY_TIMEOUT"
ENV_BODY_MIN_RATE = "COUNTER_HQ_BODY_MIN_RATE"
ENV_MAX_CONNECTIONS = "COUNTER_HQ_MAX_CONNECTIONS"
ENV_ENROLL_FAILURES = "COUNTER_HQ_ENROLL_FAILURES_PER_MINUTE"
ENV_AUTH_FAILURES = "COUNTER_HQ_AUTH_FAILURES_PER_MINUTE"
ENV_CLIENT_ADDRESS_HEADER = "COUNTER_HQ_CLIENT_ADDRESS_HEADER"
ENV_TRUSTED_PROXIES = "COUNTER_HQ_TRUSTED_PROXIES"
ENV_API_DOCS = "COUNTER_HQ_API_DOCS"

_FLAGS = {"": False, "0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True)

    upload_quota_bytes: int = Field(default=256 * MIB, ge=1)
    upload_quota_count: int = Field(default=50, ge=1)
    upload_expiry_hours: float = Field(default=24.0, gt=0)
    header_timeout: float = Field(default=10.0, gt=0)
    body_timeout: float = Field(default=30.0, gt=0)
    body_min_rate: float = Field(default=500.0, gt=0)
    max_connections: int = Field(default=1000, ge=1)
    enroll_failures_per_minute: float = Field(default=10.0, gt=0)
    auth_failures_per_minute: float = Field(default=30.0, gt=0)
    client_address_header: str | None = None
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    api_docs: bool = False

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for net in value:
            ipaddress.ip_network(net, strict=False)  # ValueError -> a validation error
        return value

    @property
    def upload_expiry_seconds(self) -> float:
        return self.upload_expiry_hours * 3600.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Limits:
        values: dict[str, object] = {}
        numbers: tuple[tuple[str, str, type, float, float], ...] = (
            (ENV_UPLOAD_QUOTA_MIB, "upload_quota_bytes", int, 1, 1024 * 1024),
            (ENV_UPLOAD_QUOTA_COUNT, "upload_quota_count", int, 1, 100_000),
            (ENV_UPLOAD_EXPIRY_HOURS, "upload_expiry_hours", float, 0.001, 24 * 365),
            (ENV_HEADER_TIMEOUT, "header_timeout", float, 0.1, 3600),
            (ENV_BODY_TIMEOUT, "body_timeout", float, 0.1, 3600),
            (ENV_BODY_MIN_RATE, "body_min_rate", float, 1, 1e9),
            (ENV_MAX_CONNECTIONS, "max_connections", int, 1, 1_000_000),
            (ENV_ENROLL_FAILURES, "enroll_failures_per_minute", float, 0.01, 1_000_000),
            (ENV_AUTH_FAILURES, "auth_failures_per_minute", float, 0.01, 1_000_000),
        )
        for env_name, field, kind, low, high in numbers:
            raw = (env.get(env_name) or "").strip()
            if not raw:
                continue
            try:
                number = kind(raw)
            except ValueError:
                number = None
            if number is None or not low <= number <= high:  # NaN fails this too
                raise Invalid(
                    f"{env_name} must be a number from {low:g} to {high:g}, not {raw[:20]!r}"
                )
            values[field] = number * MIB if field == "upload_quota_bytes" else number
        header = (env.get(ENV_CLIENT_ADDRESS_HEADER) or "").strip()
        if header:
            values["client_address_header"] = header
        proxies = (env.get(ENV_TRUSTED_PROXIES) or "").strip()
        if proxies:
            nets = tuple(p.strip() for p in proxies.split(",") if p.strip())
            for net in nets:
                try:
                    ipaddress.ip_network(net, strict=False)
                except ValueError:
                    raise Invalid(
                        f"{ENV_TRUSTED_PROXIES}: {net[:45]!r} is not an address"
                    ) from None
            values["trusted_proxies"] = nets
        docs = (env.get(ENV_API_DOCS) or "").strip().lower()
        if docs not in _FLAGS:
            raise Invalid(f"{ENV_API_DOCS} must be 1 or 0, not {docs[:20]!r}")
        values["api_docs"] = _FLAGS[docs]
        return cls.model_validate(values)
