"""The request screen: values beside their labels in Arabic and English, the scans filed
under the request, and the corrections of the citizen's name (issue 12.4, 12.6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from counter_app.services.scan_filing import import_scan
from counter_app.services.users import add_user
from counter_app.ui.env import UiEnv
from counter_app.ui.models import ltr
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.request_view import RequestScreen
from tests.conftest import Station
from tests.scanning.scanstack import StackMaker
from tests.ui.keys_lookup import submit

LABEL, FIELD = QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole


def _screen(env: UiEnv, qtbot: QtBot, receipt: str) -> RequestScreen:
    screen = RequestScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.setLayoutDirection(
        Qt.LayoutDirection.LeftToRight if env.language == "en" else Qt.LayoutDirection.RightToLeft
    )
    screen.show()
    screen.show_request(receipt)
    return screen


def _cell(form: QFormLayout, row: int, role: QFormLayout.ItemRole) -> QLabel:
    item = form.itemAt(row, role)
    widget = item.widget() if item is not None else None
    assert isinstance(widget, QLabel)
    return widget


def _ink(image: QImage) -> tuple[int, int] | None:
    """Leftmost and rightmost columns holding anything but the background."""
    background = QColor(image.pixel(0, 0))
    columns = [
        x
        for x in range(image.width())
        if any(QColor(image.pixel(x, y)) != background for y in range(image.height()))
    ]
    return (columns[0], columns[-1]) if columns else None


def _gaps(screen: RequestScreen) -> dict[str, int]:
    """Per row, the empty space between a value's text and the side of its label."""
    out = {}
    rtl = screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
    for row in range(screen.form.rowCount()):
        label, value = (_cell(screen.form, row, r) for r in (LABEL, FIELD))
        ink = _ink(value.grab().toImage())
        assert ink is not None, label.text()
        out[label.text()] = value.width() - 1 - ink[1] if rtl else ink[0]
    return out


def test_values_stand_beside_their_labels_in_arabic(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot, submit(station))
    gaps = _gaps(screen)
    # The old screen pushed numbers and dates to the far left: hundreds of pixels away.
    assert gaps[tr("National number")] < 12 and gaps[tr("Received")] < 12, gaps
    assert max(gaps.values()) < 12, gaps


def test_values_stand_beside_their_labels_in_english(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    ui_env.language = "en"
    screen = _screen(ui_env, qtbot, submit(station))
    assert max(_gaps(screen).values()) < 12


def test_the_scans_and_the_name_corrections_are_shown(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    first = submit(station, code="GEH-SITE-PLAN")
    station.clock.advance(days=1)
    submit(station, name="مريم الشامي الحلبي")  # the same national number, another name
    add_user(station.ctx, station.admin, username="archive1", role="archive", password="a-123!xy")
    with station.ctx.store.read() as session:
        archivist = station.ctx.actor(session, "archive1")
    stack = StackMaker(seed=3).stack([(first, 2)])
    import_scan(station.ctx, archivist, stack.pdf, filename="desk-scan.pdf")

    screen = _screen(ui_env, qtbot, first)
    assert screen.scans.rowCount() == 1
    cells = [screen.scans.index(0, c).data() for c in range(screen.scans.columnCount())]
    assert cells[1] == "2" and "desk-scan.pdf" in cells[3] and "2-3" in cells[3]
    assert cells[4] == ltr(screen.scans.rows[0].sha256[:16])  # its name, never a path
    states = {d.doc_type: d.state for d in screen.documents.rows}
    assert states["ALLOCATION-CONTRACT"] == "scanned"
    assert screen.corrections_label.isVisible()
    note = screen.corrections_label.text()
    assert "مريم الشامي الحلبي" in note and "clerk1" in note
    citizen = next(
        _cell(screen.form, r, FIELD)
        for r in range(screen.form.rowCount())
        if _cell(screen.form, r, LABEL).text() == tr("Citizen")
    )
    assert citizen.text() == "مريم الشامي"  # as taken
