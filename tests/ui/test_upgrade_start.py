"""The desktop started on an old database whose upgrade fails says what became of it (issue 17
item 3): the upgrade undone and checked against the backup, in the clerk's language, and the
login never opens on a half-upgraded file."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.paths import AppPaths
from counter_app.store import migrate
from counter_app.store.upgrade import content_digest
from tests.fixtures.make_old_db import build
from tests.rawdb import connect


def test_start_on_an_old_database_whose_upgrade_fails_says_it_was_undone(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.ui import app as ui_app

    db: Path = AppPaths.default().database
    db.parent.mkdir(parents=True)
    shutil.copyfile(build(tmp_path / "old.sqlite3", requests=20).path, db)
    digest = content_digest(db)

    def applied(revision: str, _seconds: float) -> None:
        if revision == "0016":
            raise RuntimeError("migration 0016 broke")

    monkeypatch.setattr(migrate, "applied", applied)
    shown: list[str] = []
    monkeypatch.setattr(
        "counter_app.ui.app.QMessageBox.critical",
        lambda _parent, _title, text: shown.append(text),
    )
    logins: list[object] = []
    monkeypatch.setattr("counter_app.ui.app.LoginDialog.exec", lambda self: logins.append(self))
    # run() sets process-wide state; the session's other tests expect it as it was.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    direction = qapp.layoutDirection()
    try:
        code = ui_app.run(["counter-app"], database=db, language="ar")
    finally:
        qapp.setLayoutDirection(direction)
    assert code == 2 and not logins
    assert len(shown) == 1
    assert "فشلت ترقية قاعدة البيانات" in shown[0] and "لم يُفقد شيء" in shown[0], shown[0]
    backups = list(AppPaths.default().backups.glob("counter-pre-upgrade-0001-*.sqlite3"))
    assert len(backups) == 1 and str(backups[0]) in shown[0]
    conn = connect(db)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    finally:
        conn.close()
    assert content_digest(db) == digest
