"""The request screen opens a scan or an answer's file (issue 17, item 4): a plain copy in the
user's private folder handed to the PC's viewer, which the test replaces (no viewer starts)."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from counter_app.services.files import blob_path
from counter_app.services.open_files import opened_folder
from counter_app.services.users import add_user
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.request_view import RequestScreen
from tests.conftest import ANY_CENTER, Station
from tests.test_open_sealed_files import REPLY, SCAN, _answered, _scanned, pages
from tests.ui.keys_lookup import submit

pytestmark = ANY_CENTER


class Viewer:
    """Stands for QDesktopServices: records what it was asked to open."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.asked: list[Path] = []

    def __call__(self, path: Path) -> bool:
        self.asked.append(path)
        return self.works


def _screen(env: UiEnv, qtbot: QtBot, receipt: str, viewer: Viewer) -> RequestScreen:
    screen = RequestScreen(env)
    qtbot.addWidget(screen)
    screen.file_opener.launch = viewer
    screen.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # Arabic, as at the counter
    screen.show()
    screen.show_request(receipt)
    return screen


def _select(screen: RequestScreen, row: int) -> None:
    index = screen.scans.index(row, 0)
    screen.scans_table.selectionModel().select(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_a_scan_opens_as_a_private_pdf_copy(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = _scanned(station)
    viewer = Viewer()
    screen = _screen(ui_env, qtbot, receipt, viewer)
    button = screen.open_scan
    assert button.isVisible() and button.isEnabled()  # the first scan selected when listed
    screen.scans_table.clearSelection()
    assert not button.isEnabled()
    _select(screen, 0)
    assert button.isEnabled()
    button.click()
    [path] = viewer.asked
    assert path.parent == opened_folder(station.ctx.paths.data_dir)
    assert path.read_bytes() == SCAN and pages(path) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not screen.error_label.isVisible()
    # A double-click on the row opens it too (the same copy, replaced).
    screen.scans_table.doubleClicked.emit(screen.scans.index(0, 2))
    assert viewer.asked == [path, path]


def test_an_answers_file_opens_from_its_button(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    sha = _answered(station, receipt)
    viewer = Viewer()
    screen = _screen(ui_env, qtbot, receipt, viewer)
    assert not screen.open_scan.isVisible()  # no scan under this request
    text = screen.answers_label.text()
    assert sha[:16] in text and str(station.ctx.paths.data_dir) not in text  # a name, no path
    [button] = screen.answer_files.buttons
    assert screen.answer_files.isVisible() and "reply.pdf" in button.text()
    button.click()
    [path] = viewer.asked
    assert path.read_bytes() == REPLY and pages(path) == 1


def test_reception_gets_no_open_action(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = _scanned(station)
    _answered(station, receipt)
    add_user(station.ctx, station.admin, username="desk1", role="reception", password="p-123456!")
    with station.ctx.store.read() as session:
        ui_env.actor = station.ctx.actor(session, "desk1")
    viewer = Viewer()
    screen = _screen(ui_env, qtbot, receipt, viewer)
    assert screen.scans.rowCount() == 1  # the list is shown, as before
    assert not screen.open_scan.isVisible() and not screen.answer_files.isVisible()
    screen.scans_table.doubleClicked.emit(screen.scans.index(0, 0))
    assert viewer.asked == [] and not opened_folder(station.ctx.paths.data_dir).exists()


def test_a_damaged_scan_says_so_and_writes_nothing(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = _scanned(station)
    viewer = Viewer()
    screen = _screen(ui_env, qtbot, receipt, viewer)
    stored = blob_path(station.ctx.paths.data_dir, screen.scans.rows[0].sha256)
    raw = bytearray(stored.read_bytes())
    raw[-5] ^= 0xFF
    stored.write_bytes(bytes(raw))
    _select(screen, 0)
    screen.open_scan.click()
    assert viewer.asked == []
    assert screen.error_label.isVisible() and "تالف" in screen.error_label.text()
    assert list(opened_folder(station.ctx.paths.data_dir).glob("*")) == []


def test_no_viewer_on_the_pc_is_said(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = _scanned(station)
    screen = _screen(ui_env, qtbot, receipt, Viewer(works=False))
    _select(screen, 0)
    screen.open_scan.click()
    assert screen.error_label.isVisible()
    assert str(screen.file_opener.opened) in screen.error_label.text()
    assert tr("Open scan") == screen.open_scan.text() != "Open scan"  # in Arabic


def test_copies_of_an_earlier_run_go_when_the_desktop_starts(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = _scanned(station)
    first = _screen(ui_env, qtbot, receipt, Viewer())
    _select(first, 0)
    first.open_scan.click()
    assert first.file_opener.opened is not None and first.file_opener.opened.exists()
    _screen(ui_env, qtbot, receipt, Viewer())  # the next start makes the screen again
    assert not first.file_opener.opened.exists()
