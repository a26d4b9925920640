"""The archive handover screen: the counter sends the day's files with a slip; the archive clerk
scans the slip (the batch opens), then cover sheets (ticked, or extra), and closes the batch;
the gun's scans reach the screen through the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.services.context import Actor
from counter_app.services.handover_batches import show_batch
from counter_app.services.printing import list_jobs
from counter_app.services.users import add_user
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow
from counter_app.ui.qt_i18n import tr_n
from counter_app.ui.screens.handover_batches import HandoverScreen, file_state_text
from tests.conftest import Station
from tests.ui.keys_lookup import submit, type_text


@pytest.fixture
def archivist(station: Station) -> Actor:
    add_user(
        station.ctx, station.admin, username="archive1", role="archive", password="archive-pw-123"
    )
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, "archive1")


def _screen(env: UiEnv, qtbot: QtBot) -> HandoverScreen:
    screen = HandoverScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def test_counter_sends_then_archive_receives_with_discrepancies(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot, tmp_path: Path
) -> None:
    first = submit(station)
    second = submit(station, nid="06060606060", name="سامي الحلبي")
    clerk_screen = _screen(ui_env, qtbot)
    pending = "{n} files of today not handed over yet"
    assert clerk_screen.pending_label.text() == tr_n(pending, 2).format(n=2)  # "ملفان ..."
    assert not clerk_screen.open_button.isVisible()  # a clerk sends, never receives
    clerk_screen.new_button.click()
    batch = clerk_screen.current
    assert batch is not None and batch.listed == 2
    assert [j.kind for j in list_jobs(station.ctx, station.admin)].count(
        "handover"
    ) == 1  # the slip printed
    assert clerk_screen.pending_label.text() == tr_n(pending, 0).format(n=0)

    ui_env.actor = archivist
    archive = _screen(ui_env, qtbot)
    assert archive.new_button.isHidden()
    # A cover sheet before the slip: nothing is ticked, the clerk is told what to do.
    assert archive.take_scan(first) is False
    assert archive.take_scan(batch.batch_no)  # the slip's barcode opens the batch
    assert archive.current is not None and archive.current.state == "receiving"
    assert archive.take_scan(first)
    type_text(archive.scan, "MZH-02-26-999999-" + "0")  # a typed number not on the slip
    archive.scan.returnPressed.emit()
    view = show_batch(station.ctx, station.admin, batch.batch_no)
    assert {f.receipt_no: f.state for f in view.files}[first] == "received"
    archive.close_button.click()
    closed = show_batch(station.ctx, station.admin, batch.batch_no)
    states = {f.receipt_no: f.state for f in closed.files}
    assert closed.state == "closed" and states[second] == "missing"
    assert archive.files.data(
        archive.files.index([f.receipt_no for f in archive.files.rows].index(second), 3)
    ) == file_state_text("missing")
    assert archive.message.property("role") == "error"  # discrepancies are shown in red
    assert archive.batches.rows[0].has_discrepancies


def test_a_wrong_batch_number_is_refused_with_a_message(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot
) -> None:
    ui_env.actor = archivist
    screen = _screen(ui_env, qtbot)
    type_text(screen.scan, "HO-MZH-02-261122-01-0")  # wrong check character
    screen.scan.returnPressed.emit()
    assert screen.message.isVisible() and screen.message.text()
    assert screen.current is None


def test_the_gun_scanning_a_slip_anywhere_opens_the_handover(
    ui_env: UiEnv, station: Station, archivist: Actor, qtbot: QtBot, tmp_path: Path
) -> None:
    from counter_app.services.handover_batches import create_batch
    from tests.ui.test_main_window import _window

    submit(station)
    batch = create_batch(station.ctx, station.clerk)
    ui_env.actor = archivist
    window = _window(ui_env, tmp_path, qtbot)
    assert isinstance(window, MainWindow)
    window.scanned(batch.batch_no)
    screen = window.current_screen()
    assert isinstance(screen, HandoverScreen)
    assert screen.current is not None and screen.current.batch_no == batch.batch_no
    assert screen.current.state == "receiving"
