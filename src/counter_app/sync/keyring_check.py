"""Whether the keyring the station's token would go to keeps it secret.

The token is the station's password at HQ. The operating system's own stores (Secret Service /
GNOME Keyring, KWallet, macOS Keychain, Windows Credential Manager) keep it encrypted under the
user's login; what ``keyring`` falls back to elsewhere does not: the fail and null backends keep
nothing, keyrings.alt's files are plain text or encrypted with a password kept beside them, and
a chain that puts one of those first writes there. Such a backend is refused unless the machine
is declared a test or development machine (``COUNTER_APP_ALLOW_INSECURE_KEYRING=1``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import keyring
import keyring.backend

from counter_app.domain.errors import N_, StoreError
from counter_app.store.key_store import SECURE_MODULES

ENV_ALLOW_INSECURE = "COUNTER_APP_ALLOW_INSECURE_KEYRING"
# keyring's backends for the operating systems' own credential stores (the database key's too).
_SECURE_MODULES = SECURE_MODULES

NO_SECURE_KEYRING = N_(
    "This computer offers no secure keyring for the station's credentials (found: {backend}), "
    "so they are not stored. Enroll from a session with the system's keyring (GNOME Keyring, "
    "KWallet, Windows Credential Manager), or, on a test or development machine only, set "
    "COUNTER_APP_ALLOW_INSECURE_KEYRING=1"
)


@dataclass(frozen=True)
class KeyringVerdict:
    backend: str  # keyring's name for it, e.g. "keyrings.alt.file PlaintextKeyring"
    secure: bool
    allowed: bool  # secure, or declared a test/development machine


def _name(backend: keyring.backend.KeyringBackend) -> str:
    kind = type(backend)
    return f"{kind.__module__} {kind.__name__}"


def _secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in _SECURE_MODULES)


def insecure_allowed() -> bool:
    return os.environ.get(ENV_ALLOW_INSECURE, "").strip().lower() in ("1", "true", "yes")


def keyring_verdict() -> KeyringVerdict:
    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None)  # keyring.backends.chainer.ChainerBackend
    if isinstance(inner, list | tuple):
        # The chain writes to the first backend by priority: that one must keep it secret.
        first = inner[0] if inner else None
        name = _name(first) if first is not None else "chainer with no usable backend"
        secure = first is not None and _secure(first)
    else:
        name, secure = _name(backend), _secure(backend)
    return KeyringVerdict(name, secure, secure or insecure_allowed())


def require_safe_keyring() -> KeyringVerdict:
    """The verdict, or a ``StoreError`` saying why the token will not be stored."""
    verdict = keyring_verdict()
    if not verdict.allowed:
        raise StoreError(NO_SECURE_KEYRING, backend=verdict.backend)
    return verdict
