"""TLS for `counter-hq serve`: the certificate and key checked before anything is served, and the
rule that HQ speaks plain HTTP only on loopback or behind a TLS reverse proxy.

Stations send their token and citizen data with every call, so a server reachable from the
network must encrypt them. Either HQ holds the certificate itself (``--certfile``/``--keyfile``)
or a reverse proxy on the same machine terminates TLS and HQ listens on loopback; a proxy on
another machine reaching HQ over the network is said explicitly (``--behind-proxy``), never
assumed.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from counter_hq.errors import Invalid
from counter_protocol.addresses import is_loopback

# TLS 1.2 suites with forward secrecy and AEAD only (TLS 1.3 ignores this list; Python's own
# minimum is TLS 1.2). uvicorn's default, "TLSv1", would offer CBC/SHA-1 suites as well.
CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20"


@dataclass(frozen=True)
class TlsFiles:
    certfile: Path
    keyfile: Path


class _EncryptedKey(Exception):
    pass


def _no_password() -> str:
    # Without this OpenSSL would ask on the terminal: a service would hang at start.
    raise _EncryptedKey


def _holds_certificate(path: Path) -> bool:
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError):
        return False
    return True


def check_tls_files(certfile: Path, keyfile: Path) -> TlsFiles:
    """Load the pair as the server will; a missing, unreadable, malformed or mismatched file is
    an ``Invalid`` naming the file and what is wrong with it."""
    for what, path in (("certificate", certfile), ("key", keyfile)):
        if not path.is_file():
            raise Invalid(f"TLS {what} file {path} does not exist (or is not a file)")
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise Invalid(f"TLS {what} file {path} cannot be read: {exc.strerror or exc}") from None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile, password=_no_password)
    except _EncryptedKey:
        raise Invalid(
            f"TLS key file {keyfile} is encrypted with a passphrase; give the server an "
            "unencrypted key readable only by its own account"
        ) from None
    except ssl.SSLError as exc:
        reason = (exc.reason or str(exc)).upper()
        if "MISMATCH" in reason:
            raise Invalid(
                f"TLS key file {keyfile} does not belong to the certificate in {certfile}"
            ) from None
        if not _holds_certificate(certfile):
            raise Invalid(f"TLS certificate file {certfile} holds no PEM certificate") from None
        raise Invalid(
            f"TLS key file {keyfile} holds no PEM private key the certificate can use "
            f"({exc.reason or exc})"
        ) from None
    except OSError as exc:
        raise Invalid(f"TLS certificate or key cannot be read: {exc.strerror or exc}") from None
    return TlsFiles(certfile, keyfile)


def serving_tls(
    host: str, certfile: Path | None, keyfile: Path | None, *, behind_proxy: bool
) -> TlsFiles | None:
    """The checked pair to serve with, or None for plain HTTP where that is allowed."""
    if (certfile is None) != (keyfile is None):
        missing = "key" if keyfile is None else "certificate"
        raise Invalid(
            f"TLS needs both a certificate and its key; the {missing} is missing "
            "(--certfile/--keyfile or COUNTER_HQ_TLS_CERT/COUNTER_HQ_TLS_KEY)"
        )
    if certfile is not None and keyfile is not None:
        return check_tls_files(certfile, keyfile)
    if is_loopback(host) or behind_proxy:
        return None
    raise Invalid(
        f"refusing to serve plain HTTP on {host}: stations would send their tokens and citizen "
        "data unencrypted. Give a certificate and key (--certfile/--keyfile or "
        "COUNTER_HQ_TLS_CERT/COUNTER_HQ_TLS_KEY), or listen on 127.0.0.1 behind a TLS reverse "
        "proxy, or say --behind-proxy (COUNTER_HQ_BEHIND_PROXY=1) when a TLS proxy elsewhere is "
        "the only way in"
    )
