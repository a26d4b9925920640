"""Importing paper-era requests from CSV: all rows or none, with a report of rejected rows.

Every row is validated before anything is written; then the rows are written in slices of about
a quarter of a second each, one transaction per slice, with a short pause between slices, so a
clerk saving a request at the same time waits well under a second instead of failing after the
busy timeout (a 20,000-row import used to hold the write lock for 50 s).

"All rows or none" across slices: the first slice records the import as pending (the file's
SHA-256, in the settings table) and the last one clears it, each in its own transaction. A crash
between slices leaves the pending record; importing the same file again finishes it (rows whose
paper_ref is already stored are skipped, checked inside each slice under the write lock, so two
runs never store a row twice), and a different file is refused until then.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, Conflict, CounterError, N_n, ValidationError
from counter_app.domain.fields import parse_date
from counter_app.domain.roles import Permission
from counter_app.domain.status import Status, parse_status
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, PreparedIntake, prepare_intake, write_request
from counter_app.store.models import Request, Setting

REQUIRED_COLUMNS = (
    "paper_ref",
    "service_code",
    "national_id",
    "name",
    "phone",
    "received_at",
    "status",
)
OPTIONAL_COLUMNS = ("status_at", "reason")
MAX_ROWS = 200_000
IMPORT_REASON = "imported from the paper register"
PENDING_KEY = "history_import.pending"  # not a user option: settings.py lists only its own
SLICE_SECONDS = 0.25  # one transaction's length: what a concurrent save may have to wait
# After each slice the lock is left free this long: SQLite's busy handler retries a waiting
# writer every 100 ms (once it has waited a while), so a waiter gets in before the next slice.
PAUSE_SECONDS = 0.15


@dataclass(frozen=True)
class RowProblem:
    line: int
    paper_ref: str
    error: CounterError


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: list[RowProblem] = field(default_factory=list)
    # Rows an interrupted run of the same file had already stored (a resumed import).
    already_stored: int = 0


class ImportRejected(ValidationError):
    """Raised when any row is bad; carries every rejected row. Nothing was imported."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(
            N_n("Nothing was imported: {bad} of {n} rows are invalid"),
            bad=len(problems),
            n=total,
        )
        self.rows = problems


def _decode(data: bytes) -> str:
    try:
        textual = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            N_("The file is not valid UTF-8 text (line {line}, byte {offset})"),
            line=line,
            offset=exc.start,
        ) from None
    nul = textual.find("\x00")
    if nul >= 0:
        raise ValidationError(
            N_("The file contains a NUL byte on line {line}; it is not a clean CSV file"),
            line=textual.count("\n", 0, nul) + 1,
        )
    return textual


def _parse_moment(raw: str, tz: dt.tzinfo, *, column: str) -> dt.datetime:
    """``YYYY-MM-DD`` (noon, local) or ``YYYY-MM-DD HH:MM`` local time, into UTC."""
    text = normalize_digits(raw).strip()
    day_text, _, time_text = text.partition(" ")
    day = parse_date(day_text, field=column)
    at = dt.time(12, 0)
    if time_text:
        try:
            at = dt.time.fromisoformat(time_text.strip())
        except ValueError:
            raise ValidationError(
                N_("{field}: {value} is not a time of day (HH:MM)"), field=column, value=raw[:40]
            ) from None
    return dt.datetime.combine(day, at, tzinfo=tz).astimezone(dt.UTC)


@dataclass(frozen=True)
class _Row:
    paper_ref: str
    prepared: PreparedIntake
    received_at: dt.datetime
    history: list[tuple[Status, dt.datetime, str | None]]


