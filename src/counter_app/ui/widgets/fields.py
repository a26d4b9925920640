"""Typed inputs for the intake form, checked with the domain's own parsers as the clerk types.

One ``FieldInput`` per value: an editor and, under it, an inline message in the clerk's
language when the value cannot be stored. Line edits take whatever the keyboard gives
(Arabic-Indic digits included); the domain parser decides, so the screen and the service can
never disagree about what is valid. A text editor's length cap is a little above the catalog
limit, so over-long pasted text is reported instead of being cut off silently.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.arabic import PERSON_NAME_LIMIT, parse_person_name
from counter_app.domain.catalog import FieldDef, FieldType
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.fields import DEFAULT_TEXT_LIMIT, parse_field
from counter_app.domain.identity import parse_mobile, parse_national_id
from counter_app.ui.qt_i18n import QtTranslate, tr
from counter_app.ui.widgets import localized, show_message

Parser = Callable[[str], object]
SHORT_INPUT = 40  # national numbers, phones, dates, numbers: room for spaces and dashes
ORGANIZATION_LIMIT = 200


def editor_limit(limit: int) -> int:
    """The line edit's cap: over the stored limit, so the clerk is told, not truncated."""
    return limit + max(20, limit // 2)


class FieldInput(QWidget):
    """An editor and its inline message. ``changed`` fires on every edit."""

    changed = Signal()

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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key, self.label, self.parse = key, label, parse
        self.language, self.required, self.labels = language, required, labels or {}
        self.touched = False
        self.setObjectName(f"field-{key}")
        self.editor: QLineEdit | QComboBox
        if choices is not None:
            combo = QComboBox()
            combo.addItem(tr("— choose —"), "")
            for value, text in choices:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self._edited)
            self.editor = combo
        else:
            line = QLineEdit()
            line.setMaxLength(editor_limit(max_length))
            line.setPlaceholderText(placeholder)
            line.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            line.textChanged.connect(self._edited)
            line.editingFinished.connect(self._left)
            line.returnPressed.connect(lambda: self.focusNextChild())  # Enter: next field
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
        parent=parent,
    )


def buddy_label(field: FieldInput) -> QLabel:
    """The field's label, tied to its editor (Alt+mnemonics and screen readers)."""
    label = QLabel(field.label)
    label.setBuddy(field.editor)
    return label


class CitizenBlock(QGroupBox):
    """National number, full name and mobile for notification. ``national_id_entered`` fires
    once per new valid number (the screen looks up earlier requests); ``prefill`` fills in what
    the clerk has not typed and says where it came from."""

    changed = Signal()
    national_id_entered = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tr("Citizen"), parent)
        self.setObjectName("citizen")
        self._entered = ""
        required = " *"
        self.nid = FieldInput(
            "national_id", tr("National number") + required, parse_national_id, language=language
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
        )
        self.note = QLabel()
        self.note.setObjectName("prefill")
        self.note.hide()
        form = QFormLayout(self)
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

    def prefill(self, receipt: str, name: str, phone: str | None) -> None:
        """Fill the name and phone the clerk has not typed, from request ``receipt``."""
        filled = False
        for field, value in ((self.name, name), (self.phone, phone)):
            if field.is_blank() and value:
                field.set_raw(value)
                filled = True
        if filled:
            text = tr("Filled in from the citizen's earlier request {receipt}; check it is current")
            show_message(self.note, text.format(receipt=receipt))

    def clear(self) -> None:
        for field in self.inputs():
            field.clear()
        self._entered = ""
        self.note.hide()
