"""How the counter reaches HQ safely: HQ's address must be https (plain http only to this
computer, for development and tests), and HQ's certificate is always verified, against the
system's authorities or a ministry's own CA kept in the station's data folder.

The station's token and citizen data travel with every call, so neither a typo (``http://``)
nor an address stored by an older version may send them in clear; verification is never turned
off (there is no setting for it), a private CA is trusted instead.
"""

from __future__ import annotations

import hashlib
import os
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from counter_app.domain.errors import N_, StoreError, ValidationError
from counter_protocol.addresses import is_loopback
from counter_protocol.durable import write_durably

# A CA bundle is a few certificates; anything bigger is not what the person meant to give.
MAX_CA_BYTES = 1024 * 1024

PLAIN_HTTP_REFUSED = N_(
    "{field}: HQ's address must start with https:// (plain http only to this computer, for tests)"
)
ENROLLED_OVER_HTTP = N_(
    "This station was enrolled with HQ at a plain http address, which would send its "
    "credentials and citizen data unencrypted; enroll it again with HQ's https address"
)
STORED_CA_UNUSABLE = N_(
    "The certificate authority kept for HQ cannot be read; enroll the station again with --ca-file"
)


def allowed_address(url: str) -> bool:
    """https anywhere, http to this computer only."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def clean_url(url: str) -> str:
    """HQ's address as given to ``enroll``, checked: ``https://host[:port][/path]``."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(N_("{field}: give HQ's address as https://host[:port]"), field="url")
    if not allowed_address(text):
        raise ValidationError(PLAIN_HTTP_REFUSED, field="url")
    return text


def read_ca_file(path: Path) -> bytes:
    """A PEM file of one or more CA certificates, checked the way verification will load it."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_CA_BYTES + 1)
    except OSError as exc:
        raise ValidationError(
            N_("{field}: the certificate authority file cannot be read: {detail}"),
            field="ca-file",
            detail=f"{path}, {exc.strerror or type(exc).__name__}",
        ) from None
    if len(data) > MAX_CA_BYTES or b"-----BEGIN CERTIFICATE-----" not in data:
        raise ValidationError(
            N_("{field}: the file is not a certificate authority in PEM form"),
            field="ca-file",
        )
    try:
        ssl.create_default_context(cadata=data.decode("ascii"))
    except (ssl.SSLError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            N_("{field}: the certificate authority file holds no usable certificate: {detail}"),
            field="ca-file",
            detail=getattr(exc, "reason", None) or type(exc).__name__,
        ) from None
    return data


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_ca(target: Path, data: bytes | None) -> Path | None:
    """Keep the CA HQ was enrolled with in the data folder (``AppPaths.hq_ca_file``; None: the
    system's authorities, an earlier CA removed). Written whole: the old file or the new one."""
    if data is None:
        target.unlink(missing_ok=True)
        return None
    write_durably(target, data)
    return target


def stored_ca(target: Path) -> Path | None:
    """The kept CA file, if the station was enrolled with one (checked: a damaged file is an
    error, never a silent fallback to other authorities)."""
    if not os.path.lexists(target):
        return None
    try:
        read_ca_file(target)
    except ValidationError:
        raise StoreError(STORED_CA_UNUSABLE) from None
    return target
