"""The audit log's hash chain, computed the same way on write and on verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept (hashes must not depend on
    how a dict happened to be built)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    """Hash of one audit row: covers the previous row's hash and every recorded column."""
    body = prev_hash + "\n" + canonical_json(dict(record))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def payload_sha256(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
