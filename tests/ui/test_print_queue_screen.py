"""The print queue screen: failed jobs retried (on another printer), interrupted jobs copied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counter_app.services.printing import (
    PrintError,
    list_jobs,
    print_document,
    queue_print,
    recover_interrupted,
)
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.print_queue import PrintQueueScreen, error_words
from tests.conftest import Station
from tests.ui.keys_lookup import submit

BROKEN = "file:/nonexistent/x.pdf"


def _failed_receipt(ui_env: UiEnv, station: Station) -> str:
    receipt = submit(station)
    with pytest.raises(PrintError):
        print_document(
            station.ctx, ui_env.printers, station.clerk, "receipt", receipt, printer=BROKEN
        )
    return receipt


def _screen(env: UiEnv, qtbot: QtBot) -> PrintQueueScreen:
    screen = PrintQueueScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def test_a_failed_job_is_retried_on_another_printer(
    ui_env: UiEnv, station: Station, qtbot: QtBot, tmp_path: Path
) -> None:
    receipt = _failed_receipt(ui_env, station)
    screen = _screen(ui_env, qtbot)
    [job] = screen.model.rows
    assert (job.ref, job.state, job.printer) == (receipt, "failed", BROKEN)
    assert screen.model.is_marked(0)
    assert screen.model.data(screen.model.index(0, 6)) == tr("failed") == "فشلت"
    assert screen.model.data(screen.model.index(0, 9)) == error_words(job.last_error)
    assert screen.model.data(screen.model.index(0, 9)).startswith("لا يمكن")  # translated reason
    assert screen.retry_button.isEnabled() and not screen.copy_button.isEnabled()
    assert "pdf:" in [screen.printer.itemText(i) for i in range(screen.printer.count())]
    screen.printer.setCurrentText("pdf:")
    with qtbot.waitSignal(ui_env.events.print_queue_changed, timeout=5000):
        QTest.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    [job] = list_jobs(station.ctx, station.admin)
    assert (job.state, job.printer, job.copy_no, job.attempts) == ("sent", "pdf:", 0, 2)
    assert list((tmp_path / "printed").glob("*.pdf"))  # it reached the PDF folder
    assert screen.model.rows[0].state == "sent"  # the screen followed
    assert not screen.retry_button.isEnabled()
    assert screen.error_label.isHidden() and screen.message_label.text()


def test_retrying_on_the_same_broken_printer_keeps_the_job(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    _failed_receipt(ui_env, station)
    screen = _screen(ui_env, qtbot)
    screen.retry()  # "the job's printer"
    assert not screen.error_label.isHidden()
    [job] = list_jobs(station.ctx, station.admin)
    assert (job.state, job.attempts) == ("failed", 2)
    assert screen.model.rows[0].attempts == 2


def test_a_bad_printer_name_is_refused_inline(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    _failed_receipt(ui_env, station)
    screen = _screen(ui_env, qtbot)
    screen.printer.setCurrentText("laser")
    screen.retry()
    assert "laser" in screen.error_label.text()
    [job] = list_jobs(station.ctx, station.admin)
    assert (job.state, job.printer, job.attempts) == ("failed", BROKEN, 1)


def test_a_reception_slip_shows_where_it_sends_the_citizen(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    queue_print(station.ctx, station.clerk, "slip", "GEH-SITE-PLAN", note="الكوة 7")
    screen = _screen(ui_env, qtbot)
    assert [j.note for j in screen.model.rows] == ["الكوة 7"]
    assert screen.model.headerData(3, Qt.Orientation.Horizontal) == tr("Note")
    assert screen.model.data(screen.model.index(0, 3)) == "الكوة 7"


def test_a_hidden_queue_reads_nothing_until_shown(
    ui_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every receipt printed says the queue changed: a hidden queue screen reads nothing."""
    from counter_app.ui.screens import print_queue as screen_module

    receipt = _failed_receipt(ui_env, station)
    reads: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return list_jobs(*args, **kwargs)

    monkeypatch.setattr(screen_module, "list_jobs", counted)
    screen = PrintQueueScreen(ui_env)
    qtbot.addWidget(screen)
    for _ in range(5):
        ui_env.events.print_queue_changed.emit()
    assert reads == []
    screen.show()
    screen.activate()
    assert len(reads) == 1 and [job.ref for job in screen.model.rows] == [receipt]
    ui_env.events.print_queue_changed.emit()  # shown: read again at once
    assert len(reads) == 2


def test_pending_only(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = _failed_receipt(ui_env, station)
    print_document(station.ctx, ui_env.printers, station.clerk, "cover", receipt)
    screen = _screen(ui_env, qtbot)
    assert [j.state for j in screen.model.rows] == ["sent", "failed"]
    screen.pending_only.setChecked(True)
    assert [j.state for j in screen.model.rows] == ["failed"]


def test_an_interrupted_job_is_printed_as_a_copy(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    job = queue_print(station.ctx, station.clerk, "receipt", receipt, printer="pdf:")
    with station.ctx.store.write() as s:  # the program stopped while sending
        s.execute(text("UPDATE print_jobs SET state = 'sending' WHERE id = :i"), {"i": job.id})
    assert recover_interrupted(station.ctx) == 1
    screen = _screen(ui_env, qtbot)
    assert screen.model.rows[0].state == "interrupted"
    assert not screen.retry_button.isEnabled() and screen.copy_button.isEnabled()
    press_copy = screen.copy_button
    QTest.mouseClick(press_copy, Qt.MouseButton.LeftButton)
    jobs = list_jobs(station.ctx, station.admin)
    assert [(j.copy_no, j.state) for j in jobs] == [(1, "sent"), (0, "interrupted")]
    assert [j.copy_no for j in screen.model.rows] == [1, 0]
