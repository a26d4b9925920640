"""Sync to HQ proven under faults: real processes over loopback, a bad network, crashes.

Three counter stations (two of center MZH, one of SAL; each its own home and database) take
10,000 requests and 2,000 scans between them in child processes (tests/sync/fault_driver.py)
that are SIGKILLed at random moments and restarted, while their sync worker talks to a real
`counter-hq serve` (PostgreSQL behind it) through a proxy that breaks 20% of the calls
(tests/sync/faultproxy.py), and HQ itself is killed or stopped and restarted. HQ's back office
moves a few requests meanwhile. At the end, with the proxy out of the way, `counter-app sync
--nightly` must agree with HQ, and one checker (tests/sync/delivery_check.py) must find every
request, event, scan and HQ step exactly once on the other side, every blob verified.

The negative control runs the same checker after the same kind of run against an HQ whose
idempotency is switched off, and must see duplicates: the proof can fail.

Knobs (environment): COUNTER_FAULT_KILLS (counter kills, default 50), COUNTER_FAULT_RESTARTS
(HQ restarts, default 6), COUNTER_FAULT_RATE (share of calls the proxy breaks, default 0.2),
COUNTER_FAULT_SEED (fixed by default, "random" for a new one; printed), COUNTER_FAULT_VERBOSE
(progress every 10 s, with -s).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest
import uvicorn
from sqlalchemy import text

from counter_app.domain.receipt import ReceiptNumber
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.setup import setup_station
from counter_app.services.sync_state import read_sync_health
from counter_app.services.users import add_user
from counter_app.sync.client import HqClient, HqUnreachable
from counter_app.sync.enroll import KEYRING_SERVICE, enroll, keyring_user
from counter_app.sync.worker import sync_once
from counter_hq.api import create_app
from counter_hq.backoffice import set_status
from counter_hq.db import make_engine, session_factory, upgrade_schema
from counter_hq.ingest import Ingest
from counter_hq.routing import ROUTING_ACTOR
from counter_hq.settings import Settings
from counter_hq.stations import add_center, add_station
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, Station
from tests.sync import fault_driver
from tests.sync.conftest import HqServer, free_port
from tests.sync.delivery_check import check_delivery
from tests.sync.faultproxy import Fault, FaultProxy

ROOT = Path(__file__).resolve().parents[2]
_COUNTER_APP = Path(sys.executable).parent / "counter-app"

KILLS = int(os.environ.get("COUNTER_FAULT_KILLS", "50"))
RESTARTS = int(os.environ.get("COUNTER_FAULT_RESTARTS", "6"))
RATE = float(os.environ.get("COUNTER_FAULT_RATE", "0.2"))
_SEED = os.environ.get("COUNTER_FAULT_SEED", "20261122")  # "random": a new one each run
SEED = random.randrange(1 << 30) if _SEED == "random" else int(_SEED)
VERBOSE = bool(os.environ.get("COUNTER_FAULT_VERBOSE"))  # progress every 10 s (with -s)

STATIONS = (("MZH", 1, 3334, 667), ("MZH", 2, 3333, 667), ("SAL", 1, 3333, 666))
HQ_STEPS = 10  # status steps HQ's back office takes while the counters work


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Home:
    """One station's home (``COUNTER_APP_HOME``: its database and scans). The test's keyring
    file is shared; each station's token is its own entry in it."""

    root: Path
    center: str
    number: int
    requests: int
    scans: int

    @property
    def paths(self) -> AppPaths:
        return AppPaths(
            data_dir=self.root / "data", config_dir=self.root / "config", log_dir=self.root / "log"
        )

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "COUNTER_APP_HOME": str(self.root), "PYTHONPATH": str(ROOT)}


