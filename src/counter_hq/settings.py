"""HQ settings, read once from the environment and handed to the app factory (no globals).

``COUNTER_HQ_DATA_DIR``      where the embedded database and the blobs live
                             (default: the platform's user data dir of "citizen-service-hq")
``COUNTER_HQ_DATABASE_URL``  SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``
                             (default: ``sqlite:///<data dir>/hq.sqlite3``)
``COUNTER_HQ_AUTH_CACHE_SECONDS``  how long a station's token, once found, is trusted without
                             asking the database again (default 2; 0 = every call): a
                             revocation or re-enrollment takes effect after at most this long
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field

from counter_hq.errors import Invalid

APP_NAME = "citizen-service-hq"
ENV_DATA_DIR = "COUNTER_HQ_DATA_DIR"
ENV_DATABASE_URL = "COUNTER_HQ_DATABASE_URL"
ENV_AUTH_CACHE = "COUNTER_HQ_AUTH_CACHE_SECONDS"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    data_dir: Path
    database_url: str
    auth_cache_seconds: float = Field(default=2.0, ge=0, le=300)

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
        raw = (env.get(ENV_AUTH_CACHE) or "").strip()
        if not raw:
            return cls(data_dir=data_dir, database_url=url)
        try:
            seconds = float(raw)
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds <= 300:
            raise Invalid(f"{ENV_AUTH_CACHE} must be seconds from 0 to 300, not {raw[:20]!r}")
        return cls(data_dir=data_dir, database_url=url, auth_cache_seconds=seconds)
