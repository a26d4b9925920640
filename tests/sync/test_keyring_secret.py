"""The station's token stays secret: a keyring that would keep it in a plain file (or not at
all) is refused before HQ is asked, unless the machine is declared a test or development machine
(COUNTER_APP_ALLOW_INSECURE_KEYRING=1, which tests/sync/conftest.py sets for every sync test)."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.backends.SecretService
import pytest
from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring

from counter_app.i18n import Translator
from counter_app.sync import errors as why
from counter_app.sync.enroll import KEYRING_SERVICE, keyring_user
from counter_app.sync.keyring_check import (
    ENV_ALLOW_INSECURE,
    NO_SECURE_KEYRING,
    keyring_verdict,
)
from tests.conftest import Station, run_cli
from tests.sync.conftest import HqServer, free_port

AR = Translator.for_language("ar")


@pytest.fixture
def not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)


def _chain(*backends: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    from keyring.backends.chainer import ChainerBackend

    class Chain(ChainerBackend):
        pass

    chain = Chain()
    Chain.backends = list(backends)
    return chain


def test_a_plain_file_keyring_is_refused_before_hq_is_asked(
    cli_station: object, not_allowed: None
) -> None:
    # Nothing listens at this address: had HQ been asked, the error would say it is unreachable.
    url = f"http://127.0.0.1:{free_port()}"
    res = run_cli("enroll", url, "ABCDEFGH12")
    assert res.code == 2, res.err
    assert "This computer offers no secure keyring for the station's credentials" in res.err
    assert "keyrings.alt.file PlaintextKeyring" in res.err
    assert "COUNTER_APP_ALLOW_INSECURE_KEYRING=1" in res.err
    assert why.REFUSED_CONNECTION not in res.err
    ar = run_cli("--lang", "ar", "enroll", url, "ABCDEFGH12")
    assert ar.code == 2
    assert AR(NO_SECURE_KEYRING).format(backend="keyrings.alt.file PlaintextKeyring") in ar.err


def test_refused_with_a_real_hq_the_code_is_not_spent_and_nothing_is_stored(
    station: Station, hq: HqServer, not_allowed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = hq.enrollment_code("MZH", 2)
    res = run_cli("enroll", hq.url, code)
    assert res.code == 2 and "no secure keyring" in res.err
    assert keyring.get_password(KEYRING_SERVICE, keyring_user("MZH", 2)) is None
    assert run_cli("sync-status", "--as", "clerk1").out.count("not enrolled") == 1

    # Declared a test machine: the same code enrolls, the token is kept, and it is said twice.
    monkeypatch.setenv(ENV_ALLOW_INSECURE, "1")
    res = run_cli("enroll", hq.url, code)
    assert res.code == 0, res.err
    assert "Warning: the station's credentials are kept in a keyring that is not secure" in res.err
    assert keyring.get_password(KEYRING_SERVICE, keyring_user("MZH", 2))
    status = run_cli("sync-status", "--as", "clerk1")
    assert "keyrings.alt.file PlaintextKeyring (not secure)" in status.out


@pytest.mark.parametrize(
    ("kind", "secure"),
    [
        (keyring.backends.fail.Keyring, False),
        (keyring.backends.null.Keyring, False),
        (PlaintextKeyring, False),
        (EncryptedKeyring, False),  # a file, its password typed or kept beside it
        (keyring.backends.SecretService.Keyring, True),
    ],
    ids=["fail", "null", "plaintext", "encrypted-file", "secret-service"],
)
def test_which_backends_keep_a_secret(
    kind: type[keyring.backend.KeyringBackend], secure: bool, not_allowed: None
) -> None:
    # Judged by what the backend is; not made (EncryptedKeyring would need pycryptodome).
    keyring.set_keyring(kind.__new__(kind))
    verdict = keyring_verdict()
    assert (verdict.secure, verdict.allowed) == (secure, secure)
    assert verdict.backend == f"{kind.__module__} {kind.__name__}"


def test_a_chain_is_judged_by_the_backend_it_writes_to(
    not_allowed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(_chain())
    empty = keyring_verdict()
    assert (empty.secure, empty.backend) == (False, "chainer with no usable backend")
    keyring.set_keyring(_chain(PlaintextKeyring(), keyring.backends.SecretService.Keyring()))
    assert not keyring_verdict().secure
    keyring.set_keyring(_chain(keyring.backends.SecretService.Keyring(), PlaintextKeyring()))
    assert keyring_verdict().secure
    keyring.set_keyring(_chain())
    monkeypatch.setenv(ENV_ALLOW_INSECURE, "1")
    assert keyring_verdict().allowed and not keyring_verdict().secure
    monkeypatch.setenv(ENV_ALLOW_INSECURE, "0")
    assert not keyring_verdict().allowed