def _set_up(home: Home, hq_url: str, code: str) -> None:
    ctx = AppContext.open(home.paths)
    try:
        setup_station(
            ctx,
            center_code=home.center,
            center_name=f"مركز {home.center}",
            station_no=home.number,
            admin_username="admin",
            admin_password=ADMIN_PASSWORD,
        )
        with ctx.store.read() as session:
            admin = ctx.actor(session, "admin")
        add_user(ctx, admin, username="clerk1", role="clerk", password=CLERK_PASSWORD)
        enroll(ctx, hq_url, code)  # HQ's own address: the final sync bypasses the proxy
    finally:
        ctx.close()


def _codes(database_url: str, stations: list[tuple[str, int]]) -> list[str]:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    try:
        with session_factory(engine)() as session:
            for center in sorted({c for c, _ in stations}):
                add_center(session, center, f"Center {center}", _now())
            return [add_station(session, c, n, _now())[1] for c, n in stations]
    finally:
        engine.dispose()


class Driver:
    """One station's fault_driver child process; killed and restarted by the test."""

    def __init__(self, home: Home, proxy_url: str, rate: float, log: Path) -> None:
        self.home = home
        self.args = [
            sys.executable,
            "-m",
            "tests.sync.fault_driver",
            "--proxy",
            proxy_url,
            "--requests",
            str(home.requests),
            "--scans",
            str(home.scans),
            "--rate",
            str(rate),
        ]
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.started = 0.0
        self.ready: float | None = None
        self.summary: dict[str, int] | None = None
        self.kills = 0
        self.kill_at: float | None = None

    def start(self) -> None:
        with self.log.open("a") as err:
            self.proc = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.home.env,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        self.started, self.ready, self.kill_at = time.monotonic(), None, None
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("READY"):
                self.ready = time.monotonic()
            elif line.startswith("DONE "):
                self.summary = json.loads(line[5:])

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def done(self) -> bool:
        return self.proc is not None and self.proc.poll() == 0 and self.summary is not None

    def failed(self) -> str | None:
        """Why the process ended other than done or killed by the test, if it did."""
        if self.proc is None or self.proc.poll() is None or self.done:
            return None
        if self.proc.returncode == -signal.SIGKILL:
            return None
        return f"driver exited {self.proc.returncode}:\n{self.log.read_text()[-4000:]}"

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.kills += 1


@dataclass
class Chaos:
    """The HQ side of the storm, on its own thread: restarts (SIGKILL or SIGTERM, alternating)."""

    hq: HqServer
    restarts: int
    every: float
    done: int = 0
    error: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        try:
            while self.done < self.restarts and not self.stop.wait(self.every):
                proc = self.hq.proc
                assert proc is not None
                if self.done % 2 == 0:
                    proc.kill()  # mid-transaction: PostgreSQL rolls the open batch back
                    proc.wait(10)
                    self.hq.proc = None
                else:
                    self.hq.stop()  # graceful: in-flight requests finish
                time.sleep(0.3)  # the counters meet a dead HQ (the proxy answers 502)
                self.hq.start()
                self.done += 1
        except BaseException as exc:
            self.error = exc


