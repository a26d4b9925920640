"""Who collects a finished request: the citizen, or a proxy whose name and national number are
recorded. The proxy's details are checked inline (same rules as the service) before the dialog
closes, so the clerk fixes a mistyped number while the proxy is still at the counter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.arabic import parse_person_name
from counter_app.domain.errors import ValidationError
from counter_app.domain.identity import parse_national_id
from counter_app.ui.env import error_text
from counter_app.ui.qt_i18n import tr
from counter_app.ui.theme import set_role


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    set_role(label, "error")
    label.setWordWrap(True)
    label.hide()
    return label


class HandoverDialog(QDialog):
    """After ``accepted``: ``collector`` is "citizen" or "proxy"; ``proxy_name`` and
    ``proxy_national_id`` are the checked (normalised) proxy details, else None."""

    def __init__(
        self, receipt: str, citizen: str, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.collector = "citizen"
        self.proxy_name: str | None = None
        self.proxy_national_id: str | None = None
        self.setObjectName("handover-dialog")
        self.setWindowTitle(tr("Hand over"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        intro = QLabel(tr("Who collects request {receipt}?").format(receipt=receipt))
        intro.setWordWrap(True)
        self.citizen_radio = QRadioButton(tr("The citizen: {name}").format(name=citizen))
        self.proxy_radio = QRadioButton(tr("A proxy"))
        self.citizen_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.citizen_radio)
        group.addButton(self.proxy_radio)
        self.proxy_radio.toggled.connect(self._proxy_toggled)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("proxy-name")
        self.name_edit.setMaxLength(200)
        self.nid_edit = QLineEdit()
        self.nid_edit.setObjectName("proxy-national-id")
        self.nid_edit.setMaxLength(40)
        self.name_error = _error_label("proxy-name-error")
        self.nid_error = _error_label("proxy-national-id-error")
        self.name_edit.textEdited.connect(lambda _t: self.name_error.hide())
        self.nid_edit.textEdited.connect(lambda _t: self.nid_error.hide())
        form = QFormLayout()
        form.addRow(tr("Proxy's name"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(tr("Proxy's national number"), self.nid_edit)
        form.addRow("", self.nid_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Hand over"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Back"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.citizen_radio)
        layout.addWidget(self.proxy_radio)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._proxy_toggled(False)
        self.citizen_radio.setFocus()

    def _proxy_toggled(self, on: bool) -> None:
        for widget in (self.name_edit, self.nid_edit):
            widget.setEnabled(on)
        if on:
            self.name_edit.setFocus()
        else:
            self.name_error.hide()
            self.nid_error.hide()

    def _check(self, label: QLabel, check: Callable[[], str]) -> str | None:
        try:
            value = check()
        except ValidationError as exc:
            label.setText(error_text(exc, self.language))
            label.show()
            return None
        label.hide()
        return value

    def accept(self) -> None:
        if not self.proxy_radio.isChecked():
            self.collector, self.proxy_name, self.proxy_national_id = "citizen", None, None
            super().accept()
            return
        name = self._check(self.name_error, lambda: parse_person_name(self.name_edit.text()))
        nid = self._check(self.nid_error, lambda: parse_national_id(self.nid_edit.text()))
        if name is None or nid is None:
            (self.name_edit if name is None else self.nid_edit).setFocus()
            return
        self.collector, self.proxy_name, self.proxy_national_id = "proxy", name, nid
        super().accept()
