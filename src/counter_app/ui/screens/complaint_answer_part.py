"""The agencies' answers to a complaint on the request screen (request_view.py places it).

The answer is shown as plain text only: an agency's words containing markup (a script, a tag)
must read as written, never be taken as rich text by Qt's label.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

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


def answer_text(answer: AnswerView, tz: tzinfo, language: str, data_dir: Path) -> str:
    lines = [
        tr("Answer of {agency} on {date}").format(
            agency=answer.agency_name(language), date=ltr(local_time(answer.at, tz))
        ),
        answer.text,
    ]
    if answer.file_name:
        size = answer.file_size if answer.file_size is not None else "?"
        where = (
            str(data_dir / answer.file_path)
            if answer.file_path
            else tr("at HQ, fetched with a later sync")
        )
        lines.append(
            tr("Attached file: {name} ({size} bytes), {where}").format(
                name=answer.file_name, size=ltr(str(size)), where=where
            )
        )
    return "\n".join(lines)


def show_answers(
    label: QLabel, answers: list[AnswerView], tz: tzinfo, language: str, data_dir: Path
) -> None:
    label.setText("\n\n".join(answer_text(a, tz, language, data_dir) for a in answers))
    label.setVisible(bool(answers))
