"""The intake form as on paper: its sections in the paper's order, the documents that apply to
the fields' values (live), the fee box, and the keys that shorten a keyboard-only intake."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from counter_app.domain.catalog import Catalog, DocCondition, RequiredDocument, Requirement
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.payment import PaymentInput, PaymentMethod
from counter_app.services.catalog import active_catalog
from counter_app.services.intake import IntakeInput
from counter_app.services.payments import payment_for
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.intake import DONE, FORM, IntakeScreen
from counter_app.ui.widgets.checklist import TICK
from tests.conftest import SOCIAL_CENTER, Station
from tests.ui.keys import press, type_text
from tests.ui.test_intake import NAME, PHONE, _choose, _fields, _fill_valid, _requests, _screen

CARD = "MOAD-ID-CARD-CERTIFICATION"
CASES = ("first_issue", "data_update", "transfer", "end_of_service", "replacement")
# The per-case documents of catalog 2026.12.2, written here so the test does not depend on
# which catalog the station holds: always the ID card and the record card; by case the rest.
CASE_DOCS: dict[str, tuple[str, Requirement, tuple[str, ...]]] = {
    "ADMIN-DECISION": (
        "ADMIN-DECISION",
        Requirement.COPY_KEPT,
        ("first_issue", "transfer", "end_of_service"),
    ),
    "PHOTO": ("PHOTO", Requirement.COPY_KEPT, ("first_issue", "replacement")),
    "POWER-OF-ATTORNEY": ("POWER-OF-ATTORNEY", Requirement.ORIGINAL_SEEN, ("data_update",)),
}


def _card_catalog(station: Station) -> Catalog:
    """The active catalog with the card's documents conditional on its ``case``."""
    catalog = active_catalog(station.ctx)
    service = catalog.service(CARD)
    assert service is not None
    assert [c.value for c in next(f for f in service.fields if f.key == "case").choices] == list(
        CASES
    )
    docs = [
        RequiredDocument(type="PERSONAL-ID", requirement=Requirement.ORIGINAL_SEEN),
        RequiredDocument(type="RECORD-CARD", requirement=Requirement.SCAN_REQUIRED),
    ]
    docs += [
        RequiredDocument(type=t, requirement=r, when=DocCondition(field="case", values=v))
        for t, r, v in CASE_DOCS.values()
    ]
    changed = service.model_copy(update={"documents": tuple(docs)})
    services = tuple(changed if s.code == CARD else s for s in catalog.services)
    return catalog.model_copy(update={"services": services})


def _card_screen(ui_env: UiEnv, station: Station, qtbot: QtBot) -> IntakeScreen:
    screen = IntakeScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen._loaded(_card_catalog(station))
    screen.start(CARD)
    QApplication.processEvents()
    return screen


def _shown_docs(screen: IntakeScreen) -> list[str]:
    return [row.doc.type for row in screen.checklist.shown()]


def _y(screen: IntakeScreen, widget: QWidget) -> int:
    return widget.mapTo(screen, widget.rect().topLeft()).y()


