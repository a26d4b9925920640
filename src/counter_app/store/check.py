"""``db check``: SQLite integrity, foreign keys, the audit chain and the rows it covers, as a
list of faults.

The audit chain proves its own rows; the row hashes in them prove the data: every audited row
must still hash to what the newest audit row naming it recorded, a row recorded and not deleted
through the app must still exist, and a row newer than the first recorded one of its table must
be recorded. Faults name a table, a row number and an audit row, never a person's data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from counter_app.domain.audit import (
    AUDITED_TABLES,
    GENESIS_HASH,
    AuditedTable,
    chain_hash,
    payload_sha256,
    split_ref,
)
from counter_app.domain.audit import row_hash as compute_row_hash
from counter_app.store.audit_capture import ROWS_COLUMN, audit_record
from counter_app.store.check_faults import Fault, sqlite_fault
from counter_app.store.milestones import milestone_mismatches

__all__ = [
    "CheckReport",
    "audit_record",
    "check_database",
    "cipher_faults",
    "encryption_faults",
    "report_json",
    "verify_audit_chain",
]

PUSH_ACTION = "sync.push"  # sync/push.py: HQ's answers for outbox items, with their ids
# Written by migration 0011 on a database with history (and by bench/generate.py after its
# bulk load): per table, the first row id written with row hashes; older rows have none.
ERA_ACTION = "audit.row_hashing"
LIMIT_FAULTS = 50


@dataclass
class CheckReport:
    # The key and the encryption (encryption_faults): never "damage", nothing is marked for it.
    encryption: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    # Derived data against what it derives from: request_milestones (the reports' counts).
    derived: list[str] = field(default_factory=list)
    # The station's files (scans, answers' files): services/files_check.py, filled by the CLI.
    files: list[str] = field(default_factory=list)
    audit_rows: int = 0
    era1_audit_rows: int = 0  # written before row hashing: proven by the chain only
    rows_checked: int = 0
    era1_rows: int = 0  # data rows older than row hashing: no row hash to compare

    @property
    def ok(self) -> bool:
        return not (
            self.encryption
            or self.integrity
            or self.foreign_keys
            or self.audit
            or self.derived
            or self.files
        )

    @property
    def unopened(self) -> bool:
        """The key was missing or wrong: nothing else was checked."""
        return any(getattr(f, "code", "") in KEY_UNUSABLE for f in self.encryption)


@dataclass(frozen=True)
class Expected:
    audit_id: int
    hash: str | None  # None: deleted through the app


@dataclass
class ChainState:
    rows: int = 0
    era1: int = 0
    last_id: int = 0
    last_hash: str = GENESIS_HASH
    expected: dict[str, Expected] = field(default_factory=dict)
    acknowledged: set[str] = field(default_factory=set)  # outbox ids HQ answered created/dup
    hash_at: dict[int, str] = field(default_factory=dict)  # only the ids asked for
    # Per table code, the first row id written with row hashes; None: from the first row on
    # (the chain began with row hashes), or unknown (no era row: the first recorded row).
    era_since: dict[str, int] | None = None
    began_hashed: bool = False


class Faults(list[str]):
    def add(self, code: str, **params: Any) -> None:
        if len(self) < LIMIT_FAULTS:
            self.append(Fault(code, **params))
        elif len(self) == LIMIT_FAULTS:
            self.append(Fault("more"))


def _chain(conn: Connection, faults: Faults, want: set[int]) -> ChainState:
    state = ChainState()
    prev = GENESIS_HASH
    era2_from: int | None = None
    result = conn.execute(
        text(
            "SELECT id, at, user_id, username, station, action, entity, entity_ref, details, "
            f"{ROWS_COLUMN}, prev_hash, hash FROM audit_log ORDER BY id"
        )
    ).mappings()
    for row in result:
        state.rows += 1
        rid = row["id"]
        if row["prev_hash"] != prev:
            faults.add("chain_broken", row=rid)
        if row["hash"] != chain_hash(row["prev_hash"], audit_record(dict(row))):
            faults.add("audit_altered", row=rid)
        prev = row["hash"]
        if rid in want:
            state.hash_at[rid] = row["hash"]
        hashes = row[ROWS_COLUMN]
        if hashes is None:
            state.era1 += 1
            if era2_from is not None:
                faults.add("audit_unhashed", row=rid, since=era2_from)
            continue
        if era2_from is None:
            era2_from = rid
            state.began_hashed = state.rows == 1
        try:
            listed = json.loads(hashes)
            assert isinstance(listed, dict)
        except (ValueError, AssertionError):
            faults.add("hashes_unreadable", row=rid)
            continue
        for ref, digest in listed.items():
            state.expected[ref] = Expected(rid, digest if isinstance(digest, str) else None)
        if row["action"] == ERA_ACTION and state.era_since is None:
            try:
                since = json.loads(row["details"])["since"]
                state.era_since = {str(k): int(v) for k, v in since.items()}
            except (ValueError, KeyError, TypeError, AttributeError):
                faults.add("details_unreadable", row=rid)
        elif row["action"] == PUSH_ACTION:
            try:
                acked = json.loads(row["details"]).get("acknowledged", [])
                state.acknowledged.update(str(i) for i in acked)
            except (ValueError, AttributeError):
                faults.add("details_unreadable", row=rid)
    state.last_id, state.last_hash = (rid, prev) if state.rows else (0, GENESIS_HASH)
    return state


def verify_audit_chain(conn: Connection, *, limit_faults: int = 20) -> tuple[int, list[str]]:
    """The chain alone (kept for callers that only want it)."""
    faults = Faults()
    state = _chain(conn, faults, set())
    return state.rows, faults[: limit_faults + 1]


def _table_exists(conn: Connection, table: str) -> set[str]:
    return {str(r[1]) for r in conn.exec_driver_sql(f"PRAGMA main.table_info({table})")}


def _rows(
    conn: Connection, t: AuditedTable, cols: list[str], where: str
) -> Iterator[tuple[str, str]]:
    """(key, recomputed row hash) of the rows of ``t`` that ``where`` selects."""
    # The same json_array() as the triggers (store/audit_capture.py) build.
    sql = f"SELECT {t.key}, json_array({', '.join(cols)}) FROM {t.table} WHERE {where}"
    for key, values in conn.exec_driver_sql(sql):
        yield str(key), compute_row_hash(t.code, values)


def _selected(
    conn: Connection, t: AuditedTable, cols: list[str], since: int | None, listed: list[str]
) -> Iterator[tuple[str, str]]:
    """Rows from key ``since`` on (all for a text key), and the rows ``listed`` below it
    (older rows the app changed since row hashing began)."""
    if t.key != "id":
        yield from _rows(conn, t, cols, "1")
        return
    if since is not None:
        yield from _rows(conn, t, cols, f"id >= {int(since)}")
    older = sorted(int(k) for k in listed if since is None or int(k) < since)
    for i in range(0, len(older), 500):
        chunk = ", ".join(str(k) for k in older[i : i + 500])
        yield from _rows(conn, t, cols, f"id IN ({chunk})")


def _era_since(state: ChainState, t: AuditedTable, expected: dict[str, Expected]) -> int | None:
    """The first key of ``t`` that must be recorded (0: every row), None: none must be."""
    if t.key != "id":  # a text key tells no age: all rows only when the chain began hashed
        return 0 if state.began_hashed and state.era_since is None else None
    if state.era_since is not None:  # an upgraded (or generated) station says where
        return state.era_since.get(t.code, 0)
    if state.began_hashed:
        return 0
    # Filled without the app, and no era row: from the first row recorded on.
    return min((int(k) for k in expected), default=None)


def _verify_rows(conn: Connection, state: ChainState, faults: Faults, report: CheckReport) -> None:
    by_code: dict[str, dict[str, Expected]] = {}
    for ref, listed in state.expected.items():
        code, key = split_ref(ref)
        by_code.setdefault(code, {})[key] = listed
    for t in AUDITED_TABLES:
        present = _table_exists(conn, t.table)
        expected = by_code.get(t.code, {})
        if not present:
            continue
        cols = [c for c in t.columns if c in present]
        since = _era_since(state, t, expected)
        if since is None or since > 0:
            below = f" WHERE {t.key} < {since}" if since is not None and t.key == "id" else ""
            report.era1_rows += conn.exec_driver_sql(
                f"SELECT count(*) FROM {t.table}{below}"
            ).scalar_one()
        seen: set[str] = set()
        for key, digest in _selected(conn, t, cols, since, list(expected)):
            exp: Expected | None = expected.get(key)
            if exp is None and since is None:
                continue  # a row older than row hashing (text keys: all rows are read)
            seen.add(key)
            report.rows_checked += 1
            if exp is None:
                faults.add("unrecorded", table=t.table, row=key)
            elif exp.hash is None:
                faults.add("deleted_yet_exists", table=t.table, row=key, audit=exp.audit_id)
            elif exp.hash != digest:
                faults.add("changed", table=t.table, row=key, audit=exp.audit_id)
        if t.table == "outbox":
            _verify_payloads(conn, since, expected, faults)
        for key, gone in expected.items():
            if key in seen or gone.hash is None:
                continue
            if t.table != "outbox":
                faults.add("deleted", table=t.table, row=key, audit=gone.audit_id)
            elif key in state.acknowledged:
                faults.add("outbox_deleted_sent", row=key)
            else:
                faults.add("outbox_deleted_unsent", row=key, audit=gone.audit_id)


def _verify_payloads(
    conn: Connection, since: int | None, expected: dict[str, Expected], faults: Faults
) -> None:
    """An outbox row's hash covers its payload through ``payload_sha256``: the payload must
    still match it (the push refuses to send one that does not, too)."""
    where = f"id >= {int(since)}" if since is not None else "0"
    listed = [int(k) for k in expected if since is None or int(k) < since]
    if listed:
        where += f" OR id IN ({', '.join(str(k) for k in listed)})"
    for key, payload, digest in conn.exec_driver_sql(
        f"SELECT id, payload, payload_sha256 FROM outbox WHERE {where}"
    ):
        if payload_sha256(payload) != digest:
            faults.add("payload_altered", row=key)


def _verify_anchor(conn: Connection, state: ChainState, faults: Faults) -> None:
    """The audit tip HQ last accepted (sync/push.py keeps it): the chain must still reach it
    with the same hash, else audit rows were removed or the chain was recomputed."""
    if "hq_audit_seq" not in _table_exists(conn, "sync_state"):
        return
    held = conn.exec_driver_sql(
        "SELECT hq_audit_seq, hq_audit_hash FROM sync_state WHERE id = 1"
    ).first()
    if held is None or held[0] is None:
        return
    seq, digest = int(held[0]), str(held[1])
    if state.last_id < seq:
        faults.add("audit_truncated", last=state.last_id, held=seq)
    elif state.hash_at.get(seq) != digest:
        faults.add("audit_rewritten", held=seq)


KEY_UNUSABLE = frozenset({"key_missing", "key_wrong", "key_store"})


def encryption_faults(db: Path) -> tuple[list[str], bool]:
    """The key's faults, and whether the database can be opened at all: checked before any
    open, so that a missing or wrong key is said as such and never taken for damage."""
    from counter_app.store import keys, sqlite_driver

    faults: list[str] = []
    if keys.read_key_id(db) is not None and not sqlite_driver.is_encrypted_file(db):
        faults.append(Fault("not_encrypted"))
    try:
        secret = keys.secret_for(db)
        if secret is not None:
            sqlite_driver.connect(db, key=secret, readonly=True).close()
    except keys.KeyMissing:
        return [*faults, Fault("key_missing")], False
    except keys.KeyStoreUnavailable as exc:
        return [*faults, Fault("key_store", detail=str(exc.params.get("detail", "")))], False
    except sqlite_driver.WrongKey:
        return [*faults, Fault("key_wrong")], False
    except sqlite_driver.ERRORS:
        pass  # page 1 opened with the key: damage further on is the integrity check's to say
    return faults, True


def cipher_faults(db: Path) -> list[str]:
    """SQLCipher's HMAC of every page of an encrypted database (none for a plain one): a page
    changed on the disk, by a fault or by hand."""
    from counter_app.store import keys, sqlite_driver

    secret = keys.secret_for(db)
    if secret is None:
        return []
    try:
        conn = sqlite_driver.connect(db, key=secret, readonly=True)
        try:
            found = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        finally:
            conn.close()
    except sqlite_driver.ERRORS as exc:  # a truncated or damaged file: said, not raised
        return [Fault("cipher_page", detail=str(exc)[:200])]
    return [Fault("cipher_page", detail=f) for f in found[:LIMIT_FAULTS] if f != "ok"]


def check_database(conn: Connection) -> CheckReport:
    report = CheckReport()
    for (msg,) in conn.exec_driver_sql("PRAGMA integrity_check"):
        if msg != "ok":
            report.integrity.append(sqlite_fault(str(msg)))
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        report.foreign_keys.append(Fault("foreign_key", table=row[0], row=row[1], parent=row[2]))
    faults = Faults()
    want: set[int] = set()
    if "hq_audit_seq" in _table_exists(conn, "sync_state"):
        held = conn.exec_driver_sql("SELECT hq_audit_seq FROM sync_state WHERE id = 1").first()
        if held is not None and held[0] is not None:
            want.add(int(held[0]))
    state = _chain(conn, faults, want)
    report.audit_rows, report.era1_audit_rows = state.rows, state.era1
    users = "id" in _table_exists(conn, "users")
    if state.rows == 0 and users and conn.exec_driver_sql("SELECT count(*) FROM users").scalar():
        faults.add("audit_deleted")
    _verify_rows(conn, state, faults, report)
    _verify_anchor(conn, state, faults)
    report.audit = list(faults)
    report.derived = _verify_milestones(conn)
    return report


def _verify_milestones(conn: Connection) -> list[str]:
    """request_milestones (0022) against the requests and steps it is kept from: ~10 s of CPU
    on the 1M bench, so here in `db check` and not in the daily check (SQLite's own)."""
    if "request_id" not in _table_exists(conn, "request_milestones"):
        return []
    faults = Faults()
    for kind, row in milestone_mismatches(conn):
        faults.add("milestones_wrong" if kind == "wrong" else "milestones_orphan", row=row)
        if len(faults) > LIMIT_FAULTS:
            break
    return list(faults)


def report_json(report: CheckReport) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "encryption": report.encryption,
            "integrity": report.integrity,
            "foreign_keys": report.foreign_keys,
            "audit": report.audit,
            "derived": report.derived,
            "files": report.files,
            "audit_rows": report.audit_rows,
            "era1_audit_rows": report.era1_audit_rows,
            "rows_checked": report.rows_checked,
            "era1_rows": report.era1_rows,
            # The same faults as codes with their parameters (the lists above: English text).
            "faults": [
                (f if isinstance(f, Fault) else sqlite_fault(f)).as_json() | {"section": name}
                for name, found in (
                    ("encryption", report.encryption),
                    ("integrity", report.integrity),
                    ("foreign_keys", report.foreign_keys),
                    ("audit", report.audit),
                    ("derived", report.derived),
                    ("files", report.files),
                )
                for f in found
            ],
        },
        ensure_ascii=False,
    )