class Storm:
    """The test's side of the run: keeps the drivers going, kills them at random moments, takes
    HQ's back-office steps, and says where every station stands when something is late."""

    def __init__(self, homes: list[Home], drivers: list[Driver], database_url: str) -> None:
        self.homes = homes
        self.drivers = drivers
        self.database_url = database_url
        self.rng = random.Random(SEED)
        self.began = time.monotonic()
        self.kills = 0
        self.steps: list[str] = []  # UUIDs of HQ's status events
        self._next_step = self.began + 3.0
        self._reported = self.began

    def rage(self, chaos: Chaos, hq_thread: threading.Thread) -> None:
        """SIGKILL the drivers at random moments until KILLS, while ``chaos`` restarts HQ."""
        deadline = self.began + 60 + 2.5 * KILLS
        while self.kills < KILLS or hq_thread.is_alive():
            assert time.monotonic() < deadline, f"{self.kills} kills\n{self.progress()}"
            now = time.monotonic()
            for d in self.drivers:
                assert d.failed() is None, d.failed()
                if not d.running:
                    d.start()  # even when done: it counts its quota, drains, ends again
                elif self.kills < KILLS and self._due(d, now):
                    d.kill()
                    self.kills += 1
                    d.start()
            if now >= self._next_step and len(self.steps) < HQ_STEPS:
                self.hq_step()
                self._next_step = now + 2.0
            self._tell()
            time.sleep(0.02)
        assert chaos.error is None, chaos.error

    def _due(self, d: Driver, now: float) -> bool:
        if d.kill_at is None:
            # Mostly while it works; now and then while it is still starting up.
            if self.rng.random() < 0.15:
                d.kill_at = d.started + self.rng.uniform(0.1, 0.6)
            elif d.ready is not None:
                d.kill_at = d.ready + self.rng.uniform(0.05, 2.0)
        return d.kill_at is not None and now >= d.kill_at

    def finish(self) -> None:
        """No more kills (the proxy still breaks calls): every station ends its quota."""
        deadline = time.monotonic() + 150
        while not all(d.done for d in self.drivers):
            assert time.monotonic() < deadline, self.progress()
            for d in self.drivers:
                assert d.failed() is None, d.failed()
                if not d.running and not d.done:
                    d.start()
            if len(self.steps) < HQ_STEPS:
                self.hq_step()
            self._tell()
            time.sleep(0.2)

    def hq_step(self) -> None:
        """HQ's back office moves a request no counter touches (seq % 10 == 7) one step on."""
        engine = make_engine(self.database_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT r.receipt_no, count(e.id) FROM requests r "
                        "LEFT JOIN request_events e ON e.request_uuid = r.uuid "
                        "AND e.origin = 'hq' AND e.actor <> :routing "
                        "GROUP BY r.receipt_no ORDER BY random() LIMIT 300"
                    ),
                    {"routing": ROUTING_ACTOR},  # HQ's own forwards are no back-office step
                ).all()
            fresh = [
                (receipt, n)
                for receipt, n in rows
                if ReceiptNumber.parse(receipt).seq % 10 == fault_driver.HQ_STEPS_AT and n < 2
            ]
            if not fresh:
                return
            receipt, n = self.rng.choice(fresh)
            with session_factory(engine)() as session:
                change = set_status(session, receipt, "in_progress" if n == 0 else "ready", _now())
            self.steps.append(change.event_uuid)
        finally:
            engine.dispose()

    def progress(self) -> str:
        """Where each station stands (for a failure message, or every 10 s when verbose)."""
        out = [f"after {time.monotonic() - self.began:.0f} s, {self.kills} kills:"]
        for home in self.homes:
            conn = rawdb.connect(f"file:{home.paths.database}?mode=ro", uri=True)
            try:
                made = conn.execute("SELECT count(*) FROM requests").fetchone()[0]
                states = dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
                error = conn.execute("SELECT last_error FROM sync_state").fetchone()
            finally:
                conn.close()
            out.append(f"{home.root.name}: {made} requests, outbox {states}, last error {error}")
        return "\n".join(out)

    def _tell(self) -> None:
        if VERBOSE and time.monotonic() - self._reported >= 10:
            self._reported = time.monotonic()
            print(self.progress(), flush=True)


def _nightly(home: Home) -> subprocess.CompletedProcess[str]:
    command = (
        [str(_COUNTER_APP)] if _COUNTER_APP.exists() else [sys.executable, "-m", "counter_app"]
    )
    return subprocess.run(
        [*command, "sync", "--nightly", "--json"],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _counter_statuses(home: Home) -> dict[str, str]:
    conn = rawdb.connect(f"file:{home.paths.database}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT uuid, status FROM requests").fetchall())
    finally:
        conn.close()


