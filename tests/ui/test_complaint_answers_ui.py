"""An agency's answer pulled from HQ, on the request screen (plain text: markup reads as written)
and in the complaints list (when it was answered)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.requests import show_request
from counter_app.sync.problems import PullProblem
from counter_app.sync.pull_hq_data import NO_ANSWER_REQUEST, apply_complaint_answer
from counter_app.ui.env import UiEnv
from counter_app.ui.screens.complaints import ComplaintsScreen
from counter_app.ui.screens.request_view import RequestScreen
from tests.conftest import SOCIAL_CENTER, Station

# The station's center must offer the services these tests take.
pytestmark = SOCIAL_CENTER

SCRIPT = '<script>alert("x")</script> <b>تمت</b> معالجة الشكوى'


def _complaint(station: Station) -> str:
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOSAL-COMPLAINT-DELAY",
            "05050505050",
            "سامر الحلبي",
            "0944123456",
            {"subject": "تأخر", "details": "لم تنجز معاملتي"},
            {"PERSONAL-ID": "scanned"},
        ),
    ).receipt_no


def _answer(station: Station, receipt: str, **extra: object) -> bool:
    view = show_request(station.ctx, station.admin, receipt)
    payload = {
        "uuid": str(uuid.uuid4()),
        "request_uuid": view.uuid,
        "receipt_no": receipt,
        "text": SCRIPT,
        "at": "2026-11-23T08:00:00+00:00",
        "actor": "mosal1",
        "agency": "MOSAL",
        "agency_name_ar": "وزارة الشؤون الاجتماعية والعمل",
        "agency_name_en": "Social Affairs and Labour",
        "file_sha256": "ab" * 32,
        "file_name": "reply.pdf",
        "file_size": 1234,
        **extra,
    }
    with station.ctx.store.write() as session:
        return apply_complaint_answer(station.ctx, session, payload)


def test_the_answer_shows_as_plain_text(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    receipt = _complaint(station)
    assert _answer(station, receipt)
    screen = RequestScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_request(receipt)
    label = screen.answers_label
    assert label.isVisible() and label.textFormat() == Qt.TextFormat.PlainText
    text = label.text()
    assert SCRIPT in text and "وزارة الشؤون الاجتماعية والعمل" in text
    assert "reply.pdf" in text and "1234" in text and "2026-11-23 11:00" in text  # local time

    complaints = ComplaintsScreen(ui_env)
    qtbot.addWidget(complaints)
    complaints.show()
    complaints.activate()
    model = complaints.model
    last = model.columnCount() - 1
    row = [str(model.data(model.index(r, 0))) for r in range(model.rowCount())].index(receipt)
    assert model.data(model.index(row, last)) == "2026-11-23 11:00"


def test_an_answer_is_stored_once_and_only_for_a_request_here(station: Station) -> None:
    receipt = _complaint(station)
    same = str(uuid.uuid4())
    assert _answer(station, receipt, uuid=same)
    assert not _answer(station, receipt, uuid=same)  # pulled again: held already
    try:
        _answer(station, receipt, request_uuid=str(uuid.uuid4()), receipt_no="MZH-02-26-999999-99")
    except PullProblem as problem:
        assert problem.error.message == NO_ANSWER_REQUEST
    else:
        raise AssertionError("an answer for no request here was stored")
