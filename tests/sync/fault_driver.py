"""A counter station at work while its network, its HQ and its own process fail.

Run by tests/sync/test_faults.py as a child process that it SIGKILLs at random moments:

    python -m tests.sync.fault_driver --proxy URL --requests N --scans S [--rate PER_SECOND]

The station (``COUNTER_APP_HOME``) is set up and enrolled beforehand. The driver takes requests
through the real intake service (one transaction each, as at the counter), attaches scans
through the attachment service and cancels some requests through the request service, while
the desktop's own ``SyncWorker`` pushes and pulls through the fault proxy on a second thread.

Everything done for a request is a function of its receipt sequence number, so the driver is
resumable: on start it counts the requests its database holds, finishes the follow-ups (scan,
cancellation) a killed run left undone, and carries on until its quota is reached. Then it waits
until the outbox is drained, prints ``DONE`` and a JSON summary, and exits 0.

Stdout: ``READY`` once the database is open and the worker runs, then ``DONE {...}``.
Stderr: one ``SYNC-ERROR`` line for every sync round that failed other than by HQ being
unreachable (a refusal or a bug): the test treats any as a failure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections.abc import Sequence

import keyring
from sqlalchemy import func, select

from counter_app.domain.receipt import ReceiptNumber
from counter_app.paths import AppPaths
from counter_app.services.attachments import add_attachment
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.requests import change_status
from counter_app.services.sync_state import read_sync_health
from counter_app.store.models import Attachment, Request
from counter_app.sync.backoff import Backoff
from counter_app.sync.client import HqClient, HqUnreachable
from counter_app.sync.enroll import KEYRING_SERVICE, keyring_user
from counter_app.sync.worker import Outcome, SyncReport, SyncWorker

SERVICE = "MOI-CRIMINAL-RECORD"
SHARED_POOL = 20  # scans every station holds byte for byte (HQ stores each once)
CANCEL_EVERY, CANCEL_AT = 10, 3  # the counter cancels requests with seq % 10 == 3
HQ_STEPS_AT = 7  # ... and HQ moves only requests with seq % 10 == 7 (no crossing steps)
LARGE_EVERY = 250  # scan ordinals 1, 251, 501, ... are larger than one upload chunk
LARGE_BYTES = 1_200_000


def scan_ordinal(seq: int, requests: int, scans: int) -> int:
    """1-based number of the scan request ``seq`` carries, 0 if none: ``scans`` scans spread
    evenly over ``requests`` requests (exactly ``scans`` of them, whatever the numbers)."""
    ordinal = seq * scans // requests
    return ordinal if ordinal != (seq - 1) * scans // requests else 0


def shared_scan(index: int) -> bytes:
    return b"%PDF-1.4 shared scan\n" + random.Random(f"shared-{index}").randbytes(3000)


def scan_bytes(label: str, seq: int, ordinal: int) -> bytes:
    if ordinal % 10 == 0:
        return shared_scan(ordinal // 10 % SHARED_POOL)
    rng = random.Random(f"{label}-{seq}")
    size = LARGE_BYTES if ordinal % LARGE_EVERY == 1 else 600 + seq % 2000
    return f"%PDF-1.4 scan {label} {seq}\n".encode("ascii") + rng.randbytes(size)


def cancels(seq: int) -> bool:
    return seq % CANCEL_EVERY == CANCEL_AT


class Station:
    def __init__(self, ctx: AppContext, requests: int, scans: int, *, cancel: bool = True) -> None:
        self.ctx = ctx
        self.requests = requests
        self.scans = scans
        self.cancel = cancel
        with ctx.store.read() as session:
            self.clerk: Actor = ctx.actor(session, "clerk1")
            info = ctx.station(session)
        self.center, self.station_no, self.label = info.center_code, info.station_no, info.label
        svc = active_catalog(ctx).service(SERVICE)
        assert svc is not None
        self.service = svc.code
        self.docs = {d.type: "copy_kept" for d in svc.documents}
        self.fields = {
            f.key: (f.choices[0].value if f.choices else "دمشق") for f in svc.fields if f.required
        }

    def count(self) -> int:
        with self.ctx.store.read() as session:
            return int(session.execute(select(func.count(Request.id))).scalar_one())

    def follow_up(self, receipt: str, seq: int, *, scan: bool = True, cancel: bool = True) -> None:
        """A request's scan and cancellation (each its own transaction, as at the counter)."""
        ordinal = scan_ordinal(seq, self.requests, self.scans)
        if scan and ordinal:
            add_attachment(
                self.ctx,
                self.clerk,
                receipt,
                scan_bytes(self.label, seq, ordinal),
                doc_type="ID_CARD",
                filename=f"scan-{seq}.pdf",
                media_type="application/pdf",
            )
        if cancel and self.cancel and cancels(seq):
            change_status(self.ctx, self.clerk, receipt, "cancelled", "citizen renounced")

    def repair(self) -> int:
        """Finish what a killed run left undone: a request saved without its scan or its
        cancellation (a kill between the transactions)."""
        with self.ctx.store.read() as session:
            rows = session.execute(
                select(Request.receipt_no, Request.status, func.count(Attachment.id))
                .outerjoin(Attachment, Attachment.request_id == Request.id)
                .group_by(Request.id)
            ).all()
        fixed = 0
        for receipt, status, attached in rows:
            seq = ReceiptNumber.parse(receipt).seq
            scan = bool(scan_ordinal(seq, self.requests, self.scans)) and not attached
            cancel = self.cancel and cancels(seq) and status == "submitted"
            if scan or cancel:
                self.follow_up(receipt, seq, scan=scan, cancel=cancel)
                fixed += 1
        return fixed

    def take_one(self, made: int) -> None:
        nid = f"{self.station_no}{made + 1:010d}"
        res = submit_request(
            self.ctx,
            self.clerk,
            IntakeInput(self.service, nid, "خالد المصري", "0933000111", self.fields, self.docs),
        )
        self.follow_up(res.receipt_no, ReceiptNumber.parse(res.receipt_no).seq)


