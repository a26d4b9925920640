"""A command run before setup creates the database (every command opens it); setup then still
makes an encrypted station: the empty plain file is replaced, never kept (found by the Windows
installer's scheduled sync, which runs in a profile before its clerk sets the station up)."""

from __future__ import annotations

from counter_app.paths import AppPaths
from counter_app.store.sqlite_driver import SQLITE_MAGIC
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, run_cli

SETUP = ("setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2")


def _head() -> bytes:
    return AppPaths.default().database.read_bytes()[:16]


def test_setup_encrypts_a_database_a_stray_command_made_before_it() -> None:
    run_cli("catalog", "list")
    assert AppPaths.default().database.exists() and _head() == SQLITE_MAGIC
    res = run_cli(*SETUP, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert res.code == 0, res.err
    assert _head() != SQLITE_MAGIC
    raw = rawdb.connect(AppPaths.default().database)
    try:
        assert raw.execute("SELECT center_code FROM station").fetchone() == ("MZH",)
    finally:
        raw.close()


def test_a_plain_station_with_data_is_never_replaced_by_setup() -> None:
    res = run_cli(*SETUP, "--encryption", "off", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert res.code == 0, res.err
    before = AppPaths.default().database.read_bytes()
    res = run_cli(*SETUP, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert res.code == 0, res.err
    assert _head() == SQLITE_MAGIC
    assert AppPaths.default().database.read_bytes()[:100] == before[:100]
