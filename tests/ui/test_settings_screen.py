"""Settings: administrators only; one bad value saves nothing; saved settings are announced."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counter_app.domain.roles import Role
from counter_app.services.settings import get_settings
from counter_app.ui.env import UiEnv
from counter_app.ui.screens.settings import SettingsScreen
from tests.conftest import Station
from tests.ui.keys import retype


def _audits(station: Station) -> int:
    with station.ctx.store.read() as s:
        return int(
            s.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'setting.change'")
            ).scalar_one()
        )


def _screen(env: UiEnv, qtbot: QtBot) -> SettingsScreen:
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def _combo(screen: SettingsScreen, name: str) -> QComboBox:
    widget = screen.inputs[name]
    assert isinstance(widget, QComboBox)
    return widget


def _spin(screen: SettingsScreen, name: str) -> QSpinBox:
    widget = screen.inputs[name]
    assert isinstance(widget, QSpinBox)
    return widget


def _typed_into(combo: QComboBox, text: str) -> None:
    edit = combo.lineEdit()
    assert edit is not None
    retype(edit, text)


def _admin(ui_env: UiEnv, station: Station) -> UiEnv:
    return dataclasses.replace(ui_env, actor=station.admin)


def test_only_admins_see_settings() -> None:
    assert SettingsScreen.roles == frozenset({Role.ADMIN})


def test_station_and_current_values_are_shown(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _screen(_admin(ui_env, station), qtbot)
    shown = " ".join(label.text() for label in screen.findChildren(QLabel))
    assert "MZH-02" in shown and "مركز خدمة المواطن - المزة" in shown
    assert str(station.ctx.store.path) in shown
    assert "تشفير قاعدة البيانات مشفّرة (المفتاح في مخزن بيانات الاعتماد)" in shown  # encrypted
    assert _combo(screen, "printer.receipt").currentText() == "pdf:"
    assert _combo(screen, "paper.cover").currentData() == "a4"
    assert _spin(screen, "ui.idle_lock_seconds").value() == 600
    assert screen.error_label.isHidden() and screen.save_button.isEnabled()


def test_admin_saves_a_printer_and_others_are_told(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    env = _admin(ui_env, station)
    screen = _screen(env, qtbot)
    _typed_into(_combo(screen, "printer.receipt"), "cups:Receipts")
    _combo(screen, "ui.language").setCurrentIndex(1)
    _spin(screen, "ui.idle_lock_seconds").setValue(900)
    with qtbot.waitSignal(env.events.settings_changed, timeout=5000):
        screen.save_button.click()
    values = get_settings(station.ctx, station.admin)
    assert values["printer.receipt"] == "cups:Receipts"
    assert values["ui.language"] == "en" and values["ui.idle_lock_seconds"] == 900
    assert values["printer.cover"] == "pdf:"  # untouched settings are not rewritten
    assert _audits(station) == 3
    assert screen.error_label.isHidden() and screen.message_label.text()


def test_a_bad_printer_is_refused_inline_and_nothing_changes(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    env = _admin(ui_env, station)
    screen = _screen(env, qtbot)
    before = get_settings(station.ctx, station.admin)
    announced: list[bool] = []
    env.events.settings_changed.connect(lambda: announced.append(True))
    _combo(screen, "paper.receipt").setCurrentIndex(2)  # a valid change, not saved either
    _typed_into(_combo(screen, "printer.receipt"), "laser")
    screen.save()
    assert not screen.error_label.isHidden()
    assert "laser" in screen.error_label.text()
    assert screen.inputs["printer.receipt"].property("invalid") is True  # the field is marked
    assert get_settings(station.ctx, station.admin) == before and _audits(station) == 0
    assert announced == []


def test_a_clerk_is_refused(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)  # ui_env signs in the clerk
    assert not screen.error_label.isHidden()
    assert "clerk1" in screen.error_label.text()  # "User clerk1 (clerk) is not allowed to ..."
    assert not screen.save_button.isEnabled()
    assert not screen.inputs["printer.receipt"].isEnabled()
    screen.save()
    assert _audits(station) == 0


def test_hot_folder_setting_takes_full_paths_only(ui_env: UiEnv, station: Station) -> None:
    from counter_app.domain.errors import ValidationError
    from counter_app.services.settings import get_settings, set_setting

    ui_env.actor = station.admin
    for good in ("/srv/scans/hot", "C:\\Scans\\Hot", "\\\\nas\\scans", ""):
        set_setting(station.ctx, station.admin, "archive.hot_folder", good)
        assert get_settings(station.ctx, station.admin)["archive.hot_folder"] == good
    for bad in ("scans/hot", "hot\u202efolder", 7):
        with pytest.raises(ValidationError):
            set_setting(station.ctx, station.admin, "archive.hot_folder", bad)
    assert get_settings(station.ctx, station.admin)["archive.hot_folder"] == ""


def test_a_thermal_printer_saved_with_its_roll_and_a_bad_pair_refused(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    """A printer and its paper changed together are checked as the pair they make: the
    thermal printer with the 80 mm roll is saved; with A4 paper nothing is saved."""
    env = _admin(ui_env, station)
    screen = _screen(env, qtbot)
    before = get_settings(station.ctx, station.admin)
    _typed_into(_combo(screen, "printer.handover"), "escpos:tcp://192.168.1.50:9100")
    screen.save()
    assert not screen.error_label.isHidden() and "A4" in screen.error_label.text()
    assert get_settings(station.ctx, station.admin) == before and _audits(station) == 0
    paper = _combo(screen, "paper.handover")
    paper.setCurrentIndex(paper.findData("80mm"))
    with qtbot.waitSignal(env.events.settings_changed, timeout=5000):
        screen.save_button.click()
    values = get_settings(station.ctx, station.admin)
    assert (values["printer.handover"], values["paper.handover"]) == (
        "escpos:tcp://192.168.1.50:9100",
        "80mm",
    )
    assert _audits(station) == 2
