"""Sync speed: a real counter station pushing to a real `counter-hq serve` on PostgreSQL.

    PYTHONPATH=src python bench/bench_sync.py [--requests 20000] [--catchup-requests 5000]
        [--catchup-mb 1024] [--blob-mb 200] [--scan-kb 200] [--write-docs]

Everything runs over TLS on loopback: HQ is the `counter-hq serve` process (with a certificate
from a CA made for the run by trustme, as a ministry's own CA) on a throwaway PostgreSQL
database (created and dropped here), the counter is the app's own services in this process,
enrolled with ``--ca-file`` (requests made through the intake service, scans through
``add_attachment``, then ``push_outbox``, ``upload_blob`` and ``sync_once`` as the desktop's
sync worker calls them). Making the data is not timed. Beside each wall time: the CPU time of
the counter's thread (``time.thread_time``) and of the server process (/proc), and the load
average, so a figure moved by other work on the machine can be told from one moved by the code.

Every figure is compared with a *floor* measured in the same run, served by a second uvicorn
process (this script with ``--serve-floor``) on the same machine and database server, over TLS
with the same certificate and ciphers as HQ:

- *push floor*: the request bodies the counter is about to send (built from its outbox with
  the push's own code, byte for byte) are POSTed, half just before and half just after the
  real push, to an endpoint that parses the JSON and INSERTs the same rows (request, its
  events, the idempotency record) with plain psycopg ``executemany``, one transaction per
  batch — what any HQ must do to hold the data durably. The counter's push is timed end to end
  (outbox read, HTTP, ingest, marked sent).
- *blob floor*: the same file in one streamed PUT to an endpoint that writes it to disk and
  fsyncs it once (files alternate app/floor, in alternating order).
- *catch-up floor*: the push floor plus the blob floor for the same items and scans.

Enrollment: stations enrolled one after another (``HqClient.enroll``, a new TLS connection
each), p95 of the round trip.

Raw results go to ``bench/out/sync-*.json``; the markdown section is printed, and
``--write-docs`` puts it into docs/BENCHMARKS.md as "## Sync" (after "## Desktop").
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import random
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docs_section import put_section  # bench/, beside this script

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DOCS = ROOT / "docs" / "BENCHMARKS.md"
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
_BIN = Path(sys.executable).parent / "counter-hq"
HQ_COMMAND = (
    [str(_BIN)]
    if _BIN.exists()
    else [sys.executable, "-c", "import sys; from counter_hq.cli import main; sys.exit(main())"]
)
PASSWORD = "bench-pass-1"
DAY = dt.timedelta(days=1)

TARGETS = {
    "push_rate": 2000.0,  # items per second, end to end
    "ingest_p95_ms": 200.0,  # one batch of 100
    "blob_ratio": 0.5,  # of the floor's throughput
    "catchup_s": 300.0,  # 7 days offline
    "checks_p95_ms": 1.0,  # per-station checks added to a batch (issue 13)
}


# --------------------------------------------------------------------------- the floor server

_FLOOR_TABLES = {
    "floor_requests": "requests",
    "floor_request_events": "request_events",
    "floor_received_items": "received_items",
}
_F_REQ = (
    "INSERT INTO floor_requests (uuid, item_id, center, station_no, receipt_no, received_at, "
    "local_day, service, content_sha256, payload, ingested_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)
_F_EV = (
    "INSERT INTO floor_request_events (uuid, request_uuid, center, status, at, actor, station, "
    "reason, origin, ingested_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)
_F_RECV = (
    "INSERT INTO floor_received_items (item_id, station_id, kind, entity_uuid, payload_sha256, "
    "received_at, payload) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)


def _utc_naive(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def make_floor_app(database_url: str, folder: Path) -> Callable[..., Any]:
    """A raw ASGI app: POST /push inserts the batch's rows; PUT /upload/NAME writes a file."""
    from zoneinfo import ZoneInfo

    import psycopg
    from psycopg.types.json import Jsonb

    tz = ZoneInfo("Asia/Damascus")
    conninfo = database_url.replace("postgresql+psycopg://", "postgresql://")
    conn = psycopg.connect(conninfo)
    station_id = conn.execute("SELECT min(id) FROM stations").fetchone()
    sid = int(station_id[0]) if station_id and station_id[0] is not None else 1
    conn.commit()

    def push(body: bytes) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        reqs, events, received = [], [], []
        for it in json.loads(body)["items"]:
            p = it["payload"]
            keep = None
            if it["kind"] == "request.created":
                at = dt.datetime.fromisoformat(p["received_at"])
                reqs.append(
                    (
                        p["uuid"],
                        it["id"],
                        p["center"],
                        p["station"],
                        p["receipt_no"],
                        at.astimezone(dt.UTC).replace(tzinfo=None),
                        at.astimezone(tz).date(),
                        p["service"],
                        it["payload_sha256"],
                        Jsonb(p),
                        now,
                    )
                )
                for e in p.get("events", ()):
                    events.append(
                        (
                            e["uuid"],
                            p["uuid"],
                            p["center"],
                            e["status"],
                            _utc_naive(e["at"]),
                            e["actor"],
                            e["station"],
                            e["reason"],
                            "counter",
                            now,
                        )
                    )
            else:
                keep = Jsonb(p)
            received.append(
                (it["id"], sid, it["kind"], it["entity_uuid"], it["payload_sha256"], now, keep)
            )
        with conn.transaction(), conn.cursor() as cur:
            if reqs:
                cur.executemany(_F_REQ, reqs)
            if events:
                cur.executemany(_F_EV, events)
            cur.executemany(_F_RECV, received)

    async def app(
        scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    conn.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        path: str = scope["path"]
        status, answer = 200, b'{"ok":true}'
        if path.startswith("/upload/"):
            target = folder / Path(path).name
            with open(target, "wb") as fh:
                more = True
                while more:
                    message = await receive()
                    fh.write(message.get("body", b""))
                    more = message.get("more_body", False)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            body = bytearray()
            more = True
            while more:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
            if path == "/push":
                push(bytes(body))
            elif path != "/ping":
                status, answer = 404, b"{}"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    return app


def serve_floor(port: int, database_url: str, folder: Path, tls: Path | None) -> int:
    import uvicorn

    from counter_hq.tls import CIPHERS

    folder.mkdir(parents=True, exist_ok=True)
    uvicorn.run(
        make_floor_app(database_url, folder),
        host="127.0.0.1",
        port=port,
        log_level="info",
        ssl_certfile=str(tls / "hq.pem") if tls else None,
        ssl_keyfile=str(tls / "hq.key") if tls else None,
        ssl_ciphers=CIPHERS,  # what counter-hq serve uses
    )
    return 0


def make_tls(folder: Path) -> Path:
    """A CA made for this run and a certificate it signed for 127.0.0.1: hq.pem, hq.key, ca.pem."""
    import trustme

    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    for i, pem in enumerate(cert.cert_chain_pems):
        pem.write_to_path(str(folder / "hq.pem"), append=i > 0)
    cert.private_key_pem.write_to_path(str(folder / "hq.key"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return folder


def process_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; nan elsewhere)."""
    if pid is None:
        return math.nan
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Process:
    command: list[str]
    env: dict[str, str]
    log: Path
    ready_url: str
    ready_headers: dict[str, str] = field(default_factory=dict)
    verify: str | bool = True
    proc: subprocess.Popen[bytes] | None = None

    def cpu(self) -> float:
        return process_cpu(self.proc.pid if self.proc else None)

    def start(self) -> None:
        import requests

        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited:\n{self.log.read_text()[-3000:]}")
            try:
                answer = requests.get(
                    self.ready_url, headers=self.ready_headers, timeout=1, verify=self.verify
                )
                if answer.ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.command} did not come up:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


@contextmanager
def pg_database() -> Iterator[str]:
    import psycopg

    try:
        admin = psycopg.connect(PG_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL is needed at 127.0.0.1:5432 (user postgres): {exc}") from None
    name = f"bench_sync_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _install_memory_keyring() -> None:
    """Station tokens stay in this process: the real keyring is never touched."""
    import keyring
    import keyring.backend

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(MemoryKeyring())
    # Not one of the OS credential stores, so the counter would refuse it; it never leaves
    # this process, which is what the setting is for (test and development machines).
    os.environ["COUNTER_APP_ALLOW_INSECURE_KEYRING"] = "1"


# --------------------------------------------------------------------------- the station


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class BenchStation:
    ctx: Any
    clerk: Any
    clock: Clock
    station_no: int


def open_station(
    home: Path, station_no: int, hq_url: str, code: str, now: dt.datetime, ca_file: Path | None
) -> BenchStation:
    from counter_app.paths import AppPaths
    from counter_app.services.context import AppContext
    from counter_app.services.sample import sample_station
    from counter_app.sync.enroll import enroll

    ctx = AppContext.open(AppPaths(home / "data", home / "config", home / "log"))
    clock = Clock(now)
    ctx.clock = clock
    clerk = sample_station(ctx, PASSWORD, station_no=station_no)["clerk1"]
    enroll(ctx, hq_url, code, ca_file=ca_file)
    return BenchStation(ctx, clerk, clock, station_no)


class Inputs:
    """Realistic intakes drawn from the station's catalog (bench/generate.py's pools)."""

    def __init__(self, ctx: Any, rng: random.Random) -> None:
        import generate
        from counter_app.services.intake import IntakeInput

        self.generate = generate
        self.IntakeInput = IntakeInput
        self.rng = rng
        with ctx.store.read() as s:
            catalog = ctx.catalog(s)
            center = ctx.station(s).center_code
        # Only the services the station's center offers: intake refuses the others.
        self.pools = [
            generate.build_pool(rng, svc, size=12) for svc in catalog.services_for_center(center)
        ]

    def next(self) -> Any:
        g, rng = self.generate, self.rng
        pool = rng.choice(self.pools)
        i, k = pool.pick(rng)
        return self.IntakeInput(
            service_code=pool.service.code,
            national_id=g.national_id(rng),
            name=g.person_name(rng),
            phone=g.mobile(rng),
            fields=pool.raw_fields[i],
            documents=pool.raw_docs[k] if k >= 0 else {},
        )


def make_requests(
    st: BenchStation,
    count: int,
    start: dt.datetime,
    end: dt.datetime,
    rng: random.Random,
    scan_bytes: int = 0,
    scans: Path | None = None,
) -> dict[str, float]:
    """``count`` requests through the intake service, received between start and end, each with
    one scan of ``scan_bytes`` random bytes when asked (``add_attachment``)."""
    from counter_app.services.attachments import add_attachment
    from counter_app.services.intake import submit_request

    inputs = Inputs(st.ctx, rng)
    step = (end - start) / max(count, 1)
    began = time.perf_counter()
    scan_s = 0.0
    for i in range(count):
        st.clock.now = start + step * i
        receipt = submit_request(st.ctx, st.clerk, inputs.next()).receipt_no
        if scan_bytes:
            t0 = time.perf_counter()
            data = rng.randbytes(scan_bytes)
            add_attachment(
                st.ctx,
                st.clerk,
                receipt,
                data,
                doc_type="ID_CARD",
                filename=f"scan-{i}.jpg",
                media_type="image/jpeg",
            )
            scan_s += time.perf_counter() - t0
    return {"seconds": time.perf_counter() - began, "scan_seconds": scan_s}


def outbox_states(ctx: Any) -> dict[str, int]:
    from sqlalchemy import func, select

    from counter_app.store.models import OutboxItem

    with ctx.store.read() as s:
        rows = s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
    return {str(state): int(n) for state, n in rows}


# --------------------------------------------------------------------------- measuring


def pct(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def timed_client(base: Any) -> Any:
    """The station's HqClient with every push timed."""
    original = base.push
    base.push_ms = []
    base.push_cpu_ms = []  # the counter thread's CPU in each round trip (body, TLS, answer)

    def push(items: Sequence[Any]) -> Any:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        answer = original(items)
        base.push_ms.append((time.perf_counter() - t0) * 1000)
        base.push_cpu_ms.append((time.thread_time() - c0) * 1000)
        return answer

    base.push = push
    return base


def outbox_bodies(ctx: Any) -> list[bytes]:
    """The push bodies the counter is about to send for its pending outbox, byte for byte
    (the same checks, batching and serialisation as ``counter_app.sync.push``)."""
    from sqlalchemy import select

    from counter_app.store.models import OutboxItem
    from counter_app.sync.push import fit_count, item_size, prepare
    from counter_protocol.wire import MAX_BATCH_BYTES, MAX_BATCH_ITEMS, PushRequest

    with ctx.store.read() as s:
        rows = s.execute(
            select(
                OutboxItem.id,
                OutboxItem.uuid,
                OutboxItem.kind,
                OutboxItem.entity_uuid,
                OutboxItem.payload,
                OutboxItem.payload_sha256,
                OutboxItem.created_at,
            )
            .where(OutboxItem.state == "pending")
            .order_by(OutboxItem.id)
        ).all()
    items = [prepare(row) for row in rows]
    bodies = []
    while items:
        n = fit_count([item_size(i) for i in items], MAX_BATCH_ITEMS, MAX_BATCH_BYTES - 4096)
        bodies.append(PushRequest(items=tuple(items[:n])).model_dump_json().encode("utf-8"))
        del items[:n]
    return bodies


Cpu = tuple[float, float, float, float]
_DB: dict[str, str] = {}  # the run's database name, once created


def database_cpu() -> float:
    """CPU seconds so far of the PostgreSQL backends serving the run's database."""
    name = _DB.get("name")
    if not name:
        return math.nan
    import psycopg

    with psycopg.connect(PG_DSN) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        pids = [int(r[0]) for r in rows.fetchall()]
    return sum(process_cpu(pid) for pid in pids)


def cpu_now(server: Process, *, database: bool = False) -> Cpu:
    """CPU seconds so far: this thread, this process (every thread of the counter), a server;
    with ``database`` also the database's backends (a query: not around every scan)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    db = database_cpu() if database else math.nan
    return time.thread_time(), ru.ru_utime + ru.ru_stime, server.cpu(), db


def cpu_since(
    start: Cpu, server: Process, into: dict[str, float] | None = None
) -> dict[str, float]:
    """The CPU spent since ``start``, added to ``into`` (stretches measured in parts)."""
    now = cpu_now(server, database=not math.isnan(start[3]))
    out = into if into is not None else {"thread": 0.0, "process": 0.0, "server": 0.0}
    for i, key in enumerate(("thread", "process", "server", "database")):
        if not math.isnan(start[i]):
            out[key] = out.get(key, 0.0) + now[i] - start[i]
    return out


class Floor:
    def __init__(self, url: str, ca_file: Path | None, process: Process) -> None:
        import requests

        self.url = url
        self.verify: str | bool = str(ca_file) if ca_file else True
        self.process = process
        self.session = requests.Session()

    def push(self, body: bytes) -> float:
        t0 = time.perf_counter()
        r = self.session.post(
            f"{self.url}/push",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=(3.05, 60),
            verify=self.verify,
        )
        _ = r.content
        r.raise_for_status()
        return (time.perf_counter() - t0) * 1000

    def upload(self, name: str, path: Path) -> float:
        t0 = time.perf_counter()
        with path.open("rb") as fh:
            r = self.session.put(
                f"{self.url}/upload/{name}", data=fh, timeout=(3.05, 120), verify=self.verify
            )
        _ = r.content
        r.raise_for_status()
        return time.perf_counter() - t0


def measure_push(st: BenchStation, floor: Floor, hq: Process) -> dict[str, Any]:
    """The counter's push, timed end to end; the floor gets the same bodies, half of them just
    before and half just after (so both see the same state of the machine)."""
    from counter_app.sync.enroll import client_for
    from counter_app.sync.push import push_outbox

    bodies = outbox_bodies(st.ctx)
    half = len(bodies) // 2
    c0 = cpu_now(floor.process, database=True)
    floor_ms = [floor.push(body) for body in bodies[:half]]
    floor_cpu = cpu_since(c0, floor.process)
    client = timed_client(client_for(st.ctx))
    before = outbox_states(st.ctx)
    load = os.getloadavg()[0]
    c0 = cpu_now(hq, database=True)
    t0 = time.perf_counter()
    stats = push_outbox(st.ctx, client)
    app_s = time.perf_counter() - t0
    app_cpu = cpu_since(c0, hq)
    client.close()
    c0 = cpu_now(floor.process, database=True)
    floor_ms += [floor.push(body) for body in bodies[half:]]
    cpu_since(c0, floor.process, floor_cpu)
    items = stats.sent + stats.duplicates
    floor_s = sum(floor_ms) / 1000
    return {
        "items": items,
        "outbox_before": before,
        "outbox_after": outbox_states(st.ctx),
        "batches": stats.batches,
        "floor_batches": len(bodies),
        "quarantined": stats.quarantined,
        "app_seconds": app_s,
        "app_rate": items / app_s,
        "floor_seconds": floor_s,
        "floor_rate": items / floor_s,
        "batch_ms": client.push_ms,
        "batch_cpu_ms": client.push_cpu_ms,
        "floor_batch_ms": floor_ms,
        "app_cpu_s": app_cpu,
        "floor_cpu_s": floor_cpu,
        "load": [load, os.getloadavg()[0]],
    }


def measure_blobs(
    st: BenchStation,
    floor: Floor,
    hq: Process,
    folder: Path,
    count: int,
    size: int,
    rng: random.Random,
) -> dict[str, Any]:
    from counter_app.sync.blobs import upload_blob
    from counter_app.sync.enroll import client_for

    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        data = rng.randbytes(size)
        path = folder / f"blob-{i:05d}"
        path.write_bytes(data)
        files.append((hashlib.sha256(data).hexdigest(), path))
    client = client_for(st.ctx)
    app_s = floor_s = 0.0
    app_each, floor_each = [], []
    app_cpu = {"thread": 0.0, "process": 0.0, "server": 0.0}
    floor_cpu = dict(app_cpu)
    load = os.getloadavg()[0]
    for i, (sha, path) in enumerate(files):
        order = ("app", "floor") if i % 2 == 0 else ("floor", "app")
        for who in order:
            if who == "app":
                c0 = cpu_now(hq)
                t0 = time.perf_counter()
                sent = upload_blob(client, sha, path)
                took = time.perf_counter() - t0
                cpu_since(c0, hq, app_cpu)
                assert sent == size, (sent, size)
                app_s += took
                app_each.append(took * 1000)
            else:
                c0 = cpu_now(floor.process)
                took = floor.upload(sha, path)
                cpu_since(c0, floor.process, floor_cpu)
                floor_s += took
                floor_each.append(took * 1000)
    client.close()
    total = count * size
    return {
        "files": count,
        "file_bytes": size,
        "bytes": total,
        "app_seconds": app_s,
        "app_mb_s": total / app_s / 1e6,
        "floor_seconds": floor_s,
        "floor_mb_s": total / floor_s / 1e6,
        "app_ms_p50": pct(app_each, 0.5),
        "app_ms_p95": pct(app_each, 0.95),
        "floor_ms_p50": pct(floor_each, 0.5),
        "floor_ms_p95": pct(floor_each, 0.95),
        "app_cpu_s": app_cpu,
        "floor_cpu_s": floor_cpu,
        "load": [load, os.getloadavg()[0]],
    }


def measure_catchup(st: BenchStation, floor: Floor, hq: Process) -> dict[str, Any]:
    from counter_app.services.attachments import blob_path
    from counter_app.sync.enroll import client_for
    from counter_app.sync.worker import sync_once

    bodies = outbox_bodies(st.ctx)  # each item once: the floor never waits for a scan
    client = timed_client(client_for(st.ctx))
    before = outbox_states(st.ctx)
    rounds = []
    load = os.getloadavg()[0]
    c0 = cpu_now(hq, database=True)
    t0 = time.perf_counter()
    for _ in range(5):  # one round normally drains everything
        report = sync_once(st.ctx, client)
        rounds.append(
            {
                "sent": report.push.sent,
                "duplicates": report.push.duplicates,
                "waiting": report.push.waiting,
                "quarantined": report.push.quarantined,
                "blobs": report.push.blobs_uploaded,
                "blob_bytes": report.push.blob_bytes,
                "batches": report.push.batches,
            }
        )
        if outbox_states(st.ctx).get("pending", 0) == 0:
            break
    wall = time.perf_counter() - t0
    app_cpu = cpu_since(c0, hq)
    client.close()
    # The floor: the same push bodies, and the same scans in one PUT each.
    from sqlalchemy import select

    from counter_app.store.models import Attachment

    with st.ctx.store.read() as s:
        shas = sorted(set(s.execute(select(Attachment.sha256)).scalars()))
    c0 = cpu_now(floor.process, database=True)
    t1 = time.perf_counter()
    for body in bodies:
        floor.push(body)
    for sha in shas:
        floor.upload(sha, blob_path(st.ctx.paths.data_dir, sha))
    floor_s = time.perf_counter() - t1
    floor_cpu = cpu_since(c0, floor.process)
    return {
        "outbox_before": before,
        "outbox_after": outbox_states(st.ctx),
        "rounds": rounds,
        "app_seconds": wall,
        "floor_seconds": floor_s,
        "push_bodies": len(bodies),
        "scans": len(shas),
        "scan_bytes": sum(blob_path(st.ctx.paths.data_dir, s).stat().st_size for s in shas),
        "app_cpu_s": app_cpu,
        "floor_cpu_s": floor_cpu,
        "load": [load, os.getloadavg()[0]],
    }


# HQ's checks that a station writes only its own history and never a receipt number twice
# (issue 13 items 1 and 3), as methods of counter_hq.ingest.Ingest: timed where they are called.
CHECKS = (
    "_check_times",
    "_check_writer",
    "_check_requests",
    "_check_record",
    "_note_made",
    "_read_records",
    "_receipt_holder",
    "_issuing",
)


def measure_checks(st: BenchStation, url: str, rng: random.Random, count: int) -> dict[str, Any]:
    """HQ's ingest of ``count`` fresh requests in this process (the push route's own call, on
    the same database, no HTTP), with the per-station checks timed inside it: their time per
    batch of 100 beside the whole batch's. Only the outermost of nested checks is counted."""
    import functools

    from sqlalchemy import select

    from counter_hq.db import make_engine, session_factory
    from counter_hq.ingest import Ingest
    from counter_hq.models import Station
    from counter_hq.stations import StationRef
    from counter_protocol.wire import PushRequest

    now = st.clock.now
    make_requests(st, count, now - dt.timedelta(hours=1), now, rng)
    st.clock.now = now
    bodies = outbox_bodies(st.ctx)
    spent: dict[str, Any] = {"s": 0.0, "depth": 0, "by": {}}
    wrapped = [name for name in CHECKS if hasattr(Ingest, name)]
    originals = {name: getattr(Ingest, name) for name in wrapped}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*a: Any, **kw: Any) -> Any:
            # Wall time only: the thread's CPU clock is a system call (about a microsecond
            # here), which around hundreds of short calls would weigh more than they do.
            spent["depth"] += 1
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent["depth"] -= 1
                if spent["depth"] == 0:
                    took = time.perf_counter() - t0
                    spent["s"] += took
                    spent["by"][name] = spent["by"].get(name, 0.0) + took

        return inner

    engine = make_engine(url)
    batch_ms, batch_cpu_ms, check_ms = [], [], []
    load = [os.getloadavg()[0]]
    by_check: dict[str, list[float]] = {name: [] for name in wrapped}
    try:
        for name in wrapped:
            setattr(Ingest, name, timed(name, originals[name]))
        with session_factory(engine)() as session:
            row = session.execute(
                select(Station).where(Station.center == "MZH", Station.station_no == st.station_no)
            ).scalar_one()
            ref = StationRef(row.id, row.center, row.station_no)
            for body in bodies:
                items = PushRequest.model_validate_json(body).items
                spent["s"], spent["by"] = 0.0, {}
                c0 = time.thread_time()
                t0 = time.perf_counter()
                Ingest(session, ref, dt.datetime.now(dt.UTC)).run(items)
                batch_ms.append((time.perf_counter() - t0) * 1000)
                batch_cpu_ms.append((time.thread_time() - c0) * 1000)
                check_ms.append(spent["s"] * 1000)
                for name in wrapped:
                    by_check[name].append(spent["by"].get(name, 0.0) * 1000)
    finally:
        for name, fn in originals.items():
            setattr(Ingest, name, fn)
        engine.dispose()
    return {
        "batches": len(bodies),
        "checks": wrapped,
        "batch_ms": batch_ms,
        "check_ms": check_ms,
        "batch_ms_p95": pct(batch_ms, 0.95),
        "batch_cpu_ms": batch_cpu_ms,
        "batch_cpu_ms_p50": pct(batch_cpu_ms, 0.5),
        "batch_cpu_ms_p95": pct(batch_cpu_ms, 0.95),
        "check_ms_p50": pct(check_ms, 0.5),
        "check_ms_p95": pct(check_ms, 0.95),
        "load": [*load, os.getloadavg()[0]],
        "by_check_ms_p50": {name: pct(v, 0.5) for name, v in by_check.items()},
        "by_check_ms_p95": {name: pct(v, 0.95) for name, v in by_check.items()},
    }


