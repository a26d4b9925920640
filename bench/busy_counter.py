"""A counter busy the way a real one is while the clerk searches: syncing with a real HQ and
filing what a network scanner drops into its hot folder, in the same process as the window.

Used by ``bench_ui_inprocess.search_as_you_type`` to measure the GUI's stall under that load.

- HQ: a real ``counter-hq serve`` over TLS on loopback (certificate from a CA made for the run)
  on a throwaway PostgreSQL database, created here and dropped after (bench_sync.py's helpers).
- The station: a second station database in a temporary folder (the 1M-request database the
  lookup screen searches is shared and read-only), enrolled with that HQ through the app's own
  ``enroll``, with a backlog of ``backlog`` requests made through the intake service, each with
  a scan of ``scan_kb`` random bytes (outbox items and blobs the sync worker must send).
- Its sync: the desktop's own ``SyncWorker`` (``client_for`` the enrolled station) with a short
  interval, so it pushes the backlog and what the hot folder files, round after round.
- Its hot folder: the desktop's own ``HotFolderWatcher`` (archive clerk) polling a folder into
  which a dropper thread writes a scanned stack every ``drop_every`` seconds: noisy 200 dpi
  stacks with cover sheets (tests/scanning/scanstack.py) of this station's requests. A few
  distinct stacks are made before the clock starts; each drop is one of them with a unique
  comment after ``%%EOF``, so the file is new to the station (not a ``duplicate``) and is read,
  rendered, decoded, split, stored and synced like a fresh scan.

The GIL is the process's, whichever database the threads work on: that is what the stall
measures. Nothing here is timed; ``stats()`` says how busy the station was.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _p in (str(BENCH), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


class BusyCounter:
    def __init__(
        self,
        *,
        backlog: int = 1500,
        scan_kb: int = 150,
        stacks: int = 4,
        requests_per_stack: int = 4,
        pages_per_request: int = 2,
        drop_every: float = 2.0,
        sync_interval: float = 0.5,
        seed: int = 14,
    ) -> None:
        self.backlog, self.scan_kb = backlog, scan_kb
        self.stacks, self.requests_per_stack = stacks, requests_per_stack
        self.pages_per_request = pages_per_request
        self.drop_every, self.sync_interval = drop_every, sync_interval
        self.rng = random.Random(seed)
        self._exit = ExitStack()
        self._stop = threading.Event()
        self._pdfs: list[bytes] = []
        self.dropped = 0
        self.rounds = 0
        self.sync_errors: list[str] = []
        self.station: Any = None
        self.sync: Any = None
        self.watcher: Any = None
        self._dropper: threading.Thread | None = None
        self.work = Path(tempfile.mkdtemp(prefix="bench-busy-"))
        self.folder = self.work / "hot"

    # -- set-up (not timed) ------------------------------------------------------------------

    def __enter__(self) -> BusyCounter:
        try:
            self._set_up()
        except BaseException:
            self._exit.close()
            raise
        return self

    def _set_up(self) -> None:
        import bench_sync as bs  # bench/: HQ process, TLS, PostgreSQL database, station

        bs._install_memory_keyring()
        url = self._exit.enter_context(bs.pg_database())
        env = {
            **os.environ,
            "COUNTER_HQ_DATA_DIR": str(self.work / "hq"),
            "COUNTER_HQ_DATABASE_URL": url,
        }
        (self.work / "hq").mkdir(parents=True)
        tls = bs.make_tls(self.work / "tls")

        def hq_cli(*cli: str) -> str:
            done = subprocess.run(
                [*bs.HQ_COMMAND, *cli], env=env, capture_output=True, text=True, timeout=120
            )
            if done.returncode != 0:
                raise RuntimeError(f"counter-hq {' '.join(cli)}: {done.stderr}")
            return done.stdout.strip()

        hq_cli("center", "add", "MZH", "--name", "Mazzeh")
        code = hq_cli("station", "add", "MZH", "7").split()[-1]
        port = bs.free_port()
        self.hq = bs.Process(
            [
                *bs.HQ_COMMAND,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--certfile",
                str(tls / "hq.pem"),
                "--keyfile",
                str(tls / "hq.key"),
            ],
            env,
            self.work / "hq-serve.log",
            f"https://127.0.0.1:{port}/api/v1/time",
            {"Sync-Protocol": "1"},
            str(tls / "ca.pem"),
        )
        self.hq.start()
        self._exit.callback(self.hq.stop)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        st = bs.open_station(
            self.work / "st7", 7, f"https://127.0.0.1:{port}", code, now, tls / "ca.pem"
        )
        self.station = st
        self._exit.callback(st.ctx.close)
        bs.make_requests(
            st,
            self.backlog,
            now - dt.timedelta(hours=2),
            now,
            self.rng,
            scan_bytes=self.scan_kb * 1024,
        )
        st.ctx.clock = lambda: dt.datetime.now(dt.UTC)  # HQ is real: real time from here on
        self._make_stacks(bs)

    def refill(self) -> None:
        """A new backlog of ``backlog`` requests with scans (between two measured runs)."""
        import bench_sync as bs

        now = dt.datetime.now(dt.UTC)
        bs.make_requests(
            self.station,
            self.backlog,
            now - dt.timedelta(minutes=30),
            now,
            self.rng,
            scan_bytes=self.scan_kb * 1024,
        )

    def _make_stacks(self, bs: Any) -> None:
        from tests.scanning.scanstack import StackMaker

        from counter_app.services.sample import ARCHIVIST, sample_station

        st = self.station
        with st.ctx.store.read() as s:
            from sqlalchemy import text

            receipts = [
                str(r)
                for r in s.execute(
                    text("SELECT receipt_no FROM requests ORDER BY id DESC LIMIT :n"),
                    {"n": self.stacks * self.requests_per_stack},
                ).scalars()
            ]
        staff = sample_station(st.ctx, bs.PASSWORD, station_no=7, staff=(ARCHIVIST,))
        self.archivist = staff[ARCHIVIST[0]]
        maker = StackMaker(seed=14)
        for i in range(self.stacks):
            part = receipts[i * self.requests_per_stack : (i + 1) * self.requests_per_stack]
            self._pdfs.append(maker.stack([(r, self.pages_per_request) for r in part]).pdf)
        self.pages_per_drop = self.requests_per_stack * (self.pages_per_request + 1)

    # -- the load ----------------------------------------------------------------------------

    def start(self) -> None:
        from counter_app.services.scan_station import HotFolderWatcher
        from counter_app.sync.enroll import client_for
        from counter_app.sync.worker import SyncWorker

        ctx = self.station.ctx
        self.folder.mkdir(exist_ok=True)

        def outcome(result: object) -> None:
            self.rounds += 1
            if isinstance(result, Exception):
                self.sync_errors.append(f"{type(result).__name__}: {result}"[:200])

        self.sync = SyncWorker(
            ctx, lambda: client_for(ctx), interval=self.sync_interval, on_outcome=outcome
        )
        self.watcher = HotFolderWatcher(
            ctx, self.archivist, self.folder, interval=0.25, settle=0.25
        )
        self._stop.clear()
        self.sync.start()
        self.watcher.start()
        self._dropper = threading.Thread(target=self._drop, name="bench-dropper", daemon=True)
        self._dropper.start()

    def _drop(self) -> None:
        """A network scanner: a new stack every ``drop_every`` seconds, written as the scanner
        does (a hidden temporary name, renamed when complete)."""
        while not self._stop.is_set():
            pdf = self._pdfs[self.dropped % len(self._pdfs)]
            unique = b"\n%bench-drop " + str(self.dropped).encode() + b"\n"
            tmp = self.folder / f".drop-{self.dropped:05d}.pdf"
            tmp.write_bytes(pdf + unique)
            tmp.rename(self.folder / f"drop-{self.dropped:05d}.pdf")
            self.dropped += 1
            self._stop.wait(self.drop_every)

    def stop(self) -> None:
        self._stop.set()
        if self._dropper is not None:
            self._dropper.join(10)
            self._dropper = None
        if self.watcher is not None:
            self.watcher.stop(120)
        if self.sync is not None:
            self.sync.stop(120)
        # What was dropped and not filed yet is not the next run's load.
        for path in self.folder.glob("*.pdf"):
            path.unlink()

    def pending(self) -> int:
        import bench_sync as bs

        return int(bs.outbox_states(self.station.ctx).get("pending", 0))

    def stats(self) -> dict[str, Any]:
        return {
            "dropped": self.dropped,
            "filed": self.watcher.taken if self.watcher else 0,
            "sync_rounds": self.rounds,
            "sync_errors": self.sync_errors[:3],
            "outbox_pending": self.pending(),
        }

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._exit.close()


class Burners:
    """``count`` processes spinning a CPU each (``python -c "while 1: pass"``): the counter PC
    is a 2-core machine that also runs other programs."""

    def __init__(self, count: int) -> None:
        self.procs = [
            subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(count)
        ]
        time.sleep(0.5)

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(10)
