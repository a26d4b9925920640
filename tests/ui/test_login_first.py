"""The everyday start shows the login window before the store is open (ui/app.py): the store
opens on a worker thread behind it, signing in waits for it, and a failure to open it is said
as it always was (a message, exit 2)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.store.integrity import DatabaseDamaged
from counter_app.ui.login import LoginDialog, OpeningContext
from tests.conftest import ADMIN_PASSWORD, Station


@pytest.fixture
def started(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """run() with the login and the main window replaced by what a clerk would do."""
    seen: dict[str, Any] = {"shown": []}
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() sets it
    monkeypatch.setattr(
        "counter_app.ui.app.QMessageBox.critical",
        lambda _parent, _title, text: seen["shown"].append(text),
    )

    def work(_app: object, _paths: object, ctx: AppContext, actor: object, *_rest: object) -> int:
        seen["ctx"], seen["actor"] = ctx, actor
        ctx.close()
        return 0

    monkeypatch.setattr("counter_app.ui.app._work", work)
    direction = qapp.layoutDirection()
    yield seen
    qapp.setLayoutDirection(direction)


def _sign_in(dialog: LoginDialog, password: str) -> int:
    """What the window does when the clerk presses Sign in, waited for."""
    seen_opening = dialog.ctx
    assert isinstance(seen_opening, OpeningContext)
    dialog.username.setText("admin")
    dialog.password.setText(password)
    dialog.sign_in()  # asks for the store if the first paint has not yet
    for _ in range(2000):
        QApplication.processEvents()
        if dialog.actor is not None or dialog.error.text() or dialog.result():
            break
        dialog.ops.wait(10)
    return 1 if dialog.actor is not None else 0


def test_the_login_comes_first_and_signing_in_waits_for_the_store(
    station: Station, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.ui import app as ui_app

    def exec_(dialog: LoginDialog) -> int:
        assert isinstance(dialog.ctx, OpeningContext) and not dialog.ctx.started
        assert dialog.windowTitle()  # built from the glance: station and language
        return _sign_in(dialog, ADMIN_PASSWORD)

    monkeypatch.setattr("counter_app.ui.app.LoginDialog.exec", exec_)
    code = ui_app.run(["counter-app"], database=AppPaths.default().database, language="ar")
    assert code == 0 and started["shown"] == []
    assert started["actor"].username == "admin"
    assert isinstance(started["ctx"], AppContext)


def test_a_store_that_fails_to_open_behind_the_login_is_said(
    station: Station, started: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.ui import app as ui_app

    db = AppPaths.default().database

    def damaged(_paths: object, _database: object) -> AppContext:
        raise DatabaseDamaged(db)  # as when quick_check at open finds damage

    monkeypatch.setattr("counter_app.ui.app._open_store", damaged)
    monkeypatch.setattr("counter_app.ui.app.LoginDialog.exec", lambda d: _sign_in(d, "x"))
    code = ui_app.run(["counter-app"], database=db, language="ar")
    assert code == 2
    assert len(started["shown"]) == 1 and "counter-app db restore" in started["shown"][0]
    assert "actor" not in started
