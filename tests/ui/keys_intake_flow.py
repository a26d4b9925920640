"""The commonest intake typed on the keyboard alone, in the main window: the test
(test_intake_keyboard.py) and the bench (bench/bench_intake_keys.py) drive this same path.

Service: MOI-INDIVIDUAL-STATEMENT ("بيان فردي"), found by typing part of its name at reception;
a citizen's national number, Arabic name and mobile; the purpose "travel"; the personal ID card
and a power of attorney, both seen in the original; saved and printed (the fee not paid yet).

Before the keyboard work (commit b3f9a13) the same intake took 60 key presses: Enter after the
national number and the mobile, Tab over the optional "submitted to", Tab between the two
documents and a letter on each (their states' first letters), Ctrl+S. See docs/BENCHMARKS.md.
Enter in reception's search starts the intake when the query finds one service (Ctrl+Enter
before: one key press more).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.ui.main_window import MainWindow
from counter_app.ui.screens.intake import DONE, IntakeScreen
from tests.ui.keys_count import CountingKeyboard

SERVICE = "MOI-INDIVIDUAL-STATEMENT"
QUERY = "فردي"  # part of "بيان فردي", as a clerk types it
NID = "01020304050"
NAME = "فاطمة عبد الله الأحمد"
PHONE = "0944123456"
PURPOSE_KEY = "س"  # "سفر" (travel): the combo's keyboard search
TYPED = len(QUERY) + len(NID) + len(NAME) + len(PHONE) + len(PURPOSE_KEY)  # the data itself


@dataclass(frozen=True)
class FlowResult:
    receipt: str
    presses: int
    seconds: float
    cpu_seconds: float  # the GUI thread's own CPU (the machine's load does not inflate it)
    log: tuple[str, ...]


def _intake(window: MainWindow) -> IntakeScreen:
    screen = window.screens["intake"]
    assert isinstance(screen, IntakeScreen)
    return screen


def commonest_intake(window: MainWindow, nid: str = NID) -> FlowResult:
    """Drive the whole intake from the keyboard; the receipt, the key presses and the time.
    ``nid`` must be new to the station (a known one fills the name and phone in)."""
    kb = CountingKeyboard()
    intake = _intake(window)
    start, cpu = time.perf_counter(), time.thread_time()
    kb.key(Qt.Key.Key_F2)  # reception: the search field has the focus
    kb.type(QUERY)
    kb.key(Qt.Key.Key_Return)  # the only service found: Enter starts its intake
    assert window.current_screen() is intake and intake.service is not None
    assert intake.service.code == SERVICE
    assert kb.focus() is intake.citizen.nid.editor
    kb.type(nid)  # the 11th digit moves on to the name by itself
    assert kb.focus() is intake.citizen.name.editor, kb.log
    kb.type(NAME)
    kb.key(Qt.Key.Key_Return)  # Enter: the next input that needs something
    kb.type(PHONE)  # the last digit moves on by itself
    purpose = next(f for f in intake.fields if f.key == "purpose")
    assert kb.focus() is purpose.editor, kb.log
    kb.type(PURPOSE_KEY)
    kb.key(Qt.Key.Key_Return)  # skips the optional "submitted to": to the first document
    assert kb.focus() is intake.checklist.rows[0].state, kb.log
    kb.type("+")  # every document brought: each ticked as its requirement asks
    kb.key(Qt.Key.Key_F12)  # save and print
    QApplication.processEvents()
    seconds, cpu = time.perf_counter() - start, time.thread_time() - cpu
    assert intake.pages.currentIndex() == DONE, (kb.log, intake.todo.text())
    return FlowResult(intake.done.number.text(), kb.presses, seconds, cpu, tuple(kb.log))
