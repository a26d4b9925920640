"""`request new --paid-amount`, `request pay`, `request show` and `cash` as an operator uses
them: exit codes, JSON, CSV, translated errors, nothing saved on a bad payment."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import CliResult, run_cli
from tests.test_cli import _db_snapshot, _individual_statement_args, _new_request

FEE = "3000"  # MOI-INDIVIDUAL-STATEMENT in the shipped catalog


def _receipt(res: CliResult) -> str:
    assert res.code == 0, res.err
    return str(json.loads(res.out)["receipt_no"])


def test_paid_at_intake_and_shown(cli_station: CliResult) -> None:
    args = _individual_statement_args()
    receipt = _receipt(_new_request(*args, "--paid-amount", "٣٬٠٠٠", "--bank-receipt", "CBS 991"))
    shown = json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)
    assert shown["payment"]["amount_syp"] == 3000
    assert shown["payment"]["bank_receipt_no"] == "CBS991"
    table = run_cli("request", "show", "--as", "clerk1", receipt)
    assert "3,000 SYP" in table.out and "Paid — bank receipt CBS991" in table.out
    ar = run_cli("request", "show", "--as", "clerk1", receipt, "--lang", "ar")
    assert "مدفوع — إيصال المصرف" in ar.out


def test_a_bad_payment_at_intake_saves_nothing(cli_station: CliResult) -> None:
    args = _individual_statement_args()
    before = _db_snapshot()
    res = _new_request(*args, "--bank-desk")
    assert res.code == 2 and "--paid-amount" in res.err and "Traceback" not in res.err
    res = _new_request(*args, "--paid-amount", "2500", "--bank-desk")
    assert res.code == 2 and "The fee of this service is 3000 SYP, not 2500" in res.err
    res = _new_request(*args, "--paid-amount", "3000")
    assert res.code == 2 and "--bank-receipt NUMBER or --bank-desk" in res.err
    res = _new_request(*args, "--paid-amount", "ثلاثة", "--bank-desk")
    assert res.code == 2 and "is not an amount in Syrian pounds" in res.err
    res = _new_request(*args, "--paid-amount", FEE, "--bank-desk", "--bank-receipt", "1")
    assert res.code == 2  # argparse: not both
    assert _db_snapshot() == before


def test_pay_later_then_twice(cli_station: CliResult) -> None:
    receipt = _receipt(_new_request(*_individual_statement_args()))
    assert "Not paid" in run_cli("request", "show", "--as", "clerk1", receipt).out
    res = run_cli("request", "pay", receipt, "--amount", FEE, "--bank-desk", "--as", "clerk1")
    assert res.code == 0, res.err
    assert f"Fee of request {receipt} recorded: 3,000 SYP, Paid at the bank desk" in res.out
    again = run_cli(
        "request", "pay", receipt, "--amount", FEE, "--bank-receipt", "77", "--as", "clerk1"
    )
    assert again.code == 2 and f"The fee of request {receipt} is already paid" in again.err
    ar = run_cli(
        "request", "pay", receipt, "--amount", FEE, "--bank-desk", "--as", "clerk1", "--lang", "ar"
    )
    assert ar.code == 2 and "مدفوع من قبل" in ar.err
    missing = run_cli("request", "pay", receipt, "--amount", FEE, "--as", "clerk1")
    assert missing.code == 2  # a method is required


def test_cash_report_formats(cli_station: CliResult) -> None:
    args = _individual_statement_args()
    r1 = _receipt(_new_request(*args, "--paid-amount", FEE, "--bank-receipt", "CBS-1"))
    r2 = _receipt(_new_request(*args, "--paid-amount", FEE, "--bank-desk", nid="02020304050"))
    data = json.loads(run_cli("cash", "--as", "admin", "--format", "json").out)
    assert [p["receipt_no"] for p in data["payments"]] == [r1, r2]
    assert data["total_syp"] == 6000
    assert data["by_method"] == {"bank_receipt": 3000, "bank_desk": 3000}
    rows = list(csv.reader(io.StringIO(run_cli("cash", "--as", "admin", "--format", "csv").out)))
    assert rows[0][1] == "Receipt number" and [r[1] for r in rows[1:]] == [r1, r2]
    assert [r[5] for r in rows[1:]] == ["CBS-1", ""]
    table = run_cli("cash", "--as", "admin", "--date", "today")
    assert table.code == 0 and "6,000" in table.out and "Bank desk" in table.out
    ar = run_cli("cash", "--as", "admin", "--lang", "ar")
    assert "6,000" in ar.out and "المجموع" in ar.out and "كشف الصندوق" in ar.out
    # A clerk sees his own payments only, and is told so.
    own = run_cli("cash", "--as", "clerk1")
    assert own.code == 0 and "Only your own payments (clerk1)" in own.out
    empty = run_cli("cash", "--as", "admin", "--date", "2026-01-01")
    assert empty.code == 0 and "No payments were recorded on this day." in empty.out
    bad = run_cli("cash", "--as", "admin", "--date", "yesterdayish")
    assert bad.code == 2 and "Traceback" not in bad.err
