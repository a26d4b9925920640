"""The desktop does not start work on a database marked damaged: it says so and names the
restore (issue 12 item 7)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.paths import AppPaths
from counter_app.store.integrity import marker_path
from tests.conftest import Station


def test_start_on_a_damaged_database_names_the_restore(
    station: Station, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.ui import app as ui_app

    shown: list[str] = []
    monkeypatch.setattr(
        "counter_app.ui.app.QMessageBox.critical",
        lambda _parent, _title, text: shown.append(text),
    )
    # Were the damage not noticed, the login would open: cancelled here, so the test ends.
    monkeypatch.setattr("counter_app.ui.app.LoginDialog.exec", lambda _self: 0)
    db: Path = AppPaths.default().database
    marker_path(db).write_text('{"at": "2026-12-06T10:00:00+00:00", "detail": "test"}')
    # run() sets process-wide state; the session's other tests expect it as it was.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    direction = qapp.layoutDirection()
    try:
        code = ui_app.run(["counter-app"], database=db, language="ar")  # as at the counter
    finally:
        qapp.setLayoutDirection(direction)
    assert code == 2
    assert len(shown) == 1 and "تالفة" in shown[0] and "counter-app db restore" in shown[0]
