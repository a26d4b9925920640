"""No citizen data in any log, whatever path logged it; owner-only files and folders
(issue 12 item 10), and a crash log that survives a full disk (item 9)."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from counter_app.logs import fallback_dir, setup_logging, write_crash
from counter_app.paths import AppPaths
from tests.conftest import CliResult, Station, run_cli
from tests.test_cli import _individual_statement_args

NID, NAME, PHONE = "01234567890", "سامر الكيلاني", "0933123456"
REQUEST_JSON = f'{{"national_id": "{NID}", "name": "{NAME}", "phone": "{PHONE}"}}'


def _exploding(*_args: object, **_kwargs: object) -> None:
    """What SQLAlchemy raises on a failed INSERT: its text carries the parameters; its context
    a KeyError holding a national number, like a lookup by key would."""
    try:
        raise KeyError(NID)
    except KeyError:
        raise IntegrityError(
            "INSERT INTO citizens (national_id, name, phone, payload) VALUES (?, ?, ?, ?)",
            (NID, NAME, PHONE, REQUEST_JSON),
            sqlite3.IntegrityError("UNIQUE constraint failed: citizens.national_id"),
        ) from None


@pytest.fixture
def logs_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppPaths]:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    yield AppPaths.default()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(handler)
        handler.close()


def _all_logs(paths: AppPaths) -> dict[Path, str]:
    found = {}
    for folder in (paths.log_dir, paths.data_dir, fallback_dir()):
        if folder.is_dir():
            for path in folder.rglob("*.log*"):
                found[path] = path.read_text("utf-8", errors="replace")
    return found


def _assert_clean(paths: AppPaths, *expected: str) -> None:
    logs = _all_logs(paths)
    text = "\n".join(logs.values())
    for needle in expected:  # the error itself was logged (else the test proves nothing)
        assert needle in text, (needle, logs)
    for secret in (NID, NAME, PHONE, "سامر", "0933"):
        assert secret not in text, (secret, logs)


def _wait_for(check: Callable[[], bool]) -> None:
    for _ in range(200):
        if check():
            return
        time.sleep(0.05)


def test_cli_internal_error_logs_no_citizen_data(
    cli_station: CliResult, logs_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _individual_statement_args()
    monkeypatch.setattr("counter_app.services.intake.allocate_receipt", _exploding)
    res = run_cli(
        "request", "new", "--service", "MOI-INDIVIDUAL-STATEMENT", "--national-id", NID,
        "--name", NAME, "--phone", PHONE, *args, "--as", "clerk1",
    )  # fmt: skip
    assert res.code == 1 and "Internal error" in res.err
    _assert_clean(logs_home, "UNIQUE constraint failed: citizens.national_id", "allocate_receipt")
    crash = logs_home.log_dir / "counter-app-errors.log"
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600


def test_ui_error_hook_and_uncaught_errors_log_no_citizen_data(logs_home: AppPaths) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from counter_app.logs import log_uncaught
    from counter_app.ui.env import error_text

    setup_logging(logs_home)
    try:
        _exploding()
    except IntegrityError as exc:
        shown = error_text(exc, "en")
        log_uncaught(type(exc), exc, exc.__traceback__)
    assert NID not in shown
    _assert_clean(logs_home, "use case failed", "uncaught IntegrityError", "_exploding")


def test_sync_worker_and_hot_folder_log_no_citizen_data(
    station: Station, logs_home: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from counter_app.services.scan_station import HotFolderWatcher
    from counter_app.sync.worker import SyncWorker

    setup_logging(logs_home)
    monkeypatch.setattr("counter_app.sync.worker.sync_once", _exploding)
    monkeypatch.setattr("counter_app.services.scan_station.watch_hot_folder", _exploding)
    worker = SyncWorker(station.ctx, _Client)  # type: ignore[arg-type]
    watcher = HotFolderWatcher(station.ctx, station.admin, tmp_path / "hot", retry=60)
    worker.start()
    watcher.start()
    log = logs_home.log_dir / "counter-app.log"
    _wait_for(lambda: log.exists() and log.read_text("utf-8").count("IntegrityError") >= 2)
    worker.stop(timeout=5)
    watcher.stop(timeout=5)
    _assert_clean(logs_home, "sync round failed", "hot folder")


def test_a_crash_log_on_a_full_disk_goes_to_the_second_place(
    logs_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    real_open = os.open

    def open_but_not_in_log_dir(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(logs_home.log_dir)):
            return full()
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("counter_app.logs.os.open", open_but_not_in_log_dir)
    try:
        _exploding()
    except IntegrityError as exc:
        where = write_crash(logs_home, exc)
    assert where is not None and where.parent == fallback_dir()
    assert stat.S_IMODE(where.parent.stat().st_mode) == 0o700
    _assert_clean(logs_home, "UNIQUE constraint failed")


class _Client:
    def close(self) -> None:
        pass


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="owner-only modes are POSIX (Windows: profile)")
def test_data_logs_and_backups_are_the_owners_only(cli_station: CliResult) -> None:
    paths = AppPaths.default()
    assert run_cli("db", "backup").code == 0
    run_cli(
        "request", "show", "--as", "clerk1", "NOPE"
    )  # writes nothing, logs nothing: just another start
    for folder in (paths.data_dir, paths.log_dir, paths.backups):
        assert _mode(folder) == 0o700, folder
    db = paths.database
    for item in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if item.exists():
            assert _mode(item) == 0o600, item
    for item in paths.backups.iterdir():
        assert _mode(item) == 0o600, item


@pytest.mark.skipif(os.name != "posix", reason="owner-only modes are POSIX (Windows: profile)")
def test_files_an_older_version_left_open_are_fixed_at_start(cli_station: CliResult) -> None:
    paths = AppPaths.default()
    scans = paths.data_dir / "scans" / "2026"
    scans.mkdir(parents=True)
    scan = scans / "a.pdf"
    scan.write_bytes(b"%PDF-1.4")
    old_log = paths.log_dir / "counter-app-errors.log"
    old_log.parent.mkdir(parents=True, exist_ok=True)
    old_log.write_text("old")
    for path, mode in ((scan, 0o644), (scans, 0o755), (old_log, 0o644), (paths.data_dir, 0o755)):
        path.chmod(mode)
    paths.database.chmod(0o644)
    (paths.data_dir / ".modes-fixed-1").unlink(missing_ok=True)  # as after an upgrade
    assert run_cli("status").code in (0, 1)
    assert _mode(scan) == 0o600 and _mode(scans) == 0o700
    assert _mode(old_log) == 0o600 and _mode(paths.data_dir) == 0o700
    assert _mode(paths.database) == 0o600


def test_log_texts_lose_numbers_and_names_but_keep_their_times() -> None:
    from counter_app.logs import scrub

    line = scrub(f"at 2026-12-06 10:00:00 {NID} {NAME} 0933 123 456 0933-123-456 row 12345")
    assert line == "at 2026-12-06 10:00:00 <n> <ar> <ar> <n> row 12345"
