"""The SMS sender through a failing gateway (issue 15): at least 1,000 notifications a minute.

The sender (counter_hq/notify/sender.py: claim with SKIP LOCKED, send through the HTTP adapter
with 8 workers, record, one change per final message) runs against a throwaway PostgreSQL
database and the fake gateway PROCESS of the tests (tests/hq/fake_gateway.py), which fails 30 %
of the posts: 500s, connection resets, hangs past the client's timeout, junk answers after
accepting; the sender retries with backoff and the gateway deduplicates by reference.

Two parts:
- backlog: N messages queued at once (as after a gateway outage), drained; rate = N / wall from
  the sender's start to the last message final;
- paced: messages queued at a steady rate (default 1,000 a minute, one enqueue_for_step
  transaction each, as the back office makes them) for a while, the sender running beside;
  the delay from queueing to sent (p50/p95/max) says whether it keeps up, and the backlog at
  the end (should be what the last seconds queued).

Each part checks exactly-once delivery (the gateway's report against the outbox) and reports
wall, the sender's CPU (its process: claim/record thread and gateway workers), the gateway
process's CPU, the database backends' CPU (/proc) and the load average (bench/measure.py).

    PYTHONPATH=src:. python bench/bench_notify.py [--backlog 5000] [--rate 1000]
        [--seconds 120] [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from docs_section import put_section  # noqa: E402  (bench/, beside this script)
from measure import load_average, load_text, pct, wait_exit  # noqa: E402

PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
TARGET_PER_MINUTE = 1000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextmanager
def pg_database() -> Iterator[tuple[str, str]]:
    import psycopg

    try:
        admin = psycopg.connect(PG_DSN, autocommit=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL is needed at 127.0.0.1:5432 (user postgres): {exc}") from None
    name = f"bench_notify_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu(name: str) -> float:
    import psycopg

    with psycopg.connect(PG_DSN) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        return sum(process_cpu(int(r[0])) for r in rows.fetchall())


def self_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def make_requests(url: str, count: int) -> list[str]:
    """``count`` requests at HQ with a phone each (plain inserts: not what is measured)."""
    from sqlalchemy import insert

    from counter_app.domain.receipt import ReceiptNumber
    from counter_hq.db import make_engine, session_factory, upgrade_schema
    from counter_hq.models import Center, HqRequest

    engine = make_engine(url)
    upgrade_schema(engine)
    now = utcnow()
    uuids = [str(uuid.uuid4()) for _ in range(count)]
    with session_factory(engine)() as s:
        s.add(Center(code="MZH", name="مركز خدمة المواطن - المزة", created_at=now))
        s.flush()
        rows = [
            {
                "uuid": u,
                "item_id": str(uuid.uuid4()),
                "center": "MZH",
                "station_no": 1 + i % 4,
                "receipt_no": str(
                    ReceiptNumber(center="MZH", station=1 + i % 4, year=26, seq=i + 1)
                ),
                "received_at": now,
                "local_day": now.date(),
                "service": "INT-CRIM",
                "content_sha256": "0" * 64,
                "payload": {"citizen": {"name": "سامر", "phone": f"09{3 + i % 6}{i:07d}"}},
                "ingested_at": now,
            }
            for i, u in enumerate(uuids)
        ]
        for i in range(0, len(rows), 1000):
            s.execute(insert(HqRequest), rows[i : i + 1000])
        s.commit()
    engine.dispose()
    return uuids


def enqueue(sessions: Any, request_uuid: str, kinds: tuple[str, ...], i: int) -> str:
    from counter_hq.notify import enqueue_for_step

    kind = kinds[i % len(kinds)]
    details = {
        "collect_from": "2026-12-10",
        "collect_place": "النافذة 3",
        "message": "أحضر صورة مصدقة عن بيان القيد العائلي",
        "reason": "الوثيقة منتهية الصلاحية",
        "answer": "تمت معالجة الشكوى",
    }
    with sessions() as s:
        row = enqueue_for_step(
            s,
            request_uuid=request_uuid,
            event_uuid=str(uuid.uuid4()),
            kind=kind,
            now=utcnow(),
            details=details,
        )
        s.commit()
        assert row is not None
        return row.uuid


def check_once(sessions: Any, report: dict[str, Any], uuids: set[str]) -> dict[str, Any]:
    """Every queued message delivered once with its own text; rows and changes final, one each."""
    from sqlalchemy import select

    from counter_hq.models import ChangeRow, Notification

    with sessions() as s:
        rows = {
            n.uuid: n for n in s.scalars(select(Notification).where(Notification.uuid.in_(uuids)))
        }
        changes: dict[str, int] = {}
        for payload in s.scalars(select(ChangeRow.payload).where(ChangeRow.kind == "notification")):
            changes[payload["uuid"]] = changes.get(payload["uuid"], 0) + 1
    per_change = {u: n for u, n in changes.items() if u in uuids}
    delivered = {ref: m for ref, m in report["delivered"].items() if ref in uuids}
    bad_text = [u for u, m in delivered.items() if m["text"] != rows[u].body]
    states: dict[str, int] = {}
    for n in rows.values():
        states[n.state] = states.get(n.state, 0) + 1
    return {
        "queued": len(uuids),
        "delivered": len(delivered),
        "exactly_once": set(delivered) == uuids and not bad_text and not report["mismatches"],
        "states": states,
        "changes_once": len(per_change) == len(uuids) and set(per_change.values()) == {1},
        "posts_per_message": round(
            sum(m["posts"] for m in delivered.values()) / max(1, len(delivered)), 3
        ),
        "attempts_per_message": round(
            sum(n.attempts for n in rows.values()) / max(1, len(rows)), 3
        ),
    }


def make_sender(sessions: Any, url: str, workers: int) -> Any:
    from counter_hq.notify.gateways.http import HttpGateway
    from counter_hq.notify.sender import Policy, Sender
    from counter_hq.notify.settings import DEFAULT_BODY

    gateway = HttpGateway(
        url + "/send",
        body=DEFAULT_BODY,
        timeout=0.5,
        success_field="status",
        success_value="accepted",
        id_field="id",
        connections=workers,
    )
    policy = Policy(
        max_attempts=30,
        backoff_seconds=0.5,
        backoff_max_seconds=4,
        lease_seconds=30,
        batch=4 * workers,
        workers=workers,
    )
    return Sender(sessions, gateway, policy, clock=utcnow, poll_seconds=0.1)


def pending(sessions: Any) -> int:
    """Messages not final yet (the bench's own polling: one cheap count on the state index,
    not an IN list of thousands, so its CPU does not count as the sender's)."""
    from sqlalchemy import func, select

    from counter_hq.models import Notification
    from counter_hq.notify.outbox import FINAL_STATES

    with sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.state.not_in(FINAL_STATES))
            )
            or 0
        )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from tests.hq.fake_gateway import Running

    from counter_hq.db import make_engine, session_factory

    kinds = ("ready", "needs_info", "rejected", "answer")
    result: dict[str, Any] = {"at": utcnow().isoformat(timespec="seconds"), "cpus": os.cpu_count()}
    paced_total = int(args.rate * args.seconds / 60)
    with pg_database() as (name, url):
        requests = make_requests(url, args.backlog + paced_total)
        engine = make_engine(url)
        sessions = session_factory(engine)
        gw = Running(fail_rate=0.3, hang=1.0, seed=None)
        try:
            # -- backlog -------------------------------------------------------------------
            backlog = {
                enqueue(sessions, u, kinds, i) for i, u in enumerate(requests[: args.backlog])
            }
            sender = make_sender(sessions, gw.url, args.workers)
            stop = threading.Event()
            load0, cpu0, db0, gw0 = (
                load_average(),
                self_cpu(),
                database_cpu(name),
                process_cpu(gw.proc.pid),
            )
            start = time.perf_counter()
            thread = threading.Thread(target=sender.run, args=(stop,), daemon=True)
            thread.start()
            while pending(sessions):
                time.sleep(0.2)
            wall = time.perf_counter() - start
            load1, cpu1, db1, gw1 = (
                load_average(),
                self_cpu(),
                database_cpu(name),
                process_cpu(gw.proc.pid),
            )
            result["backlog"] = {
                "messages": len(backlog),
                "wall_s": round(wall, 2),
                "per_minute": round(len(backlog) / wall * 60),
                "sender_cpu_s": round(cpu1 - cpu0, 2),
                "sender_cpu_ms_per_message": round((cpu1 - cpu0) / len(backlog) * 1000, 3),
                "gateway_cpu_s": round(gw1 - gw0, 2),
                "db_cpu_s": round(db1 - db0, 2),
                "load": load_text(load0, load1),
                **check_once(sessions, gw.report(), backlog),
            }
            print(json.dumps(result["backlog"], ensure_ascii=False), flush=True)

            # -- paced ---------------------------------------------------------------------
            paced: set[str] = set()
            interval = 60.0 / args.rate
            queue_cpu = 0.0
            load0, cpu0, db0, gw0 = (
                load_average(),
                self_cpu(),
                database_cpu(name),
                process_cpu(gw.proc.pid),
            )
            start = time.perf_counter()
            # Queued from 4 threads at their due times, as several officers' steps arrive: one
            # producer alone falls behind the rate on a loaded machine (each enqueue is a
            # transaction with its commit's wait).
            lock = threading.Lock()

            def produce(i: int, u: str) -> None:
                nonlocal queue_cpu
                t0 = time.thread_time()
                ident = enqueue(sessions, u, kinds, i)
                with lock:
                    paced.add(ident)
                    queue_cpu += time.thread_time() - t0

            with ThreadPoolExecutor(4) as producers:
                for i, u in enumerate(requests[args.backlog :]):
                    pause = start + i * interval - time.perf_counter()
                    if pause > 0:
                        time.sleep(pause)
                    producers.submit(produce, i, u)
            queued_wall = time.perf_counter() - start
            left_at_end = pending(sessions)
            while pending(sessions):
                time.sleep(0.2)
            wall = time.perf_counter() - start
            load1, cpu1, db1, gw1 = (
                load_average(),
                self_cpu(),
                database_cpu(name),
                process_cpu(gw.proc.pid),
            )
            stop.set()
            thread.join(10)
            sender.close()
            from sqlalchemy import select

            from counter_hq.models import Notification

            with sessions() as s:
                delays = [
                    (sent - created).total_seconds()
                    for created, sent in s.execute(
                        select(Notification.created_at, Notification.sent_at).where(
                            Notification.uuid.in_(paced), Notification.sent_at.is_not(None)
                        )
                    ).tuples()
                    if sent is not None
                ]
            first_try = sum(1 for d in delays if d < 0.5)
            result["paced"] = {
                "messages": len(paced),
                "rate_per_minute": args.rate,
                "queued_over_s": round(queued_wall, 1),
                "achieved_queue_rate": round(len(paced) / queued_wall * 60),
                "not_final_when_queueing_ended": left_at_end,
                "drained_s_after": round(wall - queued_wall, 2),
                "delay_p50_s": round(pct(delays, 0.50), 3),
                "delay_p95_s": round(pct(delays, 0.95), 3),
                "delay_max_s": round(max(delays), 3) if delays else None,
                "sent_within_half_a_second": first_try,
                "sender_cpu_s": round(cpu1 - cpu0 - queue_cpu, 2),
                "queueing_cpu_s": round(queue_cpu, 2),
                "gateway_cpu_s": round(gw1 - gw0, 2),
                "db_cpu_s": round(db1 - db0, 2),
                "load": load_text(load0, load1),
                **check_once(sessions, gw.report(), paced),
            }
            print(json.dumps(result["paced"], ensure_ascii=False), flush=True)
            result["fates"] = gw.report()["fates"]
        finally:
            gw.proc.terminate()
            status, _usage = wait_exit(gw.proc, 10)
            gw.proc.returncode = os.waitstatus_to_exitcode(status)
            engine.dispose()
    import sqlalchemy

    result["versions"] = {
        "python": sys.version.split()[0],
        "sqlalchemy": sqlalchemy.__version__,
    }
    return result


