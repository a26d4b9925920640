"""The one judge of a sync run: do HQ and the counters hold exactly the same history?

``check_delivery`` reads the station databases (SQLite, read-only) and HQ's database and blob
folder directly, never through the code under test, and lists every discrepancy:

- duplicates: anything held more than once (a request by UUID or receipt number, an event, an
  attachment, a received outbox item at HQ; an HQ status event at a counter);
- missing: a counter's request, event, attachment or outbox item HQ does not hold; a scan HQ
  does not hold for the center that sent it; an HQ status event its counter does not hold, or
  one a counter holds that HQ does not (lost with a restore of HQ);
- extra: anything HQ holds that no counter has;
- damaged: a blob file that is absent, of the wrong size or whose SHA-256 is not its name, and
  blob files HQ stores more than once or without a row;
- undelivered: outbox items still pending or quarantined, changes a counter could not apply.

The fault test asserts ``ok``; the negative control runs the same function against an HQ whose
idempotency is switched off and asserts it reports duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests import rawdb

_LIMIT = 20  # findings shown per list in the summary
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class DeliveryReport:
    requests: int = 0
    events: int = 0
    hq_events: int = 0
    attachments: int = 0
    blobs: int = 0
    outbox: int = 0
    duplicates: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)
    leftovers: int = 0  # interrupted writes left in HQ's blob folder (garbage, not damage)

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.missing or self.extra or self.damaged) and not (
            self.undelivered
        )

    def summary(self) -> str:
        lines = [
            f"checked {self.requests} requests, {self.events} counter events, "
            f"{self.hq_events} HQ events, {self.attachments} attachments, {self.blobs} blobs, "
            f"{self.outbox} outbox items; {self.leftovers} interrupted blob writes left over"
        ]
        for name in ("duplicates", "missing", "extra", "damaged", "undelivered"):
            found: list[str] = getattr(self, name)
            if found:
                lines.append(f"{name} ({len(found)}): " + "; ".join(found[:_LIMIT]))
        return "\n".join(lines)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _twice(what: str, counts: Counter[str]) -> list[str]:
    return [f"{what} {key} held {n} times" for key, n in sorted(counts.items()) if n > 1]


def _absent(what: str, wanted: Iterable[str], held: Counter[str], where: str) -> list[str]:
    return [f"{what} {key} not at {where}" for key in sorted(wanted) if key not in held]


@dataclass
class _Counters:
    """Everything the stations hold, keyed by UUID (multisets: a counter may be wrong too)."""

    requests: dict[str, str] = field(default_factory=dict)  # uuid -> receipt_no
    request_count: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)  # origin counter
    hq_events: Counter[str] = field(default_factory=Counter)  # origin hq
    hq_event_request: dict[str, str] = field(default_factory=dict)
    attachments: Counter[str] = field(default_factory=Counter)
    scans: set[tuple[str, str]] = field(default_factory=set)  # (sha256, center)
    sent: set[str] = field(default_factory=set)  # outbox items HQ must hold
    undelivered: list[str] = field(default_factory=list)


def _read_station(db: Path, into: _Counters) -> None:
    conn = rawdb.connect(f"file:{db}?mode=ro", uri=True)
    try:
        center, number = conn.execute("SELECT center_code, station_no FROM station").fetchone()
        label = f"{center}-{number:02d}"
        for uuid, receipt in conn.execute("SELECT uuid, receipt_no FROM requests"):
            into.requests[uuid] = receipt
            into.request_count[uuid] += 1
        for uuid, origin, request_uuid in conn.execute(
            "SELECT e.uuid, e.origin, r.uuid FROM request_events e "
            "JOIN requests r ON r.id = e.request_id"
        ):
            if origin == "hq":
                into.hq_events[uuid] += 1
                into.hq_event_request[uuid] = request_uuid
            else:
                into.events[uuid] += 1
        for uuid, sha in conn.execute("SELECT uuid, sha256 FROM attachments"):
            into.attachments[uuid] += 1
            into.scans.add((sha, center))
        for uuid, state in conn.execute("SELECT uuid, state FROM outbox"):
            if state == "sent":
                into.sent.add(uuid)
            else:
                into.undelivered.append(f"{label} outbox item {uuid} is {state}")
        for seq, reason in conn.execute("SELECT seq, reason FROM sync_problems"):
            into.undelivered.append(f"{label} could not apply HQ change {seq}: {reason}")
    finally:
        conn.close()


def check_delivery(
    stations: Sequence[Path], hq_database_url: str, blob_root: Path
) -> DeliveryReport:
    """Compare the station databases ``stations`` with HQ's database and blob folder."""
    mine = _Counters()
    for db in stations:
        _read_station(db, mine)
    engine = create_engine(hq_database_url)
    try:
        with engine.connect() as conn:
            hq_requests = conn.execute(text("SELECT uuid, receipt_no FROM requests")).all()
            hq_events = conn.execute(
                text("SELECT uuid, origin, request_uuid FROM request_events")
            ).all()
            items = conn.execute(
                text("SELECT item_id, kind, entity_uuid FROM received_items")
            ).all()
            blob_rows = dict(conn.execute(text("SELECT sha256, size FROM blobs")).tuples().all())
            owners = set(conn.execute(text("SELECT sha256, center FROM blob_owners")).tuples())
    finally:
        engine.dispose()

    report = DeliveryReport(
        requests=len(mine.requests),
        events=len(mine.events),
        hq_events=sum(1 for _, origin, _ in hq_events if origin == "hq"),
        attachments=len(mine.attachments),
        blobs=len({sha for sha, _ in mine.scans}),
        outbox=len(mine.sent) + len(mine.undelivered),
    )
    held_requests = Counter(uuid for uuid, _ in hq_requests)
    held_receipts = Counter(receipt for _, receipt in hq_requests)
    held_events = Counter(uuid for uuid, origin, _ in hq_events if origin == "counter")
    hq_steps = {uuid: req for uuid, origin, req in hq_events if origin == "hq"}
    held_items = Counter(item_id for item_id, _, _ in items)
    held_attachments = Counter(entity for _, kind, entity in items if kind == "attachment")

    report.duplicates += _twice("request", held_requests)
    report.duplicates += _twice("receipt", held_receipts)
    report.duplicates += _twice("event", held_events)
    report.duplicates += _twice("attachment", held_attachments)
    report.duplicates += _twice("outbox item", held_items)
    report.duplicates += [f"at a counter: {d}" for d in _twice("request", mine.request_count)]
    report.duplicates += [f"at a counter: {d}" for d in _twice("event", mine.events)]
    report.duplicates += [f"at a counter: {d}" for d in _twice("HQ event", mine.hq_events)]

    report.missing += _absent("request", mine.requests, held_requests, "HQ")
    report.missing += _absent("event", mine.events, held_events, "HQ")
    report.missing += _absent("attachment", mine.attachments, held_attachments, "HQ")
    report.missing += _absent("outbox item", mine.sent, held_items, "HQ")
    report.missing += _absent("HQ event", hq_steps, mine.hq_events, "its counter")
    # A step HQ made that only its counter still holds (HQ restored from a backup) is lost at HQ.
    report.missing += _absent("HQ event", mine.hq_events, Counter(hq_steps), "HQ")
    for uuid, receipt in hq_requests:
        if uuid in mine.requests and mine.requests[uuid] != receipt:
            report.missing.append(f"request {uuid} is {receipt} at HQ, {mine.requests[uuid]} here")
    for uuid, request_uuid in hq_steps.items():
        if uuid in mine.hq_event_request and mine.hq_event_request[uuid] != request_uuid:
            report.missing.append(f"HQ event {uuid} applied to another request")

    report.extra += _absent("request", held_requests, Counter(mine.requests), "any counter")
    report.extra += _absent("event", held_events, mine.events, "any counter")
    report.extra += _absent("attachment", held_attachments, mine.attachments, "any counter")

    for sha, center in sorted(mine.scans):
        if (sha, center) not in owners:
            report.missing.append(f"blob {sha} not held for center {center}")
    report.damaged += _check_blob_files(blob_root, blob_rows, {sha for sha, _ in mine.scans})
    report.leftovers = sum(1 for p in _stored(blob_root) if not _SHA256.fullmatch(p.name))
    report.undelivered += mine.undelivered
    return report


def _check_blob_files(root: Path, rows: dict[str, int], wanted: set[str]) -> list[str]:
    damaged = []
    for sha in sorted(wanted):
        size = rows.get(sha)
        path = root / sha[:2] / sha[2:4] / sha
        if size is None:
            damaged.append(f"blob {sha} has no row at HQ")
        elif not path.is_file():
            damaged.append(f"blob {sha} has no file at HQ")
        elif path.stat().st_size != size:
            damaged.append(f"blob {sha} is {path.stat().st_size} bytes, not {size}")
        elif _file_sha256(path) != sha:
            damaged.append(f"blob {sha} does not hash to its name")
    # Stored once: one file per blob row. (Files not named by a SHA-256 are writes a crash
    # interrupted before their rename: never referenced, counted in ``leftovers``.)
    files = Counter(p.name for p in _stored(root) if _SHA256.fullmatch(p.name))
    damaged += [f"blob file {name} stored {n} times" for name, n in files.items() if n > 1]
    damaged += [f"blob file {name} has no row" for name in sorted(set(files) - set(rows))]
    return damaged


def _stored(root: Path) -> list[Path]:
    return [p for p in root.glob("*/*/*") if p.is_file() and p.parts[-3] != "partial"]
