"""Running use cases off the GUI thread (like Anki's CollectionOp/QueryOp).

``Operations.run(work, on_done, on_error)`` runs ``work`` on a worker thread and calls back on
the GUI thread. A progress indicator appears only when the work lasts longer than ~300 ms, so
quick lookups never flash a dialog. Tests make it synchronous (``synchronous=True``): the same
callbacks, in order, on the calling thread.

Worker threads never call Qt: they put their outcome on a thread-safe queue, and ONE timer on
the GUI thread (running only while work is pending) delivers it and opens the progress dialog
of work that is taking long. Emitting Qt signals from Python worker threads crashed PySide now
and then in testing; so did a QTimer created (and deleteLater'd) per operation, with a Python
slot closing over it, when its owner was destroyed with deferred deletes still posted ("malloc():
unaligned tcache chunk detected" in about 1 of 5 runs of tests/ui/test_operations.py). One
long-lived timer and plain bookkeeping cannot.
"""

from __future__ import annotations

import itertools
import queue
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from counter_app.ui.qt_i18n import tr

PROGRESS_AFTER_MS = 300


POLL_MS = 5
# How often a thread running Python must hand the GIL to one waiting for it (CPython: 5 ms).
# The GUI thread needs the GIL for every call from Qt into Python: painting a 200-row result
# table calls the model over a thousand times. Beside a worker running Python (the hot folder
# reading cover marks row by row, sync building a batch) each of those waits up to an
# interval: measured, a 10 ms repaint took 63 ms beside one busy thread at 5 ms, 23 ms at
# 0.5 ms. At 1 ms the GUI thread waits at most about 1 ms per hand-over; workers hand over
# more often, which costs them a little throughput (bench/bench_ui.py, docs/BENCHMARKS.md).
GUI_SWITCH_INTERVAL = 0.001

Outcome = tuple[int, bool, object]  # task number, succeeded, result or exception


def _task(number: int, work: Callable[[], Any], outcomes: queue.SimpleQueue[Outcome]) -> None:
    try:
        outcomes.put((number, True, work()))
    except BaseException as exc:  # reported to the GUI thread, never lost in a thread
        outcomes.put((number, False, exc))


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    progress_at: float | None  # time.monotonic() when the dialog is due; None: never
    label: str | None
    parent: QWidget | None
    dialog: QProgressDialog | None = None


class Operations(QObject):
    """One per window. ``busy`` counts operations in flight (the status bar shows it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        if not synchronous and sys.getswitchinterval() > GUI_SWITCH_INTERVAL:
            sys.setswitchinterval(GUI_SWITCH_INTERVAL)  # this process has a GUI thread
        # Plain Python threads: no Qt object whose lifetime a worker thread shares.
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="counter-op")
        self._futures: set[Future[None]] = set()
        self.busy = 0
        self._numbers = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._outcomes: queue.SimpleQueue[Outcome] = queue.SimpleQueue()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._drain)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        label: str | None = None,
        parent: QWidget | None = None,
        progress: bool = True,
    ) -> None:
        """``progress=False`` for work the user keeps typing over (search as you type): a
        window-modal progress dialog would take the keyboard focus away."""
        if self.synchronous:
            try:
                result = work()
            except Exception as exc:
                self._fail(exc, on_error)
            else:
                if on_done:
                    on_done(result)
            return
        number = next(self._numbers)
        due = time.monotonic() + PROGRESS_AFTER_MS / 1000 if progress else None
        self._pending[number] = _Pending(on_done, on_error, due, label, parent)
        self.busy += 1
        self.changed.emit()
        if not self._poll.isActive():
            self._poll.start()
        future = self.pool.submit(_task, number, work, self._outcomes)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    def _show_progress(self, pending: _Pending) -> None:
        parent = pending.parent
        if parent is not None and not shiboken6.isValid(parent):
            parent = None  # the screen that asked was closed meanwhile
        # An empty cancel text means no cancel button (setCancelButton(None) double-frees).
        dialog = QProgressDialog(pending.label or tr("Working…"), "", 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        pending.dialog = dialog

    def _drain(self) -> None:
        while True:
            try:
                number, ok, value = self._outcomes.get_nowait()
            except queue.Empty:
                break
            self._finished(number, ok, value)
        if not self._pending:
            self._poll.stop()
            return
        now = time.monotonic()
        for pending in list(self._pending.values()):
            if pending.progress_at is not None and now >= pending.progress_at:
                pending.progress_at = None
                self._show_progress(pending)

    def _finished(self, number: int, ok: bool, value: object) -> None:
        pending = self._pending.pop(number, None)
        if pending is None:
            return
        if pending.dialog is not None:
            pending.dialog.close()
            pending.dialog.deleteLater()
        self.busy -= 1
        self.changed.emit()
        if ok:
            if pending.on_done:
                pending.on_done(value)
        else:
            assert isinstance(value, BaseException)
            self._fail(value, pending.on_error)

    def wait(self, msecs: int = 30_000) -> bool:
        """For tests and shutdown: let running work finish (its results are then delivered
        by the event loop)."""
        _done, running = wait_futures(list(self._futures), timeout=msecs / 1000)
        return not running

    @staticmethod
    def _fail(exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            raise exc
