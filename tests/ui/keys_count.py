"""A keyboard that counts: every key goes to the widget that has the focus, as a real keyboard's
does, through QTest (so window shortcuts fire), and every key pressed is counted.

A chord counts each key held: Ctrl+Enter is two key presses, F12 one. Arabic letters carry
their text (QTest.keyClicks only knows Latin keys), digits and Latin letters their key code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

_MODIFIERS = (
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.MetaModifier,
)


class CountingKeyboard:
    """Sends key presses to the focused widget and counts them (``presses``)."""

    def __init__(self) -> None:
        self.presses = 0
        self.log: list[str] = []  # one entry per step, for a readable failure

    def focus(self) -> QWidget:
        # Nothing focused yet: the keys go to the active window, as a real keyboard's do.
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, f"no widget has the focus after {self.log[-3:]}"
        return widget

    def type(self, text: str) -> None:
        """Each character one key press, sent to whatever has the focus at that moment."""
        for ch in text:
            code = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, self.focus(), code, ch, Qt.KeyboardModifier.NoModifier
            )
            self.presses += 1
            QApplication.processEvents()
        self.log.append(f"type {text!r} -> {self.focus().objectName()}")

    def key(self, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
        """One key (with its modifiers held: each counted) on the focused widget."""
        mods = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
        QTest.keyClick(self.focus(), key, mods)
        self.presses += 1 + sum(1 for m in _MODIFIERS if mods & m)
        QApplication.processEvents()
        self.log.append(f"key {key.name} {mods.name} -> {self.focus().objectName()}")