def docs_section(r: dict[str, Any]) -> str:
    b, p = r["backlog"], r["paced"]
    once_b = b["exactly_once"] and b["changes_once"]
    once_p = p["exactly_once"] and p["changes_once"]
    ok_b = b["per_minute"] >= TARGET_PER_MINUTE and once_b
    keeps_up = p["achieved_queue_rate"] >= 0.95 * p["rate_per_minute"] and p["drained_s_after"] < 10
    ok_p = keeps_up and once_p
    fates = ", ".join(f"{k} {v}" for k, v in sorted(r["fates"].items()))
    rows = [
        (
            f"Backlog of {b['messages']:,} messages drained",
            f"{b['per_minute']:,} / minute ({b['wall_s']} s)",
            "≥ 1,000 / minute",
            "pass" if ok_b else "miss",
        ),
        (
            f"Paced at {p['rate_per_minute']:,.0f} / minute for {p['queued_over_s']} s "
            f"({p['messages']:,} messages): queue → sent, p50 / p95 / max",
            f"{p['delay_p50_s']} / {p['delay_p95_s']} / {p['delay_max_s']} s",
            f"keeps up (the last queued drained {p['drained_s_after']} s after, < 10 s)",
            "pass" if ok_p else "miss",
        ),
        (
            "Delivered exactly once (gateway's report vs outbox), one change per message",
            f"backlog {'yes' if once_b else 'NO'}, paced {'yes' if once_p else 'NO'}",
            "every message once",
            "pass" if once_b and once_p else "miss",
        ),
    ]
    table = "\n".join(f"| {a} | {b_} | {c} | {d} |" for a, b_, c, d in rows)
    backlog_line = (
        f"- Backlog: sender process {b['sender_cpu_s']} s CPU "
        f"({b['sender_cpu_ms_per_message']} ms a message), gateway process "
        f"{b['gateway_cpu_s']} s, PostgreSQL backends {b['db_cpu_s']} s; "
        f"{b['posts_per_message']} posts and {b['attempts_per_message']} attempts a message; "
        f"states {b['states']}; load average {b['load']}."
    )
    paced_line = (
        f"- Paced: {p['sent_within_half_a_second']:,} of {p['messages']:,} sent within 0.5 s of "
        f"being queued (the others waited for a retry's backoff, or for the sender's next look "
        f"at the outbox, every 0.1 s here, on a busy machine); queueing (one "
        f"`enqueue_for_step` transaction each) {p['queueing_cpu_s']} s CPU, sender "
        f"{p['sender_cpu_s']} s, gateway {p['gateway_cpu_s']} s, PostgreSQL {p['db_cpu_s']} s; "
        f"{p['not_final_when_queueing_ended']} not final when queueing ended; states "
        f"{p['states']}; load average {p['load']}."
    )
    command = (
        f"PYTHONPATH=src:. python bench/bench_notify.py --backlog {b['messages']} "
        f"--rate {p['rate_per_minute']:.0f} --seconds {round(p['queued_over_s'])} --write-docs"
    )
    peak = max(float(x) for part in (b, p) for x in part["load"].split(" → "))
    load_note = (
        f"The machine was shared with other sessions' test runs (load average up to {peak:.1f} "
        f"on {r['cpus']} CPUs): the figures are what a loaded HQ gets, not a quiet one's."
        if peak > (r["cpus"] or 1)
        else ""
    )
    versions = r["versions"]
    stamp = (
        f"<!-- {r['at']}: {r['cpus']} CPUs, Python {versions['python']}, SQLAlchemy "
        f"{versions['sqlalchemy']}; raw results in bench/out/notify-*.json -->"
    )
    return f"""## Notifications (issue 15)

Measured by `bench/bench_notify.py`: the SMS sender (`counter_hq/notify/sender.py`, 8 gateway
workers, HTTP adapter with a 0.5 s timeout, backoff from 0.5 s doubling to 4 s) on a throwaway
PostgreSQL database, through the fake gateway PROCESS of the tests (`tests/hq/fake_gateway.py`),
which fails 30 % of posts (500s, connection resets, hangs of 1 s, junk or useless answers after
accepting) and deduplicates by the message's reference. Messages are Arabic, one UCS-2 segment,
the four kinds in turn; the backlog is queued at once (as after a gateway outage), the paced
part one `enqueue_for_step` transaction at a time while the sender runs.

| Figure | result | target | |
|---|---:|---|---|
{table}

{backlog_line}
{paced_line}
- Gateway fates over the run: {fates}.

The sender is pipelined (two posts per worker in flight, a freed place claimed at once,
outcomes recorded in batches): a post that hangs holds one worker for the 0.5 s timeout, never
the others. Claiming is one `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)
RETURNING` and a commit per batch, recording a locking read, one executemany per outcome and
the changes; the backlog's rate is then bound by the CPU (the sender process's ms a message
above: its database statements and the HTTP posts) and the database's commits.

{load_note}

```sh
{command}
```

{stamp}
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=1000, help="messages a minute, paced part")
    parser.add_argument("--seconds", type=float, default=120, help="how long the paced part queues")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--from-json", type=Path, help="write the section from a saved result")
    args = parser.parse_args()
    if args.from_json:
        result = json.loads(args.from_json.read_text("utf-8"))
        put_section(ROOT / "docs" / "BENCHMARKS.md", docs_section(result), after="## Sync")
        return 0
    result = run(args)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"notify-{result['at'][:19].replace(':', '')}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), "utf-8"
    )
    if args.write_docs:
        put_section(ROOT / "docs" / "BENCHMARKS.md", docs_section(result), after="## Sync")
    print(docs_section(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
