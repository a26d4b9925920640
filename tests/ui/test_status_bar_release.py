"""The status bar (offscreen window) says the last nightly sync and, when HQ published a newer
release, where to get it: a link that opens and can be selected (issue 17)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from counter_app.domain.app_update import NEWER_AT, NEWER_SHORT, UP_TO_DATE
from counter_app.services.app_release import record_release
from counter_app.services.nightly_schedule import (
    FAILED,
    MATCH,
    TODAY,
    YESTERDAY,
    record_failed_nightly,
)
from counter_app.services.sync_state import state_row
from counter_app.ui.env import UiEnv
from counter_app.ui.main_window import MainWindow
from counter_app.ui.qt_i18n import tr
from counter_app.ui.status_bar import release_html
from counter_protocol.release import ReleaseInfo
from tests.conftest import Station

DEB = "https://downloads.example.gov.sy/counter_99.0_amd64.deb"
WIN = "https://downloads.example.gov.sy/counter-99.0-setup.exe"


def _window(ui_env: UiEnv, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    window = MainWindow(ui_env, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def _enroll(station: Station) -> None:
    with station.ctx.store.write() as session:
        state_row(session).hq_url = "https://hq.example.gov.sy"


def _release(station: Station, version: str) -> None:
    record_release(
        station.ctx,
        ReleaseInfo(
            version=version,
            url_windows=WIN,
            url_debian=DEB,
            notes_ar="إدخال أسرع",
            published_at=station.clock(),
        ),
    )


def test_a_newer_release_is_a_link_in_the_status_bar(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    _enroll(station)
    window = _window(ui_env, tmp_path, qtbot)
    label = window.status.release
    window.status.refresh()
    assert label.isHidden()  # HQ said nothing: nothing shown

    _release(station, "99.0")
    window.status.refresh()
    assert not label.isHidden()
    url = DEB if not __import__("sys").platform.startswith("win") else WIN
    text = label.text()
    assert text.startswith(f'<a href="{url}">') and text.endswith("</a>")
    assert html.unescape(text[text.index(">") + 1 : -4]) == tr(NEWER_SHORT).format(version="99.0")
    assert url in label.toolTip() and tr(NEWER_AT).split("{")[0].strip() in label.toolTip()
    assert label.width() >= label.sizeHint().width()  # never cut by the other texts
    assert label.openExternalLinks()
    flags = label.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert "إدخال أسرع" in label.toolTip()  # the notes, in the window's language
    assert label.property("role") == "error"

    _release(station, "0.0.1")  # older than this one: nothing to say
    window.status.refresh()
    assert label.isHidden()


def test_release_html_escapes_what_it_shows() -> None:
    from counter_app.domain.app_update import UpdateNotice, UpdateState

    url = "https://hq.example/a?x=1&y=<b>"
    notice = UpdateNotice(UpdateState.NEWER, "1.0", "2.0", url, "", None)
    markup = release_html(notice, "<i>newer</i>")
    assert (
        markup == '<a href="https://hq.example/a?x=1&amp;y=&lt;b&gt;">&lt;i&gt;newer&lt;/i&gt;</a>'
    )
    no_url = UpdateNotice(UpdateState.NEWER, "1.0", "2.0", None, "", None)
    assert release_html(no_url, "<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;"
    assert tr(UP_TO_DATE)  # translated msgid exists


def test_the_nightly_outcome_in_the_status_bar(
    ui_env: UiEnv, station: Station, tmp_path: Path, qtbot: QtBot
) -> None:
    from counter_app.services.reports.extras import record_reconciliation
    from counter_app.sync.reconcile import ReconcileReport

    _enroll(station)
    window = _window(ui_env, tmp_path, qtbot)
    label = window.status.nightly
    ctx = station.ctx
    # 2026-11-22 09:30 Damascus is the fixture's clock; the run was at 02:31 local.
    run_at = dt.datetime(2026, 11, 21, 23, 31, tzinfo=dt.UTC)
    day = dt.date(2026, 11, 22)
    with ctx.store.write() as session:
        record_reconciliation(session, run_at, ReconcileReport(day, day, []), "command")
    window.status.refresh()
    when = tr(TODAY).format(time="02:31")
    assert label.text() == tr(MATCH).format(when=when)
    assert label.property("role") is None

    with ctx.store.write() as session:
        record_failed_nightly(
            session,
            run_at + dt.timedelta(hours=1),
            runner="desktop",
            error="HQ cannot be reached; check the network: 127.0.0.1:9",
            first_day=day,
            last_day=day,
        )
    window.status.refresh()
    assert label.text().startswith(tr(FAILED).split("{")[0])
    assert tr("HQ cannot be reached; check the network") in label.text()
    assert "03:31" in label.text()
    assert label.property("role") == "error"

    station.clock.advance(days=1)
    window.status.refresh()
    assert tr(YESTERDAY).format(time="03:31") in label.text()
