"""How both sides turn a payload into the text they hash: the idempotency check at HQ, the
outbox's payload hash and the audit chain all depend on this being one definition."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept (hashes must not depend on
    how a dict happened to be built)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_sha256(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
