"""Recording a fee's payment from the request view: the amount is the request's fee, shown and
not editable (the clerk checks it against the bank's slip, he does not type it); the method; the
bank's receipt number, asked only for a payment made at a bank. A missing number is refused
here, inline; every other rule is the service's (services/payments.py), its error shown on the
request view."""

from __future__ import annotations

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

from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.payments import BANK_RECEIPT_LIMIT
from counter_app.ui.qt_i18n import tr
from counter_app.ui.theme import set_role


class PaymentDialog(QDialog):
    """``payment()`` after ``accepted``; Enter accepts, Escape cancels."""

    def __init__(self, receipt: str, fee_syp: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fee_syp = fee_syp
        self.setObjectName("payment-dialog")
        self.setWindowTitle(tr("Record payment"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(440)
        prompt = QLabel(tr("The fee of request {receipt} was paid:").format(receipt=receipt))
        prompt.setWordWrap(True)
        self.amount = QLineEdit(f"{fee_syp:,} " + tr("SYP"))
        self.amount.setObjectName("payment-amount")
        self.amount.setReadOnly(True)  # the catalog's fee; the clerk never types an amount
        self.amount.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.at_bank = QRadioButton(tr("Paid at a bank, with its receipt"))
        self.at_bank.setObjectName("payment-bank-receipt")
        self.at_desk = QRadioButton(tr("Paid at the bank desk"))
        self.at_desk.setObjectName("payment-bank-desk")
        self.methods = QButtonGroup(self)
        self.methods.addButton(self.at_bank)
        self.methods.addButton(self.at_desk)
        self.at_bank.setChecked(True)
        self.number = QLineEdit()
        self.number.setObjectName("payment-bank-receipt-no")
        self.number.setMaxLength(BANK_RECEIPT_LIMIT + 10)  # spaces between groups are dropped
        self.number.setPlaceholderText(tr("Bank receipt number"))
        self.number_label = QLabel(tr("Bank receipt number"))
        self.number_label.setBuddy(self.number)
        self.error = QLabel()
        self.error.setObjectName("payment-error")
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.number.textEdited.connect(lambda _text: self.error.hide())
        self.at_bank.toggled.connect(self._method_changed)
        form = QFormLayout()
        form.addRow(tr("Amount"), self.amount)
        form.addRow(tr("Method"), self.at_bank)
        form.addRow("", self.at_desk)
        form.addRow(self.number_label, self.number)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Record payment"))
        ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Back"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.number.setFocus()

    def _method_changed(self, at_bank: bool) -> None:
        # The bank desk gives no number: the field is cleared and closed, never sent.
        self.number.setEnabled(at_bank)
        self.number_label.setEnabled(at_bank)
        if not at_bank:
            self.number.clear()
            self.error.hide()
        else:
            self.number.setFocus()

    def method(self) -> PaymentMethod:
        return PaymentMethod.BANK_RECEIPT if self.at_bank.isChecked() else PaymentMethod.BANK_DESK

    def payment(self) -> PaymentInput:
        at_bank = self.method() is PaymentMethod.BANK_RECEIPT
        number = self.number.text().strip() if at_bank else None
        return PaymentInput(self.fee_syp, self.method(), number or None)

    def accept(self) -> None:
        if self.method() is PaymentMethod.BANK_RECEIPT and not self.number.text().strip():
            self.error.setText(tr("Enter the number of the bank's receipt"))
            self.error.show()
            self.number.setFocus()
            return
        super().accept()