def _hq_figures(database_url: str) -> tuple[int, dict[str, str], int]:
    """Blobs owned by both centers, each request's latest back-office status (HQ's automatic
    forwards aside: the counter may cancel after one), and how many requests HQ forwarded."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            shared = conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT sha256 FROM blob_owners GROUP BY sha256 "
                    "HAVING count(*) = 2) both_centers"
                )
            ).scalar_one()
            latest = {
                request_uuid: status
                for request_uuid, status in conn.execute(
                    text(
                        "SELECT DISTINCT ON (request_uuid) request_uuid, status "
                        "FROM request_events WHERE origin = 'hq' AND actor <> :routing "
                        "ORDER BY request_uuid, at DESC, id DESC"
                    ),
                    {"routing": ROUTING_ACTOR},
                )
            }
            forwards = conn.execute(
                text("SELECT count(*) FROM request_events WHERE actor = :routing"),
                {"routing": ROUTING_ACTOR},
            ).scalar_one()
    finally:
        engine.dispose()
    return int(shared), latest, int(forwards)


@pytest.mark.slow
def test_every_request_scan_and_step_arrives_exactly_once_through_faults_and_crashes(
    tmp_path: Path, hq: HqServer
) -> None:
    print(f"\nfault test seed {SEED} (COUNTER_FAULT_SEED to repeat)")
    database_url = hq.env["COUNTER_HQ_DATABASE_URL"]
    homes = [Home(tmp_path / f"{c}-{n}", c, n, r, s) for c, n, r, s in STATIONS]
    codes = _codes(database_url, [(h.center, h.number) for h in homes])
    for home, code in zip(homes, codes, strict=True):
        _set_up(home, hq.url, code)

    proxy = FaultProxy(
        ("127.0.0.1", hq.port), rate=RATE, seed=SEED, max_delay=0.2, stall=2.5, stall_share=0.02
    )
    # Paced so that the intake lasts through the kills: crashes land while requests are taken.
    drivers = [Driver(h, proxy.url, 150.0, tmp_path / f"driver-{h.root.name}.log") for h in homes]
    storm = Storm(homes, drivers, database_url)
    chaos = Chaos(hq, RESTARTS, every=4.0)
    hq_thread = threading.Thread(target=chaos.run, daemon=True)
    try:
        for d in drivers:
            d.start()
        hq_thread.start()
        storm.rage(chaos, hq_thread)
        raged = time.monotonic() - storm.began
        storm.finish()
        storm.hq_step()  # one more, which only the final sync can bring
    finally:
        chaos.stop.set()
        for d in drivers:
            if d.running:
                d.kill()
        proxy.close()
        hq_thread.join(30)
    if hq.proc is None:
        hq.start()

    # The proxy out of the way: the nightly run of each station agrees with HQ, day by day.
    for home in homes:
        night = _nightly(home)
        assert night.returncode == 0, night.stdout[-3000:] + night.stderr[-3000:]
        assert json.loads(night.stdout)["ok"] is True

    report = check_delivery(
        [h.paths.database for h in homes],
        database_url,
        Path(hq.env["COUNTER_HQ_DATA_DIR"]) / "blobs",
    )
    assert report.ok, report.summary()
    assert report.requests == 10_000 and report.attachments == 2_000
    shared, hq_latest, forwards = _hq_figures(database_url)
    # HQ's back-office steps, and one forward for each request still submitted when it arrived
    assert report.hq_events == len(storm.steps) + forwards and len(storm.steps) > HQ_STEPS
    assert forwards > 0
    assert report.blobs < report.attachments  # shared scans: HQ stores each once
    assert shared == fault_driver.SHARED_POOL  # owned by both centers, one file each
    statuses = {k: v for h in homes for k, v in _counter_statuses(h).items()}
    assert {u: statuses[u] for u in hq_latest} == hq_latest  # HQ's steps came back, in order
    for d in drivers:
        assert "SYNC-ERROR" not in d.log.read_text(), d.log.read_text()[-3000:]
    faults = proxy.faults()
    assert set(faults) == {f.value for f in Fault}, faults
    kills = sum(d.kills for d in drivers)
    figures = {
        "seed": SEED,
        "kills": kills,
        "hq_restarts": chaos.done,
        "faults": faults,
        "proxied": dict(proxy.stats),
        "storm_seconds": round(raged, 1),
        "total_seconds": round(time.monotonic() - storm.began, 1),
        "hq_steps": len(storm.steps),
        "blobs": report.blobs,
        "blob_writes_left_over": report.leftovers,
    }
    print("fault test figures: " + json.dumps(figures))
    assert kills >= KILLS and chaos.done >= RESTARTS


# -- the negative control -------------------------------------------------------------------


@pytest.fixture
def hq_in_process(tmp_path: Path, pg_database: str) -> Iterator[tuple[Settings, str]]:
    """HQ served by uvicorn on a thread of this process (so a test can patch it)."""
    settings = Settings(data_dir=tmp_path / "hq", database_url=pg_database)
    engine = make_engine(pg_database)
    upgrade_schema(engine)
    engine.dispose()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "HQ did not start"
        time.sleep(0.05)
    try:
        yield settings, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def _forget_idempotency(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HQ without its idempotency: no lookup of an item id or request UUID already received,
    and no unique constraint to catch a replay. Only this test's throwaway database and this
    process's HQ are changed."""
    monkeypatch.setattr(Ingest, "_received", lambda self, item_id: None)
    monkeypatch.setattr(Ingest, "_held_request", lambda self, request_uuid: None)
    engine = make_engine(database_url)
    with engine.begin() as conn:
        for table, constraint in (
            ("received_items", "pk_received_items"),
            ("requests", "uq_requests_uuid"),
            ("requests", "uq_requests_receipt_no"),
            ("request_events", "uq_request_events_uuid"),
            # each request's state row (issue 15) would refuse the second copy too
            ("request_states", "pk_request_states"),
            ("request_states", "uq_request_states_receipt_no"),
        ):
            conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}"))
    engine.dispose()


