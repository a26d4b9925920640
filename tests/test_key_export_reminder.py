"""`status` reminds an admin whose database key exists only in this PC's credential store: a
lost or replaced PC then opens neither the database nor its backups."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliResult, run_cli


def test_status_says_until_the_key_is_exported_and_when_it_was(
    cli_station: CliResult, tmp_path: Path
) -> None:
    before = run_cli("status")
    assert (
        "Key kept offline" in before.out and "never: run `counter-app db key export" in before.out
    )
    assert json.loads(run_cli("status", "--json").out)["key_exported_at"] is None
    out = tmp_path / "key.txt"
    res = run_cli("db", "key", "export", "--out", str(out), "--as", "admin")
    assert res.code == 0, res.err
    after = run_cli("status")
    assert "exported " in after.out and "never:" not in after.out
    assert json.loads(run_cli("status", "--json").out)["key_exported_at"]
    arabic = run_cli("--lang", "ar", "status")
    assert "never" not in arabic.out


def test_a_plain_station_has_no_key_line(tmp_path: Path) -> None:
    from tests.conftest import ADMIN_PASSWORD

    res = run_cli(
        "setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2",
        "--encryption", "off", "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "Key kept offline" not in run_cli("status").out
