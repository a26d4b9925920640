"""The window around the screens: login, navigation by role, the barcode gun, the idle lock,
the status bar, and the clerk's whole path from reception to handover."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from counter_app.domain.roles import Role
from counter_app.services.catalog import active_catalog
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.printing import list_jobs
from counter_app.ui.barcode import BarcodeWedge
from counter_app.ui.env import UiEnv
from counter_app.ui.idle import IdleLock
from counter_app.ui.login import LoginDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.operations import Operations
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, Station
from tests.test_intake import valid_fields


def _window(ui_env: UiEnv, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    ui_env.open_request = window.open_request
    qtbot.addWidget(window)
    window.show()
    return window


def _saved(station: Station) -> str:
    svc = active_catalog(station.ctx).service("MOI-INDIVIDUAL-STATEMENT")
    assert svc is not None
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            svc.code,
            "01020304050",
            "فاطمة عبد الله الأحمد",
            "0933123456",
            valid_fields(svc),
            {d.type: "copy_kept" for d in svc.documents},
        ),
    ).receipt_no


def test_login_accepts_the_password_and_refuses_a_wrong_one(station: Station, qtbot: QtBot) -> None:
    with station.ctx.store.read() as s:
        info = station.ctx.station(s)
    dialog = LoginDialog(station.ctx, info, Operations(synchronous=True), "ar")
    qtbot.addWidget(dialog)
    dialog.username.setText("clerk1")
    dialog.password.setText("wrong-password")
    dialog.sign_in()
    assert dialog.actor is None
    assert "كلمة المرور" in dialog.error.text()  # in the clerk's language
    assert dialog.password.text() == ""
    dialog.password.setText(CLERK_PASSWORD)
    dialog.sign_in()
    assert dialog.actor is not None and dialog.actor.username == "clerk1"


def test_navigation_follows_the_role(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    window = _window(ui_env, tmp_path, qtbot)
    keys = set(window.screens)
    assert {"reception", "intake", "lookup", "calls", "printing"} <= keys
    assert "settings" not in keys  # clerks do not change station settings
    ui_env.actor = station.admin
    admin = _window(ui_env, tmp_path, qtbot)
    assert "settings" in admin.screens
    assert ADMIN_PASSWORD


def test_a_supervisor_opens_on_the_dashboard_a_clerk_on_reception(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    clerk = _window(ui_env, tmp_path, qtbot)
    assert clerk.current_screen() is clerk.screens["reception"]
    assert clerk.nav.currentItem().data(Qt.ItemDataRole.UserRole) == "reception"
    ui_env.actor = replace(station.clerk, role=Role.SUPERVISOR)
    supervisor = _window(ui_env, tmp_path, qtbot)
    # The dashboard is not the first entry of the navigation: it is chosen by first_for.
    assert supervisor.nav_groups()["counter"][0] == "reception"
    assert supervisor.current_screen() is supervisor.screens["dashboard"]
    assert supervisor.nav.currentItem().data(Qt.ItemDataRole.UserRole) == "dashboard"


def test_a_scanned_receipt_opens_from_any_screen(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    receipt = _saved(station)
    window = _window(ui_env, tmp_path, qtbot)
    window.go("reception")
    opened: list[str] = []
    wedge = BarcodeWedge(opened.append, clock=lambda: 0.0)  # a burst: no time between keys
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    try:
        target = window.search
        target.setFocus()
        qtbot.waitUntil(target.hasFocus)
        for ch in receipt:
            QApplication.sendEvent(
                target,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch
                ),
            )
        QApplication.sendEvent(
            target,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        )
    finally:
        QApplication.instance().removeEventFilter(wedge)  # type: ignore[union-attr]
    assert opened == [receipt]
    assert target.text() == ""  # the burst was taken back out of the field


def test_slow_typing_is_not_a_scan(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    ticks = iter(range(0, 10_000))
    opened: list[str] = []
    wedge = BarcodeWedge(opened.append, clock=lambda: next(ticks) * 0.2)
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    try:
        for ch in "MZH-02-26-000001-30":
            QApplication.sendEvent(
                field,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch
                ),
            )
        QApplication.sendEvent(
            field,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        )
    finally:
        QApplication.instance().removeEventFilter(wedge)  # type: ignore[union-attr]
    assert opened == []


def test_idle_lock_fires_after_silence_and_input_resets_it(qtbot: QtBot) -> None:
    fired: list[int] = []
    lock = IdleLock(30, lambda: fired.append(1))
    lock.timer.setInterval(200)
    lock.timer.start()
    field = QLineEdit()
    qtbot.addWidget(field)
    for _ in range(3):
        qtbot.wait(100)
        lock.eventFilter(
            field,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
        )
    assert fired == []
    qtbot.waitUntil(lambda: fired == [1], timeout=2000)


def test_status_bar_shows_queue_and_printer(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    _saved(station)
    window = _window(ui_env, tmp_path, qtbot)
    window.status.refresh()
    assert "1" in window.status.sync.text()
    assert "pdf:" in window.status.printer.text()


def test_status_bar_reads_sync_health_from_the_store(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    from counter_app.services.sync_state import state_row
    from counter_app.ui.app import start_sync
    from counter_app.ui.qt_i18n import tr

    _saved(station)
    window = _window(ui_env, tmp_path, qtbot)
    window.status.refresh()
    assert tr("not enrolled with HQ") in window.status.sync.text()
    assert start_sync(station.ctx) is None
    assert window.status.sync.property("role") is None  # not enrolled is not an alarm
    station.clock.advance(hours=2)
    ok_at = station.clock()
    with station.ctx.store.write() as session:
        row = state_row(session)
        row.hq_url = "http://127.0.0.1:9"
        row.last_attempt_at = row.last_success_at = ok_at
    window.status.refresh()
    assert "11:30" in window.status.sync.text()  # local (Damascus) time of the last success
    assert window.status.sync.property("role") is None
    with station.ctx.store.write() as session:
        row = state_row(session)
        row.last_attempt_at = ok_at + dt.timedelta(minutes=5)
        row.last_error = "HQ cannot be reached"
    window.status.refresh()
    text = window.status.sync.text()
    assert "11:30" in text and "HQ cannot be reached" in text
    assert window.status.sync.property("role") == "error"  # failing 2 h with work waiting


@pytest.mark.parametrize("language", ["ar", "en"])
def test_window_geometry_is_remembered(
    ui_env: UiEnv, tmp_path: Path, qtbot: QtBot, language: str
) -> None:
    ui_env.language = language
    window = _window(ui_env, tmp_path, qtbot)
    window.resize(760, 520)  # within the offscreen screen (800x600)
    size = (window.width(), window.height())
    assert size != (1280, 800)
    window.close()
    again = _window(ui_env, tmp_path, qtbot)
    assert (again.width(), again.height()) == size


def test_clerk_path_reception_to_handover(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    """Reception -> intake typed in Arabic -> save (receipt in the print queue) -> the receipt
    scanned by the barcode gun opens it -> (agency marks it ready) -> handover to the citizen."""
    from counter_app.services.requests import change_status, show_request
    from counter_app.ui.screens.intake import IntakeScreen
    from counter_app.ui.screens.reception import ReceptionScreen
    from counter_app.ui.screens.request_view import RequestScreen
    from tests.ui.test_intake import _fill_valid

    window = _window(ui_env, tmp_path, qtbot)
    reception = window.screens["reception"]
    assert isinstance(reception, ReceptionScreen)
    window.go("reception")
    reception.start_intake.emit("MOI-INDIVIDUAL-STATEMENT")  # "Start intake" on the desk
    intake = window.screens["intake"]
    assert isinstance(intake, IntakeScreen) and window.current_screen() is intake
    _fill_valid(intake)
    assert intake.save_button.isEnabled()
    intake.save_button.click()
    receipt = intake.done.number.text()
    assert [(j.kind, j.ref, j.state) for j in list_jobs(station.ctx, station.admin)] == [
        ("receipt", receipt, "sent")
    ]
    window.go("reception")
    opened: list[str] = []
    wedge = BarcodeWedge(
        lambda code: (opened.append(code), window.open_request(code)), clock=lambda: 0.0
    )
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(wedge)
    try:
        window.search.setFocus()
        qtbot.waitUntil(window.search.hasFocus)
        for ch in receipt:
            QApplication.sendEvent(
                window.search,
                QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch
                ),
            )
        QApplication.sendEvent(
            window.search,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        )
    finally:
        app.removeEventFilter(wedge)
    view = window.screens["request"]
    assert opened == [receipt]
    assert isinstance(view, RequestScreen) and window.current_screen() is view
    change_status(station.ctx, station.admin, receipt, "ready")  # the agency's step, via HQ
    view.show_request(receipt)
    assert not view.buttons["handover"].isHidden()
    view.buttons["handover"].click()
    dialog = view.dialog
    assert dialog is not None
    dialog.accept()  # the citizen collects it in person
    assert show_request(station.ctx, station.admin, receipt).status == "delivered"


def test_closing_mid_intake_asks_before_discarding(
    ui_env: UiEnv, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from counter_app.ui.screens.intake import IntakeScreen
    from tests.ui.keys import type_text

    window = _window(ui_env, tmp_path, qtbot)
    window.start_intake("MOI-INDIVIDUAL-STATEMENT")
    intake = window.screens["intake"]
    assert isinstance(intake, IntakeScreen)
    type_text(intake.citizen.name.editor, "سلمى")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert window.close() is False and window.isVisible()  # kept: the clerk said cancel
    assert window.go("lookup") is False and window.current_screen() is intake
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    assert window.go("lookup") is True
    assert len(asked) == 3


def test_background_sync_reports_missing_credentials_in_the_status(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from counter_app.services.sync_state import state_row, sync_health
    from counter_app.ui.app import start_sync

    monkeypatch.setenv("HOME", str(tmp_path / "keyring-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keyring-home" / "share"))
    keyring.set_keyring(PlaintextKeyring())  # empty: the token was never stored here
    with station.ctx.store.write() as session:
        state_row(session).hq_url = "http://127.0.0.1:9"
    worker = start_sync(station.ctx)
    assert worker is not None
    try:
        deadline = time.monotonic() + 10
        while (
            sync_health(station.ctx, station.admin).last_error is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
    finally:
        assert worker.stop(timeout=10)
    error = sync_health(station.ctx, station.admin).last_error
    assert error is not None and "keyring" in error
