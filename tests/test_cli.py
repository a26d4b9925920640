"""The command line as an operator uses it: exit codes, JSON, clear errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from counter_app.paths import AppPaths
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CliResult, run_cli


def _db_snapshot() -> dict[str, int]:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        return {
            t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "requests",
                "citizens",
                "audit_log",
                "outbox",
                "request_events",
                "catalog_versions",
                "users",
            )
        }
    finally:
        raw.close()


def _new_request(*extra: str, nid: str = "01020304050") -> CliResult:
    return run_cli(
        "request",
        "new",
        "--as",
        "clerk1",
        "--service",
        "MOI-INDIVIDUAL-STATEMENT",
        "--national-id",
        nid,
        "--name",
        "فاطمة عبد الله الأحمد",
        "--phone",
        "0933123456",
        *extra,
        "--json",
    )


def _individual_statement_args() -> list[str]:
    """Fields and documents the shipped catalog asks for, taken from `catalog list --json`."""
    res = run_cli("catalog", "list", "--json")
    services = {s["code"]: s for s in json.loads(res.out)["services"]}
    svc = services["MOI-INDIVIDUAL-STATEMENT"]
    args: list[str] = []
    for f in svc["fields"]:
        if not f["required"]:
            continue
        value = {
            "text": "دمشق",
            "national_id": "01020304050",
            "phone": "0944123456",
            "date": "2020-01-01",
            "number": "1",
            "organization": "جمعية",
        }.get(f["type"])
        if f["type"] == "choice":
            value = f["choices"][0]["value"]
        if f["type"] == "number" and f.get("min") is not None:
            value = str(int(f["min"]))
        args += ["--field", f"{f['key']}={value}"]
    for d in svc["documents"]:
        state = "scan_pending" if d["requirement"] == "scan_required" else "copy_kept"
        args += ["--doc", f"{d['type']}={state}"]
    return args


def test_setup_is_idempotent(cli_station: CliResult) -> None:
    before = _db_snapshot()
    again = run_cli("setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2")
    assert again.code == 0, again.err
    assert "already set up" in again.out
    assert _db_snapshot() == before


def test_setup_refuses_to_change_identity(cli_station: CliResult) -> None:
    res = run_cli("setup", "--center", "MSA", "--center-name", "x", "--station", "1")
    assert res.code == 2
    assert "MZH-02" in res.err


def test_status_json(cli_station: CliResult) -> None:
    res = run_cli("status", "--json")
    assert res.code == 0
    info = json.loads(res.out)
    assert info["center_code"] == "MZH" and info["station_no"] == 2
    assert info["users"] == 2 and info["requests"] == 0


def test_full_request_cycle(cli_station: CliResult) -> None:
    res = _new_request(*_individual_statement_args())
    assert res.code == 0, res.err
    saved = json.loads(res.out)
    receipt = saved["receipt_no"]
    shown = json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)
    assert shown["status"] == "submitted" and shown["name"] == "فاطمة عبد الله الأحمد"
    # Search by the normalised name: no hamza, joined "عبدالله", ta marbuta as ha.
    hits = json.loads(run_cli("search", "--as", "clerk1", "فاطمه عبدالله", "--json").out)
    assert hits["kind"] == "name"
    assert [h["receipt_no"] for h in hits["hits"]] == [receipt]
    assert run_cli("request", "status", receipt, "ready", "--as", "clerk1").code == 0
    res = run_cli("request", "status", receipt, "delivered", "--as", "clerk1", "--json")
    assert res.code == 0, res.err
    assert [e["status"] for e in json.loads(res.out)["events"]] == [
        "submitted",
        "ready",
        "delivered",
    ]


def test_transition_not_allowed_changes_nothing(cli_station: CliResult) -> None:
    receipt = json.loads(_new_request(*_individual_statement_args()).out)["receipt_no"]
    before = _db_snapshot()
    res = run_cli("request", "status", receipt, "delivered", "--as", "clerk1")
    assert res.code == 2
    assert "cannot become" in res.err
    assert "Traceback" not in res.err
    assert _db_snapshot() == before


def test_bad_request_input_exit_2_nothing_stored(cli_station: CliResult) -> None:
    args = _individual_statement_args()
    before = _db_snapshot()
    for bad in (
        ["--service", "NO-SUCH-SERVICE"],
        ["--national-id", "123"],
        ["--national-id", "0102030405a"],
        ["--phone", "0112233445"],
        ["--name", "x" * 10_000],
        ["--field", "nonsense"],
    ):
        res = _new_request(*args, *bad)
        assert res.code == 2, (bad, res.err)
        assert res.err.startswith("Error:"), res.err
        assert "Traceback" not in res.err
    assert _db_snapshot() == before


def test_errors_are_translated_to_arabic(cli_station: CliResult) -> None:
    res = run_cli("--lang", "ar", "request", "show", "--as", "clerk1", "MZH-02-26-999999-0")
    assert res.code == 2
    assert "خطأ" in res.err


def test_writes_need_a_user(cli_station: CliResult) -> None:
    res = run_cli("request", "status", "MZH-02-26-000001-0", "ready")
    assert res.code == 2
    assert "--as" in res.err


def test_login_lockout(cli_station: CliResult) -> None:
    for _ in range(5):
        assert run_cli("user", "login", "admin", "--password-stdin", stdin="wrong\n").code == 2
    res = run_cli("user", "login", "admin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert res.code == 2
    assert "locked" in res.err


def test_report_json_shape(cli_station: CliResult) -> None:
    _new_request(*_individual_statement_args())
    # A period as long as the report allows (ten years), around today.
    res = run_cli("report", "--from=-3000d", "--to", "today", "--as", "admin", "--format", "json")
    assert res.code == 0, res.err
    body = json.loads(res.out)
    assert set(body) >= {"period", "grouping", "rows", "totals", "series", "overdue"}
    assert body["totals"]["received"] == 1
    row = body["rows"][0]
    assert row["key"] == "MOI-INDIVIDUAL-STATEMENT" and row["received"] == 1
    assert row["label_ar"] == "بيان فردي"


def test_report_refuses_a_period_of_more_than_ten_years(cli_station: CliResult) -> None:
    res = run_cli("report", "--from", "2020-01-01", "--to", "2099-12-31", "--as", "admin")
    assert res.code == 2 and "3700" in res.err


def test_report_rejects_reversed_period(cli_station: CliResult) -> None:
    res = run_cli("report", "--from", "2026-02-01", "--to", "2026-01-01", "--as", "admin")
    assert res.code == 2


def test_catalog_import_of_bad_file_changes_nothing(cli_station: CliResult, tmp_path: Path) -> None:
    before = _db_snapshot()
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": 1, "version": "2027.1.1", "published": "x", "agencies": [], '
        '"document_types": [], "services": [{"code": "X"}]}'
    )
    res = run_cli("catalog", "import", str(bad), "--as", "admin")
    assert res.code == 2
    assert "invalid" in res.err
    assert _db_snapshot() == before
    missing = run_cli("catalog", "import", str(tmp_path / "nope.json"), "--as", "admin")
    assert missing.code == 2 and "Cannot read" in missing.err


def test_catalog_field_errors_name_the_field_in_the_readers_language(
    cli_station: CliResult,
) -> None:
    ar = run_cli(
        "--lang",
        "ar",
        "request",
        "new",
        "--as",
        "clerk1",
        "--service",
        "MOI-CRIMINAL-RECORD",
        "--national-id",
        "01020304050",
        "--name",
        "سلمى",
        "--phone",
        "0933123456",
    )
    assert ar.code == 2
    assert "اسم الأم: هذا الحقل إلزامي" in ar.err
    en = run_cli(
        "--lang",
        "en",
        "request",
        "new",
        "--as",
        "clerk1",
        "--service",
        "MOI-CRIMINAL-RECORD",
        "--national-id",
        "01020304050",
        "--name",
        "سلمى",
        "--phone",
        "0933123456",
    )
    assert "Mother's name: this field is required" in en.err


def test_output_to_a_closed_pipe_is_not_an_error(cli_station: CliResult) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "catalog", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line, like `| true`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "Internal error" not in err
