"""The kept app release read with the sqlite3 module alone, for ``status`` (like glance.py:
no SQLAlchemy on that path)."""

from __future__ import annotations

import sqlite3

from counter_app.domain.app_update import KnownRelease

_READ = (
    "SELECT version, url_windows, url_debian, notes_ar, notes_en, minimum_version, problem "
    "FROM app_release WHERE id = 1"
)


def read_known_release(conn: sqlite3.Connection) -> KnownRelease | None:
    """None when HQ never said (or the file predates the table: an older schema)."""
    try:
        row = conn.execute(_READ).fetchone()
    except sqlite3.OperationalError:
        return None
    if row is None:
        return None
    return KnownRelease(
        version=row[0],
        url_windows=row[1],
        url_debian=row[2],
        notes_ar=row[3] or "",
        notes_en=row[4] or "",
        minimum_version=row[5],
        problem=row[6],
    )
