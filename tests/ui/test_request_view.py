"""One request: details, timeline, and only the actions the role and the status allow."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from counter_app.services.catalog import active_catalog
from counter_app.services.printing import list_jobs, print_document
from counter_app.services.requests import change_status, find_request, show_request
from counter_app.services.users import add_user
from counter_app.store.models import RequestEvent
from counter_app.ui.dialogs.handover import HandoverDialog
from counter_app.ui.dialogs.reason import ReasonDialog
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.request_view import RequestScreen
from tests.conftest import Station
from tests.ui.keys_lookup import press, submit, type_text
from tests.ui.test_theme import themed  # noqa: F401  (the fixture)

LABEL, FIELD = QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole
SUBMITTED_ACTIONS = [
    "reprint",
    "print-cover",
    "pay",  # the birth statement's fee is not paid yet
    "status-forwarded",
    "status-in_progress",
    "status-needs_info",
    "status-ready",
    "status-rejected",
    "cancel",
]


def _screen(env: UiEnv, qtbot: QtBot, receipt: str) -> RequestScreen:
    screen = RequestScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_request(receipt)
    return screen


def _changes(env: UiEnv) -> list[str]:
    seen: list[str] = []
    env.events.request_changed.connect(seen.append)
    return seen


def _event_count(station: Station) -> int:
    with station.ctx.store.read() as s:
        return int(s.execute(select(func.count(RequestEvent.id))).scalar_one())


def _form(screen: RequestScreen) -> dict[str, str]:
    out = {}
    for row in range(screen.form.rowCount()):
        items = [screen.form.itemAt(row, r) for r in (LABEL, FIELD)]
        label, value = (item.widget() if item else None for item in items)
        assert isinstance(label, QLabel) and isinstance(value, QLabel)
        out[label.text()] = value.text()
    return out


def test_a_submitted_request_in_full(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    assert RequestScreen.in_navigation is False and RequestScreen.key == "request"
    assert screen.receipt_label.text() == receipt
    assert screen.status_label.text() == tr("submitted") == "مقدَّم"
    assert screen.status_label.property("status") == "submitted"  # a coloured label
    assert screen.due_label.property("role") is None  # not overdue: plain
    assert screen.message_label.isHidden()  # no message: no empty gap above the actions
    assert screen.available_actions() == SUBMITTED_ACTIONS
    assert "handover" not in screen.available_actions()  # only a ready request is handed over
    form = _form(screen)
    assert form[tr("Citizen")] == "مريم الشامي"
    assert form[tr("National number")] == "07070707070"
    assert form[tr("Received")] == "2026-11-22 09:30"  # local time, stored in UTC
    svc = active_catalog(station.ctx).service("MOI-BIRTH-STATEMENT")
    assert svc is not None
    for fdef in svc.fields:
        if fdef.required:
            assert fdef.label_ar in form  # catalog labels, not keys
    docs = [screen.documents.data(screen.documents.index(r, 0)) for r in range(len(svc.documents))]
    catalog = active_catalog(station.ctx)
    assert docs == [catalog.document_type(d.type).name_ar for d in svc.documents]  # type: ignore[union-attr]
    assert screen.documents.data(screen.documents.index(0, 2)) == tr("copy_kept")
    assert screen.events.rowCount() == 1
    assert screen.events.data(screen.events.index(0, 1)) == "2026-11-22 09:30"
    assert screen.events.data(screen.events.index(0, 2)) == "clerk1"


def test_reception_sees_no_status_actions(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    add_user(
        station.ctx, station.admin, username="desk", role="reception", password="desk-pass-123"
    )
    with station.ctx.store.read() as s:
        reception = station.ctx.actor(s, "desk")
    screen = _screen(dataclasses.replace(ui_env, actor=reception), qtbot, receipt)
    assert screen.available_actions() == ["reprint", "print-cover"]


def test_status_change_with_a_reason(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    changed = _changes(ui_env)
    QTest.mouseClick(screen.buttons["status-needs_info"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    type_text(dialog.edit, "صورة الهوية غير واضحة")
    press(dialog.edit, Qt.Key.Key_Return)  # Enter = confirm
    view = show_request(station.ctx, station.admin, receipt)
    assert view.status == "needs_info"
    assert view.events[-1].reason == "صورة الهوية غير واضحة"
    assert changed == [receipt]
    assert screen.status_label.text() == tr("needs_info")
    assert screen.events.rowCount() == 2
    assert screen.events.data(screen.events.index(1, 5)) == "صورة الهوية غير واضحة"
    assert receipt in screen.message_label.text()
    assert "status-needs_info" not in screen.available_actions()  # the next steps now


def test_a_step_without_reason_is_done_at_once(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    QTest.mouseClick(screen.buttons["status-ready"], Qt.MouseButton.LeftButton)
    assert show_request(station.ctx, station.admin, receipt).status == "ready"
    assert screen.available_actions() == ["reprint", "print-cover", "pay", "handover", "cancel"]


def test_a_reason_is_required_and_nothing_is_written_without_it(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    before = _event_count(station)
    changed = _changes(ui_env)
    QTest.mouseClick(screen.buttons["cancel"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, ReasonDialog)
    for empty in ("", "   "):
        dialog.edit.setText(empty)
        press(dialog.edit, Qt.Key.Key_Return)
        assert dialog.isVisible()  # refused: the dialog stays
        assert not dialog.error.isHidden() and dialog.error.text()
    dialog.reject()  # the clerk changes their mind
    assert show_request(station.ctx, station.admin, receipt).status == "submitted"
    assert _event_count(station) == before and changed == []


def test_handover_to_a_proxy_checks_the_national_number(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    change_status(station.ctx, station.clerk, receipt, "ready")
    screen = _screen(ui_env, qtbot, receipt)
    QTest.mouseClick(screen.buttons["handover"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, HandoverDialog)
    assert not dialog.name_edit.isEnabled()  # only for a proxy
    dialog.proxy_radio.setChecked(True)
    type_text(dialog.name_edit, "سليم الشامي")
    type_text(dialog.nid_edit, "123")
    dialog.accept()
    assert dialog.isVisible() and not dialog.nid_error.isHidden()
    assert "11" in dialog.nid_error.text()  # "a national number has 11 digits"
    assert dialog.name_error.isHidden()
    assert show_request(station.ctx, station.admin, receipt).status == "ready"
    dialog.nid_edit.clear()
    type_text(dialog.nid_edit, "٠٨٠٨٠٨٠٨٠٨٠")
    dialog.accept()
    view = show_request(station.ctx, station.admin, receipt)
    assert view.status == "delivered"
    assert view.events[-1].reason == "سليم الشامي (08080808080)"
    with station.ctx.store.read() as s:
        row = s.execute(text("SELECT collector, proxy_national_id FROM deliveries")).one()
    assert tuple(row) == ("proxy", "08080808080")
    # Delivered is final; the fee may still be paid (collected at delivery).
    assert screen.available_actions() == ["reprint", "print-cover", "pay"]


def test_handover_to_the_citizen(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    change_status(station.ctx, station.clerk, receipt, "ready")
    screen = _screen(ui_env, qtbot, receipt)
    screen.buttons["handover"].click()
    dialog = screen.dialog
    assert isinstance(dialog, HandoverDialog)
    dialog.accept()
    assert show_request(station.ctx, station.admin, receipt).status == "delivered"


def test_reprint_is_a_numbered_copy(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    print_document(station.ctx, ui_env.printers, station.clerk, "receipt", receipt)  # original
    screen = _screen(ui_env, qtbot, receipt)
    with qtbot.waitSignal(ui_env.events.print_queue_changed, timeout=5000):
        QTest.mouseClick(screen.buttons["reprint"], Qt.MouseButton.LeftButton)
    jobs = list_jobs(station.ctx, station.admin)
    assert [(j.kind, j.copy_no, j.state) for j in jobs] == [
        ("receipt", 1, "sent"),
        ("receipt", 0, "sent"),
    ]
    assert tr("This is copy no. {count}.").format(count=1) in screen.message_label.text()
    assert screen.error_label.isHidden()


def test_a_failed_print_is_explained_and_kept(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    from counter_app.services.settings import set_setting

    receipt = submit(station)
    set_setting(station.ctx, station.admin, "printer.cover", "file:/nonexistent/x.pdf")
    screen = _screen(ui_env, qtbot, receipt)
    screen.buttons["print-cover"].click()
    assert not screen.error_label.isHidden()
    assert "Traceback" not in screen.error_label.text()
    assert [j.state for j in list_jobs(station.ctx, station.admin)] == ["failed"]
    assert screen.buttons["print-cover"].isEnabled()  # the clerk may try again


def test_hq_steps_are_marked_and_overdue_is_shown(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    with station.ctx.store.write() as s:
        req = find_request(s, receipt)
        s.add(
            RequestEvent(
                uuid=str(uuid.uuid4()),
                request_id=req.id,
                status="forwarded",
                at=dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC),
                user_id=None,
                actor="moi.agent",
                station="HQ",
                reason=None,
                origin="hq",
            )
        )
        req.status = "forwarded"
    station.clock.advance(days=60)
    screen = _screen(ui_env, qtbot, receipt)
    assert screen.events.data(screen.events.index(1, 4)) == tr("From HQ")
    assert screen.events.data(screen.events.index(0, 4)) == ""
    assert screen.events.data(screen.events.index(1, 1)) == "2026-11-23 10:00"
    assert tr("Overdue") in screen.due_label.text()
    assert screen.due_label.property("role") == "error"  # red from the application's style
    assert screen.status_label.property("status") == "forwarded"


def test_an_unknown_receipt_is_explained(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MZH-02-26-009999-09")
    assert not screen.error_label.isHidden() and screen.error_label.text()
    assert screen.view is None


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_action_of_a_submitted_request_fits_a_1366x768_window(
    themed: QApplication,  # noqa: F811
    ui_env: UiEnv,
    station: Station,
    qtbot: QtBot,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    language: str,
) -> None:
    """Nine actions in one row were wider than the screen at 1366 px (cut off, or the screen
    scrolled sideways): they wrap, each whole and inside the screen, none over another."""
    ui_env.language = language
    ui_env.actor = station.admin  # the most actions: every status step
    before = themed.layoutDirection()  # the tests' Arabic translator may have set it
    request.addfinalizer(lambda: themed.setLayoutDirection(before))
    themed.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_request(submit(station))
    screen = window.screens["request"]
    assert isinstance(screen, RequestScreen)
    qtbot.waitUntil(lambda: screen.available_actions() == SUBMITTED_ACTIONS)
    qtbot.wait(20)
    area = window.areas["request"]
    assert area.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    visible = area.viewport().rect()
    boxes: list[QRect] = []
    for name in SUBMITTED_ACTIONS:
        button = screen.buttons[name]
        box = QRect(button.mapTo(area.viewport(), QPoint(0, 0)), button.size())
        assert visible.contains(box), (name, box, visible)
        assert button.width() >= button.minimumSizeHint().width(), name  # its text whole
        assert not any(box.intersects(other) for other in boxes), name
        boxes.append(box)
    bar = [b for name, b in screen.buttons.items() if name in SUBMITTED_ACTIONS and name != "pay"]
    rows = {button.y() for button in bar}
    assert 1 < len(rows) <= 3  # wrapped, in a few rows
    first = min(bar, key=lambda b: (b.y(), b.x() if language == "en" else -b.x()))
    assert first is screen.buttons["reprint"]  # rows fill from the reading side
    edge = screen.width() - first.geometry().right() if language == "ar" else first.x()
    assert edge < 40
