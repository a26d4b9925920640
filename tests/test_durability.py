"""Nothing saved is lost: concurrent writers and a writer killed mid-flight (SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import text

from counter_app.domain.receipt import ReceiptNumber
from counter_app.store.check import check_database
from tests.conftest import Station

ROOT = Path(__file__).resolve().parents[1]

# A writer process: saves requests as fast as it can and prints each receipt number only after
# the save returned (i.e. after the commit), like a counter printing the receipt.
WRITER = textwrap.dedent(
    """
    import sys
    from counter_app.paths import AppPaths
    from counter_app.services.catalog import active_catalog
    from counter_app.services.context import AppContext
    from counter_app.services.intake import IntakeInput, submit_request

    count, offset = int(sys.argv[1]), int(sys.argv[2])
    ctx = AppContext.open(AppPaths.default())
    with ctx.store.read() as s:
        clerk = ctx.actor(s, "clerk1")
    svc = active_catalog(ctx).service("MOI-CRIMINAL-RECORD")
    docs = {d.type: "copy_kept" for d in svc.documents}
    fields = {f.key: (f.choices[0].value if f.choices else "دمشق") for f in svc.fields
              if f.required}
    i = 0
    while count < 0 or i < count:
        nid = f"{offset + i:011d}"
        res = submit_request(ctx, clerk, IntakeInput(svc.code, nid, "خالد المصري",
                                                     "0933000111", fields, docs))
        print(res.receipt_no, flush=True)
        i += 1
    """
)


def _writer(count: int, offset: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(count), str(offset)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stored(station: Station) -> tuple[list[str], int]:
    with station.ctx.store.read() as s:
        receipts = s.execute(text("SELECT receipt_no FROM requests")).scalars().all()
        last = s.execute(text("SELECT max(last_seq) FROM receipt_sequences")).scalar_one()
    return list(receipts), int(last or 0)


def _assert_consistent(station: Station, printed: list[str]) -> None:
    receipts, last_seq = _stored(station)
    assert set(printed) <= set(receipts), "a printed receipt has no request"
    seqs = sorted(ReceiptNumber.parse(r).seq for r in receipts)
    assert seqs == list(range(1, len(seqs) + 1)), "numbers skipped or reused"
    assert last_seq == len(seqs)
    with station.ctx.store.engine.connect() as conn:
        report = check_database(conn)
    assert report.ok, (report.integrity, report.foreign_keys, report.audit)
    with station.ctx.store.read() as s:
        outbox = s.execute(text("SELECT payload FROM outbox WHERE kind='request.created'"))
        queued = {json.loads(p)["receipt_no"] for (p,) in outbox}
    assert queued == set(receipts), "a request without its outbox entry"


def test_two_processes_write_the_same_station_database(station: Station) -> None:
    writers = [_writer(25, 10_000_000_000), _writer(25, 20_000_000_000)]
    printed: list[str] = []
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        printed += out.split()
    assert len(printed) == len(set(printed)) == 50
    _assert_consistent(station, printed)


def test_a_writer_killed_mid_save_loses_nothing_it_printed(station: Station) -> None:
    printed: list[str] = []
    for round_no in range(3):
        proc = _writer(-1, 30_000_000_000 + round_no * 1_000_000)
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        got = 0
        while got < 8 + round_no * 3 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            printed.append(line.strip())
            got += 1
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
        printed += rest.split()
        assert got > 0, err
    _assert_consistent(station, printed)
