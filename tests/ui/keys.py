"""Typing as a keyboard does, Arabic included (QTest.keyClicks only knows Latin keys)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """A key press and release carrying each character, sent to ``widget``."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    """One special key (Enter, Tab...) pressed and released on ``widget``."""
    mods = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, mods))


def retype(widget: QWidget, text: str) -> None:
    """Select all and type over it (what a clerk does to correct a field)."""
    widget.setFocus()
    press(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(widget, Qt.Key.Key_Backspace)
    type_text(widget, text)
