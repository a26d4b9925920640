"""Locking the window after a quiet spell, so an unattended counter shows no citizen's data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Calls ``on_idle`` after ``seconds`` without keyboard or mouse input."""

    def __init__(self, seconds: int, on_idle: Callable[[], None]) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(on_idle)
        self.set_timeout(seconds)

    def set_timeout(self, seconds: int) -> None:
        self.timer.setInterval(max(30, seconds) * 1000)
        self.timer.start()

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
