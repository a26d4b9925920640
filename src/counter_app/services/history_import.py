"""Importing paper-era requests from CSV: all rows or none, with a report of rejected rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_, CounterError, ValidationError
from counter_app.domain.fields import parse_date
from counter_app.domain.roles import Permission
from counter_app.domain.status import Status, parse_status
from counter_app.services.context import Actor, AppContext
from counter_app.services.intake import IntakeInput, PreparedIntake, prepare_intake, write_request
from counter_app.store.models import Request

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


@dataclass(frozen=True)
class RowProblem:
    line: int
    paper_ref: str
    error: CounterError


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: list[RowProblem] = field(default_factory=list)


class ImportRejected(ValidationError):
    """Raised when any row is bad; carries every rejected row. Nothing was imported."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(
            N_("Nothing was imported: {bad} of {total} rows are invalid"),
            bad=len(problems),
            total=total,
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
        if seen_refs and not problems:
            taken = (
                session.execute(
                    select(Request.paper_ref).where(Request.paper_ref.in_(list(seen_refs)))
                )
                .scalars()
                .all()
            )
            problems.extend(
                RowProblem(
                    seen_refs[r],
                    r,
                    ValidationError(N_("paper_ref {ref} was already imported"), ref=r),
                )
                for r in taken
                if r is not None
            )
    if problems:
        raise ImportRejected(problems, total=total)
    with ctx.store.write() as session:
        for item in rows:
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
    return ImportReport(imported=len(rows))