@pytest.mark.parametrize("idempotent", [True, False], ids=["hq-idempotent", "idempotency-off"])
def test_the_checker_sees_duplicates_when_hq_forgets_what_it_received(
    station: Station,
    hq_in_process: tuple[Settings, str],
    monkeypatch: pytest.MonkeyPatch,
    idempotent: bool,
) -> None:
    settings, url = hq_in_process
    station.clock.now = dt.datetime.now(dt.UTC)  # HQ runs on the real clock (clock_skew)
    if not idempotent:
        _forget_idempotency(settings.database_url, monkeypatch)
    (code,) = _codes(settings.database_url, [("MZH", 2)])
    st = station.ctx
    enroll(st, url, code)
    # No cancellations when HQ forgets: holding a request twice, it fails on the request's next
    # event (500), which would roll the duplicates back and hide them from the checker.
    counter = fault_driver.Station(st, requests=80, scans=16, cancel=idempotent)
    for made in range(80):
        counter.take_one(made)
    token = keyring.get_password(KEYRING_SERVICE, keyring_user("MZH", 2))
    assert token
    # Three pushes in a row are answered by HQ and the answer lost on the way back (the
    # dangerous fault: HQ committed, the counter never heard), then the network heals.
    lost_answers = {f: 1.0 for f in (Fault.DROP, Fault.RESET, Fault.ERROR, Fault.TRUNCATE)}
    with FaultProxy(
        ("127.0.0.1", int(url.rsplit(":", 1)[1])),
        rate=1.0,
        weights=lost_answers,
        after_share=1.0,
        only="/push",
    ) as proxy:
        client = HqClient(proxy.url, token, timeout=(1.0, 3.0))
        for _ in range(3):
            with pytest.raises(HqUnreachable):
                sync_once(st, client)
        with proxy.faults_off():
            sync_once(st, client)
        client.close()
        assert sum(proxy.faults().values()) == 3
    assert read_sync_health(st).outbox_pending == 0

    report = check_delivery([st.store.path], settings.database_url, settings.blob_dir)
    print(f"\n{'idempotent' if idempotent else 'idempotency off'}: {report.summary()}")
    if idempotent:
        assert report.ok, report.summary()
    else:
        assert not report.ok and report.duplicates, report.summary()