class Outcomes:
    """What the sync worker met, for the summary (and unexpected failures on stderr)."""

    def __init__(self) -> None:
        self.ok = 0
        self.unreachable = 0
        self.failed = 0
        self.refused = threading.Event()
        self._woken = 0.0

    def rewake(self, worker: SyncWorker) -> None:
        """After a refusal the worker waits for a person; here nobody comes, so wake it (at most
        once a second: the refusal is already reported, the run must still end)."""
        if self.refused.is_set() and time.monotonic() - self._woken > 1.0:
            self.refused.clear()
            self._woken = time.monotonic()
            worker.wake()

    def __call__(self, outcome: Outcome) -> None:
        if isinstance(outcome, SyncReport):
            self.ok += 1
        elif isinstance(outcome, HqUnreachable):
            self.unreachable += 1
        else:
            self.failed += 1
            print(f"SYNC-ERROR {type(outcome).__name__}: {outcome}", file=sys.stderr, flush=True)
            self.refused.set()  # the worker waits for a wake after a refusal


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy", required=True, help="HQ's address as the counter sees it")
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--scans", type=int, required=True)
    parser.add_argument("--rate", type=float, default=0.0, help="requests per second (0: free)")
    parser.add_argument("--timeout", type=float, default=2.0, help="HTTP read timeout")
    args = parser.parse_args(argv)

    ctx = AppContext.open(AppPaths.default())
    station = Station(ctx, args.requests, args.scans)
    token = keyring.get_password(KEYRING_SERVICE, keyring_user(station.center, station.station_no))
    assert token, "the station is not enrolled"
    outcomes = Outcomes()
    worker = SyncWorker(
        ctx,
        lambda: HqClient(args.proxy, token, timeout=(1.0, args.timeout)),
        interval=0.2,
        backoff=Backoff(base=0.05, cap=0.5),
        on_outcome=outcomes,
    )
    worker.start()
    print("READY", flush=True)

    repaired = station.repair()
    made = station.count()
    started, taken = time.monotonic(), 0
    while made < args.requests:
        station.take_one(made)
        made += 1
        taken += 1
        if args.rate > 0:
            ahead = started + taken / args.rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
        outcomes.rewake(worker)
    while read_sync_health(ctx).outbox_pending:
        time.sleep(0.1)
        outcomes.rewake(worker)
    worker.stop()
    summary = {
        "requests": made,
        "taken": taken,
        "repaired": repaired,
        "rounds_ok": outcomes.ok,
        "rounds_unreachable": outcomes.unreachable,
        "rounds_failed": outcomes.failed,
    }
    print("DONE " + json.dumps(summary), flush=True)
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
