"""A document is printed for the right sort of reference: refused before any print job exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli
from tests.test_cli import _individual_statement_args, _new_request

SERVICE = "MOI-INDIVIDUAL-STATEMENT"


def _jobs() -> list[dict[str, object]]:
    res = run_cli("print-queue", "--as", "clerk1", "--all", "--json")
    assert res.code == 0, res.err
    jobs: list[dict[str, object]] = json.loads(res.out)
    return jobs


@pytest.fixture
def receipt(cli_station: CliResult) -> str:
    res = _new_request(*_individual_statement_args())
    assert res.code == 0, res.err
    number: str = json.loads(res.out)["receipt_no"]
    return number


def test_a_slip_of_a_receipt_number_is_refused_with_no_job(receipt: str, tmp_path: Path) -> None:
    before = _jobs()
    out = tmp_path / "slip.pdf"
    res = run_cli("receipt", receipt, "--kind", "slip", "--out", str(out), "--as", "clerk1")
    assert res.code == 2
    assert "receipt number" in res.err and "service code" in res.err
    assert "Printing failed" not in res.err
    res = run_cli("--lang", "ar", "print", receipt, "--kind", "slip", "--as", "clerk1")
    assert res.code == 2
    assert "رقم إيصال" in res.err and "رمز الخدمة" in res.err
    assert "\u2066" + receipt + "\u2069" in res.err  # isolated inside the Arabic sentence
    assert _jobs() == before and not out.exists()


@pytest.mark.parametrize("kind", ["receipt", "cover"])
def test_a_receipt_or_cover_of_a_service_code_is_refused(receipt: str, kind: str) -> None:
    before = _jobs()
    res = run_cli("print", SERVICE, "--kind", kind, "--as", "clerk1")
    assert res.code == 2
    assert "is a service code" in res.err and "receipt number" in res.err
    assert _jobs() == before


def test_an_unknown_service_slip_is_refused_with_no_job(cli_station: CliResult) -> None:
    res = run_cli("print", "NO-SUCH-SERVICE", "--kind", "slip", "--as", "clerk1")
    assert res.code == 2 and "Unknown service" in res.err
    assert _jobs() == []


def test_the_right_references_still_print(receipt: str, tmp_path: Path) -> None:
    for kind, ref in (("slip", SERVICE.lower()), ("receipt", receipt), ("cover", receipt)):
        out = tmp_path / f"{kind}.pdf"
        res = run_cli("receipt", ref, "--kind", kind, "--out", str(out), "--as", "clerk1")
        assert res.code == 0, res.err
        assert out.read_bytes().startswith(b"%PDF")
    assert {(j["kind"], j["ref"]) for j in _jobs()} >= {("slip", SERVICE), ("cover", receipt)}
