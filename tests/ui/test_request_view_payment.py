"""The request view's fee: its state (not paid, paid at a bank, at the bank desk), "Record
payment" only while it can be recorded and for roles that may, the dialog off the GUI thread."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.payments import payment_for, record_payment
from counter_app.services.requests import change_status
from counter_app.services.users import add_user
from counter_app.ui.dialogs.payment import PaymentDialog
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from tests.conftest import Station
from tests.ui.keys_lookup import press, submit, type_text
from tests.ui.test_request_view import _form, _screen


def test_an_unpaid_fee_is_recorded_from_the_dialog(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)  # the birth statement: 3,000 SYP
    screen = _screen(ui_env, qtbot, receipt)
    form = _form(screen)
    assert "3,000" in form[tr("Fee")] and form[tr("Payment")] == tr("Not paid") == "غير مدفوع"
    assert "pay" in screen.available_actions()
    QTest.mouseClick(screen.buttons["pay"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, PaymentDialog) and dialog.isVisible()
    assert dialog.amount.isReadOnly() and "3,000" in dialog.amount.text()
    # A bank payment without its number is refused inline; nothing is written.
    press(dialog.number, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert payment_for(station.ctx, receipt) is None
    type_text(dialog.number, "CBS-2026/77")
    press(dialog.number, Qt.Key.Key_Return)
    paid = payment_for(station.ctx, receipt)
    assert paid is not None and (paid.amount_syp, paid.bank_receipt_no) == (3000, "CBS-2026/77")
    assert paid.actor == "clerk1"
    assert receipt in screen.message_label.text()
    assert "مدفوع — إيصال المصرف" in _form(screen)[tr("Payment")]
    assert "pay" not in screen.available_actions()  # paid once


def test_the_bank_desk_takes_no_number(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    QTest.mouseClick(screen.buttons["pay"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, PaymentDialog)
    type_text(dialog.number, "123")
    dialog.at_desk.setChecked(True)
    assert not dialog.number.isEnabled() and dialog.number.text() == ""
    dialog.accept()
    paid = payment_for(station.ctx, receipt)
    assert paid is not None and paid.method is PaymentMethod.BANK_DESK
    assert paid.bank_receipt_no is None
    assert tr("Paid at the bank desk") in _form(screen)[tr("Payment")]


def test_paid_twice_shows_the_services_error(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    """Another clerk recorded it while the dialog was open: the error is shown, nothing
    changes."""
    receipt = submit(station)
    screen = _screen(ui_env, qtbot, receipt)
    QTest.mouseClick(screen.buttons["pay"], Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, PaymentDialog)
    record_payment(station.ctx, station.admin, receipt, PaymentInput(3000, PaymentMethod.BANK_DESK))
    type_text(dialog.number, "CBS-1")
    dialog.accept()
    assert not screen.error_label.isHidden()
    assert receipt in screen.error_label.text() and "مدفوع" in screen.error_label.text()
    paid = payment_for(station.ctx, receipt)
    assert paid is not None and paid.actor == "admin"


def test_no_payment_action_for_reception_a_free_service_or_a_cancelled_request(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    receipt = submit(station)
    add_user(
        station.ctx, station.admin, username="desk", role="reception", password="desk-pass-123"
    )
    with station.ctx.store.read() as s:
        reception = station.ctx.actor(s, "desk")
    screen = _screen(dataclasses.replace(ui_env, actor=reception), qtbot, receipt)
    assert "pay" not in screen.available_actions()
    assert _form(screen)[tr("Payment")] == tr("Not paid")  # shown to all
    free = submit(station, code="BANK-HOUSING-INSTALMENT", nid="09090909090")
    screen = _screen(ui_env, qtbot, free)
    assert "pay" not in screen.available_actions()
    assert tr("Fee") not in _form(screen) and tr("Payment") not in _form(screen)
    change_status(station.ctx, station.clerk, receipt, "cancelled", reason="عدل عن الطلب")
    screen = _screen(ui_env, qtbot, receipt)
    assert "pay" not in screen.available_actions()
