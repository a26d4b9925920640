"""A long import no longer blocks intake, stays all-or-none across a crash, and a busy database
or a full disk is said as such, with nothing saved (issue 12 item 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from counter_app.paths import AppPaths
from counter_app.services import history_import
from counter_app.services.intake import write_request
from counter_app.store.engine import Store
from counter_app.store.keys import secret_for
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, CliResult, run_cli
from tests.disks import tmpfs
from tests.test_cli import _individual_statement_args
from tests.test_history_import import _rows, _service, _write


def _count(sql: str = "SELECT count(*) FROM requests") -> int:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        return int(raw.execute(sql).fetchone()[0])
    finally:
        raw.close()


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every batch of 50 rows its own slice, with a pause another writer can use."""
    monkeypatch.setattr(history_import, "SLICE_SECONDS", 0.0)
    monkeypatch.setattr(history_import, "PAUSE_SECONDS", 0.2)


def test_a_save_gets_in_between_the_slices_of_a_long_import(
    cli_station: CliResult, tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "h.csv", _rows(300, _service()))
    written = 0
    saved_after: list[int] = []
    real = write_request

    def concurrent_save() -> None:
        db = AppPaths.default().database
        other = Store(db, secret_for(db))  # its own connection, like another process
        try:
            with other.write() as session:
                session.execute(text("UPDATE station SET center_name = center_name"))
            saved_after.append(written)
        finally:
            other.dispose()

    probe = threading.Thread(target=concurrent_save)

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal written
        written += 1
        if written == 75:  # in the middle of the second slice
            probe.start()
        return real(*args, **kwargs)

    monkeypatch.setattr(history_import, "write_request", counting)
    res = run_cli("request", "import", str(path), "--as", "admin", "--json")
    probe.join(30)
    assert res.code == 0, res.err
    assert json.loads(res.out)["imported"] == 300
    # The other writer committed while the import was still writing (one long transaction
    # made it wait for the whole import, or fail after the busy timeout).
    assert saved_after and saved_after[0] < 300


