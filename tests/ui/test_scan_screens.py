"""Scan and file, and the unfiled queue: a generated noisy stack imported from the screen is
split under the right requests with thumbnails; the page before any cover waits in the queue,
where a person files it; the scanner button scans for real from SANE's test device."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.services.context import Actor
from counter_app.services.scan_records import STATUS_WORDS
from counter_app.services.scan_unfiled import list_unfiled
from counter_app.services.users import add_user
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.archive_scan import ScanScreen
from counter_app.ui.screens.unfiled_pages import UnfiledScreen
from tests.conftest import Station
from tests.scanning.scanstack import StackMaker
from tests.ui.keys_lookup import submit, type_text
from tests.ui.test_theme import themed  # noqa: F401  (the fixture)

SANE_DIR = Path(__file__).resolve().parents[1] / "sane.d"


class NoScanner:
    backend = "none"

    def devices(self) -> list[object]:
        return []


@pytest.fixture
def archivist(station: Station, ui_env: UiEnv) -> Actor:
    add_user(station.ctx, station.admin, username="archive1", role="archive", password="arch-123!")
    with station.ctx.store.read() as session:
        actor = station.ctx.actor(session, "archive1")
    ui_env.actor = actor
    return actor


def test_import_a_stack_then_file_the_leftover_page(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot, tmp_path: Path
) -> None:
    first = submit(station)
    second = submit(station, nid="06060606060", name="سامي الحلبي")
    stack = StackMaker(seed=3).stack([(None, 1), (first, 2), (second, 1)])
    path = tmp_path / "stack.pdf"
    path.write_bytes(stack.pdf)
    screen = ScanScreen(ui_env, scanner=NoScanner())  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    assert not screen.scan_button.isEnabled() and screen.message.text()  # no scanner here
    screen.import_files([path])
    [result] = screen.model.rows
    assert result.status == "partial" and result.pages == 6
    assert sorted(d.receipt_no for d in result.filed) == sorted([first, second])
    assert screen.thumbs.count() == 3  # two filed documents and the page before any cover
    assert first in screen.thumbs.item(0).text() or first in screen.thumbs.item(1).text()
    captions = [screen.thumbs.item(i).text() for i in range(screen.thumbs.count())]
    # A cover's stack is the request's whole paper file: named so, not by its code.
    assert sum(tr("Whole paper file") in c for c in captions) == 2
    assert not any("PAPER-FILE" in c for c in captions)
    assert "6" in screen.message.text()

    screen.import_files([path])  # the same scan again: recognised, nothing filed twice
    assert tr(STATUS_WORDS["duplicate"]) in screen.message.text()
    assert len(screen.model.rows) == 1 and len(list_unfiled(station.ctx, station.admin)) == 1
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    screen.import_files([empty])
    assert screen.model.rows[0].status == "quarantined"
    assert screen.message.property("role") == "error"

    queue = UnfiledScreen(ui_env)
    qtbot.addWidget(queue)
    queue.show()
    queue.activate()
    assert queue.grid.count() == 1 and not queue.assign_button.isEnabled()
    queue.grid.item(0).setSelected(True)
    assert queue.take_scan(second)  # the clerk scans the cover of the request it belongs to
    queue.assign_button.click()
    assert second in queue.message.text() and "PAPER-FILE" not in queue.message.text()
    assert queue.grid.count() == 0 and list_unfiled(station.ctx, station.admin) == []


def test_unfiled_page_under_an_unknown_request_is_refused(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "lone.pdf"
    path.write_bytes(StackMaker(seed=4).stack([(None, 1)]).pdf)
    scan = ScanScreen(ui_env, scanner=NoScanner())  # type: ignore[arg-type]
    qtbot.addWidget(scan)
    scan.import_files([path])
    queue = UnfiledScreen(ui_env)
    qtbot.addWidget(queue)
    queue.activate()
    queue.grid.item(0).setSelected(True)
    type_text(queue.ref, "MZH-02-26-999999-0")
    queue.assign_button.click()
    assert queue.message.property("role") == "error"
    assert len(list_unfiled(station.ctx, station.admin)) == 1  # still waiting, nothing filed


def test_scan_button_scans_from_sanes_test_device(
    ui_env: UiEnv,
    station: Station,
    archivist: Actor,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if shutil.which("scanimage") is None:
        if os.environ.get("CI"):
            pytest.fail("scanimage (sane-utils) is required in CI")
        pytest.skip("scanimage (sane-utils) is not installed")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(SANE_DIR))
    screen = ScanScreen(ui_env)
    qtbot.addWidget(screen)
    screen.activate()
    assert screen.scan_button.isEnabled()
    assert any("test" in str(screen.device.itemData(i)) for i in range(screen.device.count()))
    screen.scan_button.click()
    [result] = screen.model.rows
    # The test device's pattern has no cover sheet: its page waits for a person.
    assert result.source == "scanner" and result.pages >= 1
    assert (
        result.status == "unfiled" and len(list_unfiled(station.ctx, station.admin)) == result.pages
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_scan_screen_fits_a_1366_window_without_scrolling_sideways(
    themed: QApplication,  # noqa: F811
    ui_env: UiEnv,
    archivist: Actor,
    qtbot: QtBot,
    tmp_path: Path,
    language: str,
) -> None:
    """Its toolbar in one row was about 1,200 px wide in the theme: the screen scrolled
    sideways beside the navigation. In two rows it fits, tabbed row by row."""
    ui_env.language = language
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    screen = window.screens["scan"]
    assert isinstance(screen, ScanScreen)
    screen._scanner = NoScanner()  # type: ignore[assignment]
    assert window.go("scan")
    qtbot.wait(20)
    area = window.areas["scan"]
    assert area.horizontalScrollBar().maximum() == 0, screen.minimumSizeHint()
    visible = area.viewport().rect()
    for widget in (screen.device, screen.find_button, screen.source, screen.import_button):
        box = QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size())
        assert visible.contains(box), (widget.objectName(), box, visible)
    assert screen.device.y() < screen.resolution.y()  # two rows
    steps = [
        screen.find_button,
        screen.resolution,
        screen.mode,
        screen.source,
        screen.scan_button,
        screen.import_button,
    ]
    chain: list[QWidget] = []
    step: QWidget | None = screen.device
    while step is not None and len(chain) < len(steps):  # less a spin box's line edit
        step = step.nextInFocusChain()
        if step in steps:
            chain.append(step)
    assert chain == steps
