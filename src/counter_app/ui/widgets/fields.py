"""Typed inputs for the intake form, checked with the domain's own parsers as the clerk types.

One ``FieldInput`` per value: an editor and, under it, an inline message in the clerk's
language when the value cannot be stored. Line edits take whatever the keyboard gives
(Arabic-Indic digits included); the domain parser decides, so the screen and the service can
never disagree about what is valid. A text editor's length cap is a little above the catalog
limit, so over-long pasted text is reported instead of being cut off silently.

Keyboard: Enter in any editor (a choice list included) emits ``entered``; the form decides where
the focus goes. A field that knows when it is complete (a national number's 11th digit, a
mobile's last) emits it by itself when typed, so the clerk does not press Enter after it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.arabic import PERSON_NAME_LIMIT, parse_person_name
from counter_app.domain.catalog import FieldDef, FieldType, Service
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.fields import DEFAULT_TEXT_LIMIT, parse_field
from counter_app.domain.identity import parse_mobile, parse_national_id
from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.payments import payment_problems
from counter_app.ui.qt_i18n import QtTranslate, tr
from counter_app.ui.widgets import localized, show_message

Parser = Callable[[str], object]
SHORT_INPUT = 40  # national numbers, phones, dates, numbers: room for spaces and dashes
ORGANIZATION_LIMIT = 200


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def section_title(text: str) -> QLabel:
    """A heading of the form's sections; the application's style sheet gives it its look."""
    label = QLabel(text)
    label.setObjectName("section-title")
    label.setWordWrap(True)
    return label


class EnterFilter(QObject):
    """Enter (without Ctrl, Shift or Alt) on a choice list calls ``callback`` and is taken: a
    closed QComboBox otherwise ignores it. Enter inside an open list still chooses an item."""

    def __init__(self, parent: QObject, callback: Callable[[], object]) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() in ENTER_KEYS and plain:
                self.callback()
                return True
        return False


def is_complete(parse: Parser, text: str) -> bool:
    """True when ``text`` is valid and no longer number could be: the national number's 11th
    digit, a mobile's last. A shorter form that happens to be valid while a longer one is being
    typed ("963944123" on the way to "963944123456") does not count."""
    try:
        parse(text)
    except Exception:  # a ValidationError: not complete yet
        return False
    for more in ("0", "00", "000"):
        try:
            parse(text + more)
        except Exception:
            continue
        return False
    return True


def editor_limit(limit: int) -> int:
    """The line edit's cap: over the stored limit, so the clerk is told, not truncated."""
    return limit + max(20, limit // 2)


class FieldInput(QWidget):
    """An editor and its inline message. ``changed`` fires on every edit."""

    changed = Signal()
    entered = Signal()  # Enter pressed, or the value typed to its end (``advance``)

    def __init__(
        self,
        key: str,
        label: str,
        parse: Parser,
        *,
        language: str,
        required: bool = True,
        labels: dict[str, str] | None = None,
        choices: list[tuple[str, str]] | None = None,
        max_length: int = SHORT_INPUT,
        placeholder: str = "",
        advance: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key, self.label, self.parse = key, label, parse
        self.language, self.required, self.labels = language, required, labels or {}
        self.touched = False
        self.advance = advance
        self.setObjectName(f"field-{key}")
        self.editor: QLineEdit | QComboBox
        if choices is not None:
            combo = QComboBox()
            combo.addItem(tr("— choose —"), "")
            for value, text in choices:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self._edited)
            combo.installEventFilter(EnterFilter(combo, self.entered.emit))
            self.editor = combo
        else:
            line = QLineEdit()
            line.setMaxLength(editor_limit(max_length))
            line.setPlaceholderText(placeholder)
            line.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            line.textChanged.connect(self._edited)
            line.textEdited.connect(self._typed)  # the clerk's typing only, not a prefill
            line.editingFinished.connect(self._left)
            line.returnPressed.connect(self.entered)
            self.editor = line
        self.editor.setObjectName(f"input-{key}")
        self.editor.setAccessibleName(label)
        self.error = QLabel()
        self.error.setObjectName(f"error-{key}")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.error)

    # value --------------------------------------------------------------------------------
    def raw(self) -> str:
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData() or "")
        return self.editor.text()

    def set_raw(self, text: str) -> None:
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(0, self.editor.findData(text)))
        else:
            self.editor.setText(text)

    def clear(self) -> None:
        self.set_raw("")
        self.touched = False
        self.refresh()

    def is_blank(self) -> bool:
        return not self.raw().strip()

    # checking -----------------------------------------------------------------------------
    def problem(self) -> str | None:
        """What is wrong with the value in the clerk's language, or None when it can be saved."""
        error: ValidationError | None = None
        if self.is_blank():
            if self.required:
                error = ValidationError(N_("{field}: this field is required"), field=self.key)
        else:
            try:
                self.parse(self.raw())
            except ValidationError as exc:
                error = exc
        if error is None:
            return None
        if self.labels:
            error.with_labels(self.labels)
        return error.render(QtTranslate(self.language))

    def is_valid(self) -> bool:
        return self.problem() is None

    def refresh(self) -> bool:
        """Show or hide the message; "required" only once the clerk has been in the field."""
        message = self.problem()
        visible = message if message and (self.touched or not self.is_blank()) else ""
        show_message(self.error, visible or "", error=True)
        return message is None

    def _edited(self) -> None:
        if not self.is_blank():
            self.touched = True
        self.refresh()
        self.changed.emit()

    def _typed(self, text: str) -> None:
        # Only when the cursor is at the end: a correction in the middle never jumps away.
        line = self.editor
        at_end = isinstance(line, QLineEdit) and line.cursorPosition() == len(text)
        if self.advance and at_end and is_complete(self.parse, text):
            self.entered.emit()

    def _left(self) -> None:
        self.touched = True
        self.refresh()

    def reveal(self) -> bool:
        """Show the message even if the clerk never was in the field (a save was asked for)."""
        self.touched = True
        return self.refresh()


