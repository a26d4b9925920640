"""Complaints: start one from the catalog's complaint services, follow those received (local
times, translated statuses, overdue marked) and open one with Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.requests import change_status
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.complaints import ComplaintsScreen
from counter_app.ui.screens.intake import IntakeScreen
from tests.conftest import ANY_CENTER, Station
from tests.ui.keys import press, type_text

# The station's center must offer the services these tests take.
pytestmark = ANY_CENTER

COMPLAINT = {"subject": "تأخر المعاملة", "details": "لم تنجز معاملتي منذ شهر"}


def _screen(ui_env: UiEnv, qtbot: QtBot) -> ComplaintsScreen:
    screen = ComplaintsScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def _complaint(station: Station, nid: str, name: str) -> str:
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOSAL-COMPLAINT-DELAY", nid, name, "0944123456", COMPLAINT, {"PERSONAL-ID": "scanned"}
        ),
    ).receipt_no


def _cells(screen: ComplaintsScreen, column: int) -> list[str]:
    model = screen.model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_complaint_services_come_from_the_catalog(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    items = [screen.services.item(i) for i in range(screen.services.count())]
    codes = [str(i.data(Qt.ItemDataRole.UserRole)) for i in items]
    assert codes == [
        "MOSAL-COMPLAINT-DELAY",
        "MOSAL-COMPLAINT-EMPLOYEE",
        "MOSAL-COMPLAINT-NGO",
        "MOSAL-COMPLAINT-LABOUR",
    ]
    assert items[0].text() == "شكوى تأخر إنجاز معاملة"


@pytest.mark.center("MZH", "مركز خدمة المواطن - المزة")
def test_a_center_lists_only_the_complaints_it_takes(ui_env: UiEnv, qtbot: QtBot) -> None:
    # The Mazzeh center takes no Social Affairs complaint: listing one would let the clerk
    # fill a form intake then refuses.
    screen = _screen(ui_env, qtbot)
    assert screen.services.count() == 0
    assert screen.none_offered.isVisible() and not screen.new_button.isEnabled()
    assert screen.none_offered.text() == "لا يستقبل هذا المركز شكاوى."


def test_new_complaint_and_enter_emit_the_service(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    emitted: list[str] = []
    screen.start_intake.connect(emitted.append)
    screen.services.setCurrentRow(1)
    screen.new_button.click()
    screen.services.setCurrentRow(3)
    press(screen.services, Qt.Key.Key_Return)
    assert emitted == ["MOSAL-COMPLAINT-EMPLOYEE", "MOSAL-COMPLAINT-LABOUR"]


def test_tracking_table(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    old = _complaint(station, "01020304050", "سلمى الخطيب")
    station.clock.advance(days=30)  # the first complaint is now well past its due date
    closed = _complaint(station, "01020304051", "رامي العلي")
    change_status(station.ctx, station.clerk, closed, "cancelled", "سحب الشكوى")
    fresh = _complaint(station, "01020304052", "هند السيد")
    submit_request(  # a service request is not a complaint
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOI-INDIVIDUAL-STATEMENT",
            "01020304053",
            "علي حسن",
            "0944123456",
            {"purpose": "travel"},
            {"PERSONAL-ID": "original_seen"},
        ),
    )
    screen = _screen(ui_env, qtbot)
    assert screen.open_only.isChecked()
    assert _cells(screen, 0) == [fresh, old]  # newest first, open only
    assert _cells(screen, 1) == ["هند السيد", "سلمى الخطيب"]
    assert _cells(screen, 2) == ["شكوى تأخر إنجاز معاملة"] * 2
    assert _cells(screen, 3) == [tr("submitted"), f"{tr('submitted')} — {tr('overdue')}"]
    assert tr("submitted") != "submitted"  # a word in the clerk's language, not a key
    assert _cells(screen, 4)[1] == "2026-11-22 09:30"  # 06:30 UTC is 09:30 in Damascus
    assert [screen.model.is_marked(r) for r in range(2)] == [False, True]
    screen.open_only.setChecked(False)
    assert _cells(screen, 0) == [fresh, closed, old]
    assert _cells(screen, 3)[1] == tr("cancelled")  # closed: never overdue


def test_enter_and_double_click_open_the_request(
    ui_env: UiEnv, station: Station, qtbot: QtBot, opened: list[str]
) -> None:
    first = _complaint(station, "01020304050", "سلمى الخطيب")
    second = _complaint(station, "01020304051", "رامي العلي")
    screen = _screen(ui_env, qtbot)
    screen.table.setCurrentIndex(screen.model.index(1, 0))
    press(screen.table, Qt.Key.Key_Return)
    assert opened == [first]
    cell = screen.table.visualRect(screen.model.index(0, 2)).center()
    viewport, left = screen.table.viewport(), Qt.MouseButton.LeftButton
    no_keys = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(viewport, left, no_keys, cell)  # a double-click starts with a click
    QTest.mouseDClick(viewport, left, no_keys, cell)
    assert opened == [first, second]


def test_a_complaint_taken_in_the_intake_form_appears(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot)
    intake = IntakeScreen(ui_env)
    qtbot.addWidget(intake)
    screen.start_intake.connect(intake.start)  # what the main window does
    screen.services.setCurrentRow(0)
    screen.new_button.click()
    assert intake.service is not None and intake.service.code == "MOSAL-COMPLAINT-DELAY"
    type_text(intake.citizen.nid.editor, "٠١٠٢٠٣٠٤٠٥٠")
    type_text(intake.citizen.name.editor, "سلمى الخطيب")
    type_text(intake.citizen.phone.editor, "0933 123 456")
    fields = {f.key: f for f in intake.fields}
    for key, value in COMPLAINT.items():
        type_text(fields[key].editor, value)
    row = intake.checklist.rows[0]
    row.state.setCurrentIndex(row.state.findData("original_seen"))
    assert intake.save_button.isEnabled()
    assert screen.model.rowCount() == 0
    intake.save_button.click()
    receipt = intake.done.number.text()
    assert _cells(screen, 0) == [receipt]  # refreshed by the request_changed event
