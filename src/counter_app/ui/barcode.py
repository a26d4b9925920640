"""Telling a barcode gun from a person typing.

A keyboard-wedge scanner "types" the code in a burst (a few ms per character) and ends it with
Enter. An application-wide event filter watches key presses: a burst of receipt-shaped text
ending in Enter is taken from whichever widget had the focus and reported as a scan, so a
receipt opens from any screen. Handover slips (batch numbers) are scans too: the window
routes them to the archive handover. Typing by hand is slower and passes through untouched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.domain.receipt import ReceiptNumber

MAX_GAP_S = 0.05  # scanners send a character every few ms; people need 100 ms or more
MIN_LENGTH = 12
# Loose on purpose: a misread batch number still reaches the handover screen, which refuses it
# with a message instead of it landing as text in whatever field had the focus.
_BATCH_SHAPE = re.compile(r"^HO-[A-Z]{2,6}-\d{2}-\d{6}-\d{2}-\S{1,2}$", re.IGNORECASE)


def looks_scanned(code: str) -> bool:
    return ReceiptNumber.looks_like(code) or bool(_BATCH_SHAPE.match(code.strip()))


class BarcodeWedge(QObject):
    def __init__(self, on_scan: Callable[[str], None], clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.on_scan = on_scan
        self.clock = clock
        self.buffer = ""
        self.last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # The same press reaches the window, then the focused widget, then maybe its parents:
        # count it once, where it lands first among widgets.
        if watched is not QApplication.focusWidget():
            return False
        now = self.clock()
        if now - self.last > MAX_GAP_S:
            self.buffer = ""
        self.last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code, self.buffer = self.buffer, ""
            if len(code) >= MIN_LENGTH and looks_scanned(code):
                self._undo_typing(watched, len(code))
                self.on_scan(code)
                return True
            return False
        text = event.text()
        if text and text.isprintable():
            self.buffer += text
        return False

    @staticmethod
    def _undo_typing(widget: QObject, count: int) -> None:
        """The burst already went into the focused line edit: take it back out."""
        backspace = getattr(widget, "backspace", None)
        if callable(backspace):
            for _ in range(count):
                backspace()
