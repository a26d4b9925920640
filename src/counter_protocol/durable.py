"""Files written so that a crash leaves either nothing new or the whole file, never a part.

Used by the counter's scan store and by HQ's blob store: a content-addressed file that exists
is taken as complete, so it must only ever appear whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".tmp-"  # a temporary file a crash left behind starts so (swept, never served)


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable. Windows cannot open a folder to fsync it (NTFS
    journals the rename itself)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder: fsynced,
    renamed into place, the folder fsynced. The folder must exist."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
