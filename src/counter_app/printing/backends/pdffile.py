""" "Save as PDF": the printer is a folder. Always available, also when no printer works.

A file appears whole or not at all: it is written under a temporary name in the same folder,
flushed to disk, then renamed, so a crash or a full disk never leaves half a PDF that looks
like a finished one.

The station's own folder (``<data>/printed``, the default) is inside the data folder, which is
otherwise encrypted; a PDF there must stay readable (it is what the clerk asked to print), so
it is not kept: a document older than ``keep_seconds`` (a day) is removed when the next one is
saved. Nothing is lost: the print queue renders a document again from the database. A folder
the station was given as a printer's address is the user's and never pruned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from counter_app.domain.errors import N_
from counter_app.printing.backends.base import PrinterInfo, PrinterState, PrintFailed, SentJob
from counter_protocol.durable import fsync_dir

NOT_WRITABLE = N_("The output folder cannot be written")

# Letters of any script (Arabic titles stay readable), digits, "-", "_" and "."; anything else
# (path separators, characters Windows forbids, spaces) becomes "_".
_UNSAFE = re.compile(r"[^\w.-]+")
_MAX_STEM = 80
KEEP_SECONDS = 24 * 3600  # a working day's documents can still be opened and printed by hand


def safe_stem(title: str) -> str:
    """A file name stem from a document title, valid on Windows and Linux."""
    stem = _UNSAFE.sub("_", title).strip("._")[:_MAX_STEM].rstrip("._")
    return stem or "document"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PdfFileBackend:
    """``send(printer=<folder>)`` writes ``<folder>/<title>-<timestamp>.pdf``; the sent job's id
    is the file's path."""

    name = "pdf"

    def __init__(
        self,
        folder: Path,
        *,
        clock: Callable[[], dt.datetime] = _utc_now,
        keep_seconds: float = KEEP_SECONDS,
    ) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.keep_seconds = keep_seconds

    def printers(self) -> list[PrinterInfo]:
        return [self.status(str(self.folder))]

    def status(self, printer: str) -> PrinterInfo:
        folder = Path(printer)
        ok = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
        state = PrinterState.READY if ok else PrinterState.OFFLINE
        detail = "" if ok else NOT_WRITABLE
        return PrinterInfo(str(folder), self.name, state, detail, default=folder == self.folder)

    def send(self, printer: str, pdf: bytes, *, title: str, copies: int = 1) -> SentJob:
        """One file whatever ``copies`` says: copies are a matter for whoever prints it."""
        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        folder = Path(printer)
        # Local time, as the clerk reads the folder; milliseconds keep two saves apart.
        stamp = self.clock().astimezone().strftime("%Y-%m-%d_%H%M%S_%f")[:-3]
        try:
            target = _write_atomically(folder, f"{safe_stem(title)}-{stamp}", pdf)
        except OSError as exc:
            raise PrintFailed(NOT_WRITABLE, str(exc), state=PrinterState.OFFLINE) from exc
        if folder == self.folder:
            prune(folder, self.keep_seconds, spare=target)
        return SentJob(printer, str(target))


def prune(folder: Path, keep_seconds: float, *, spare: Path | None = None) -> int:
    """Remove the saved PDFs (and any half-written one) older than ``keep_seconds`` from
    ``folder``; how many. Best effort: a file in use or already gone is left to the next."""
    limit = time.time() - keep_seconds
    removed = 0
    for path in folder.glob("*.pdf"):
        with contextlib.suppress(OSError):
            if path != spare and path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    for path in folder.glob(".partial-*.pdf"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed


def _write_atomically(folder: Path, stem: str, data: bytes) -> Path:
    """Write ``data`` to a new ``<stem>.pdf`` (``<stem>-2.pdf``... if taken) and return it."""
    fd, temp = tempfile.mkstemp(prefix=".partial-", suffix=".pdf", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # Never replace an earlier document that happens to have the same name.
        target, n = folder / f"{stem}.pdf", 1
        while target.exists():
            n += 1
            target = folder / f"{stem}-{n}.pdf"
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the system allows it. Best effort: some network
    shares refuse it, and the file is complete by now (failing here would make the queue save
    it a second time)."""
    with contextlib.suppress(OSError):
        fsync_dir(folder)
