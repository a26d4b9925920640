"""`counter-hq serve` and TLS: a certificate and key are checked before anything is served or
migrated, and plain HTTP is refused off loopback unless a TLS reverse proxy is said to be the
way in. uvicorn is replaced by a recorder: what matters is what serve hands it, or that it
never gets there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import trustme

from counter_hq.cli import main
from counter_hq.settings import ENV_DATA_DIR, ENV_DATABASE_URL


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "hq"))
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    for name in ("COUNTER_HQ_TLS_CERT", "COUNTER_HQ_TLS_KEY", "COUNTER_HQ_BEHIND_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return calls


@pytest.fixture(scope="module")
def pems(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pems")
    ca = trustme.CA()
    cert = ca.issue_cert("hq.example", "127.0.0.1")
    other = ca.issue_cert("other.example")
    out = {
        "cert": folder / "hq.pem",
        "key": folder / "hq.key",
        "other_key": folder / "other.key",
        "junk": folder / "junk.pem",
    }
    cert.cert_chain_pems[0].write_to_path(str(out["cert"]))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(out["cert"]), append=True)
    cert.private_key_pem.write_to_path(str(out["key"]))
    other.private_key_pem.write_to_path(str(out["other_key"]))
    out["junk"].write_text("not a certificate\n")
    return out


def test_plain_http_off_loopback_is_refused_before_anything_happens(
    served: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for host in ("0.0.0.0", "192.168.1.20", "hq.example", "::"):
        assert main(["serve", "--host", host, "--port", "8765"]) == 2
        err = capsys.readouterr().err
        assert f"refusing to serve plain HTTP on {host}" in err
        assert "--certfile/--keyfile" in err and "--behind-proxy" in err
    assert served == []
    assert not (tmp_path / "hq").exists()  # not even the data folder, nor a migration


def test_loopback_and_a_declared_proxy_may_serve_plain_http(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["serve", "--host", "127.0.0.1", "--port", "8765"]) == 0
    assert main(["serve", "--host", "0.0.0.0", "--port", "8765", "--behind-proxy"]) == 0
    monkeypatch.setenv("COUNTER_HQ_BEHIND_PROXY", "1")
    assert main(["serve", "--host", "10.0.0.5", "--port", "8765"]) == 0
    assert [c["host"] for c in served] == ["127.0.0.1", "0.0.0.0", "10.0.0.5"]
    assert all(c["ssl_certfile"] is None for c in served)


def test_a_certificate_and_key_make_uvicorn_speak_tls(
    served: list[dict[str, Any]], pems: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = str(pems["cert"]), str(pems["key"])
    argv = ["serve", "--host", "0.0.0.0", "--port", "8443"]
    assert main([*argv, "--certfile", cert, "--keyfile", key]) == 0
    monkeypatch.setenv("COUNTER_HQ_TLS_CERT", cert)
    monkeypatch.setenv("COUNTER_HQ_TLS_KEY", key)
    assert main(argv) == 0
    assert len(served) == 2
    for call in served:
        assert (call["ssl_certfile"], call["ssl_keyfile"]) == (cert, key)
        assert "CBC" not in call["ssl_ciphers"] and "ECDHE" in call["ssl_ciphers"]


@pytest.mark.parametrize(
    ("cert", "key", "words"),
    [
        ("missing", "key", "TLS certificate file {cert} does not exist"),
        ("cert", "missing", "TLS key file {key} does not exist"),
        ("junk", "key", "TLS certificate file {cert} holds no PEM certificate"),
        ("key", "key", "TLS certificate file {cert} holds no PEM certificate"),
        ("cert", "junk", "TLS key file {key} holds no PEM private key"),
        ("cert", "other_key", "TLS key file {key} does not belong to the certificate in {cert}"),
    ],
)
def test_a_bad_certificate_or_key_is_a_clear_error_before_serving(
    served: list[dict[str, Any]],
    pems: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cert: str,
    key: str,
    words: str,
) -> None:
    paths = {**pems, "missing": tmp_path / "missing.pem"}
    c, k = str(paths[cert]), str(paths[key])
    code = main(["serve", "--host", "127.0.0.1", "--certfile", c, "--keyfile", k])
    assert code == 2
    assert words.format(cert=c, key=k) in capsys.readouterr().err
    assert served == []
    assert not (tmp_path / "hq").exists()


def test_an_encrypted_key_is_refused_instead_of_asking_on_the_terminal(
    served: list[dict[str, Any]],
    pems: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pems["key"].read_bytes(), None)
    locked = tmp_path / "locked.key"
    locked.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
    )
    argv = ["serve", "--certfile", str(pems["cert"]), "--keyfile", str(locked)]
    assert main(argv) == 2
    assert "is encrypted with a passphrase" in capsys.readouterr().err
    assert served == []


def test_half_a_pair_is_refused(
    served: list[dict[str, Any]],
    pems: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--certfile", str(pems["cert"])]) == 2
    assert "the key is missing" in capsys.readouterr().err
    monkeypatch.setenv("COUNTER_HQ_TLS_KEY", str(pems["key"]))
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "the certificate is missing" in capsys.readouterr().err
    monkeypatch.setenv("COUNTER_HQ_BEHIND_PROXY", "maybe")
    assert main(["serve"]) == 2
    assert "COUNTER_HQ_BEHIND_PROXY must be 1 or 0" in capsys.readouterr().err
    assert served == []
