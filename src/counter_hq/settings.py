"""HQ settings, read once from the environment and handed to the app factory (no globals).

``COUNTER_HQ_DATA_DIR``      where the embedded database and the blobs live
                             (default: the platform's user data dir of "citizen-service-hq")
``COUNTER_HQ_DATABASE_URL``  SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``
                             (default: ``sqlite:///<data dir>/hq.sqlite3``)
``COUNTER_HQ_AUTH_CACHE_SECONDS``  how long a station's token, once found, is trusted without
                             asking the database again (default 2; 0 = every call): a
                             revocation or re-enrollment takes effect after at most this long
``COUNTER_HQ_TLS_CERT``      PEM certificate (with its chain) `serve` speaks TLS with
``COUNTER_HQ_TLS_KEY``       its private key, unencrypted (``--certfile``/``--keyfile`` win)
``COUNTER_HQ_BEHIND_PROXY``  1: plain HTTP on a non-loopback address is allowed, because a TLS
                             reverse proxy is the only way in (counter_hq.tls)
Limits (``Settings.limits``, counter_hq.limit_settings: names and defaults there):
``COUNTER_HQ_UPLOAD_QUOTA_MIB``/``_COUNT``/``_EXPIRY_HOURS`` unfinished uploads per station
(256 MiB, 50, removed after 24 h); ``COUNTER_HQ_HEADER_TIMEOUT``/``BODY_TIMEOUT`` (10 s, 30 s
plus 1 s per ``COUNTER_HQ_BODY_MIN_RATE`` bytes, 500) and ``COUNTER_HQ_MAX_CONNECTIONS`` (1000);
``COUNTER_HQ_ENROLL_FAILURES_PER_MINUTE``/``AUTH_FAILURES_PER_MINUTE`` (10, 30 per client
address, then 429);
``COUNTER_HQ_CLIENT_ADDRESS_HEADER`` + ``COUNTER_HQ_TRUSTED_PROXIES`` behind a reverse proxy;
``COUNTER_HQ_API_DOCS=1`` serves /docs and /openapi.json (off by default)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field

from counter_hq.errors import Invalid
from counter_hq.limit_settings import Limits

APP_NAME = "citizen-service-hq"
ENV_DATA_DIR = "COUNTER_HQ_DATA_DIR"
ENV_DATABASE_URL = "COUNTER_HQ_DATABASE_URL"
ENV_AUTH_CACHE = "COUNTER_HQ_AUTH_CACHE_SECONDS"
ENV_TLS_CERT = "COUNTER_HQ_TLS_CERT"
ENV_TLS_KEY = "COUNTER_HQ_TLS_KEY"
ENV_BEHIND_PROXY = "COUNTER_HQ_BEHIND_PROXY"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    data_dir: Path
    database_url: str
    auth_cache_seconds: float = Field(default=2.0, ge=0, le=300)
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None
    behind_proxy: bool = False
    limits: Limits = Field(default_factory=Limits)

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get(ENV_DATA_DIR) or user_data_dir(APP_NAME, appauthor=False))
        url = env.get(ENV_DATABASE_URL) or f"sqlite:///{data_dir / 'hq.sqlite3'}"
        tls = {**_tls_from_env(env), "limits": Limits.from_env(env)}
        raw = (env.get(ENV_AUTH_CACHE) or "").strip()
        if not raw:
            return cls(data_dir=data_dir, database_url=url, **tls)
        try:
            seconds = float(raw)
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds <= 300:
            raise Invalid(f"{ENV_AUTH_CACHE} must be seconds from 0 to 300, not {raw[:20]!r}")
        return cls(data_dir=data_dir, database_url=url, auth_cache_seconds=seconds, **tls)


def _tls_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    flag = (env.get(ENV_BEHIND_PROXY) or "").strip().lower()
    if flag not in ("", "0", "1", "false", "true", "no", "yes"):
        raise Invalid(f"{ENV_BEHIND_PROXY} must be 1 or 0, not {flag[:20]!r}")
    cert, key = (env.get(ENV_TLS_CERT) or "").strip(), (env.get(ENV_TLS_KEY) or "").strip()
    return {
        "tls_certfile": Path(cert) if cert else None,
        "tls_keyfile": Path(key) if key else None,
        "behind_proxy": flag in ("1", "true", "yes"),
    }
