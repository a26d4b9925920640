"""What became of the SMS HQ sent a citizen (issue 15): one row per HQ notification uuid,
pulled as ``notification`` changes (sync/pull_notices.py) and shown on the call list.

A copy of what HQ holds (like ``complaint_answers``): not covered by the audit log's row
hashes; the pull that writes it records its ``sync.pull`` audit row. Registered on the same
``Base`` as every other table (models.py imports this module at its end).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.store.models import Base


class SmsNotice(Base):
    __tablename__ = "notifications"
    # The call list reads a request's newest message.
    # The report's messages of a period (0023).
    __table_args__ = (
        Index("ix_notifications_request", "request_id", "at"),
        Index("ix_notifications_at", "at", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(64), unique=True)  # HQ's notification uuid
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    event_uuid: Mapped[str | None] = mapped_column(String(64))  # the step or answer it told of
    kind: Mapped[str] = mapped_column(String(20))  # ready | needs_info | rejected | answer
    channel: Mapped[str] = mapped_column(String(20), default="sms")
    state: Mapped[str] = mapped_column(String(20))  # sent | failed | opted_out | no_phone
    at: Mapped[dt.datetime]  # when HQ sent it or gave up
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))  # HQ's words, shown as they are
    pulled_at: Mapped[dt.datetime]
