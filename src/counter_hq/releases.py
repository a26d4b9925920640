"""The app release HQ tells the stations about (issue 17): published by `counter-hq release
publish`, read by every station in its sync rounds (``GET /api/v1/release``).

What is published is checked with the rules the counter applies to what it receives
(counter_protocol/release.py), so a station is never told something it would refuse: a
number that is not PEP 440, an address that is not https, notes too long. Nothing is stored
when one of them fails.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_hq.errors import Invalid
from counter_hq.models import AppRelease
from counter_protocol.release import ReleaseInfo

_FIELDS = {
    "version": "--version",
    "url_windows": "--url-windows",
    "url_debian": "--url-debian",
    "notes_ar": "--notes-ar",
    "notes_en": "--notes-en",
    "minimum_version": "--minimum-version",
}


class ReleaseInvalid(Invalid):
    """What is wrong: ``field`` (a ReleaseInfo field, "" for the whole release) and
    ``reason`` (counter_protocol/release.py's English words). The message names the command
    line's option; the back office names its own field (web/routes/admin_release.py)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{_FIELDS.get(field, 'release')}: {reason}")
        self.field = field
        self.reason = reason


def _refusal(exc: ValidationError) -> ReleaseInvalid:
    """The first problem."""
    first = exc.errors()[0]
    where = str(first["loc"][0]) if first["loc"] else ""
    return ReleaseInvalid(where, str(first.get("msg", "")).removeprefix("Value error, "))


def publish_release(
    session: Session,
    now: dt.datetime,
    *,
    version: str,
    url_windows: str | None,
    url_debian: str | None,
    notes_ar: str = "",
    notes_en: str = "",
    minimum_version: str | None = None,
    by: str = "hq",
) -> ReleaseInfo:
    """Check, then keep the release as the newest; the stations hear of it on their next
    round. Invalid (422, exit 2 on the command line) when anything is wrong."""
    try:
        info = ReleaseInfo(
            version=version.strip(),
            url_windows=url_windows.strip() if url_windows else None,
            url_debian=url_debian.strip() if url_debian else None,
            notes_ar=notes_ar.strip(),
            notes_en=notes_en.strip(),
            minimum_version=minimum_version.strip() if minimum_version else None,
            published_at=now,
        )
    except ValidationError as exc:
        raise _refusal(exc) from None
    session.add(
        AppRelease(
            version=info.version,
            url_windows=info.url_windows,
            url_debian=info.url_debian,
            notes_ar=info.notes_ar,
            notes_en=info.notes_en,
            minimum_version=info.minimum_version,
            published_at=info.published_at,
            published_by=by[:100],
        )
    )
    session.commit()
    return info


def current_release(session: Session) -> ReleaseInfo | None:
    """The newest published release, or None when none was."""
    row = session.execute(
        select(AppRelease).order_by(AppRelease.id.desc()).limit(1)
    ).scalar_one_or_none()
    if row is None:
        return None
    # As stored, unchecked: a row edited in the database must not turn every station's round
    # into a 500; the station checks what it receives by the same rules and refuses it.
    return ReleaseInfo.model_construct(
        version=row.version,
        url_windows=row.url_windows,
        url_debian=row.url_debian,
        notes_ar=row.notes_ar,
        notes_en=row.notes_en,
        minimum_version=row.minimum_version,
        published_at=row.published_at,
    )