@use_case(Permission.IMPORT_HISTORY)
def import_history(ctx: AppContext, actor: Actor, data: bytes) -> ImportReport:
    actor.require(Permission.IMPORT_HISTORY)
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            N_("The CSV file lacks the columns: {columns}"), columns=", ".join(missing)
        )
    field_columns = [h for h in header if h.startswith("field.")]
    doc_columns = [h for h in header if h.startswith("doc.")]
    tz = ctx.calendar.tz
    now = ctx.clock()
    problems: list[RowProblem] = []
    rows: list[_Row] = []
    seen_refs: dict[str, int] = {}
    total = 0
    with ctx.store.read() as session:
        catalog = ctx.catalog(session)
        for index, raw in enumerate(reader):
            line = reader.line_num
            total += 1
            if index >= MAX_ROWS:
                raise ValidationError(N_("A CSV import is limited to {limit} rows"), limit=MAX_ROWS)
            row = {(k or "").strip(): (v if isinstance(v, str) else "") for k, v in raw.items()}
            ref = row.get("paper_ref", "").strip()
            try:
                ref = clean_input_text(ref, field="paper_ref", max_length=64)
                if not ref:
                    raise ValidationError(N_("{field}: this field is required"), field="paper_ref")
                if ref in seen_refs:
                    raise ValidationError(
                        N_("paper_ref {ref} appears twice in the file (line {other})"),
                        ref=ref,
                        other=seen_refs[ref],
                    )
                seen_refs[ref] = line
                prepared = prepare_intake(
                    catalog,
                    IntakeInput(
                        service_code=row["service_code"],
                        national_id=row["national_id"],
                        name=row["name"],
                        phone=row["phone"],
                        fields={c[6:]: row[c] for c in field_columns if row.get(c, "").strip()},
                        documents={c[4:]: row[c] for c in doc_columns if row.get(c, "").strip()},
                    ),
                    strict=False,
                )
                received = _parse_moment(row["received_at"], tz, column="received_at")
                final = parse_status(row["status"])
                status_at = (
                    _parse_moment(row["status_at"], tz, column="status_at")
                    if row.get("status_at", "").strip()
                    else received
                )
                if received > now or status_at > now:
                    raise ValidationError(N_("A paper-era request cannot be dated in the future"))
                if status_at < received:
                    raise ValidationError(N_("status_at is earlier than received_at"))
                reason = clean_input_text(row.get("reason", ""), field="reason", max_length=1000)
                history: list[tuple[Status, dt.datetime, str | None]] = [
                    (Status.SUBMITTED, received, IMPORT_REASON)
                ]
                if final is not Status.SUBMITTED:
                    history.append((final, status_at, reason or IMPORT_REASON))
                rows.append(_Row(ref, prepared, received, history))
            except CounterError as exc:
                problems.append(RowProblem(line, ref[:64], exc))
        pending = _pending(session)
        digest = hashlib.sha256(data).hexdigest()
        if pending is not None and pending.get("sha256") != digest:
            raise Conflict(
                N_(
                    "An earlier import ({total} rows, started {at}) was interrupted before it "
                    "finished; import that same file again to finish it before another one"
                ),
                total=pending.get("total", "?"),
                at=str(pending.get("started_at", "?")),
            )
        taken = _stored_refs(session, list(seen_refs)) if seen_refs and not problems else set()
        if pending is None:  # a resumed import skips what its interrupted run stored
            problems.extend(
                RowProblem(
                    seen_refs[r],
                    r,
                    ValidationError(N_("paper_ref {ref} was already imported"), ref=r),
                )
                for r in sorted(taken, key=seen_refs.__getitem__)
            )
    if problems:
        raise ImportRejected(problems, total=total)
    todo = [r for r in rows if r.paper_ref not in taken]
    written = _write_in_slices(
        ctx, actor, todo, {"sha256": digest, "total": len(rows), "started_at": now.isoformat()}
    )
    return ImportReport(imported=written, already_stored=len(rows) - written)


def _pending(session: Session) -> dict[str, object] | None:
    row = session.get(Setting, PENDING_KEY)
    if row is None:
        return None
    value = json.loads(row.value)
    return value if isinstance(value, dict) else None


def _stored_refs(session: Session, refs: Sequence[str]) -> set[str]:
    """Which of ``refs`` are stored, asked in chunks (SQLite allows 32,766 variables)."""
    found: set[str] = set()
    for start in range(0, len(refs), 5000):
        chunk = list(refs[start : start + 5000])
        query = select(Request.paper_ref).where(Request.paper_ref.in_(chunk))
        found.update(r for r in session.execute(query).scalars() if r is not None)
    return found


def _write_in_slices(
    ctx: AppContext, actor: Actor, rows: list[_Row], pending: dict[str, object]
) -> int:
    """Write ``rows`` in short transactions; the pending record lives until the last one."""
    written = 0
    index = 0
    while True:
        with ctx.store.write() as session:
            mine = _pending(session)
            if mine is not None and mine.get("sha256") != pending["sha256"]:
                raise Conflict(N_("Another import is running; try again when it has finished"))
            started = time.monotonic()
            while index < len(rows):  # at least one batch per slice, however slow
                end = min(index + 50, len(rows))
                batch = rows[index:end]
                stored = _stored_refs(session, [r.paper_ref for r in batch])
                for item in batch:
                    if item.paper_ref in stored:
                        continue  # stored meanwhile by another run of the same file
                    write_request(
                        ctx,
                        session,
                        actor,
                        item.prepared,
                        received_at=item.received_at,
                        history=item.history,
                        source="import",
                        paper_ref=item.paper_ref,
                    )
                    written += 1
                index = end
                if time.monotonic() - started >= SLICE_SECONDS:
                    break
            if index >= len(rows):
                session.execute(delete(Setting).where(Setting.key == PENDING_KEY))
                return written
            if mine is None:
                session.add(
                    Setting(
                        key=PENDING_KEY,
                        value=json.dumps(pending),
                        updated_at=ctx.clock(),
                        updated_by=actor.user_id,
                    )
                )
        time.sleep(PAUSE_SECONDS)
