"""Running use cases off the GUI thread (like Anki's CollectionOp/QueryOp).

``Operations.run(work, on_done, on_error)`` runs ``work`` on a worker thread and calls back on
the GUI thread. A progress indicator appears only when the work lasts longer than ~300 ms, so
quick lookups never flash a dialog. Tests make it synchronous (``synchronous=True``): the same
callbacks, in order, on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from counter_app.ui.qt_i18n import tr

PROGRESS_AFTER_MS = 300


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # reported to the GUI thread, never lost in a thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Operations(QObject):
    """One per window. ``busy`` counts operations in flight (the status bar shows it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.busy = 0
        self._keep: set[_Signals] = set()

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
        signals = _Signals()
        self._keep.add(signals)
        self.busy += 1
        self.changed.emit()
        dialogs: list[QProgressDialog] = []

        def show_progress() -> None:
            dialog = QProgressDialog(label or tr("Working…"), "", 0, 0, parent)
            dialog.setCancelButton(None)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.show()
            dialogs.append(dialog)

        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(show_progress)
        if progress:
            timer.start(PROGRESS_AFTER_MS)

        def finish() -> None:
            timer.stop()
            for dialog in dialogs:
                dialog.close()
            self._keep.discard(signals)
            self.busy -= 1
            self.changed.emit()

        @Slot(object)
        def done(result: object) -> None:
            finish()
            if on_done:
                on_done(result)

        @Slot(object)
        def failed(exc: object) -> None:
            finish()
            assert isinstance(exc, BaseException)
            self._fail(exc, on_error)

        signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self.pool.start(_Task(work, signals))

    def wait(self, msecs: int = 30_000) -> bool:
        """For tests and shutdown: let running work finish."""
        return self.pool.waitForDone(msecs)

    @staticmethod
    def _fail(exc: BaseException, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            raise exc
