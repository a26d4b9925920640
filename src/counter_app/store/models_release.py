"""The newest app release HQ told this station of (issue 17, migration 0025): one row, kept
until HQ says something else; what HQ sent that could not be used is kept beside it (the
previous answer stays). A local note like ``sync_state``: not in the audit log's row hashes.
Registered on the same ``Base`` (models_reports.py imports this module at its end)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.store.models import Base


class AppRelease(Base):
    __tablename__ = "app_release"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    version: Mapped[str | None] = mapped_column(String(64))  # None: HQ never told one
    url_windows: Mapped[str | None] = mapped_column(String(2000))
    url_debian: Mapped[str | None] = mapped_column(String(2000))
    notes_ar: Mapped[str] = mapped_column(Text, default="")
    notes_en: Mapped[str] = mapped_column(Text, default="")
    minimum_version: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime | None]
    # Why HQ's last answer was refused ("<msgid>: <detail>"), cleared by a usable one.
    problem: Mapped[str | None] = mapped_column(Text)
    problem_at: Mapped[dt.datetime | None]
