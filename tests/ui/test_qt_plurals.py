"""The desktop's Arabic: Qt's numerus forms from the compiled .qm, parameters isolated."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.i18n import LRI, PDI, Translator
from counter_app.ui.qt_i18n import tr, tr_n

JOBS = "{n} jobs waiting"


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, "لا مهام بالانتظار"),
        (1, "مهمة واحدة بالانتظار"),
        (2, "مهمتان بالانتظار"),
        (3, "3 مهام بالانتظار"),
        (11, "11 مهمةً بالانتظار"),
        (100, "100 مهمة بالانتظار"),
        (103, "103 مهام بالانتظار"),
    ],
)
def test_qt_picks_the_arabic_plural_form(qapp: QApplication, n: int, shown: str) -> None:
    assert tr_n(JOBS, n).format(n=n) == shown
    # The CLI reads the same .ts directly and agrees with Qt's compiled rules.
    assert Translator.for_language("ar").tr_n(JOBS, n).format(n=n) == shown


def test_qt_messages_isolate_latin_parameters(qapp: QApplication) -> None:
    text = tr("Station {station} is set up.").format(station="MZH-02")
    assert f"{LRI}MZH-02{PDI}" in text
