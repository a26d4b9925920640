"""The commonest intake on the keyboard alone: it completes, prints, and takes no more key
presses than the figure in docs/BENCHMARKS.md ("Keyboard-only intake")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from counter_app.services.printing import list_jobs
from counter_app.services.requests import show_request
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow
from tests.conftest import Station
from tests.ui.keys_intake_flow import SERVICE, commonest_intake

BEFORE = 60  # the same intake before the keyboard work (docs/BENCHMARKS.md)
MAX_PRESSES = 53  # now: see docs/BENCHMARKS.md


def test_commonest_intake_by_keyboard(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    result = commonest_intake(window)
    print(f"\nkeyboard-only intake: {result.presses} key presses, {result.seconds:.3f} s")
    shown = show_request(station.ctx, station.admin, result.receipt)
    assert shown.service_code == SERVICE
    docs = {d.doc_type: d.state for d in shown.documents}
    assert docs == {"PERSONAL-ID": "original_seen", "POWER-OF-ATTORNEY": "original_seen"}
    assert [(j.kind, j.ref) for j in list_jobs(station.ctx, station.admin)] == [
        ("receipt", result.receipt)
    ]
    assert result.presses <= MAX_PRESSES < BEFORE