def measure_enroll(
    url: str, hq_url: str, ca_file: Path | None, hq: Process, count: int
) -> dict[str, Any]:
    """``count`` stations enrolled one after another, each on a new TLS connection (codes made
    beforehand in this process, not timed)."""
    from counter_app.sync.client import HqClient
    from counter_hq.db import make_engine, session_factory
    from counter_hq.stations import add_station

    engine = make_engine(url)
    now = dt.datetime.now(dt.UTC)
    codes = []
    with session_factory(engine)() as session:
        for n in range(10, 10 + count):
            codes.append(add_station(session, "MZH", n, now)[1])
    engine.dispose()
    took, cpu = [], []
    load = os.getloadavg()[0]
    c0 = cpu_now(hq)
    for code in codes:
        t0, t0_cpu = time.perf_counter(), time.thread_time()
        HqClient.enroll(hq_url, code, ca_file=ca_file)
        took.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - t0_cpu) * 1000)
    return {
        "stations": count,
        "ms": took,
        "ms_p50": pct(took, 0.5),
        "ms_p95": pct(took, 0.95),
        "cpu_ms": cpu,
        "cpu_ms_p50": pct(cpu, 0.5),
        "cpu_ms_p95": pct(cpu, 0.95),
        "cpu_s": cpu_since(c0, hq),
        "load": [load, os.getloadavg()[0]],
    }