def label_text(fdef: FieldDef, language: str) -> str:
    text = localized(language, fdef.label_ar, fdef.label_en)
    return text + (" *" if fdef.required else "")


def _number_hint(fdef: FieldDef) -> str:
    def show(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value)

    if fdef.min is not None and fdef.max is not None:
        return tr("from {min} to {max}").format(min=show(fdef.min), max=show(fdef.max))
    return ""


def input_for(fdef: FieldDef, language: str, parent: QWidget | None = None) -> FieldInput:
    """The editor a catalog field asks for, validated by ``domain.fields.parse_field``."""
    choices = None
    max_length = SHORT_INPUT
    placeholder = ""
    if fdef.type is FieldType.CHOICE:
        choices = [(c.value, localized(language, c.label_ar, c.label_en)) for c in fdef.choices]
    elif fdef.type is FieldType.TEXT:
        max_length = fdef.max_length or DEFAULT_TEXT_LIMIT
    elif fdef.type is FieldType.ORGANIZATION:
        max_length = fdef.max_length or ORGANIZATION_LIMIT
    elif fdef.type is FieldType.DATE:
        placeholder = tr("YYYY-MM-DD or DD/MM/YYYY")
    elif fdef.type is FieldType.NUMBER:
        placeholder = _number_hint(fdef)
    elif fdef.type is FieldType.PHONE:
        placeholder = "09XXXXXXXX"
    # A number of a fixed length moves on by itself when typed to its last digit.
    advance = fdef.type in (FieldType.PHONE, FieldType.NATIONAL_ID)
    return FieldInput(
        fdef.key,
        label_text(fdef, language),
        lambda raw: parse_field(fdef, raw),
        language=language,
        required=fdef.required,
        labels={"ar": fdef.label_ar, "en": fdef.label_en},
        choices=choices,
        max_length=max_length,
        placeholder=placeholder,
        advance=advance,
        parent=parent,
    )


def buddy_label(field: FieldInput) -> QLabel:
    """The field's label, tied to its editor (Alt+mnemonics and screen readers)."""
    label = QLabel(field.label)
    label.setBuddy(field.editor)
    return label


class CitizenBlock(QWidget):
    """National number, full name and mobile for notification, under the section's heading (the
    paper application's first block). ``national_id_entered`` fires once per new valid number
    (the screen looks up earlier requests); ``prefill`` fills in what the clerk has not typed
    and says where it came from. The number and the mobile move on by themselves when typed
    to their last digit."""

    changed = Signal()
    national_id_entered = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("citizen")
        self._entered = ""
        required = " *"
        self.nid = FieldInput(
            "national_id",
            tr("National number") + required,
            parse_national_id,
            language=language,
            advance=True,
        )
        self.name = FieldInput(
            "name",
            tr("Full name") + required,
            parse_person_name,
            language=language,
            max_length=PERSON_NAME_LIMIT,
        )
        self.phone = FieldInput(
            "phone",
            tr("Mobile for notification") + required,
            parse_mobile,
            language=language,
            placeholder="09XXXXXXXX",
            advance=True,
        )
        self.note = QLabel()
        self.note.setObjectName("prefill")
        self.note.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section_title(tr("Citizen")))
        form = QFormLayout()
        column.addLayout(form)
        for field in self.inputs():
            form.addRow(buddy_label(field), field)
            field.changed.connect(self.changed)
        form.addRow("", self.note)
        self.nid.changed.connect(self._nid_changed)

    def inputs(self) -> list[FieldInput]:
        return [self.nid, self.name, self.phone]

    def values(self) -> tuple[str, str, str]:
        return (self.nid.raw(), self.name.raw(), self.phone.raw())

    def national_id(self) -> str | None:
        """The national number as stored, once it is valid."""
        return parse_national_id(self.nid.raw()) if self.nid.is_valid() else None

    def _nid_changed(self) -> None:
        nid = self.national_id()
        if nid is None:
            self.note.hide()
        elif nid != self._entered:
            self._entered = nid
            self.national_id_entered.emit(nid)

    def prefill(self, receipt: str, name: str, phone: str | None) -> list[FieldInput]:
        """Fill the name and phone the clerk has not typed, from request ``receipt``; the
        inputs filled."""
        filled = []
        for field, value in ((self.name, name), (self.phone, phone)):
            if field.is_blank() and value:
                field.set_raw(value)
                filled.append(field)
        if filled:
            text = tr("Filled in from the citizen's earlier request {receipt}; check it is current")
            show_message(self.note, text.format(receipt=receipt))
        return filled

    def clear(self) -> None:
        for field in self.inputs():
            field.clear()
        self._entered = ""
        self.note.hide()


