"""`catalog show SERVICE`: the --field keys and --doc codes of a service, without reading the
whole catalog's JSON (issue 12, small things)."""

from __future__ import annotations

import json

from tests.conftest import CliResult, run_cli

CODE = "MOI-CRIMINAL-RECORD"


def test_a_service_is_shown_in_english(cli_station: CliResult) -> None:
    res = run_cli("--lang", "en", "catalog", "show", "moi-criminal-record")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert lines[0].startswith(CODE)
    purpose = next(x for x in lines if x.startswith("purpose "))
    assert "Choice" in purpose and "Purpose" in purpose and "yes" in purpose
    assert "employment (Employment), travel (Travel)" in purpose
    body = next(x for x in lines if x.startswith("requesting_body "))
    assert "Submitted to" in body and " no " in f"{body} "
    doc = next(x for x in lines if x.startswith("PERSONAL-ID "))
    assert "original_seen" in doc or "Original seen" in doc or "original" in doc.lower()


def test_a_service_is_shown_in_arabic(cli_station: CliResult) -> None:
    res = run_cli("--lang", "ar", "catalog", "show", CODE)
    assert res.code == 0, res.err
    assert "الغاية من الوثيقة" in res.out and "توظيف" in res.out
    assert "Purpose" not in res.out and "Choice" not in res.out
    assert "البطاقة الشخصية" in res.out  # the document's Arabic name beside its code


def test_a_service_as_json_holds_every_field_and_document(cli_station: CliResult) -> None:
    res = run_cli("catalog", "show", CODE, "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)["service"]
    purpose = next(f for f in data["fields"] if f["key"] == "purpose")
    assert purpose["type"] == "choice" and purpose["required"] is True
    assert [c["value"] for c in purpose["choices"]] == ["employment", "travel", "licence", "other"]
    assert data["documents"][0]["type"] == "PERSONAL-ID"
    assert data["documents"][0]["requirement"] == "original_seen"
    assert data["documents"][0]["name_en"]


def test_an_unknown_service_is_a_clear_error_exit_2(cli_station: CliResult) -> None:
    res = run_cli("--lang", "en", "catalog", "show", "NO-SUCH-SERVICE")
    assert res.code == 2 and res.out == ""
    assert "Unknown service NO-SUCH-SERVICE" in res.err
    ar = run_cli("--lang", "ar", "catalog", "show", "NO-SUCH-SERVICE")
    assert ar.code == 2 and "Unknown service" not in ar.err
