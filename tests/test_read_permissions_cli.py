"""The command line's reads are use cases like its writes (issue 17, item 6): each needs `--as`
(with its password), and each role reads what its desktop screens show, no more."""

from __future__ import annotations

import pytest

from counter_app.paths import AppPaths
from tests import rawdb
from tests.conftest import CliResult, run_cli

READS: list[tuple[str, ...]] = [
    ("search", "0944123456"),
    ("request", "show", "MZH-02-26-000001-0"),
    ("print-queue",),
    ("settings", "show"),
    ("sync-status",),
    ("quarantine",),
    ("handover", "list"),
    ("handover", "show", "HO-MZH-02-261122-01"),
    ("diwan", "list"),
    ("diwan", "find", "1/2026"),
    ("archive", "locate", "MZH-02-26-000001-0"),
    ("archive", "box", "list"),
    ("archive", "box", "show", "B-01"),
    ("archive", "imports"),
    ("archive", "unfiled"),
    ("user", "list"),
    ("automation", "list"),
]
# Reads a counter clerk's desktop does not show (the archive's screens, the admin's).
NOT_THE_CLERKS = [
    ("diwan", "list"),
    ("archive", "box", "list"),
    ("archive", "imports"),
    ("archive", "unfiled"),
    ("user", "list"),
    ("automation", "list"),
]


def _audit_rows() -> int:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        return int(raw.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        raw.close()


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_without_a_person_is_refused(
    cli_station: CliResult, command: tuple[str, ...]
) -> None:
    before = _audit_rows()
    res = run_cli(*command)
    assert res.code == 2 and "Say who you are with --as USER" in res.err, res.err
    assert res.out == "" and "Traceback" not in res.err
    assert _audit_rows() == before


@pytest.mark.parametrize("command", NOT_THE_CLERKS, ids=" ".join)
def test_a_clerk_reads_only_what_his_screens_show(
    cli_station: CliResult, command: tuple[str, ...]
) -> None:
    refused = run_cli(*command, "--as", "clerk1", "--json")
    assert refused.code == 2 and "User clerk1 (Counter clerk) is not allowed" in refused.err
    assert refused.out == ""
    allowed = run_cli(*command, "--as", "admin", "--json")
    assert allowed.code == 0, allowed.err


def test_the_arabic_refusal_names_the_reading(cli_station: CliResult) -> None:
    res = run_cli("--lang", "ar", "user", "list", "--as", "clerk1")
    assert res.code == 2 and "عرض حسابات المستخدمين" in res.err, res.err


def test_a_wrong_password_reads_nothing(cli_station: CliResult) -> None:
    res = run_cli("search", "--as", "clerk1", "--password-stdin", "0944", stdin="wrong\n")
    assert res.code == 2 and "Wrong user name or password" in res.err and res.out == ""