# --------------------------------------------------------------------------- the run


def machine() -> dict[str, Any]:
    import psycopg
    import sqlalchemy

    with psycopg.connect(PG_DSN) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        pg = row[0] if row else "?"
    return {
        "cpus": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "sqlalchemy": sqlalchemy.__version__,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    _install_memory_keyring()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=args.workdir))
    res: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "args": {
            k: str(v) if isinstance(v, Path) else sorted(v) if isinstance(v, set) else v
            for k, v in vars(args).items()
        },
        "machine": machine(),
        "load": [os.getloadavg()[0]],
    }
    try:
        with pg_database() as url:
            _DB["name"] = url.rsplit("/", 1)[1]
            env = {
                **os.environ,
                "COUNTER_HQ_DATA_DIR": str(work / "hq"),
                "COUNTER_HQ_DATABASE_URL": url,
            }
            (work / "hq").mkdir(parents=True)
            tls = make_tls(work / "tls")
            # --plain: the same run without TLS, to see what TLS costs (never written to docs)
            ca_file = None if args.plain else tls / "ca.pem"
            scheme = "http" if args.plain else "https"
            verify = str(ca_file) if ca_file else True
            hq_port = free_port()
            hq = Process(
                [
                    *HQ_COMMAND,
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(hq_port),
                    *(
                        []
                        if args.plain
                        else ["--certfile", str(tls / "hq.pem"), "--keyfile", str(tls / "hq.key")]
                    ),
                ],
                env,
                work / "hq-serve.log",
                f"{scheme}://127.0.0.1:{hq_port}/api/v1/time",
                {"Sync-Protocol": "1"},
                verify,
            )

            def hq_cli(*cli: str) -> str:
                done = subprocess.run(
                    [*HQ_COMMAND, *cli], env=env, capture_output=True, text=True, timeout=120
                )
                if done.returncode != 0:
                    raise RuntimeError(f"counter-hq {' '.join(cli)}: {done.stderr}")
                return done.stdout.strip()

            hq_cli("center", "add", "MZH", "--name", "Mazzeh")
            codes = {n: hq_cli("station", "add", "MZH", str(n)).split()[-1] for n in (2, 3, 4)}
            _create_floor_tables(url)
            floor_port = free_port()
            floor_proc = Process(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--serve-floor",
                    str(floor_port),
                    "--database-url",
                    url,
                    "--floor-dir",
                    str(work / "floor"),
                    *([] if args.plain else ["--tls", str(tls)]),
                ],
                env,
                work / "floor-serve.log",
                f"{scheme}://127.0.0.1:{floor_port}/ping",
                verify=verify,
            )
            hq.start()
            floor_proc.start()
            try:
                floor = Floor(f"{scheme}://127.0.0.1:{floor_port}", ca_file, floor_proc)
                now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                hq_url = f"{scheme}://127.0.0.1:{hq_port}"

                # 1. push throughput and per-batch ingest
                if "push" in args.parts:
                    st = open_station(work / "st2", 2, hq_url, codes[2], now, ca_file)
                    made = make_requests(st, args.requests, now - DAY, now, rng)
                    st.clock.now = now
                    print(f"made {args.requests} requests in {made['seconds']:.0f} s", flush=True)
                    res["push"] = measure_push(st, floor, hq)
                    res["push"]["made_seconds"] = made["seconds"]
                    if "checks" in args.parts and args.check_requests:
                        try:
                            res["checks"] = measure_checks(st, url, rng, args.check_requests)
                        except Exception as exc:  # HQ's internals moved: say so, keep the rest
                            res["checks"] = {"error": f"{type(exc).__name__}: {exc}"}
                        print(f"checks: {res['checks']}"[:300], flush=True)
                    st.ctx.close()
                    print(f"push: {res['push']['app_rate']:.0f} items/s", flush=True)

                # 2. blob upload throughput
                if "blobs" in args.parts:
                    st = open_station(work / "st4", 4, hq_url, codes[4], now, ca_file)
                    size = args.scan_kb * 1024
                    count = max(1, args.blob_mb * 1024 * 1024 // size)
                    res["blobs"] = measure_blobs(st, floor, hq, work / "blobs", count, size, rng)
                    if args.large_scan_kb:  # a multi-page PDF: the per-byte costs show
                        size = args.large_scan_kb * 1024
                        count = max(1, args.blob_mb * 1024 * 1024 // size)
                        res["blobs_large"] = measure_blobs(
                            st, floor, hq, work / "blobs-large", count, size, rng
                        )
                    st.ctx.close()
                    shutil.rmtree(work / "blobs", ignore_errors=True)
                    shutil.rmtree(work / "blobs-large", ignore_errors=True)
                    print(f"blobs: {res['blobs']['app_mb_s']:.1f} MB/s", flush=True)

                # 3. a week offline, then back
                if "catchup" in args.parts:
                    st = open_station(work / "st3", 3, hq_url, codes[3], now, ca_file)
                    n = args.catchup_requests
                    scan = max(1, args.catchup_mb * 1024 * 1024 // max(n, 1))
                    made = make_requests(st, n, now - 7 * DAY, now, rng, scan_bytes=scan)
                    st.clock.now = now
                    print(f"made {n} requests + scans in {made['seconds']:.0f} s", flush=True)
                    res["catchup"] = measure_catchup(st, floor, hq)
                    res["catchup"]["made_seconds"] = made["seconds"]
                    res["catchup"]["requests"] = n
                    st.ctx.close()
                    print(f"catch-up: {res['catchup']['app_seconds']:.1f} s", flush=True)

                # 4. enrollment: a new TLS connection and one round trip each
                if "enroll" in args.parts and args.enrollments:
                    res["enroll"] = measure_enroll(url, hq_url, ca_file, hq, args.enrollments)
                    print(f"enroll: p95 {res['enroll']['ms_p95']:.1f} ms", flush=True)
                res["hq_blob_bytes"] = sum(
                    p.stat().st_size for p in (work / "hq" / "blobs").rglob("*") if p.is_file()
                )
            finally:
                floor_proc.stop()
                hq.stop()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return res


def _create_floor_tables(url: str) -> None:
    """The floor's tables: copies of HQ's (columns, indexes, unique constraints)."""
    from sqlalchemy import text

    from counter_hq.db import make_engine, upgrade_schema

    engine = make_engine(url)
    upgrade_schema(engine)
    with engine.begin() as conn:
        for floor, like in _FLOOR_TABLES.items():
            conn.execute(text(f"CREATE TABLE {floor} (LIKE {like} INCLUDING ALL)"))
    engine.dispose()


# --------------------------------------------------------------------------- report


def _blob_row(b: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = b["app_mb_s"] / b["floor_mb_s"]
    return [
        {
            "figure": f"Blob upload, {b['files']:,} scans of {b['file_bytes'] // 1024} KiB",
            "app": f"{b['app_mb_s']:.1f} MB/s",
            "floor": f"{b['floor_mb_s']:.1f} MB/s",
            "ratio": f"{ratio:.2f}",
            "target": f"≥ {TARGETS['blob_ratio']:.2f} of the floor",
            "pass": ratio >= TARGETS["blob_ratio"],
        }
    ]


def _checks_row(c: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "figure": f"HQ's per-station checks (own history, receipt numbers) in a batch of "
            f"100, p95 ({c['batches']} batches)",
            "app": f"{c['check_ms_p95']:.2f} ms",
            "floor": "-",
            "ratio": f"{c['check_ms_p95'] / c['batch_ms_p95']:.2f} of the batch",
            "target": f"< {TARGETS['checks_p95_ms']:.0f} ms",
            "pass": c["check_ms_p95"] < TARGETS["checks_p95_ms"],
        }
    ]


def _enroll_row(e: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "figure": f"Enrollment of a station (new TLS connection + POST /enroll), "
            f"{e['stations']} stations, p95",
            "app": f"{e['ms_p95']:.1f} ms",
            "floor": "-",
            "ratio": "-",
            "target": "(measured, no target)",
            "pass": True,
        }
    ]


def _cpu_words(name: str, part: dict[str, Any], wall: float, floor_wall: float) -> str:
    a, f = part["app_cpu_s"], part["floor_cpu_s"]
    load = part["load"]

    def db(cpu: dict[str, float]) -> str:
        return f", PostgreSQL {cpu['database']:.1f} s" if "database" in cpu else ""

    return (
        f"{name}: app {wall:.1f} s wall, counter thread {a['thread']:.1f} s CPU (process "
        f"{a['process']:.1f} s), HQ process {a['server']:.1f} s{db(a)}; floor "
        f"{floor_wall:.1f} s wall, client thread {f['thread']:.1f} s, floor server "
        f"{f['server']:.1f} s{db(f)}; load average {load[0]:.1f} → {load[1]:.1f}"
    )


def _push_per_item(p: dict[str, Any]) -> str:
    """CPU per pushed item on each side: what bounds the rate on this machine's CPUs."""
    a, f, n = p["app_cpu_s"], p["floor_cpu_s"], p["items"] / 1e6
    total = (a["process"] + a["server"] + a["database"]) / n
    floor = (f["process"] + f["server"] + f["database"]) / n
    cpus = os.cpu_count() or 1
    return (
        f"Push CPU per item: counter {a['process'] / n:.0f} µs, HQ {a['server'] / n:.0f} µs, "
        f"PostgreSQL {a['database'] / n:.0f} µs, {total:.0f} µs in all (on {cpus} CPUs at best "
        f"{cpus * 1e6 / total:,.0f} items/s); floor {floor:.0f} µs in all"
    )


def verdicts(res: dict[str, Any]) -> list[dict[str, Any]]:
    if not all(part in res for part in ("push", "blobs", "catchup")):
        return []  # a partial run (--parts): raw results only
    p, b, c = res["push"], res["blobs"], res["catchup"]
    push_ok = p["app_rate"] >= TARGETS["push_rate"] and not p["outbox_after"].get("pending")
    ingest_app, ingest_floor = pct(p["batch_ms"], 0.95), pct(p["floor_batch_ms"], 0.95)
    catch_ok = c["app_seconds"] < TARGETS["catchup_s"] and not c["outbox_after"].get("pending")
    return [
        {
            "figure": f"Push, outbox → HQ → marked sent ({p['items']:,} requests)",
            "app": f"{p['app_rate']:,.0f} items/s",
            "floor": f"{p['floor_rate']:,.0f} items/s",
            "ratio": f"{p['app_rate'] / p['floor_rate']:.2f}",
            "target": f"≥ {TARGETS['push_rate']:,.0f} items/s",
            "pass": push_ok,
        },
        {
            "figure": "HQ ingest of a batch of 100 (POST /push round trip), p95",
            "app": f"{ingest_app:.1f} ms",
            "floor": f"{ingest_floor:.1f} ms",
            "ratio": f"{ingest_app / ingest_floor:.2f}x",
            "target": f"< {TARGETS['ingest_p95_ms']:.0f} ms",
            "pass": ingest_app < TARGETS["ingest_p95_ms"],
        },
        *_blob_row(b),
        *(_blob_row(res["blobs_large"]) if "blobs_large" in res else []),
        *(_checks_row(res["checks"]) if "check_ms_p95" in res.get("checks", {}) else []),
        *(_enroll_row(res["enroll"]) if "enroll" in res else []),
        {
            "figure": (
                f"Catch-up after 7 days offline: {c['requests']:,} requests, "
                f"{c['scans']:,} scans ({c['scan_bytes'] / 2**30:.2f} GiB)"
            ),
            "app": f"{c['app_seconds']:.1f} s",
            "floor": f"{c['floor_seconds']:.1f} s",
            "ratio": f"{c['app_seconds'] / c['floor_seconds']:.2f}x",
            "target": f"< {TARGETS['catchup_s']:.0f} s",
            "pass": catch_ok,
        },
    ]


def section(res: dict[str, Any]) -> str:
    rows = verdicts(res)
    if not rows:
        return "(a partial run: no section; see the raw results)\n"
    p, b, m = res["push"], res["blobs"], res["machine"]
    a = res["args"]
    lines = [
        "## Sync",
        "",
        "Measured by `bench/bench_sync.py` over TLS on loopback (issue 13): a real "
        "`counter-hq serve` process with a certificate from a CA made for the run (trustme, as "
        "a ministry's own CA), on a throwaway PostgreSQL database, and a real counter station "
        "in the benchmark's process enrolled with `--ca-file`, verifying HQ on every call "
        "(requests made beforehand through the intake service, scans through "
        "`add_attachment`; making them is not timed). The floors are served over TLS too, with "
        "the same certificate and ciphers, in the same run.",
        "",
        "| Figure | app | floor | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
        *(
            f"| {r['figure']} | {r['app']} | {r['floor']} | {r['ratio']} | {r['target']} | "
            f"{'pass' if r['pass'] else 'FAIL'} |"
            for r in rows
        ),
        "",
        "Floors, measured in the same run by a second uvicorn process (a bare ASGI app) on the "
        "same machine and PostgreSQL server:",
        "",
        "- *Push* and *ingest*: byte for byte the request bodies the counter sends (built from "
        "its outbox with the push's own checks, batching and serialisation, 100 items each), "
        "POSTed half just before and half just after the real push to an endpoint that parses "
        "the JSON and INSERTs the same rows (request, its events, the idempotency record) with "
        "plain psycopg `executemany`, one transaction per batch: the least any HQ must do to "
        "hold the data durably, with no checks at all. The push is timed end to end on the "
        "counter (outbox read and checked, HTTP, HQ's validation, idempotency and ingest, "
        "marked sent); ratio = app rate ÷ floor rate. Ingest: the per-batch round trip, p95 "
        f"(p50: app {pct(p['batch_ms'], 0.5):.1f} ms, floor "
        f"{pct(p['floor_batch_ms'], 0.5):.1f} ms"
        + (
            f"; the counter thread's CPU per round trip p50 "
            f"{pct(p['batch_cpu_ms'], 0.5):.1f} ms, p95 {pct(p['batch_cpu_ms'], 0.95):.1f} ms"
            if p.get("batch_cpu_ms")
            else ""
        )
        + ").",
        "- *Blob upload*: each file uploaded by the counter (`upload_blob`: one PUT whose "
        "Content-SHA256 is the scan's name; HQ hashes the bytes it received against it, "
        "writes, fsyncs and renames the file into place, fsyncs the folder and records it) and, "
        "alternately first or second, streamed in one PUT to an endpoint that writes it to "
        "disk and fsyncs it once "
        f"(p50 per file: app {b['app_ms_p50']:.1f} ms, floor {b['floor_ms_p50']:.1f} ms"
        + (
            f"; {res['blobs_large']['file_bytes'] // 1024} KiB: app "
            f"{res['blobs_large']['app_ms_p50']:.1f} ms, floor "
            f"{res['blobs_large']['floor_ms_p50']:.1f} ms"
            if "blobs_large" in res
            else ""
        )
        + "); ratio = app throughput ÷ floor throughput.",
        "- *Catch-up*: `sync_once` (clock check, push, the scans HQ asks for, push again, pull) "
        "after 7 days of requests with one scan each; floor = the push floor for the same "
        "items (each once) plus one PUT per scan; ratio = app time ÷ floor time.",
        *(
            [
                "- *Per-station checks*: fresh requests of the push's station ingested by HQ's "
                "own code (`Ingest.run`, as the push route calls it) in the benchmark's process "
                "on the same database, with the checks that a station writes only its own "
                "history and never a receipt number held for another request "
                f"({', '.join(f'`{n}`' for n in res['checks']['checks'])}) timed where called; "
                f"per batch of 100: checks p50 {res['checks']['check_ms_p50']:.2f} ms, p95 "
                f"{res['checks']['check_ms_p95']:.2f} ms, the whole ingest p95 "
                f"{res['checks']['batch_ms_p95']:.1f} ms wall, "
                f"{res['checks']['batch_cpu_ms_p95']:.1f} ms of the thread's CPU (p50 "
                f"{res['checks']['batch_cpu_ms_p50']:.1f} ms); load average "
                f"{res['checks']['load'][0]:.1f} → {res['checks']['load'][-1]:.1f}; the checks "
                "are timed on the wall clock only, so a thread preempted inside one counts. "
                "(The receipt numbers and stations the batch names are read in the batch's "
                "one lookup query, not counted here.)"
            ]
            if "check_ms_p95" in res.get("checks", {})
            else []
        ),
        "",
        "CPU time beside wall time (the counter's thread by `time.thread_time`, its process "
        "by `getrusage`, the servers and the run database's PostgreSQL backends from /proc), "
        "and the load average during each part:",
        "",
        *(
            f"- {line}"
            for line in (
                _cpu_words("Push", p, p["app_seconds"], p["floor_seconds"]),
                _cpu_words("Blob upload", b, b["app_seconds"], b["floor_seconds"]),
                *(
                    [
                        _cpu_words(
                            "Blob upload (large)",
                            res["blobs_large"],
                            res["blobs_large"]["app_seconds"],
                            res["blobs_large"]["floor_seconds"],
                        )
                    ]
                    if "blobs_large" in res
                    else []
                ),
                _cpu_words(
                    "Catch-up",
                    res["catchup"],
                    res["catchup"]["app_seconds"],
                    res["catchup"]["floor_seconds"],
                ),
            )
        ),
        *([f"- {_push_per_item(p)}"] if "database" in p["app_cpu_s"] else []),
        *(
            [
                f"- Enrollment: p50 {res['enroll']['ms_p50']:.1f} ms, p95 "
                f"{res['enroll']['ms_p95']:.1f} ms over {res['enroll']['stations']} stations "
                f"(counter thread CPU p50 {res['enroll']['cpu_ms_p50']:.1f} ms, p95 "
                f"{res['enroll']['cpu_ms_p95']:.1f} ms); HQ process "
                f"{res['enroll']['cpu_s']['server']:.2f} s CPU in all; load average "
                f"{res['enroll']['load'][0]:.1f} → {res['enroll']['load'][1]:.1f}"
            ]
            if "enroll" in res
            else []
        ),
        "",
        f"The machine was shared with other work during this run (load average "
        f"{res['load'][0]:.1f} at the start, {res['load'][1]:.1f} at the end, on "
        f"{m['cpus']} CPUs): absolute figures move with it, the ratios much less.",
        "",
        "How to reproduce (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth; about "
        "3 GB of free disk):",
        "",
        "```sh",
        "PYTHONPATH=src python bench/bench_sync.py --requests "
        f"{a['requests']} --catchup-requests {a['catchup_requests']} --catchup-mb "
        f"{a['catchup_mb']} --blob-mb {a['blob_mb']} --scan-kb {a['scan_kb']} --large-scan-kb "
        f"{a.get('large_scan_kb', 0)} --check-requests {a.get('check_requests', 0)} "
        f"--enrollments {a.get('enrollments', 0)} --write-docs",
        "```",
        "",
        f"<!-- {res['when'][:16]}: {m['cpus']} CPUs, Python {m['python']}, PostgreSQL "
        f"{m['postgresql']}, SQLAlchemy {m['sqlalchemy']}; raw results in "
        "bench/out/sync-*.json -->",
    ]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--catchup-requests", type=int, default=5_000)
    parser.add_argument("--catchup-mb", type=int, default=1024, help="MiB of scans in total")
    parser.add_argument("--blob-mb", type=int, default=200, help="MiB uploaded for the blob figure")
    parser.add_argument("--scan-kb", type=int, default=200, help="KiB per scan (blob figure)")
    parser.add_argument(
        "--large-scan-kb", type=int, default=1024, help="KiB per scan, second blob figure (0: none)"
    )
    parser.add_argument("--enrollments", type=int, default=30, help="stations enrolled (p95)")
    parser.add_argument(
        "--check-requests", type=int, default=5000, help="requests for the per-station checks"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="where the data go (temp)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument(
        "--parts",
        type=lambda v: set(v.split(",")),
        default={"push", "checks", "blobs", "catchup", "enroll"},
        help="measure only these (comma-separated: push, checks, blobs, catchup, enroll)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="without TLS, to compare (not with --write-docs)"
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the file --write-docs edits")
    parser.add_argument("--out", type=Path, default=OUT, help="where raw results go")
    parser.add_argument("--serve-floor", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--floor-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tls", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.plain and args.write_docs:
        raise SystemExit("--plain measures what TLS costs; the docs' figures are over TLS")
    if args.serve_floor:
        return serve_floor(args.serve_floor, args.database_url, args.floor_dir, args.tls)
    res = run(args)
    res["load"].append(os.getloadavg()[0])
    res["verdicts"] = verdicts(res)
    for part in ("push", "checks", "blobs", "blobs_large", "catchup", "enroll"):
        if part in res:
            summary = {k: v for k, v in res[part].items() if not isinstance(v, list)}
            print(part, json.dumps(summary, default=str))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = res["when"].replace(":", "").replace("-", "")[:15]
    raw = args.out / f"sync-{stamp}.json"
    raw.write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")
    text = section(res)
    print(text)
    print(f"raw results: {raw}")
    if args.write_docs and res["verdicts"]:
        put_section(args.docs, text, after="## Desktop")
        print(f"wrote the Sync section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
