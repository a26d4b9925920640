"""The daily full integrity check also runs in `counter-app sync`'s long-running loop (issue 12
follow-up of item 7): a station without the desktop never had it."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from counter_app.paths import AppPaths
from counter_app.store.integrity import DailyCheck, checked_path, marker_path
from counter_app.sync.client import HqUnreachable
from tests.conftest import CliResult, FixedClock, Station, run_cli


def test_the_schedule_follows_the_clock_it_is_given(station: Station) -> None:
    db = station.ctx.store.path
    daily = DailyCheck(db, clock=station.clock)
    assert daily.run_due()  # never checked: due at once
    assert not daily.run_due()
    station.clock.advance(hours=23, minutes=59)
    assert not daily.run_due()
    station.clock.advance(minutes=1)
    assert daily.run_due() and daily.runs == 2
    assert station.clock.now.isoformat(timespec="seconds") in checked_path(db).read_text()


def test_no_check_while_the_file_is_marked_damaged(station: Station) -> None:
    db = station.ctx.store.path
    marker_path(db).write_text("{}")
    assert not DailyCheck(db, clock=FixedClock()).run_due()
    assert not checked_path(db).exists()


class _NoHq:
    def time(self) -> object:
        raise HqUnreachable("HQ cannot be reached; check the network")

    def close(self) -> None:
        pass


def test_the_sync_loop_runs_the_daily_check(
    cli_station: CliResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = AppPaths.default().database
    assert not checked_path(db).exists()
    monkeypatch.setattr("counter_app.sync.enroll.client_for", lambda ctx: _NoHq())
    waited = []

    def sleep(seconds: float) -> None:  # the loop's wait: ends it once the check has run
        waited.append(seconds)
        if checked_path(db).exists() or len(waited) > 60:
            raise KeyboardInterrupt
        time.sleep(0.25)

    monkeypatch.setattr("counter_app.cli.cmd_sync.time", SimpleNamespace(sleep=sleep))
    res = run_cli("sync")
    assert res.code == 0, res.err
    assert checked_path(db).exists(), "the sync loop never ran the full check"
    assert '"ok": true' in checked_path(db).read_text()
