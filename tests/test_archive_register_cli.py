"""`diwan`, `handover` and `archive locate/file/box` as an operator uses them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.domain.receipt import check_character
from counter_app.paths import AppPaths
from tests import rawdb
from tests.conftest import CliResult, run_cli
from tests.printing.readback import barcodes
from tests.test_cli import _individual_statement_args, _new_request

ARCHIVE = ("--as", "archive1")
TABLES = (
    "handover_batches",
    "handover_files",
    "diwan_entries",
    "diwan_sequences",
    "archive_boxes",
    "file_locations",
    "outbox",
    "audit_log",
    "print_jobs",
)


def _snapshot() -> dict[str, int]:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        return {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        raw.close()


@pytest.fixture
def receipts(cli_station: CliResult) -> list[str]:
    res = run_cli(
        "user",
        "add",
        "archive1",
        "--role",
        "archive",
        "--as",
        "admin",
        "--password-stdin",
        stdin="archive-pass-123\narchive-pass-123\n",
    )
    assert res.code == 0, res.err
    args = _individual_statement_args()
    made = [json.loads(_new_request(*args, nid=f"0102030405{i}").out) for i in range(2)]
    return [m["receipt_no"] for m in made]


def _day_of(receipt: str) -> str:
    shown = json.loads(run_cli("request", "show", "--as", "clerk1", receipt, "--json").out)
    at = dt.datetime.fromisoformat(shown["received_at"])
    return at.astimezone(ZoneInfo("Asia/Damascus")).date().isoformat()


def _ok(*args: str) -> CliResult:
    res = run_cli(*args)
    assert res.code == 0, res.err
    return res


def _bad(*args: str, message: str) -> None:
    before = _snapshot()
    res = run_cli(*args)
    assert res.code == 2, (args, res.out, res.err)
    assert message in res.err and "Traceback" not in res.err, res.err
    assert _snapshot() == before


def test_handover_from_counter_to_archive(receipts: list[str], tmp_path: Path) -> None:
    first, _ = receipts
    slip = tmp_path / "slip.pdf"
    day = _day_of(first)
    made = _ok("handover", "new", "--date", day, "--out", str(slip), "--as", "clerk1", "--json")
    batch = json.loads(made.out)["batch"]
    number = batch["batch_no"]
    assert batch["listed"] == 2 and json.loads(made.out)["print_job"]["kind"] == "handover"
    assert number in barcodes(slip.read_bytes())
    text_out = _ok("handover", "show", "--as", "clerk1", number).out
    assert first in text_out and "not received yet" in text_out

    got = json.loads(_ok("handover", "receive", number, first, *ARCHIVE, "--json").out)
    assert [s["outcome"] for s in got["scanned"]] == ["received"]
    closed = json.loads(_ok("handover", "close", number, *ARCHIVE, "--json").out)
    assert (closed["state"], closed["missing"]) == ("closed", 1)
    listed = json.loads(_ok("handover", "list", "--as", "clerk1", "--discrepancies", "--json").out)
    assert [b["batch_no"] for b in listed] == [number]
    assert (
        json.loads(_ok("handover", "list", "--as", "clerk1", "--archive", "--json").out)[0][
            "missing"
        ]
        == 1
    )
    # The missing file goes again in the day's next batch; the first line is its number.
    again = _ok("handover", "new", "--date", day, "--as", "clerk1").out.splitlines()[0]
    assert again.startswith(number[:-5] + "02-")
    assert [
        f["state"]
        for f in json.loads(_ok("handover", "show", "--as", "clerk1", again, "--json").out)["files"]
    ] == ["expected"]


def test_handover_bad_input_exit_2(receipts: list[str]) -> None:
    first, _ = receipts
    day = _day_of(first)
    number = json.loads(_ok("handover", "new", "--date", day, "--as", "clerk1", "--json").out)[
        "batch"
    ]["batch_no"]
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    _bad("handover", "receive", wrong, first, *ARCHIVE, message="check digits")
    _bad("handover", "show", "--as", "clerk1", "HO-XX", message="not a handover batch number")
    _bad("handover", "new", "--date", day, "--as", "clerk1", message="no files of")
    _bad("handover", "new", "--date", "2026-02-30", "--as", "clerk1", message="not a real")
    _bad("handover", "receive", number, first, *ARCHIVE, "--as", "clerk1", message="not allowed")
    _ok("handover", "receive", number, first, *ARCHIVE)
    _bad("handover", "receive", number, first, *ARCHIVE, message="already received")
    _ok("handover", "close", number, *ARCHIVE)
    _bad("handover", "close", number, *ARCHIVE, message="already closed")


def test_a_slip_that_fails_to_print_waits_in_the_queue(receipts: list[str], tmp_path: Path) -> None:
    printer = f"file:{tmp_path / 'no-such-folder' / 'slip.pdf'}"
    res = run_cli("handover", "new", "--print", "--printer", printer, "--as", "clerk1", "--json")
    assert res.code == 2 and "kept in the print queue" in res.err, res.err
    batch = json.loads(res.out)["batch"]
    assert batch["listed"] == 2  # the batch is saved; only its slip waits
    [job] = json.loads(_ok("print-queue", "--as", "clerk1", "--json").out)
    assert (job["kind"], job["ref"], job["state"]) == ("handover", batch["batch_no"], "failed")
    # Printed again, here to a file: the same slip, its barcode the batch number.
    slip = tmp_path / "again.pdf"
    again = json.loads(
        _ok(
            "handover", "print", batch["batch_no"], "--out", str(slip), "--as", "clerk1", "--json"
        ).out
    )
    assert (again["kind"], again["ref"], again["state"]) == ("handover", batch["batch_no"], "sent")
    assert batch["batch_no"] in barcodes(slip.read_bytes())
    _bad("handover", "print", "HO-XX", "--out", "x.pdf", "--as", "clerk1", message="not a handover")


def test_register_boxes_and_locations(receipts: list[str], tmp_path: Path) -> None:
    first, second = receipts
    year = dt.datetime.now(ZoneInfo("Asia/Damascus")).year
    out = _ok("diwan", "register", first, "--subject", "بيان فردي", *ARCHIVE).out
    assert f"1/{year}" in out
    entry = json.loads(_ok("diwan", "register", second, *ARCHIVE, "--json").out)
    assert entry["register_no"] == f"2/{year}"
    found = json.loads(_ok("diwan", "find", "--as", "admin", f"1/{year}", "--json").out)
    assert (found["receipt_no"], found["subject"]) == (first, "بيان فردي")
    assert f"2/{year}" in _ok("diwan", "list", "--as", "admin").out

    _ok("archive", "box", "add", "B-01", "--shelf", "A-3", "--label", "بيانات", *ARCHIVE)
    _ok("archive", "box", "add", "B-02", "--shelf", "A-4", *ARCHIVE)
    label = tmp_path / "box.pdf"
    job = json.loads(
        _ok("archive", "box", "label", "b-01", "--out", str(label), *ARCHIVE, "--json").out
    )
    assert job["kind"] == "box_label" and barcodes(label.read_bytes()) == ["B-01"]
    _ok("archive", "file", first, "--box", "B-01", *ARCHIVE)
    moved = json.loads(_ok("archive", "file", f"1/{year}", "--box", "B-02", *ARCHIVE, "--json").out)
    assert (moved["box"], moved["shelf"], len(moved["history"])) == ("B-02", "A-4", 2)
    where = json.loads(_ok("archive", "locate", "--as", "admin", first, "--json").out)
    assert (where["register_no"], where["box"], where["shelf"]) == (f"1/{year}", "B-02", "A-4")
    shown = _ok("archive", "locate", "--as", "admin", f"1/{year}").out
    assert "B-02" in shown and "A-4" in shown and "B-01" in shown  # the history shows the move
    boxes = json.loads(_ok("archive", "box", "list", "--as", "admin", "--json").out)
    assert {b["code"]: b["files"] for b in boxes} == {"B-01": 0, "B-02": 1}
    assert first in _ok("archive", "box", "show", "--as", "admin", "B-02").out


def test_register_and_box_bad_input_exit_2(receipts: list[str]) -> None:
    first, _ = receipts
    year = dt.datetime.now(ZoneInfo("Asia/Damascus")).year
    _ok("diwan", "register", first, *ARCHIVE)
    _ok("archive", "box", "add", "B-01", "--shelf", "A-3", *ARCHIVE)
    _bad("diwan", "register", first, *ARCHIVE, message=f"already registered as 1/{year}")
    _bad("diwan", "register", "MZH-02-26-999999-X", *ARCHIVE, message="check character")
    unknown = "MZH-02-26-000099-" + check_character("MZH-02-26-000099")
    _bad("diwan", "register", unknown, *ARCHIVE, message="No request with the number")
    _bad("diwan", "register", first, "--as", "clerk1", message="not allowed")
    _bad("diwan", "find", "--as", "admin", "1234-2026", message="is not a register number")
    _bad("diwan", "find", "--as", "admin", f"7/{year}", message="no register entry")
    _bad("archive", "file", first, "--box", "B-99", *ARCHIVE, message="There is no box B-99")
    _bad("archive", "file", first, "--box", "ب/1", *ARCHIVE, message="is not a box code")
    _bad("archive", "box", "add", "b-01", "--shelf", "X", *ARCHIVE, message="already exists")
    _bad("archive", "box", "label", "B-77", "--out", "x.pdf", *ARCHIVE, message="no box B-77")
    _bad("archive", "locate", "--as", "admin", "nothing", message="not a receipt number")