def test_sections_follow_the_paper(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    screen.resize(1000, 2400)  # everything in sight, so positions compare
    QApplication.processEvents()
    titles = [w for w in screen.findChildren(QLabel, "section-title") if w.isVisibleTo(screen)]
    ordered = sorted(titles, key=lambda w: _y(screen, w))
    expected = [tr("Service"), tr("Citizen"), tr("Request details")]
    expected += [tr("Documents"), tr("Fee")]
    assert [w.text() for w in ordered] == expected
    # The inputs top to bottom: citizen, the service's fields in catalog order, documents, fee.
    inputs = [f.editor for f in screen.citizen.inputs()] + [f.editor for f in screen.fields]
    inputs += [row.state for row in screen.checklist.shown()] + [screen.fee.method]
    ys = [_y(screen, w) for w in inputs]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert [f.key for f in screen.fields] == ["purpose", "requesting_body"]  # catalog order
    assert screen.save_button.property("primary") is True
    assert screen.save_button.styleSheet() == "" and titles[0].styleSheet() == ""  # the theme's


def test_documents_follow_the_case_live(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _card_screen(ui_env, station, qtbot)
    assert _shown_docs(screen) == ["PERSONAL-ID", "RECORD-CARD"]  # no case chosen yet
    case = _fields(screen)["case"].editor
    assert isinstance(case, QComboBox)
    _choose(case, "first_issue")
    assert _shown_docs(screen) == ["PERSONAL-ID", "RECORD-CARD", "ADMIN-DECISION", "PHOTO"]
    rows = {r.doc.type: r for r in screen.checklist.rows}
    _choose(rows["ADMIN-DECISION"].state, "copy_kept")
    _choose(rows["PHOTO"].state, "waived")
    type_text(rows["PHOTO"].reason, "صورة حديثة لاحقاً")
    _choose(case, "data_update")  # the decision and the photo no longer apply
    assert _shown_docs(screen) == ["PERSONAL-ID", "RECORD-CARD", "POWER-OF-ATTORNEY"]
    assert rows["ADMIN-DECISION"].state.isHidden() and rows["PHOTO"].reason.isHidden()
    assert rows["ADMIN-DECISION"].value() == "" and rows["PHOTO"].reason.text() == ""
    assert [r.number.text() for r in screen.checklist.shown()] == ["1", "2", "3"]
    _choose(case, "first_issue")  # back: shown again, but the ticks are gone
    assert rows["ADMIN-DECISION"].value() == "" and rows["PHOTO"].value() == ""
    for case_value in CASES:
        _choose(case, case_value)
        expected = ["PERSONAL-ID", "RECORD-CARD"]
        expected += [t for t, (_, _, cases) in CASE_DOCS.items() if case_value in cases]
        assert _shown_docs(screen) == expected, case_value


def test_only_applicable_documents_are_sent(
    ui_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import counter_app.ui.screens.intake as intake_module

    sent: list[IntakeInput] = []

    def capture(_ctx: object, _actor: object, data: IntakeInput) -> None:
        sent.append(data)
        raise ValidationError(N_("The document checklist is incomplete"))

    monkeypatch.setattr(intake_module, "submit_request", capture)
    screen = _card_screen(ui_env, station, qtbot)
    fields = _fields(screen)
    _choose(fields["case"].editor, "first_issue")  # type: ignore[arg-type]
    screen.checklist.tick_all()
    _choose(fields["case"].editor, "data_update")  # type: ignore[arg-type]
    type_text(screen.citizen.nid.editor, "01020304050")
    type_text(screen.citizen.name.editor, NAME)
    type_text(screen.citizen.phone.editor, PHONE)
    type_text(fields["employer"].editor, "وزارة التربية")
    assert not screen.save_button.isEnabled()  # the power of attorney now applies, unticked
    screen.checklist.tick_all()
    assert screen.save_button.isEnabled()
    screen.save_button.click()
    [data] = sent
    assert data.documents == {
        "PERSONAL-ID": "original_seen",
        "RECORD-CARD": "scan_pending",
        "POWER-OF-ATTORNEY": "original_seen",
    }  # the decision and the photo, ticked for a first issue, are not sent
    assert data.fields["case"] == "data_update"


def test_number_keys_and_plus_tick_documents(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "GEH-ARCHITECTURAL-PLAN")
    rows = screen.checklist.rows
    first = rows[0].state
    assert [r.number.text() for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert rows[1].state.accessibleDescription() == tr("Key {n} ticks this document").format(n=2)
    type_text(first, "2")  # the second document, whatever has the focus in the list
    assert rows[1].value() == TICK[rows[1].doc.requirement].value
    assert rows[0].value() == ""
    type_text(first, "٢")  # Arabic-Indic: the same key on an Arabic keyboard unticks it
    assert rows[1].is_default()
    _choose(rows[0].state, "waived")
    type_text(rows[0].reason, "سبب")
    type_text(first, "+")
    assert rows[0].value() == "waived"  # a choice the clerk made is kept
    assert all(r.value() for r in rows[1:])
    assert screen.checklist.refresh() == 0


def test_fee_box_amount_and_payment(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    fee = screen.fee
    assert fee.isVisibleTo(screen)
    assert fee.amount.text() == tr("{amount} SYP").format(amount="3,000")
    assert "3,000" in fee.amount.text() and "ل.س" in fee.amount.text()
    assert fee.payment() is None and not fee.receipt.editor.isEnabled()  # not paid yet
    _fill_valid(screen)
    _choose(fee.method, PaymentMethod.BANK_DESK.value)
    assert fee.payment() == PaymentInput(3000, PaymentMethod.BANK_DESK, None)
    _choose(fee.method, PaymentMethod.BANK_RECEIPT.value)
    assert fee.receipt.editor.isEnabled()
    assert not screen.save_button.isEnabled()  # the bank's receipt number is missing
    type_text(fee.receipt.editor, "ABC")  # no digit: not a bank receipt number
    assert fee.receipt.error.text() and not fee.receipt.error.isHidden()
    assert not screen.save_button.isEnabled()
    fee.receipt.editor.clear()
    type_text(fee.receipt.editor, "٤٥٦٧٨٩")
    assert screen.save_button.isEnabled()
    assert screen.has_unsaved_input()
    screen.save_button.click()
    assert screen.pages.currentIndex() == DONE
    paid = payment_for(station.ctx, screen.done.number.text())
    assert paid is not None and paid.amount_syp == 3000
    assert paid.method == PaymentMethod.BANK_RECEIPT.value
    press(screen.next_citizen, Qt.Key.Key_Return)
    assert fee.chosen() is None and fee.receipt.is_blank()  # the next citizen starts unpaid


def test_a_fee_refused_by_the_service_is_shown_under_the_fee(
    ui_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import counter_app.ui.screens.intake as intake_module

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValidationError(
            N_("The fee of this service is {fee} SYP, not {amount}"),
            field="payment_amount",
            fee=3000,
            amount=2000,
        )

    monkeypatch.setattr(intake_module, "submit_request", refuse)
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    _fill_valid(screen)
    _choose(screen.fee.method, PaymentMethod.BANK_DESK.value)
    screen.save_button.click()
    assert "3000" in screen.fee.error.text() or "3,000" in screen.fee.error.text()
    assert not screen.fee.error.isHidden() and screen.form_error.isHidden()
    assert screen.pages.currentIndex() == FORM and _requests(station) == 0


@SOCIAL_CENTER  # a complaint: no fee
def test_no_fee_box_without_a_fee(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOSAL-COMPLAINT-LABOUR")
    assert screen.service is not None and not screen.service.has_fee
    assert not screen.fee.isVisibleTo(screen) and screen.fee.payment() is None


def _active(ui_env: UiEnv, qtbot: QtBot, code: str) -> IntakeScreen:
    screen = IntakeScreen(ui_env)
    qtbot.addWidget(screen)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.activate()
    screen.start(code)
    QApplication.processEvents()
    return screen


def test_numbers_move_on_at_their_last_digit(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _active(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    nid, name, phone = screen.citizen.inputs()
    assert screen.focusWidget() is nid.editor  # the first input that needs something
    type_text(nid.editor, "٠١٠٢٠٣٠٤٠٥")
    assert screen.focusWidget() is nid.editor  # ten digits: not complete
    type_text(nid.editor, "٠")
    assert screen.focusWidget() is name.editor
    phone.editor.setFocus()
    type_text(phone.editor, "963944123")  # valid as 0963944123, but 963944123456 is longer
    assert screen.focusWidget() is phone.editor
    type_text(phone.editor, "456")
    assert screen.focusWidget() is not phone.editor
    editor = phone.editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    editor.setText("094412345")
    editor.setCursorPosition(3)  # a correction in the middle never jumps away
    type_text(editor, "4")
    assert editor.text() == "0944412345" and phone.is_valid()
    assert screen.focusWidget() is editor
    editor.setText("0944123456")  # set, not typed (a prefill): no jump either
    assert screen.focusWidget() is editor


def test_enter_skips_what_is_done_and_lands_on_save(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _active(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    type_text(screen.citizen.nid.editor, "01020304050")
    type_text(screen.citizen.name.editor, NAME)
    press(screen.citizen.name.editor, Qt.Key.Key_Return)
    assert screen.focusWidget() is screen.citizen.phone.editor
    type_text(screen.citizen.phone.editor, "0944123456")
    purpose = _fields(screen)["purpose"].editor
    assert screen.focusWidget() is purpose
    press(purpose, Qt.Key.Key_Return)  # nothing chosen: Enter still moves on
    state = screen.checklist.rows[0].state
    assert screen.focusWidget() is state  # "submitted to" is optional: skipped
    type_text(state, "1")
    press(state, Qt.Key.Key_Return)  # the purpose still needs a choice: back to it
    assert screen.focusWidget() is purpose
    type_text(purpose, "س")
    press(purpose, Qt.Key.Key_Return)
    assert screen.focusWidget() is screen.save_button  # nothing left: Enter there saves
    press(screen.save_button, Qt.Key.Key_Return)
    assert screen.pages.currentIndex() == DONE and _requests(station) == 1


def test_f12_saves_and_the_same_citizen_lands_on_the_first_field(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    from PySide6.QtTest import QTest

    screen = _active(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    _fill_valid(screen)
    QTest.keyClick(screen.citizen.nid.editor, Qt.Key.Key_F12)
    assert screen.pages.currentIndex() == DONE and _requests(station) == 1
    screen.reset(keep_citizen=True)
    assert screen.focusWidget() is _fields(screen)["purpose"].editor


def test_a_returning_citizen_goes_straight_to_the_request(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    from counter_app.services.intake import submit_request

    submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOI-INDIVIDUAL-STATEMENT",
            "01020304050",
            NAME,
            "0933000111",
            {"purpose": "travel"},
            {"PERSONAL-ID": "original_seen"},
        ),
    )
    screen = _active(ui_env, qtbot, "MOAD-ID-CARD-CERTIFICATION")
    type_text(screen.citizen.nid.editor, "01020304050")
    assert screen.citizen.values() == ("01020304050", NAME, "0933000111")
    assert screen.focusWidget() is _fields(screen)["case"].editor  # name and mobile filled
    screen.reset(keep_citizen=False)
    type_text(screen.citizen.name.editor, "اسم آخر")  # typed first: kept, and so is the focus
    screen.citizen.nid.editor.setFocus()
    type_text(screen.citizen.nid.editor, "01020304050")
    assert screen.citizen.name.raw() == "اسم آخر"
    assert screen.citizen.phone.raw() == "0933000111"  # the blank mobile was filled
    assert screen.focusWidget() is _fields(screen)["case"].editor
