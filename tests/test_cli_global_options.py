"""--db and --lang are accepted before and after the subcommand; the one after wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, run_cli


def _setup(db: Path, *where: str) -> None:
    res = run_cli(
        *where,
        "setup",
        "--center",
        "MZH",
        "--center-name",
        "مركز المزة",
        "--station",
        "2",
        "--password-stdin",
        *(() if where else ("--db", str(db))),
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert res.code == 0, res.err


@pytest.mark.parametrize("before", [True, False])
def test_lang_before_or_after_the_subcommand(cli_station: object, before: bool) -> None:
    args = ("--lang", "ar", "status") if before else ("status", "--lang", "ar")
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert "محطة العمل" in res.out and "Station" not in res.out
    res = (
        run_cli("user", "list", "--as", "admin", "--lang", "ar")
        if not before
        else run_cli("--lang", "ar", "user", "list", "--as", "admin")
    )
    assert res.code == 0 and "المستخدم" in res.out


def test_the_value_after_the_subcommand_wins(cli_station: object) -> None:
    res = run_cli("--lang", "ar", "status", "--lang", "en")
    assert res.code == 0 and "Station" in res.out and "محطة العمل" not in res.out
    res = run_cli("--lang", "en", "user", "list", "--as", "admin", "--lang", "ar")
    assert res.code == 0 and "المستخدم" in res.out
    # An option given only before the subcommand is not reset by the subcommand's parser.
    res = run_cli("--lang", "ar", "user", "list", "--as", "admin")
    assert "المستخدم" in res.out


def test_db_after_the_subcommand(tmp_path: Path) -> None:
    first, second = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    _setup(first)  # --db after "setup"
    assert first.exists() and not second.exists()
    res = run_cli("--db", str(second), "status", "--db", str(first), "--json")
    assert res.code == 0, res.err
    assert str(first) in res.out and not second.exists()
    res = run_cli("--lang", "en", "archive", "box", "list", "--as", "admin", "--db", str(first))
    assert res.code == 0, res.err
    assert not second.exists()


def test_a_bad_value_after_the_subcommand_is_refused() -> None:
    res = run_cli("status", "--lang", "fr")
    assert res.code == 2 and "invalid choice" in res.err
