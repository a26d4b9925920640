"""HQ admin use cases for the app release the stations are told about (issue 17): what is
published now, and publishing another (the same checks as `counter-hq release publish`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from counter_hq.models import HqAudit
from counter_hq.office.access import WebUser, check_admin
from counter_hq.releases import current_release, publish_release
from counter_protocol.release import ReleaseInfo


def release_now(session: Session, user: WebUser) -> ReleaseInfo | None:
    check_admin(user)
    return current_release(session)


def publish(
    session: Session,
    user: WebUser,
    now: dt.datetime,
    *,
    version: str,
    url_windows: str,
    url_debian: str,
    notes_ar: str,
    notes_en: str,
    minimum_version: str,
) -> ReleaseInfo:
    """Checked whole, then kept with an audit row (one commit); ReleaseInvalid otherwise,
    nothing stored."""
    check_admin(user)
    session.add(
        HqAudit(
            at=now,
            user_id=user.id,
            action="release.publish",
            target=version.strip()[:100],
            details={"url_windows": url_windows[:500], "url_debian": url_debian[:500]},
        )
    )
    try:
        return publish_release(
            session,
            now,
            version=version,
            url_windows=url_windows or None,
            url_debian=url_debian or None,
            notes_ar=notes_ar,
            notes_en=notes_en,
            minimum_version=minimum_version or None,
            by=user.username,
        )
    except Exception:
        session.rollback()  # the audit row goes with the refused release
        raise
