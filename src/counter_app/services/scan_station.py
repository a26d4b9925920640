"""Where scans come from: a file on disk, a scanner, or a hot folder a network scanner fills.
Each ends in ``scan_filing.import_scan``, so every source is filed by the same rules."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.background import lower_this_thread
from counter_app.domain.errors import N_, CounterError, ValidationError
from counter_app.domain.roles import Permission
from counter_app.scanning.base import ScanFailed, Scanner, ScanSettings
from counter_app.scanning.hotfolder import HotFolder
from counter_app.scanning.pages import MAX_SCAN_BYTES
from counter_app.scanning.pdfs import pictures_to_pdf
from counter_app.services.access import use_case
from counter_app.services.context import Actor, AppContext
from counter_app.services.files import file_key, read_blob
from counter_app.services.scan_filing import import_scan, refuse_unread
from counter_app.services.scan_records import ScanImportResult

log = logging.getLogger(__name__)

# Nothing of these files was filed: the scanner's operator should look at them.
_NEEDS_A_PERSON = frozenset({"quarantined", "unfiled"})


def _still_written(path: Path) -> ValidationError:
    return ValidationError(
        N_("{path} is still being written; try again when the scanner has finished"),
        field="file",
        path=str(path),
    )


def read_settled(path: Path, *, settle: float = 1.0) -> bytes:
    """The bytes of a file nobody is writing any more: unchanged for ``settle`` seconds and
    while it was read. Raises ValidationError (nothing stored) otherwise."""
    try:
        before = path.stat()
        age = time.time() - before.st_mtime
        if age < settle:
            time.sleep(settle - max(0.0, age))
        again = path.stat()
        if (again.st_size, again.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise _still_written(path)
        with path.open("rb") as fh:
            data = fh.read(MAX_SCAN_BYTES + 1)
        after = path.stat()
    except OSError as exc:
        raise ValidationError(
            N_("Cannot read {path}: {detail}"), path=str(path), detail=exc.strerror or str(exc)
        ) from None
    if len(data) != after.st_size or (after.st_size, after.st_mtime_ns) != (
        again.st_size,
        again.st_mtime_ns,
    ):
        raise _still_written(path)
    return data


@use_case(Permission.MANAGE_ARCHIVE)
def import_scan_file(
    ctx: AppContext, actor: Actor, path: Path, *, source: str = "import", settle: float = 1.0
) -> ScanImportResult:
    """File a scanned file from disk. The file itself is left where it is (the hot folder
    moves its files afterwards); a refused file is kept content-addressed in quarantine."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ValidationError(
            N_("Cannot read {path}: {detail}"), path=str(path), detail=exc.strerror or str(exc)
        ) from None
    if not path.is_file():
        raise ValidationError(N_("{path} is not a file"), field="file", path=str(path))
    # Refused by its size before a byte is read: a 2 GB file is never loaded.
    refused = refuse_unread(ctx, actor, st.st_size, filename=path.name, source=source)
    if refused is not None:
        return refused
    data = read_settled(path, settle=settle)
    return import_scan(ctx, actor, data, filename=path.name, source=source)


@use_case(Permission.MANAGE_ARCHIVE)
def scan_and_file(
    ctx: AppContext,
    actor: Actor,
    scanner: Scanner,
    settings: ScanSettings,
    *,
    device: str | None = None,
) -> ScanImportResult:
    """Scan every sheet in the scanner (its first device unless ``device``), bind the pages
    into one PDF and file it like an imported stack."""
    actor.require(Permission.MANAGE_ARCHIVE)  # before the scanner moves any paper
    if device is None:
        found = scanner.devices()
        if not found:
            raise ScanFailed(N_("No scanner is connected"))
        device = found[0].name
    work = ctx.paths.data_dir / "scanning"
    work.mkdir(parents=True, exist_ok=True)
    sweep_scan_work(work)
    folder = Path(tempfile.mkdtemp(prefix="scan-", dir=work))
    try:
        pages = scanner.scan(device, settings, folder)
        pdf = pictures_to_pdf([page.read_bytes() for page in pages])
    finally:
        # The scanner's raw pages: the PDF made of them is what is kept (content-addressed).
        shutil.rmtree(folder, ignore_errors=True)
    stamp = ctx.clock().astimezone(ctx.calendar.tz).strftime("%Y%m%d-%H%M%S")
    return import_scan(ctx, actor, pdf, filename=f"scan-{stamp}.pdf", source="scanner")


WORK_STALE_SECONDS = 3600  # no scan runs this long (ScanSettings.timeout is minutes)