def test_an_import_cut_between_slices_is_finished_by_running_it_again(
    cli_station: CliResult, tmp_path: Path, small_slices: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_import, "PAUSE_SECONDS", 0.0)
    service = _service()
    path = _write(tmp_path / "h.csv", _rows(200, service))
    other = _write(tmp_path / "other.csv", [["X-1", *_rows(1, service)[0][1:]]])
    real = write_request
    calls = 0

    def dies_at_120(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 120:
            raise KeyboardInterrupt  # the process killed in the third slice
        return real(*args, **kwargs)

    monkeypatch.setattr(history_import, "write_request", dies_at_120)
    assert run_cli("request", "import", str(path), "--as", "admin").code == 130
    monkeypatch.setattr(history_import, "write_request", real)
    assert _count() == 100  # two slices committed, the third rolled back

    refused = run_cli("request", "import", str(other), "--as", "admin")
    assert refused.code == 2 and "interrupted" in refused.err
    assert _count() == 100

    again = run_cli("request", "import", str(path), "--as", "admin", "--json")
    assert again.code == 0, again.err
    assert json.loads(again.out)["imported"] == 100
    assert _count() == 200
    assert _count("SELECT count(DISTINCT paper_ref) FROM requests") == 200
    assert _count(f"SELECT count(*) FROM settings WHERE key = '{history_import.PENDING_KEY}'") == 0
    assert run_cli("request", "import", str(other), "--as", "admin").code == 0


def test_a_database_locked_too_long_says_busy_and_nothing_saved(
    cli_station: CliResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("counter_app.store.engine.BUSY_TIMEOUT_MS", 200)
    args = _individual_statement_args()
    holder = rawdb.connect(AppPaths.default().database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        res = run_cli(
            "request", "new", "--service", "MOI-INDIVIDUAL-STATEMENT", "--national-id",
            "01234567890", "--name", "سامر الكيلاني", "--phone", "0933123456", *args,
            "--as", "clerk1",
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.code == 2, res.err
    assert "busy" in res.err and "Nothing was saved" in res.err
    assert "Internal error" not in res.err
    assert _count() == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MiB tmpfs (root only): a real ENOSPC, not a simulated one."""
    with tmpfs(tmp_path, 6) as mount:
        yield mount


def _fill(folder: Path) -> Path:
    # Unbuffered: a buffered file keeps the part of its last block the disk refused and fails
    # again when closed (it did, once the database's size left a space not a multiple of 64 KiB).
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                os.fsync(fh.fileno())
        except OSError:
            pass
    return filler


def test_a_full_disk_says_so_and_saves_nothing(
    tiny_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tiny_disk / "home"
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    res = run_cli(
        "setup", "--center", "MZH", "--center-name", "مركز المزة", "--station", "2",
        "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    res = run_cli(
        "user", "add", "clerk1", "--role", "clerk", "--as", "admin", "--password-stdin",
        stdin="clerk-pass-123\nclerk-pass-123\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    args = _individual_statement_args()
    raw = rawdb.connect(AppPaths.default().database)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    filler = _fill(tiny_disk)
    saved = 0
    for n in range(40):  # until a save needs a page the disk cannot give
        res = run_cli(
            "request", "new", "--service", "MOI-INDIVIDUAL-STATEMENT", "--national-id",
            f"012345{n:05d}", "--name", "سامر الكيلاني", "--phone", "0933123456", *args,
            "--as", "clerk1",
        )  # fmt: skip
        if res.code != 0:
            break
        saved += 1
    assert res.code == 2, res.err
    assert "full" in res.err and "Nothing was saved" in res.err, res.err
    assert "Internal error" not in res.err

    filler.unlink()
    assert _count() == saved


def _crash(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("a bug")


def test_a_crash_log_whose_disk_is_full_goes_to_the_second_place(
    tiny_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home2"
    home.mkdir()
    (tiny_disk / "log").mkdir()
    (home / "log").symlink_to(tiny_disk / "log")  # the logs' disk is full, the data's is not
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    assert run_cli("db", "upgrade").code == 0  # a database on the healthy disk
    monkeypatch.setattr("counter_app.cli.cmd_db.check_database", _crash)
    filler = _fill(tiny_disk)
    res = run_cli("db", "check")
    filler.unlink()
    assert res.code == 1 and "Internal error" in res.err, res.err
    crash_log = Path(res.err.rsplit("Details: ", 1)[1].strip())
    assert crash_log.is_file() and tmp_path / "runtime" in crash_log.parents
    assert "RuntimeError" in crash_log.read_text("utf-8")


@pytest.mark.slow
def test_request_new_waits_under_a_second_during_a_20000_row_import(
    cli_station: CliResult, tmp_path: Path
) -> None:
    """Real processes. Measured 2026-12-06 on 2 shared CPUs (load average 7): a save's lock
    wait during the import max 0.40 s, median 0.14 s over 20 saves; run with -s to see it."""
    path = _write(tmp_path / "h.csv", _rows(20_000, _service()))
    args = _individual_statement_args()
    env = {**os.environ, "COUNTER_APP_LANG": "en", "COUNTER_APP_PASSWORD": CLERK_PASSWORD}
    admin_env = {**env, "COUNTER_APP_PASSWORD": ADMIN_PASSWORD}  # `--as` needs the password
    cli = [sys.executable, "-m", "counter_app"]

    def new(n: int) -> float:
        t0 = time.monotonic()
        done = subprocess.run(
            [*cli, "request", "new", "--service", "MOI-INDIVIDUAL-STATEMENT", "--national-id",
             f"0123456789{n}", "--name", "سامر الكيلاني", "--phone", "0933123456", *args,
             "--as", "clerk1"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return time.monotonic() - t0

    alone = new(9)  # the same command with nobody else writing: its own start-up and save
    started = time.monotonic()
    importer = subprocess.Popen(
        [*cli, "request", "import", str(path), "--as", "admin"],
        env=admin_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    while _count() == 0 and importer.poll() is None:
        time.sleep(0.1)
    waits = [new(n) for n in range(3)]
    # The lock wait alone, without a process start on a loaded machine: 20 saves at random
    # moments of the import, each timed from asking for the write lock to commit.
    probe = subprocess.run(
        [sys.executable, "-c", _LOCK_PROBE, str(AppPaths.default().database)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lock_waits = json.loads(probe.stdout)
    _out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err
    total = time.monotonic() - started
    print(
        f"\nimport {total:.1f} s; request new alone {alone:.2f} s, during the import "
        + ", ".join(f"{w:.2f}" for w in waits)
        + f" s; a save's lock wait during the import: max {max(lock_waits):.2f} s, "
        + f"median {sorted(lock_waits)[len(lock_waits) // 2]:.2f} s ({len(lock_waits)} saves)"
    )
    assert _count() == 20_004
    assert max(lock_waits) < 2  # generous (the bar is 1 s): a loaded machine
    # A whole `request new` process also competes with the import for the CPU (2 shared
    # CPUs): measured 2.8 s alone, 4.3-5.8 s during the import at load average 7; it used to
    # fail with "Internal error" after the 10 s busy timeout.
    assert max(waits) - alone < 8


_LOCK_PROBE = """
import json, random, sys, time
from pathlib import Path
from sqlalchemy import text
from counter_app.store.engine import Store
from counter_app.store.keys import secret_for
store = Store(Path(sys.argv[1]), secret_for(Path(sys.argv[1])))
waits = []
for _ in range(20):
    time.sleep(random.uniform(0.05, 0.4))
    t0 = time.monotonic()
    with store.write() as session:
        session.execute(text("UPDATE station SET center_name = center_name"))
    waits.append(time.monotonic() - t0)
print(json.dumps(waits))
"""
