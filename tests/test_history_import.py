"""Paper-era CSV import: all or nothing, a report of every rejected row."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from counter_app.paths import AppPaths
from tests import rawdb
from tests.conftest import CliResult, run_cli

HEADER = [
    "paper_ref",
    "service_code",
    "national_id",
    "name",
    "phone",
    "received_at",
    "status",
    "status_at",
    "reason",
]
FIRST = ["أحمد", "محمد", "فاطمة", "علي", "مريم", "عبد الله", "سلمى", "خالد"]
FAMILY = ["الخطيب", "الحلبي", "الأحمد", "الشامي", "المصري", "القباني"]


def _service() -> str:
    services = json.loads(run_cli("catalog", "list", "--json").out)["services"]
    return str(next(s["code"] for s in services if s["category"] == "service"))


def _rows(n: int, service: str) -> list[list[str]]:
    rnd = random.Random(7)
    rows = []
    for i in range(n):
        rows.append(
            [
                f"P-2019-{i:05d}",
                service,
                f"{rnd.randint(1, 14):02d}{rnd.randint(0, 10**9 - 1):09d}",
                f"{rnd.choice(FIRST)} {rnd.choice(FAMILY)}",
                f"09{rnd.randint(3, 9)}{rnd.randint(0, 9_999_999):07d}",
                f"2019-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                "delivered",
                "",
                "",
            ]
        )
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _requests() -> int:

    raw = rawdb.connect(AppPaths.default().database)
    try:
        return int(raw.execute("SELECT count(*) FROM requests").fetchone()[0])
    finally:
        raw.close()


def test_import_then_reimport_is_refused(cli_station: CliResult, tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", _rows(50, _service()))
    res = run_cli("request", "import", str(path), "--as", "admin", "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out)["imported"] == 50
    assert _requests() == 50
    again = run_cli("request", "import", str(path), "--as", "admin")
    assert again.code == 2
    assert "already imported" in again.err
    assert _requests() == 50


def test_one_bad_row_among_10000_imports_nothing(cli_station: CliResult, tmp_path: Path) -> None:
    rows = _rows(10_000, _service())
    rows[6_543][2] = "12345"  # national number of the wrong length
    path = _write(tmp_path / "h.csv", rows)
    res = run_cli("request", "import", str(path), "--as", "admin")
    assert res.code == 2
    assert "1 of 10000" in res.err
    assert "P-2019-06543" in res.err
    assert _requests() == 0


def test_nul_bytes_and_invalid_utf8_are_refused(cli_station: CliResult, tmp_path: Path) -> None:
    good = _write(tmp_path / "g.csv", _rows(3, _service())).read_bytes()
    nul = tmp_path / "nul.csv"
    nul.write_bytes(good.replace(b"P-2019-00001", b"P-2019\x00-00001"))
    res = run_cli("request", "import", str(nul), "--as", "admin")
    assert res.code == 2 and "NUL" in res.err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(good + b"P-9,X,1,\xe9\xff,0,2019-01-01,delivered,,\n")
    res = run_cli("request", "import", str(latin1), "--as", "admin")
    assert res.code == 2 and "UTF-8" in res.err
    assert _requests() == 0


def test_missing_columns_and_future_dates(cli_station: CliResult, tmp_path: Path) -> None:
    bad = tmp_path / "cols.csv"
    bad.write_text("paper_ref,name\nx,y\n", encoding="utf-8")
    res = run_cli("request", "import", str(bad), "--as", "admin")
    assert res.code == 2 and "service_code" in res.err
    rows = _rows(2, _service())
    rows[1][5] = "2099-01-01"
    res = run_cli("request", "import", str(_write(tmp_path / "f.csv", rows)), "--as", "admin")
    assert res.code == 2 and "future" in res.err
    assert _requests() == 0
