"""A hot folder: a network scanner drops PDFs, TIFFs and JPEGs into it; each is taken once it
is completely written, and moved to ``done/`` or ``quarantine/`` only after the caller has
stored it.

On an encrypted station a stored scan is not kept: a plain copy in ``done/`` would be every
citizen's papers readable on the PC. It is removed instead (``remove_stored``), and only once
the station's sealed copy has been read back to the same SHA-256 as the file is now; if
anything does not verify, it is moved as on a plain station. A file that could not be read
(quarantined) is always kept in ``quarantine/`` for a person to look at (the caller,
services/scan_station.py, decides which).

"Completely written" cannot be known for sure on a network share, so a file is taken when
(1) its size and modification time have not changed for ``settle`` seconds, (2) it can be
opened for reading (on Windows a writer's open handle refuses that), and (3) a PDF ends with
``%%EOF`` / a JPEG with its end marker, and is not empty. A file that never gets there is
taken after ``max_wait`` anyway, and quarantined as cut off (or empty) by the caller.
Polling, not inotify: it works the same on SMB shares and on Windows.

One station per hot folder: two stations watching one folder would both file the same scans.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SCAN_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"})
DONE, QUARANTINE = "done", "quarantine"


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # clock() when this size and time were first seen


def _has_end_marker(path: Path, size: int) -> bool:
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".jpg", ".jpeg"):
        return True  # TIFF and PNG have no end marker worth trusting
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if suffix == ".pdf":
        return b"%%EOF" in tail
    return tail.rstrip(b"\x00").endswith(b"\xff\xd9")


class HotFolder:
    def __init__(
        self,
        folder: Path,
        *,
        settle: float = 2.0,
        max_wait: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = folder
        self.settle = settle
        self.max_wait = max_wait
        self.clock = clock
        self._seen: dict[Path, _Seen] = {}

    def prepare(self) -> None:
        for name in (DONE, QUARANTINE):
            (self.folder / name).mkdir(parents=True, exist_ok=True)

    def candidates(self) -> list[Path]:
        """Scan files in the folder itself (not in done/ or quarantine/), oldest name first."""
        found = []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                name = entry.name
                # Hidden and temporary names: scanners write "x.pdf.part" or ".x.pdf" first.
                if name.startswith((".", "~")) or not entry.is_file(follow_symlinks=False):
                    continue
                if Path(name).suffix.lower() in SCAN_SUFFIXES:
                    found.append(Path(entry.path))
        return sorted(found)

    def ready(self) -> list[Path]:
        """Files that may be taken now; call it once per poll."""
        now = self.clock()
        taken = []
        current = self.candidates()
        for path in current:
            try:
                st = path.stat()
            except FileNotFoundError:
                continue  # moved away between listing and looking
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)
                continue  # new or still growing
            waited = now - seen.since
            if waited < self.settle:
                continue
            try:
                # An empty file is how some SMB clients start a copy: not taken before max_wait.
                complete = st.st_size > 0 and _has_end_marker(path, st.st_size)
            except OSError:
                continue  # not openable yet (a writer holds it on Windows)
            if complete or waited >= self.max_wait:
                taken.append(path)
        gone = set(self._seen) - set(current)
        for path in gone:
            del self._seen[path]
        return taken

    def move_done(self, path: Path) -> Path:
        return self._move(path, DONE)

    def move_quarantine(self, path: Path) -> Path:
        return self._move(path, QUARANTINE)

    def remove_stored(self, path: Path, sha256: str, stored: Callable[[str], bytes]) -> bool:
        """Remove ``path`` if the station holds exactly its bytes: the file read now hashes to
        ``sha256`` and ``stored(sha256)`` (the station's copy, opened through its key) hashes to
        the same. False, and the file left where it is, if either does not hold or fails."""
        try:
            with path.open("rb") as fh:
                now = hashlib.file_digest(fh, "sha256").hexdigest()
            if now != sha256:
                return False  # changed since it was filed: the stored copy is not this file
            if hashlib.sha256(stored(sha256)).hexdigest() != sha256:
                return False
            self._seen.pop(path, None)
            path.unlink()
        except Exception:  # the share went away, a damaged copy: keep the scanner's file
            log.warning(
                "hot folder: %s kept, its stored copy not verified", path.name, exc_info=True
            )
            return False
        return True

    def _move(self, path: Path, where: str) -> Path:
        """Move without ever replacing a file already there (same name scanned twice)."""
        self._seen.pop(path, None)
        target_dir = self.folder / where
        target_dir.mkdir(parents=True, exist_ok=True)
        stem, suffix = path.stem, path.suffix
        for attempt in range(10_000):
            target = target_dir / (path.name if attempt == 0 else f"{stem}-{attempt}{suffix}")
            if target.exists():
                continue
            try:
                # link + unlink refuses an existing target atomically (rename would replace it).
                os.link(path, target)
            except FileExistsError:
                continue
            except OSError:
                os.rename(path, target)  # a share without hard links; checked above
                return target
            os.unlink(path)
            return target
        raise OSError(f"no free name for {path.name} in {target_dir}")
