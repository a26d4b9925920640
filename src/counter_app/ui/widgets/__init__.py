"""Widgets the screens share: typed field inputs, the document checklist, small helpers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.catalog import Catalog, Service
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.theme import set_role


def localized(language: str, arabic: str, english: str) -> str:
    """A catalog text in the clerk's language (Arabic first; English when asked for)."""
    return english if language == "en" and english else arabic


def show_message(label: QLabel, text: str, *, error: bool = False) -> None:
    """An inline message under a field or a form: red for errors, green for good news."""
    label.setText(text)
    set_role(label, "error" if error else "note")  # coloured by the application's style sheet
    label.setWordWrap(True)
    label.setVisible(bool(text))


class _EnterFilter(QObject):
    def __init__(self, view: QAbstractItemView, callback: Callable[[], None]) -> None:
        super().__init__(view)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.callback()
            return True
        return False


def on_enter_or_double_click(view: QAbstractItemView, callback: Callable[[], None]) -> None:
    """Run ``callback`` for Enter on the view or a double-click on an item, on every platform
    (``activated`` means a single click under some styles and nothing on Enter under macOS)."""
    view.installEventFilter(_EnterFilter(view, callback))
    view.doubleClicked.connect(lambda _index: callback())


def fee_text(amount_syp: int) -> str:
    return f"{amount_syp:,} {tr('SYP')}" if amount_syp else tr("free of charge")


def service_summary(catalog: Catalog, service: Service, language: str) -> str:
    """Agency, time to complete and fee of a service, on one line."""
    agency = catalog.agency(service.agency)
    agency_name = localized(language, agency.name_ar, agency.name_en) if agency else service.agency
    sla = service.sla.working_days
    days = tr_n("{n} working days", sla).format(n=sla)
    return "  •  ".join(
        (
            f"{tr('Agency')}: {agency_name}",
            f"{tr('Takes')}: {days}",
            f"{tr('Fee')}: {fee_text(service.fee.amount_syp)}",
        )
    )


class ReceiptPanel(QWidget):
    """What the clerk sees after a save: the receipt number, big, and what happened next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receipt-panel")
        caption = QLabel(tr("Receipt number"))
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel()
        self.number.setObjectName("receipt")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.number.font())
        font.setPointSize(28)
        font.setBold(True)
        self.number.setFont(font)
        self.message = QLabel()
        self.message.setObjectName("done-message")
        self.warning = QLabel()
        self.warning.setObjectName("duplicate")
        self.warning.hide()
        self.buttons = QHBoxLayout()
        column = QVBoxLayout(self)
        for widget in (caption, self.number, self.message, self.warning):
            column.addWidget(widget)
        column.addLayout(self.buttons)
        column.addStretch(1)

    def add_button(self, text: str, keys: str) -> QPushButton:
        button = QPushButton(text)
        button.setShortcut(QKeySequence(keys))
        button.setToolTip(keys)
        self.buttons.addWidget(button)
        return button
