"""Every nightly runner records its outcome where the status bar, `sync-status`, the
supervisor's report and the desktop's schedule read it (issue 17): `sync --nightly` (what
the systemd timer and the Windows task run) and the open desktop's sync worker, against a
real HQ process; a failed run is recorded with its reason."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from counter_app.services.nightly_schedule import (
    RUNNER_COMMAND,
    RUNNER_DESKTOP,
    desktop_nightly_due,
    last_nightly,
)
from counter_app.services.reports.extras import station_health
from counter_app.services.settings import get_setting, set_settings
from counter_app.store.models_reports import Reconciliation
from counter_app.sync.backoff import Backoff
from counter_app.sync.enroll import client_for
from counter_app.sync.worker import SyncWorker
from tests.conftest import run_cli
from tests.sync.conftest import Enrolled


def _rows(enrolled: Enrolled) -> list[Reconciliation]:
    with enrolled.station.ctx.store.read() as s:
        rows = list(s.execute(select(Reconciliation).order_by(Reconciliation.id)).scalars())
        s.expunge_all()
    return rows


def test_the_command_records_success_and_failure(enrolled: Enrolled) -> None:
    st = enrolled.station
    assert last_nightly(st.ctx, st.admin) is None
    assert desktop_nightly_due(st.ctx)  # never ran: due at the first chance

    night = run_cli("--lang", "en", "sync", "--nightly", "--days", "3")
    assert night.code == 0, night.err
    [row] = _rows(enrolled)
    assert (row.runner, row.ok, row.error) == (RUNNER_COMMAND, True, None)
    assert (row.last_day - row.first_day).days == 2  # the 3 days asked for
    assert not desktop_nightly_due(st.ctx)  # the day's run is done, whoever ran it
    status = run_cli("--lang", "en", "sync-status", "--as", "clerk1")
    assert "Nightly sync: today" in status.out and "all days match HQ" in status.out
    as_json = json.loads(run_cli("sync-status", "--as", "clerk1", "--json").out)
    assert as_json["nightly"]["runner"] == RUNNER_COMMAND and as_json["nightly"]["ok"]

    enrolled.hq.stop()  # HQ away at night
    try:
        failed = run_cli("--lang", "en", "sync", "--nightly")
        assert failed.code == 1
        rows = _rows(enrolled)
        assert len(rows) == 2
        bad = rows[-1]
        assert (bad.runner, bad.ok, bad.days) == (RUNNER_COMMAND, False, 0)
        assert bad.error is not None and bad.error.startswith("HQ cannot be reached")
        line = run_cli("--lang", "en", "sync-status", "--as", "clerk1").out
        assert "Nightly sync failed today" in line and "HQ cannot be reached" in line
        ar = run_cli("--lang", "ar", "sync-status", "--as", "clerk1").out
        assert "فشلت المزامنة الليلية" in ar and "تعذّر الوصول إلى الإدارة المركزية" in ar
        with st.ctx.store.read() as s:
            health = station_health(s, "MZH-02")
        assert health.reconciliation_ok is False
        assert "nightly sync failed: HQ cannot be reached" in health.detail
    finally:
        enrolled.hq.start()


def test_the_desktop_worker_runs_the_nightly_once_when_due(enrolled: Enrolled) -> None:
    st = enrolled.station
    asked: list[bool] = []

    def due() -> bool:
        answer = desktop_nightly_due(st.ctx)
        asked.append(answer)
        return answer

    worker = SyncWorker(
        st.ctx, lambda: client_for(st.ctx), interval=0.05, backoff=Backoff(), nightly_due=due
    )
    worker.start()
    try:
        deadline = dt.datetime.now() + dt.timedelta(seconds=60)
        while len(asked) < 4 and dt.datetime.now() < deadline:
            worker._wake.wait(0.05)
    finally:
        assert worker.stop()
    rows = _rows(enrolled)
    assert len(asked) >= 4 and asked[0] is True and not any(asked[1:]), asked
    assert [(r.runner, r.ok, r.error) for r in rows] == [(RUNNER_DESKTOP, True, None)]


def test_the_nightly_time_setting(enrolled: Enrolled) -> None:
    st = enrolled.station
    assert get_setting(st.ctx, "sync.nightly_time") == "02:30"
    refused = run_cli(
        "--lang", "en", "settings", "set", "sync.nightly_time", "25:00", "--as", "admin"
    )
    assert refused.code == 2 and "HH:MM" in refused.err
    assert get_setting(st.ctx, "sync.nightly_time") == "02:30"  # nothing stored
    set_settings(st.ctx, st.admin, {"sync.nightly_time": "٠٤:٠٥"})
    assert get_setting(st.ctx, "sync.nightly_time") == "04:05"
