"""A station number that must issue no more receipts (issue 13 item 1), without HQ: what
retires it, that intake refuses in every process (also one that cached the station before),
what the status bar and sync-status say, and renumbering with HQ's highest numbers."""

from __future__ import annotations

from typing import Any

import pytest

from counter_app.domain.errors import Conflict
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.station_identity import raise_floor, renumber, retire
from counter_app.services.sync_state import state_row, sync_health
from counter_app.store.models import Request, SyncState
from counter_app.sync.audit_tip import _keep
from counter_app.ui.status_bar import sync_text
from counter_protocol.wire import AuditTip, AuditTipAnswer, AuditTipStatus
from tests.conftest import Station, run_cli
from tests.sync.test_attachments import new_request


def _enrolled(st: Station) -> None:
    with st.ctx.store.write() as session:
        state_row(session).hq_url = "https://hq.example"


def test_a_retired_number_refuses_intake_even_in_a_process_that_cached_it(
    station: Station,
) -> None:
    first = new_request(station, "01010101010")
    other = AppContext.open(AppPaths.default())  # the desktop, say, with the station cached
    other.clock = station.clock
    other.station_info()
    with station.ctx.store.write() as session:
        assert retire(session, "collision", station.clock(), first)
        assert not retire(session, "restored", station.clock())  # the first reason stays
    for ctx in (station.ctx, other):
        with pytest.raises(Conflict) as refused:
            new_request(Station(ctx, station.admin, station.clerk, station.clock), "02020202020")
        assert "already held a receipt number" in refused.value.message
        assert refused.value.params["station"] == "MZH-02"
    with station.ctx.store.read() as session:
        assert session.query(Request).count() == 1
    health = sync_health(station.ctx, station.admin)
    assert health.retired == "collision"
    _enrolled(station)
    text, alarm = sync_text(sync_health(station.ctx, station.admin), station.ctx)
    assert alarm and "a receipt number issued twice" in text
    for command in (("sync-status", "--as", "clerk1"), ("status",)):
        said = run_cli("--lang", "en", *command)
        assert "station number retired (a receipt number issued twice)" in said.out, command
    other.close()


def test_hq_finding_the_audit_log_behind_retires_the_number(station: Station) -> None:
    new_request(station, "01010101010")
    with station.ctx.store.write() as session:
        session.add(SyncState(id=1, pull_cursor=0))
    held = AuditTip(seq=50, hash="ab" * 32)
    _keep(station.ctx, AuditTipAnswer(status=AuditTipStatus.ACCEPTED, held=held))
    new_request(station, "02020202020")  # a clean accept retires nothing
    _keep(station.ctx, AuditTipAnswer(status=AuditTipStatus.REWOUND, held=held))
    with pytest.raises(Conflict) as refused:
        new_request(station, "03030303030")
    assert "audit log cut short" in refused.value.message


def test_renumbering_keeps_old_numbers_and_numbers_above_hq(station: Station) -> None:
    old = new_request(station, "01010101010")
    with station.ctx.store.write() as session:
        retire(session, "restored", station.clock())
    with pytest.raises(Conflict), station.ctx.store.write() as session:
        renumber(session, 5, (3,), station.clock())  # a number that does not replace this one
    with station.ctx.store.write() as session:
        assert renumber(session, 5, (2,), station.clock()) == 2
        raise_floor(session, {26: 40, 25: 0})
    fresh = new_request(station, "02020202020")
    assert old.startswith("MZH-02-26-000001") and fresh.startswith("MZH-05-26-000041")
    with station.ctx.store.read() as session:
        assert session.query(Request).filter_by(receipt_no=old).one().station_no == 2


def test_restoring_an_enrolled_station_retires_its_number(station: Station) -> None:
    new_request(station, "01010101010")
    _enrolled(station)
    assert run_cli("db", "backup").code == 0
    station.ctx.close()
    res = run_cli("--lang", "en", "db", "restore", "--force", "--json")
    assert res.code == 0, res.err
    assert '"station_retired": true' in res.out
    res = run_cli("--lang", "en", "sync-status", "--as", "clerk1")
    assert "database restored" in res.out


def test_restoring_a_station_never_enrolled_keeps_its_number(station: Station) -> None:
    new_request(station, "01010101010")
    assert run_cli("db", "backup").code == 0
    station.ctx.close()
    res = run_cli("--lang", "en", "db", "restore", "--force")
    assert res.code == 0, res.err
    assert "number is retired" not in res.out
    again = AppContext.open(AppPaths.default())
    again.clock = station.clock
    assert new_request(Station(again, station.admin, station.clerk, station.clock), "02020202020")
    again.close()


def test_the_sync_loop_reads_the_credentials_again_after_hq_refuses_them(
    station: Station,
) -> None:
    """After a re-enrollment under a new number the running desktop's loop must not keep the
    old, revoked token: a 401 makes the next round build its client again."""
    import threading

    from counter_app.sync.client import HqRefused
    from counter_app.sync.worker import SyncWorker

    made: list[int] = []
    told = threading.Event()

    class Refused:
        def time(self) -> None:
            raise HqRefused(401, "unauthorized", "station credentials revoked")

        def close(self) -> None:
            pass

    def factory() -> Any:
        made.append(1)
        return Refused()

    worker = SyncWorker(station.ctx, factory, interval=0.01, on_outcome=lambda _: told.set())
    worker.start()
    assert told.wait(10)
    told.clear()
    worker.wake()
    assert told.wait(10)
    worker.stop()
    assert len(made) == 2
