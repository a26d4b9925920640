"""The document checklist: what the clerk did with each document the service requires.

One row per ``RequiredDocument``: the document's name, its requirement, a state chosen from
the states that satisfy it (plus "waived"; "missing" only for optional documents) and a reason,
enabled only for "waived" and then required. A required document starts unchosen, so the clerk
confirms each one instead of saving a pre-ticked list.

Only the documents that apply to the request's field values are shown (``apply_fields``: the
cases of certifying a personal record card each ask for their own); one that stops applying is
hidden and loses its tick, and ``documents()`` never sends it.

Keyboard, on any document's state: a row's number (1-9, Latin or Arabic-Indic) ticks that
document as its requirement asks (pressed again: unticked); "+" ticks every shown document
(the citizen brought everything); Enter moves on (``entered``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.catalog import Catalog, RequiredDocument, Requirement, Service
from counter_app.domain.documents import SATISFIES, DocState
from counter_app.domain.errors import ValidationError
from counter_app.ui.qt_i18n import QtTranslate, tr
from counter_app.ui.widgets import localized, show_message
from counter_app.ui.widgets.fields import EnterFilter, editor_limit

NOTE_LIMIT = 500  # domain.documents.parse_doc_state refuses longer notes
TICK_ALL_KEYS = ("+",)
_DIGITS = {str(n): n for n in range(1, 10)} | {chr(0x0660 + n): n for n in range(1, 10)}
_DIGITS |= {chr(0x06F0 + n): n for n in range(1, 10)}  # Persian digits (some keyboards)
# The state a tick means: what the requirement asks; an optional document brought was seen.
TICK: dict[Requirement, DocState] = {
    Requirement.ORIGINAL_SEEN: DocState.ORIGINAL_SEEN,
    Requirement.COPY_KEPT: DocState.COPY_KEPT,
    Requirement.SCAN_REQUIRED: DocState.SCAN_PENDING,
    Requirement.OPTIONAL: DocState.ORIGINAL_SEEN,
}


def states_for(requirement: Requirement) -> list[DocState]:
    """The states a clerk may pick for a document of this requirement, in DocState order."""
    return [s for s in DocState if s in SATISFIES[requirement] or s is DocState.WAIVED]


class _Row:
    def __init__(self, doc: RequiredDocument, name: str, language: str) -> None:
        self.doc, self.language = doc, language
        self.number = QLabel()  # the key that ticks it; numbered among the shown rows
        self.number.setObjectName(f"doc-key-{doc.type}")
        self.name = QLabel(name)
        self.name.setWordWrap(True)
        self.requirement = QLabel(tr(doc.requirement.value))
        self.state = QComboBox()
        self.state.setObjectName(f"doc-state-{doc.type}")
        self.state.setAccessibleName(name)
        self.optional = doc.requirement is Requirement.OPTIONAL
        if not self.optional:
            self.state.addItem(tr("— choose —"), "")
        for state in states_for(doc.requirement):
            self.state.addItem(tr(state.value), state.value)
        self.reason = QLineEdit()
        self.reason.setObjectName(f"doc-reason-{doc.type}")
        self.reason.setMaxLength(editor_limit(NOTE_LIMIT))
        self.reason.setPlaceholderText(tr("Reason for waiving"))
        self.reason.setAccessibleName(tr("Reason for waiving") + " " + name)
        self.error = QLabel()
        self.error.setObjectName(f"doc-error-{doc.type}")
        self.error.hide()
        self.reset()

    def reset(self) -> None:
        self.state.setCurrentIndex(max(0, self.state.findData(DocState.MISSING.value)))
        if not self.optional:
            self.state.setCurrentIndex(0)
        self.reason.clear()
        self.reason.setEnabled(False)

    def value(self) -> str:
        return str(self.state.currentData() or "")

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.number, self.name, self.requirement, self.state, self.reason, self.error)

    def toggle(self) -> None:
        """Ticked as the requirement asks, or back to unticked when it already was."""
        tick = TICK[self.doc.requirement].value
        if self.value() == tick:
            self.reset()
        else:
            self.state.setCurrentIndex(self.state.findData(tick))

    def is_default(self) -> bool:
        default = DocState.MISSING.value if self.optional else ""
        return self.value() == default and not self.reason.text().strip()

    def problem(self) -> str | None:
        state = self.value()
        if not state:
            return tr("Choose what was done with this document")
        if state != DocState.WAIVED.value:
            return None
        try:
            note = clean_input_text(self.reason.text(), field="reason", max_length=NOTE_LIMIT)
        except ValidationError as exc:
            return exc.render(QtTranslate(self.language))
        return None if note else tr("A waived document needs a reason")

    def refresh(self) -> bool:
        self.reason.setEnabled(self.value() == DocState.WAIVED.value)
        message = self.problem()
        # An unchosen row is counted by the form, not shouted at; a wrong choice is shown.
        show_message(self.error, message if message and self.value() else "", error=True)
        return message is None


class _Keys(QObject):
    """A row's number ticks that row; "+" ticks them all (see the module's docstring)."""

    def __init__(self, checklist: ChecklistWidget) -> None:
        super().__init__(checklist)
        self.checklist = checklist

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        text = event.text()
        if text in TICK_ALL_KEYS:
            self.checklist.tick_all()
            return True
        number = _DIGITS.get(text)
        if number is not None:
            self.checklist.toggle(number)
            return True  # a digit is never a state's first letter: nothing is lost
        return False


class ChecklistWidget(QWidget):
    """The checklist of one service; ``changed`` fires on every choice or keystroke."""

    changed = Signal()
    entered = Signal()  # Enter on a document's state or reason

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.language = language
        self.rows: list[_Row] = []
        self._keys = _Keys(self)
        self.tick_all_button = QPushButton(tr("All documents brought (+)"))
        self.tick_all_button.setObjectName("tick-all")
        self.tick_all_button.setToolTip(
            tr("Ticks every document as required; a row's number ticks that document alone")
        )
        self.tick_all_button.clicked.connect(self.tick_all)
        self.none_label = QLabel(tr("No documents are required for this choice"))
        self.none_label.setObjectName("no-documents")
        self.none_label.hide()
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.tick_all_button)
        top.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(self.grid)
        column.addWidget(self.none_label)

    def set_service(self, service: Service | None, catalog: Catalog | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # out of sight now: deleteLater waits for the event loop
                widget.deleteLater()
        self.rows = []
        if service is None or catalog is None:
            return
        titles = ("#", tr("Document"), tr("Requirement"), tr("State"), tr("Reason"))
        for column, title in enumerate(titles):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for doc in service.documents:
            kind = catalog.document_type(doc.type)
            name = localized(self.language, kind.name_ar, kind.name_en) if kind else doc.type
            row = _Row(doc, name, self.language)
            line = 1 + 2 * len(self.rows)
            for column, widget in enumerate(row.widgets()[:5]):
                self.grid.addWidget(widget, line, column)
            self.grid.addWidget(row.error, line + 1, 1, 1, 4)
            row.state.currentIndexChanged.connect(self._edited)
            row.state.installEventFilter(self._keys)
            row.state.installEventFilter(EnterFilter(row.state, self.entered.emit))
            row.reason.textChanged.connect(self._edited)
            row.reason.returnPressed.connect(self.entered)
            self.rows.append(row)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(4, 2)
        self.apply_fields({})

    def apply_fields(self, fields: Mapping[str, str]) -> None:
        """Show the documents that apply to ``fields`` (raw values; a blank one is absent); a
        document that stops applying is hidden and unticked, so it is never sent."""
        number = 0
        for row in self.rows:
            applies = row.doc.applies({k: v for k, v in fields.items() if v})
            if not applies and not row.is_default():
                row.reset()  # its tick is dropped, not kept for when it applies again
            for widget in row.widgets()[:5]:
                widget.setVisible(applies)
            if applies:
                number += 1
                key = str(number) if number < 10 else ""
                row.number.setText(key)
                # A screen reader says the key too, not only a sighted clerk sees the number.
                hint = tr("Key {n} ticks this document").format(n=key) if key else ""
                row.state.setAccessibleDescription(hint)
            else:
                row.error.hide()
        self.tick_all_button.setVisible(number > 0)
        self.none_label.setVisible(bool(self.rows) and number == 0)
        self.refresh()

    def shown(self) -> list[_Row]:
        """The rows that apply to the request as it stands, in the catalog's order."""
        return [row for row in self.rows if not row.state.isHidden()]

    def toggle(self, number: int) -> None:
        """Row ``number`` (1 = the first shown) ticked or unticked."""
        rows = self.shown()
        if 1 <= number <= len(rows):
            rows[number - 1].toggle()

    def tick_all(self) -> None:
        """Every shown document not chosen yet ticked as its requirement asks (a choice the
        clerk made, e.g. "waived" with its reason, is kept)."""
        for row in self.shown():
            if row.is_default():
                row.toggle()

    def _edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> int:
        """Update every shown row's message; the number of them that still need something."""
        return sum(0 if row.refresh() else 1 for row in self.shown())

    def reset(self) -> None:
        for row in self.rows:
            row.reset()
        self.refresh()

    def is_modified(self) -> bool:
        return any(not row.is_default() for row in self.rows)

    def focus_chain(self) -> list[QWidget]:
        """Every row's state and reason, the hidden ones too (Tab skips what is hidden)."""
        return [w for row in self.rows for w in (row.state, row.reason)]

    def documents(self) -> dict[str, str]:
        """``{type: state}`` or ``{type: "waived:reason"}``, as ``IntakeInput.documents``: the
        documents that apply only."""
        out: dict[str, str] = {}
        for row in self.shown():
            state = row.value()
            if state == DocState.WAIVED.value:
                state = f"{state}:{row.reason.text().strip()}"
            if state:
                out[row.doc.type] = state
        return out