class FeeBox(QWidget):
    """The fee of a service that has one, as on the paper's last block: the amount from the
    catalog and how it was paid: not yet (the default: most citizens pay after the intake),
    at the center's bank desk, or at a bank, whose receipt number is then typed (the line is
    enabled only for that choice). Checked by services.payments' own rules as it is typed."""

    changed = Signal()
    entered = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fee")
        self.language = language
        self.service: Service | None = None
        self.amount = QLabel()
        self.amount.setObjectName("fee-amount")
        self.method = QComboBox()
        self.method.setObjectName("fee-method")
        self.method.setAccessibleName(tr("Payment of the fee"))
        self.method.addItem(tr("Not paid yet"), "")
        self.method.addItem(tr("Paid at the bank desk"), PaymentMethod.BANK_DESK.value)
        self.method.addItem(
            tr("Paid at a bank, with its receipt"), PaymentMethod.BANK_RECEIPT.value
        )
        self.method.installEventFilter(EnterFilter(self.method, self.entered.emit))
        self.receipt = FieldInput(
            "bank_receipt_no",
            tr("Bank receipt number"),
            self._parse_receipt,
            language=language,
            required=False,
            labels={"ar": "رقم إيصال المصرف", "en": "Bank receipt number"},
        )
        self.receipt.entered.connect(self.entered)
        self.receipt.changed.connect(self.changed)
        self.error = QLabel()  # what the service refused, under the box like a field's message
        self.error.setObjectName("error-payment")
        self.error.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section_title(tr("Fee")))
        form = QFormLayout()
        form.addRow(tr("Amount"), self.amount)
        label = QLabel(tr("Payment"))
        label.setBuddy(self.method)
        form.addRow(label, self.method)
        form.addRow(buddy_label(self.receipt), self.receipt)
        column.addLayout(form)
        column.addWidget(self.error)
        self.method.currentIndexChanged.connect(self._method_chosen)
        self.setVisible(False)

    def set_service(self, service: Service | None) -> None:
        self.service = service if service is not None and service.has_fee else None
        if self.service is not None:
            amount = f"{self.service.fee.amount_syp:,}"
            self.amount.setText(tr("{amount} SYP").format(amount=amount))
        self.setVisible(self.service is not None)
        self.reset()

    def reset(self) -> None:
        self.method.setCurrentIndex(0)
        self.receipt.clear()
        self._method_chosen()

    def chosen(self) -> PaymentMethod | None:
        value = str(self.method.currentData() or "")
        return PaymentMethod(value) if value else None

    def _method_chosen(self) -> None:
        by_receipt = self.chosen() is PaymentMethod.BANK_RECEIPT
        self.receipt.required = by_receipt
        if not by_receipt:
            self.receipt.clear()  # a number kept from another choice would be refused
        self.receipt.editor.setEnabled(by_receipt)
        show_message(self.error, "", error=True)
        self.receipt.refresh()
        self.changed.emit()

    def _parse_receipt(self, raw: str) -> str:
        if self.service is None:
            return raw
        trial = PaymentInput(self.service.fee.amount_syp, PaymentMethod.BANK_RECEIPT, raw)
        fee = self.service.fee.amount_syp
        for problem in payment_problems(self.service, fee, trial):
            if problem.field == "bank_receipt_no":
                raise problem
        return raw

    def inputs(self) -> list[FieldInput]:
        """The inputs that may keep the request from being saved (the receipt number)."""
        return [self.receipt] if self.service is not None else []

    def payment(self) -> PaymentInput | None:
        """``IntakeInput.payment``: None when there is no fee or it is not paid yet."""
        method = self.chosen()
        if self.service is None or method is None:
            return None
        number = self.receipt.raw().strip() if method is PaymentMethod.BANK_RECEIPT else None
        return PaymentInput(self.service.fee.amount_syp, method, number or None)

    def is_modified(self) -> bool:
        return self.service is not None and (
            self.chosen() is not None or not self.receipt.is_blank()
        )

    def show_refusal(self, text: str) -> None:
        show_message(self.error, text, error=True)
