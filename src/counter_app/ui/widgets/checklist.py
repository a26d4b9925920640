"""The document checklist: what the clerk did with each document the service requires.

One row per ``RequiredDocument``: the document's name, its requirement, a state chosen from
the states that satisfy it (plus "waived"; "missing" only for optional documents) and a reason,
enabled only for "waived" and then required. A required document starts unchosen, so the clerk
confirms each one instead of saving a pre-ticked list.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from counter_app.domain.arabic import clean_input_text
from counter_app.domain.catalog import Catalog, RequiredDocument, Requirement, Service
from counter_app.domain.documents import SATISFIES, DocState
from counter_app.domain.errors import ValidationError
from counter_app.ui.qt_i18n import QtTranslate, tr
from counter_app.ui.widgets import localized, show_message
from counter_app.ui.widgets.fields import editor_limit

NOTE_LIMIT = 500  # domain.documents.parse_doc_state refuses longer notes


def states_for(requirement: Requirement) -> list[DocState]:
    """The states a clerk may pick for a document of this requirement, in DocState order."""
    return [s for s in DocState if s in SATISFIES[requirement] or s is DocState.WAIVED]


class _Row:
    def __init__(self, doc: RequiredDocument, name: str, language: str) -> None:
        self.doc, self.language = doc, language
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


class ChecklistWidget(QWidget):
    """The checklist of one service; ``changed`` fires on every choice or keystroke."""

    changed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.language = language
        self.rows: list[_Row] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)

    def set_service(self, service: Service | None, catalog: Catalog | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        if service is None or catalog is None:
            return
        for title, column in ((tr("Document"), 0), (tr("Requirement"), 1), (tr("State"), 2)):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.grid.addWidget(QLabel(f"<b>{tr('Reason')}</b>"), 0, 3)
        for doc in service.documents:
            kind = catalog.document_type(doc.type)
            name = localized(self.language, kind.name_ar, kind.name_en) if kind else doc.type
            row = _Row(doc, name, self.language)
            line = 1 + 2 * len(self.rows)
            for column, widget in enumerate((row.name, row.requirement, row.state, row.reason)):
                self.grid.addWidget(widget, line, column)
            self.grid.addWidget(row.error, line + 1, 0, 1, 4)
            row.state.currentIndexChanged.connect(self._edited)
            row.reason.textChanged.connect(self._edited)
            self.rows.append(row)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(3, 2)
        self.refresh()

    def _edited(self) -> None:
        self.refresh()
        self.changed.emit()

    def refresh(self) -> int:
        """Update every row's message; the number of rows that still need something."""
        return sum(0 if row.refresh() else 1 for row in self.rows)

    def reset(self) -> None:
        for row in self.rows:
            row.reset()
        self.refresh()

    def is_modified(self) -> bool:
        return any(not row.is_default() for row in self.rows)

    def focus_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in (row.state, row.reason)]

    def documents(self) -> dict[str, str]:
        """``{type: state}`` or ``{type: "waived:reason"}``, as ``IntakeInput.documents``."""
        out: dict[str, str] = {}
        for row in self.rows:
            state = row.value()
            if state == DocState.WAIVED.value:
                state = f"{state}:{row.reason.text().strip()}"
            if state:
                out[row.doc.type] = state
        return out
