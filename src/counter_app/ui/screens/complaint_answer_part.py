"""The agencies' answers to a complaint on the request screen (request_view.py places it), and
an "Open" button for each answer's file this station holds.

The answer is shown as plain text only: an agency's words containing markup (a script, a tag)
must read as written, never be taken as rich text by Qt's label. The file's name HQ sent is
shown as text too, and the copy opened is named by the app (services/open_files.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from counter_app.services.complaint_answers import AnswerView
from counter_app.ui.models import local_time, ltr
from counter_app.ui.qt_i18n import tr


def answer_label() -> QLabel:
    label = QLabel()
    label.setObjectName("request-answers")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _stored(answer: AnswerView) -> str | None:
    """The stored name of the answer's file, None while it is still at HQ."""
    return answer.file_sha256[:16] if answer.file_path and answer.file_sha256 else None


def answer_text(answer: AnswerView, tz: tzinfo, language: str) -> str:
    lines = [
        tr("Answer of {agency} on {date}").format(
            agency=answer.agency_name(language), date=ltr(local_time(answer.at, tz))
        ),
        answer.text,
    ]
    if answer.file_name:
        size = answer.file_size if answer.file_size is not None else "?"
        # Its stored name, not a path: on an encrypted station the file there is sealed and
        # opens only through the app (the button below the answers).
        stored = _stored(answer)
        where = (
            tr("stored as {name}").format(name=ltr(stored))
            if stored
            else tr("at HQ, fetched with a later sync")
        )
        lines.append(
            tr("Attached file: {name} ({size} bytes), {where}").format(
                name=answer.file_name, size=ltr(str(size)), where=where
            )
        )
    return "\n".join(lines)


class AnswerFiles(QWidget):
    """One "Open" button per answer's file held here; hidden when there is none or the role
    may not open files."""

    def __init__(self, open_file: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request-answer-files")
        self._open_file = open_file
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_files(self, answers: list[AnswerView], allowed: bool) -> None:
        for button in self.buttons:
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        while self._row.count():  # the stretch of the last time
            self._row.takeAt(0)
        for answer in answers if allowed else []:
            stored = _stored(answer)
            if stored is None:
                continue
            button = QPushButton(
                tr("Open the attached file {name}").format(name=answer.file_name or stored)
            )
            button.setObjectName(f"open-answer-{stored}")
            button.clicked.connect(lambda _checked=False, name=stored: self._open_file(name))
            self._row.addWidget(button)
            self.buttons.append(button)
        self._row.addStretch(1)
        self.setVisible(bool(self.buttons))


def show_answers(label: QLabel, answers: list[AnswerView], tz: tzinfo, language: str) -> None:
    label.setText("\n\n".join(answer_text(a, tz, language) for a in answers))
    label.setVisible(bool(answers))
