"""Asking why: needs-info, rejected and cancelled requests must carry a reason (the citizen
will ask). An empty reason is refused here, inline, before anything reaches the service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.qt_i18n import tr
from counter_app.ui.theme import set_role

MAX_REASON = 1000  # as the service's limit


class ReasonDialog(QDialog):
    """``reason()`` after ``accepted``; Enter accepts, Escape cancels."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reason-dialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self.error = QLabel()
        self.error.setObjectName("reason-error")
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("reason-text")
        self.edit.setMaxLength(MAX_REASON)
        self.edit.setPlaceholderText(tr("Reason"))
        self.edit.textEdited.connect(lambda _text: self.error.hide())
        self.prompt.setBuddy(self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Confirm"))
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Back"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.edit.text().split())

    def accept(self) -> None:
        if not self.reason():
            self.error.setText(tr("Write the reason; it is required."))
            self.error.show()
            self.edit.setFocus()
            return
        super().accept()


def reason_dialog(status: str, receipt: str, parent: QWidget | None = None) -> ReasonDialog:
    """The question asked before a request becomes ``status`` (one of NEEDS_REASON)."""
    if status == "needs_info":
        title = tr("Information needed")
        prompt = tr("What must the citizen bring or complete for request {receipt}?")
    elif status == "rejected":
        title = tr("Reject the request")
        prompt = tr("Why is request {receipt} rejected?")
    else:
        title = tr("Cancel the request")
        prompt = tr("Why is request {receipt} cancelled? The reason stays in its history.")
    return ReasonDialog(title, prompt.format(receipt=receipt), parent)
