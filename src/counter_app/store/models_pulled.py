"""Tables of what HQ pushes besides status steps and catalogs (migration 0017), registered on
the same ``Base`` as every other table (models.py imports this module at its end).

Neither is covered by the audit log's row hashes (like ``catalog_versions`` and
``sync_problems``): both are copies of what HQ holds and signs off, and the pull that writes
them records a ``sync.pull`` audit row with its counts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.store.models import Base


class CalendarVersion(Base):
    """Every holiday calendar pulled from HQ, kept whole; the newest (highest id) counts."""

    __tablename__ = "calendar_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    hq_seq: Mapped[int | None] = mapped_column(Integer)  # HQ's change number
    pulled_at: Mapped[dt.datetime]


class ComplaintAnswerRow(Base):
    """An agency's answer to a complaint, as HQ sent it (one per HQ answer uuid)."""

    __tablename__ = "complaint_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(64), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime]
    actor: Mapped[str | None] = mapped_column(String(100))
    agency: Mapped[str | None] = mapped_column(String(20))
    agency_name_ar: Mapped[str | None] = mapped_column(String(200))
    agency_name_en: Mapped[str | None] = mapped_column(String(200))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_path: Mapped[str | None] = mapped_column(Text)  # set once the file is fetched
    pulled_at: Mapped[dt.datetime]


# Issue 16's payments (migration 0020) registered on the same Base from here: models.py, which
# imports this module at its end, was being edited by another change at the time.
from counter_app.store import models_payments as _models_payments  # noqa: E402, F401

# Issue 16's report milestones (migration 0022), registered here for the same reason.
from counter_app.store import models_reports as _models_reports  # noqa: E402, F401
