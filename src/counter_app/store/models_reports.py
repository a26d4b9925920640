"""Each request's milestones for the supervision report (migration 0022): when it was received
and when it first became forwarded, needs_info, ready, delivered, rejected or cancelled, as UTC
unix seconds, beside the columns a report groups by.

Kept by triggers on ``requests`` and ``request_events`` (written in the same transaction as
the request or step, whoever writes it: intake, a pull from HQ, an import), so it never lags
the history. Why a table: a year's report counts ~2M steps, and joining each step to its
request cost ~4 s on a 1M-request station; these narrow rows and their covering indexes let
each count be one index range. Registered on the same ``Base`` (models_pulled.py imports this
module at its end).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.store.models import Base

# What a report groups by, carried in every index so the counts never read the table.
KEYS = ("service_code", "created_by", "station")
# First-step columns counted per period, with the status each stands for.
STEP_COLUMNS = {
    "forwarded": "forwarded_at",
    "needs_info": "needs_info_at",
    "ready": "ready_at",
    "delivered": "delivered_at",
    "rejected": "rejected_at",
}
# Carried by every first-step index after its keys (0024): the status at an instant of a
# request closed by then is a comparison of these, so a report by status reads no row.
CLOSING = ("closed_at", "cancelled_at", "rejected_at", "delivered_at", "ready_at")


def _closing_after(*columns: str) -> tuple[str, ...]:
    return (*columns, *(c for c in CLOSING if c not in columns))


def _figure_indexes(column: str, name: str, where: str | None) -> tuple[Index, Index]:
    """By time (a bucket's count, the clerk's and the station's rows), and by service then
    time (a service's count: one range per service, read in order, no sort)."""
    condition = text(where) if where else None
    return (
        Index(
            f"ix_request_milestones_{column}",
            *_closing_after(column, "created_by", "station"),
            sqlite_where=condition,
        ),
        Index(
            f"ix_request_milestones_service_{name}", "service_code", column, sqlite_where=condition
        ),
    )


class RequestMilestones(Base):
    __tablename__ = "request_milestones"
    __table_args__ = (
        *_figure_indexes("received_at", "received", None),
        *(
            index
            for name, column in STEP_COLUMNS.items()
            for index in _figure_indexes(column, name, f"{column} IS NOT NULL")
        ),
        Index(
            "ix_request_milestones_done_at",
            *_closing_after("done_at", *KEYS, "received_at", "due_day"),
            sqlite_where=text("done_at IS NOT NULL"),
        ),
        Index(
            "ix_request_milestones_closed_at",
            "closed_at",
            "received_at",
            "due_day",
            *KEYS,
            sqlite_where=text("closed_at IS NOT NULL"),
        ),
        Index(
            "ix_request_milestones_open",
            "received_at",
            "due_day",
            *KEYS,
            "closed_at",  # NULL, but SQLite reads the row for a column the index lacks (0024)
            sqlite_where=text("closed_at IS NULL"),
        ),
    )

    # requests.id; no foreign key: the row goes with its request (trigger), never alone.
    request_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    service_code: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[int | None]
    station: Mapped[str] = mapped_column(String(12))  # the receipt's prefix, e.g. MZH-02
    received_at: Mapped[int]  # UTC unix seconds
    due_day: Mapped[int]  # days since 1970-01-01
    forwarded_at: Mapped[int | None]
    needs_info_at: Mapped[int | None]
    ready_at: Mapped[int | None]
    delivered_at: Mapped[int | None]
    rejected_at: Mapped[int | None]
    cancelled_at: Mapped[int | None]
    closed_at: Mapped[int | None]  # first of ready, delivered, rejected, cancelled
    done_at: Mapped[int | None]  # completion: first ready, else first delivered


class Reconciliation(Base):
    """The outcome of a nightly reconciliation with HQ (migration 0023): the report's sync
    health says when the last one ran and whether HQ held every request of the days it
    compared. A local note, like ``notifications``: not in the audit log's row hashes."""

    __tablename__ = "reconciliations"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int]
    disagreeing: Mapped[int]  # days whose count or digest differ
    missing: Mapped[int]  # receipts HQ had not acknowledged on those days
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the disagreeing days
    # Who ran the nightly sync ("command": `sync --nightly`, the timer's and the scheduled
    # task's; "desktop": the open window's own schedule), and why it failed: a failed run is
    # a row too, ``ok`` false and no days compared (migration 0025).
    runner: Mapped[str | None] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)


from counter_app.store import models_release as _models_release  # noqa: E402, F401
