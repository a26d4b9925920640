"""Background operations with real threads: results and errors come back on the GUI thread,
in full, and a slow one shows progress."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from counter_app.domain.errors import ValidationError
from counter_app.ui.operations import Operations

# These once aborted the process in about 1 run in 5 ("malloc(): unaligned tcache chunk
# detected" while pytest-qt processed events): each operation had its own QTimer, deleteLater'd,
# with a Python slot closing over it. Operations now keeps one timer; see its module comment.


def test_many_operations_all_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    ops = Operations()
    gui = QThread.currentThread()
    results: list[int] = []
    errors: list[str] = []
    workers: set[int] = set()

    def work(i: int) -> int:
        workers.add(threading.get_ident())
        if i % 10 == 0:
            raise ValidationError("bad {i}", i=i)
        return i

    def done(value: int) -> None:
        assert QThread.currentThread() is gui
        results.append(value)

    for i in range(200):
        ops.run(lambda i=i: work(i), done, lambda exc: errors.append(str(exc)), progress=False)
    qtbot.waitUntil(lambda: len(results) + len(errors) == 200, timeout=10_000)
    assert sorted(results) == [i for i in range(200) if i % 10]
    assert len(errors) == 20 and ops.busy == 0
    assert threading.get_ident() not in workers  # the work ran off the GUI thread


def test_a_slow_operation_shows_progress_then_closes_it(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ops = Operations()
    finished: list[str] = []
    ops.run(lambda: time.sleep(0.6) or "done", finished.append, label="…", parent=parent)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        ),
        timeout=2_000,
    )
    qtbot.waitUntil(lambda: finished == ["done"], timeout=5_000)
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, QProgressDialog) and w.isVisible()
                for w in QApplication.topLevelWidgets()
            )
        ),
        timeout=2_000,
    )


def test_operations_dropped_while_work_is_in_flight_do_not_crash(qtbot: QtBot) -> None:
    """A screen closed with lookups still running: its Operations goes away before the answers
    arrive. Repeated, because the old per-operation timers crashed only now and then."""
    delivered: list[int] = []
    release = threading.Event()
    for round_no in range(20):
        parent = QWidget()
        ops = Operations(parent)
        for i in range(20):
            ops.run(lambda i=i: release.wait(1) and i, delivered.append, progress=i % 2 == 0)
        parent.deleteLater()
        del ops, parent
        if round_no % 5 == 4:
            release.set()
        qtbot.wait(5)
    release.set()
    keep = Operations()
    results: list[str] = []
    keep.run(lambda: "still fine", results.append)
    qtbot.waitUntil(lambda: results == ["still fine"], timeout=5_000)