def sweep_scan_work(work: Path, stale: float = WORK_STALE_SECONDS) -> int:
    """Remove the scanner's raw pages a killed scan left in the work folder: plain pictures of
    citizens' papers in a data folder otherwise encrypted (the PDF made of them is sealed).
    A live scan's folder is young and is left; how many were removed."""
    limit = time.time() - stale
    removed = 0
    for folder in work.glob("scan-*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue  # in use or gone: the next scan tries again
    return removed


@dataclass(frozen=True)
class HotFolderItem:
    path: Path  # where the scanner dropped it
    moved_to: Path | None  # done/ or quarantine/; None: left in place (see error) or removed
    result: ScanImportResult | None
    error: CounterError | None = None
    removed: bool = False  # stored sealed and read back: no plain copy kept (encrypted station)


def _sealed_away(ctx: AppContext, hot: HotFolder, path: Path, result: ScanImportResult) -> bool:
    """On an encrypted station, remove the scanner's plain file once the station's sealed copy
    reads back the same: a filed scan, and one no cover sheet placed (its pages wait in the
    app's unfiled queue, sealed). A quarantined file (unreadable, cut off, too large) is kept
    for a person to look at in quarantine/."""
    status = result.earlier_status if result.status == "duplicate" else result.status
    if status == "quarantined" or result.sha256 is None or file_key(ctx) is None:
        return False
    return hot.remove_stored(path, result.sha256, lambda sha: read_blob(ctx, sha))


def _destination(result: ScanImportResult) -> str:
    status = result.earlier_status if result.status == "duplicate" else result.status
    return "quarantine" if status in _NEEDS_A_PERSON else "done"


@use_case(Permission.MANAGE_ARCHIVE)
def process_ready(ctx: AppContext, actor: Actor, hot: HotFolder) -> list[HotFolderItem]:
    """Take every file of the hot folder that is completely written: file it, then move it."""
    items = []
    for path in hot.ready():
        try:
            result = import_scan_file(ctx, actor, path, source="hotfolder", settle=0.0)
        except CounterError as exc:  # e.g. changed while being read: left for the next look
            items.append(HotFolderItem(path, None, None, exc))
            continue
        # Stored (blob + rows committed) before the original is moved or removed.
        if _sealed_away(ctx, hot, path, result):
            items.append(HotFolderItem(path, None, result, removed=True))
            continue
        if _destination(result) == "quarantine":
            moved = hot.move_quarantine(path)
        else:
            moved = hot.move_done(path)
        items.append(HotFolderItem(path, moved, result))
    return items


@use_case(Permission.MANAGE_ARCHIVE)
def watch_hot_folder(
    ctx: AppContext,
    actor: Actor,
    folder: Path,
    *,
    once: bool = False,
    interval: float = 2.0,
    settle: float = 2.0,
    max_wait: float = 600.0,
    stop: threading.Event | None = None,
    on_item: Callable[[HotFolderItem], None] | None = None,
    keep: bool = True,
) -> list[HotFolderItem]:
    """Watch ``folder`` (polling every ``interval`` s) until ``stop`` is set; with ``once``,
    take what is ready now and return. Files still being written are left for later.
    ``keep=False``: the items only go to ``on_item`` (a watch of days must not pile them up)."""
    hot = HotFolder(folder, settle=settle, max_wait=max_wait)
    hot.prepare()
    stop = stop or threading.Event()
    taken: list[HotFolderItem] = []
    hot.ready()  # the first look only notes sizes and times
    while True:
        if stop.wait(settle if once else interval):
            break
        for item in process_ready(ctx, actor, hot):
            if keep:
                taken.append(item)
            if on_item is not None:
                on_item(item)
        if once:
            break
    return taken


class HotFolderWatcher:
    """The hot folder watched on a background thread while the desktop app is open.

    A network share that goes away (or a folder not there yet) must not end the watching: the
    error is kept for the screen to show and watching resumes after ``retry`` seconds.
    """

    def __init__(
        self,
        ctx: AppContext,
        actor: Actor,
        folder: Path,
        *,
        interval: float = 2.0,
        settle: float = 2.0,
        retry: float = 30.0,
    ) -> None:
        self.ctx, self.actor, self.folder = ctx, actor, folder
        self.interval, self.settle, self.retry = interval, settle, retry
        self.taken = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="counter-hot-folder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> bool:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _count(self, _item: HotFolderItem) -> None:
        self.taken += 1
        self.last_error = None

    def _run(self) -> None:
        # Beside the desktop window: give way to its GUI thread (counter_app/background.py).
        lower_this_thread()
        while not self._stop.is_set():
            try:
                watch_hot_folder(
                    self.ctx,
                    self.actor,
                    self.folder,
                    interval=self.interval,
                    settle=self.settle,
                    stop=self._stop,
                    on_item=self._count,
                    keep=False,
                )
            except Exception as exc:  # kept for the screen; the files stay where they are
                log.exception("hot folder %s", self.folder)
                self.last_error = str(exc) or type(exc).__name__
                self._stop.wait(self.retry)
