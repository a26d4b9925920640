"""Which credential store ``keyring`` would keep a secret in, and whether it keeps it secret.

The operating systems' own stores (Secret Service / GNOME Keyring, KWallet, macOS Keychain,
Windows Credential Manager) keep a secret encrypted under the user's login. keyrings.alt's
files are plain text (or encrypted with a password kept beside them), and the fail and null
backends keep nothing. The database key (services/setup.py, `db encrypt`) and the HQ token
(sync/keyring_check.py) are judged by the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

SECURE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)
_KEEPS_NOTHING = ("keyring.backends.fail", "keyring.backends.null")


@dataclass(frozen=True)
class KeyStore:
    backend: str  # keyring's name for it, e.g. "keyrings.alt.file PlaintextKeyring"
    usable: bool  # it keeps what it is given (not the fail or null backend)
    secure: bool  # one of the operating system's own stores


def _within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == m or module.startswith(m + ".") for m in names)


def key_store() -> KeyStore:
    import keyring

    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None)  # keyring.backends.chainer.ChainerBackend
    if isinstance(inner, list | tuple):
        # The chain writes to the first backend by priority: that one is what counts.
        if not inner:
            return KeyStore("chainer with no usable backend", False, False)
        backend = inner[0]
    kind = type(backend)
    return KeyStore(
        f"{kind.__module__} {kind.__name__}",
        not _within(kind.__module__, _KEEPS_NOTHING),
        _within(kind.__module__, SECURE_MODULES),
    )
