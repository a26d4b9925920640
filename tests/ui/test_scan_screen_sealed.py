"""The scan screen on an encrypted station: the filed document's first page and the unfiled
page are drawn from the sealed files (through the services), offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from counter_app.services.context import Actor
from counter_app.store.blob_files import blob_path, head_is_sealed
from counter_app.ui.env import UiEnv
from counter_app.ui.screens.archive_scan import THUMB_WIDTH, ScanScreen
from tests.conftest import Station
from tests.scanning.scanstack import StackMaker
from tests.ui.keys_lookup import submit
from tests.ui.test_scan_screens import NoScanner, archivist  # noqa: F401  (the fixture)


def test_thumbnails_of_sealed_scans_show_a_page(
    ui_env: UiEnv,
    station: Station,
    archivist: Actor,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    assert station.ctx.store.key is not None  # the scans below are sealed
    ref = submit(station)
    path = tmp_path / "stack.pdf"
    path.write_bytes(StackMaker(seed=5).stack([(None, 1), (ref, 2)]).pdf)
    screen = ScanScreen(ui_env, scanner=NoScanner())  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    screen.import_files([path])
    [result] = screen.model.rows
    assert [d.receipt_no for d in result.filed] == [ref] and len(result.unfiled) == 1
    assert head_is_sealed(blob_path(station.ctx.paths.data_dir, result.filed[0].sha256))
    assert screen.thumbs.count() == 2
    for row in range(2):
        image = screen.thumbs.item(row).icon().pixmap(QSize(THUMB_WIDTH, 400)).toImage()
        assert not image.isNull() and image.width() > 0
        # A page: white paper with darker print on it, not an empty or broken icon.
        light = [
            QColor(image.pixel(x, y)).lightness()
            for x in range(image.width())
            for y in range(image.height())
        ]
        assert max(light) > 200 and min(light) < 150, (min(light), max(light))
