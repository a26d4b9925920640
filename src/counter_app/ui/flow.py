"""A row of buttons that wraps onto a further row when the window is too narrow for it.

A request's action bar holds up to nine buttons: in one QHBoxLayout they either pushed the
screen wider than a 1366-pixel counter monitor (the screen scrolled sideways) or were cut
off. Here each row takes as many buttons as fit and the rest start a new row; the layout
reports its height for a width (heightForWidth) so the screen gives it the rows it needs.
Right-to-left: rows fill from the right edge, as the Arabic reads.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # QLayout's item list ---------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # sizes -----------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        """All in one row: what the layout would like."""
        shown = self._shown()
        if not shown:
            return QSize(0, 0)
        hints = [item.sizeHint() for item in shown]
        width = sum(h.width() for h in hints) + self._spacing * (len(hints) - 1)
        m = self.contentsMargins()
        return QSize(
            width + m.left() + m.right(), max(h.height() for h in hints) + m.top() + m.bottom()
        )

    def minimumSize(self) -> QSize:
        """As narrow as its widest button (one a row), as high as one row; the height for the
        width actually given comes from heightForWidth."""
        size = QSize(0, 0)
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    # placing ---------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]  # hidden buttons: none

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._shown():
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.x() + area.width():
                x, y = area.x(), y + row_height + self._spacing
                row_height = 0
            if move:
                placed = QRect(QPoint(x, y), hint)
                # Laid out left to right, then mirrored for an Arabic screen.
                item.setGeometry(QStyle.visualRect(self._direction(), area, placed))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()

    def _direction(self) -> Qt.LayoutDirection:
        widget = self.parentWidget()
        return widget.layoutDirection() if widget is not None else Qt.LayoutDirection.LeftToRight
