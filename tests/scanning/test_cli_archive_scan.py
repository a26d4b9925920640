"""`counter-app archive cover/import/imports/unfiled/assign/watch`, `scan` and `scanners`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli
from tests.printing.readback import barcodes
from tests.scanning.conftest import ONE_PAPER
from tests.scanning.scanstack import StackMaker
from tests.test_intake import valid_fields

AS = ("--as", "archive1")


@pytest.fixture
def archive_station(cli_station: CliResult) -> list[str]:
    """The CLI station with an archive clerk and two requests; returns their numbers."""
    res = run_cli(
        "user", "add", "archive1", "--role", "archive", "--as", "admin", "--password-stdin",
        stdin="arch-pass-123\narch-pass-123\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    from counter_app.domain.catalog import parse_catalog
    from counter_app.services.context import shipped_catalog_bytes

    svc = parse_catalog(shipped_catalog_bytes().decode()).service(ONE_PAPER)
    assert svc is not None
    args = [f"--field={k}={v}" for k, v in valid_fields(svc).items()]
    args += ["--doc=PERSONAL-ID=original_seen", "--doc=ALLOCATION-CONTRACT=copy_kept"]
    refs = []
    for number in range(2):
        res = run_cli(
            "request", "new", "--service", ONE_PAPER, "--national-id", f"0101010101{number}",
            "--name", "ريم الحلبي", "--phone", "0999888777", *args, "--as", "clerk1", "--json",
        )  # fmt: skip
        assert res.code == 0, res.err
        refs.append(json.loads(res.out)["receipt_no"])
    return refs


def test_cover_import_unfiled_assign(
    archive_station: list[str], stacks: StackMaker, tmp_path: Path
) -> None:
    one, two = archive_station
    cover = tmp_path / "cover.pdf"
    res = run_cli("archive", "cover", one, "--out", str(cover), *AS)
    assert res.code == 0, res.err
    assert barcodes(cover.read_bytes()) == [one]

    stack = tmp_path / "stack.pdf"
    stack.write_bytes(stacks.stack([(None, 1), (one, 2), (two, 1)]).pdf)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(stack.read_bytes()[:5000])
    res = run_cli("archive", "import", str(stack), str(broken), "--settle", "0", "--json", *AS)
    assert res.code == 2  # a file was refused; the other is filed all the same
    report = json.loads(res.out)
    assert [r["status"] for r in report] == ["partial", "quarantined"]
    assert [(d["receipt_no"], d["pages"]) for d in report[0]["filed"]] == [
        (one, [3, 4]),
        (two, [6]),
    ]
    assert report[1]["message_text"] == "The PDF file is incomplete (cut off before its end)"
    assert broken.exists() and stack.exists()  # the command line leaves files where they are

    res = run_cli("archive", "import", str(stack), "--settle", "0", *AS)
    assert res.code == 0 and "stack.pdf: already imported (partly filed), 6 pages" in res.out

    res = run_cli("archive", "unfiled", "--as", "admin", "--json")
    pending = json.loads(res.out)
    assert [(p["page"], p["reason"]) for p in pending] == [(1, "no_cover")]
    res = run_cli("archive", "assign", str(pending[0]["id"]), two, "--json", *AS)
    assert res.code == 0, res.err
    assert json.loads(res.out)["doc_type"] == "ALLOCATION-CONTRACT"
    assert json.loads(run_cli("archive", "unfiled", "--as", "admin", "--json").out) == []
    res = run_cli("archive", "unfiled", "--as", "admin", "--all")
    assert two in res.out

    res = run_cli("archive", "assign", "1-x", two, *AS)
    assert res.code == 2 and "is not a page number or range" in res.err
    res = run_cli("archive", "assign", str(pending[0]["id"]), one, *AS)
    assert res.code == 2 and f"is already filed under {two}" in res.err

    res = run_cli("archive", "imports", "--as", "admin", "--quarantined", "--json")
    assert [r["filename"] for r in json.loads(res.out)] == ["broken.pdf"]


def test_human_output_and_bad_input(
    archive_station: list[str], stacks: StackMaker, tmp_path: Path
) -> None:
    one, _ = archive_station
    stack = tmp_path / "stack.pdf"
    stack.write_bytes(stacks.stack([(one, 2)]).pdf)
    res = run_cli("archive", "import", str(stack), "--settle", "0", *AS)
    assert res.code == 0, res.err
    assert res.out.splitlines() == [
        "stack.pdf: filed, 3 pages",
        f"  {one}: pages 2-3 filed as ALLOCATION-CONTRACT",
    ]
    res = run_cli("archive", "import", str(tmp_path / "missing.pdf"), *AS)
    assert res.code == 2 and "Cannot read" in res.err
    res = run_cli("archive", "import", str(stack), "--as", "clerk1")
    assert res.code == 2 and "not allowed" in res.err
    res = run_cli("archive", "watch", str(tmp_path / "nowhere"), "--once", *AS)
    assert res.code == 2 and "is not a folder" in res.err


def test_watch_once(archive_station: list[str], stacks: StackMaker, tmp_path: Path) -> None:
    one, two = archive_station
    folder = tmp_path / "hot"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(stacks.stack([(two, 1), (one, 1)]).pdf)
    res = run_cli("archive", "watch", str(folder), "--once", "--settle", "0.05", "--json", *AS)
    assert res.code == 0, res.err
    item = json.loads(res.out)
    # An encrypted station: the scanner's plain file is removed once stored sealed and read back.
    assert item["status"] == "filed" and item["removed"] and item["moved_to"] is None
    assert not (folder / "a.pdf").exists() and not (folder / "done" / "a.pdf").exists()
    assert [d["receipt_no"] for d in item["filed"]] == [two, one]


def test_scan_from_the_sane_test_device(archive_station: list[str], sane: Path) -> None:
    res = run_cli("scanners", "--json")
    assert res.code == 0, res.err
    found = json.loads(res.out)
    assert [f["device"]["name"] for f in found] == ["test:0", "test:1"]
    assert found[0]["options"]["modes"] == ["Gray", "Color"]
    res = run_cli("scanners")
    assert "Automatic Document Feeder" in res.out
    res = run_cli("scan", "--device", "test:1", "--resolution", "100", "--json", *AS)
    assert res.code == 0, res.err
    scanned = json.loads(res.out)
    assert scanned["source"] == "scanner" and scanned["pages"] == 1
    res = run_cli("scan", "--device", "test:0", "--source", "duplex", *AS)
    assert res.code == 2 and "cannot scan both sides" in res.err
