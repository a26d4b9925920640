"""Raw connections to a station database in tests, through the app's own driver and key.

The station database may be encrypted (SQLCipher) and, even when plain, must not be opened by
a second SQLite library in the same process: the stdlib's sqlite3 and SQLCipher's each keep
their own file locks and WAL index, so a stdlib reader beside the app's engine saw a stale
database (found when the driver changed). Tests edit and read the file here instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as _driver  # type: ignore[import-untyped]

from counter_app.store import sqlite_driver
from counter_app.store.keys import secret_for

IntegrityError = _driver.IntegrityError
DatabaseError = _driver.DatabaseError
OperationalError = _driver.OperationalError
Row = _driver.Row
Connection = Any


def connect(
    path: Path | str, *, isolation_level: str | None = "", uri: bool = False, timeout: float = 5.0
) -> Any:
    """Like ``sqlite3.connect`` (implicit transactions by default; ``file:...?mode=ro`` URIs
    with ``uri=True``), keyed with the database's own key when it is encrypted."""
    text = str(path)
    file = Path(text.split("?", 1)[0].removeprefix("file:")) if uri else Path(text)
    return sqlite_driver.connect(
        text if uri else file,
        key=secret_for(file),
        uri=uri,
        isolation_level=isolation_level,
        timeout=timeout,
    )
