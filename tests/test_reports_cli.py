"""`counter-app report` through the real entry point: table, JSON, CSV, XLSX and PDF, named
periods, and the refusals (a file format without --out, a folder that is not there, a clerk)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from counter_app.services.catalog import active_catalog
from counter_app.services.context import AppContext
from counter_app.services.intake import IntakeInput, submit_request
from tests.conftest import CLERK_PASSWORD, CliResult, run_cli
from tests.test_intake import valid_fields

BOSS = ["--as", "boss"]
TODAY = ["--from", "today", "--to", "today"]


@pytest.fixture
def with_request(cli_station: CliResult) -> str:
    res = run_cli(
        "user",
        "add",
        "boss",
        "--role",
        "supervisor",
        "--as",
        "admin",
        "--password-stdin",
        stdin="boss-pass-789\nboss-pass-789\n",
    )
    assert res.code == 0, res.err
    ctx = AppContext.open(AppPaths.default())
    try:
        with ctx.store.read() as session:
            clerk = ctx.actor(session, "clerk1")
        svc = active_catalog(ctx).service("MOI-CRIMINAL-RECORD")
        assert svc is not None
        docs = {d.type: "copy_kept" for d in svc.documents}
        data = IntakeInput(
            svc.code, "01234567890", "سلمى الشامي", "0933000111", valid_fields(svc), docs
        )
        return submit_request(ctx, clerk, data).receipt_no
    finally:
        ctx.close()


def test_table_in_english_and_arabic(with_request: str) -> None:
    res = run_cli("report", *TODAY, *BOSS)
    assert res.code == 0, res.err
    assert "Criminal record certificate" in res.out
    assert "Received in the period" in res.out and "Total" in res.out
    arabic = run_cli("--lang", "ar", "report", *TODAY, *BOSS, "--by", "agency")
    assert arabic.code == 0, arabic.err
    assert "وزارة الداخلية" in arabic.out


def test_json_and_named_period(with_request: str) -> None:
    res = run_cli("report", *TODAY, *BOSS, "--format", "json", "--by", "clerk")
    assert res.code == 0, res.err
    body = json.loads(res.out)
    assert body["totals"]["received"] == 1 and body["grouping"] == "clerk"
    assert [r["key"] for r in body["rows"]] == ["clerk1"]
    week = json.loads(run_cli("report", "--period", "this-week", *BOSS, "--format", "json").out)
    assert week["totals"]["received"] == 1
    last = json.loads(run_cli("report", "--period", "last-year", *BOSS, "--format", "json").out)
    assert last["totals"]["received"] == 0 and last["rows"] == []


def test_csv_to_stdout_and_files(with_request: str, tmp_path: Path) -> None:
    res = run_cli("report", *TODAY, *BOSS, "--format", "csv")
    assert res.code == 0, res.err
    assert res.out.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(res.out.lstrip("\ufeff"))))
    assert lines[1][0] == "MOI-CRIMINAL-RECORD" and lines[-1][2] == "1"
    for fmt, magic in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        out = tmp_path / f"report.{fmt}"
        res = run_cli("report", *TODAY, *BOSS, "--format", fmt, "--out", str(out))
        assert res.code == 0, res.err
        assert out.read_bytes().startswith(magic)
    out = tmp_path / "report.json"
    assert run_cli("report", *TODAY, *BOSS, "--format", "json", "--out", str(out)).code == 0
    assert json.loads(out.read_text("utf-8"))["totals"]["received"] == 1


def test_refusals_change_nothing(with_request: str, tmp_path: Path) -> None:
    res = run_cli("report", *TODAY, *BOSS, "--format", "pdf")
    assert res.code == 2 and "--out" in res.err
    missing = tmp_path / "no-such-folder" / "r.pdf"
    res = run_cli("report", *TODAY, *BOSS, "--format", "pdf", "--out", str(missing))
    assert res.code == 2 and not missing.parent.exists()
    res = run_cli("report", "--period", "last-month", "--from", "today", *BOSS)
    assert res.code == 2
    res = run_cli("report", "--period", "fortnight", *BOSS)
    assert res.code == 2 and "this-week" in res.err
    res = run_cli("report", "--to", "today", *BOSS)
    assert res.code == 2
    res = run_cli("report", "--from", "today", "--to", "yesterday", *BOSS)
    assert res.code == 2
    res = run_cli("--lang", "ar", "report", "--from", "٢٠٢٦-١١-٠١", "--to=-1d", *BOSS)
    assert res.code == 0, res.err
    clerk = run_cli("report", *TODAY, "--as", "clerk1")
    assert clerk.code == 2 and clerk.out == ""
    assert CLERK_PASSWORD  # the clerk exists (cli_station made it)
