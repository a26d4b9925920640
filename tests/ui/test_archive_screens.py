"""The diwan register and boxes screens: register a scanned file, find it by its number, put it
in a box (a box label printed when the box is made), move it, and say where it is."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from counter_app.domain.roles import Role
from counter_app.services.archive_boxes import locate_file
from counter_app.services.context import Actor
from counter_app.services.diwan import register_entry_of_request
from counter_app.services.printing import list_jobs
from counter_app.services.users import add_user
from counter_app.ui.env import UiEnv
from counter_app.ui.screens.archive_boxes import BoxesScreen
from counter_app.ui.screens.diwan_register import DiwanScreen
from tests.conftest import Station
from tests.ui.keys_lookup import submit, type_text


@pytest.fixture
def archivist(station: Station, ui_env: UiEnv) -> Actor:
    add_user(
        station.ctx, station.admin, username="archive1", role="archive", password="archive-pw-123"
    )
    with station.ctx.store.read() as session:
        actor = station.ctx.actor(session, "archive1")
    ui_env.actor = actor
    return actor


def test_only_the_archive_side_sees_them() -> None:
    for screen in (DiwanScreen, BoxesScreen):
        assert Role.ARCHIVE in screen.roles and Role.CLERK not in screen.roles


def test_register_a_scanned_file_then_find_it(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot
) -> None:
    receipt = submit(station)
    screen = DiwanScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    assert screen.take_scan(receipt)  # the gun's cover-sheet scan fills the request
    assert screen.receipt.text() == receipt
    type_text(screen.subject, "بيان ولادة للمدرسة")
    screen.register_button.click()
    entry = register_entry_of_request(station.ctx, station.admin, receipt)
    assert entry is not None and entry.subject == "بيان ولادة للمدرسة"
    assert entry.register_no in screen.message.text()
    assert [r.register_no for r in screen.model.rows] == [entry.register_no]
    assert screen.receipt.text() == ""  # ready for the next file

    # Registering the same file again is refused and says which number it has.
    screen.take_scan(receipt)
    screen.register_button.click()
    assert entry.register_no in screen.message.text()
    assert screen.message.property("role") == "error"
    assert len(screen.model.rows) == 1

    type_text(screen.number_box, entry.register_no)
    screen.number_box.returnPressed.emit()
    assert receipt in screen.message.text()
    type_text(screen.number_box, "12x/2026")
    screen.number_box.returnPressed.emit()
    assert screen.message.property("role") == "error"


def test_boxes_hold_files_and_every_move_is_kept(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot
) -> None:
    receipt = submit(station)
    screen = BoxesScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    for code, shelf in (("B-2026-01", "رف ٣"), ("B-2026-02", "A-4")):
        type_text(screen.new_code, code)
        type_text(screen.new_shelf, shelf)
        screen.add_button.click()
    assert [b.code for b in screen.boxes.rows] == ["B-2026-01", "B-2026-02"]
    labels = [j for j in list_jobs(station.ctx, station.admin) if j.kind == "box_label"]
    assert len(labels) == 2  # a label printed for each new box

    screen.take_scan(receipt)
    type_text(screen.target, "b-2026-01")
    screen.target.returnPressed.emit()
    assert "B-2026-01" in screen.message.text()
    assert screen.current is not None and [f.receipt_no for f in screen.current.files] == [receipt]
    type_text(screen.ref, receipt)
    type_text(screen.target, "B-2026-02")
    screen.file_button.click()
    where = locate_file(station.ctx, station.admin, receipt)
    assert where.box == "B-2026-02" and [e.from_box for e in where.history] == [None, "B-2026-01"]

    type_text(screen.ref, receipt)
    screen.locate_button.click()
    assert "B-2026-02" in screen.message.text() and "A-4" in screen.message.text()

    # Bad input: an unknown box changes nothing.
    type_text(screen.ref, receipt)
    type_text(screen.target, "NOPE")
    screen.file_button.click()
    assert screen.message.property("role") == "error"
    assert locate_file(station.ctx, station.admin, receipt).box == "B-2026-02"
