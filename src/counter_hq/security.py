"""Tokens and enrollment codes: random, shown once, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

# Crockford base32 without I, L, O, U: read aloud and typed at a counter without mistakes.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    """16 symbols (80 bits) in groups of four: ``7KQ2-M9XD-...``."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def code_hash(code: str) -> str:
    return sha256_hex(normalize_code(code))
