"""The intake form: generated from the catalog, checked as the clerk types (Arabic digits and
names included), saved and printed in one action, never losing a request to a printer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counter_app.domain.catalog import FieldType, Requirement
from counter_app.domain.documents import SATISFIES
from counter_app.domain.errors import N_, ValidationError
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.printing import list_jobs
from counter_app.services.search import search
from counter_app.services.settings import set_setting
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.intake import DONE, FORM, IntakeScreen
from counter_app.ui.widgets.fields import FieldInput
from tests.conftest import SOCIAL_CENTER, Station
from tests.ui.keys import press, retype, type_text

NID_ARABIC = "٠١٠٢٠٣٠٤٠٥٠"
NID = "01020304050"
NAME = "فاطمة عبد الله الأحمد"
PHONE = "+963 944 123 456"
SAMPLES = {
    FieldType.TEXT: "نص تجريبي",
    FieldType.NATIONAL_ID: "٠٩٠٨٠٧٠٦٠٥٠",
    FieldType.PHONE: "0933123456",
    FieldType.DATE: "٠١/٠٥/٢٠٢٠",
    FieldType.ORGANIZATION: "جمعية البر الخيرية",
}


def _screen(ui_env: UiEnv, qtbot: QtBot, code: str | None = None) -> IntakeScreen:
    screen = IntakeScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    if code:
        screen.start(code)
    QApplication.processEvents()  # widgets added to a shown form appear on the next turn
    return screen


def _requests(station: Station) -> int:
    with station.ctx.store.read() as session:
        return int(session.execute(text("SELECT count(*) FROM requests")).scalar_one())


def _fields(screen: IntakeScreen) -> dict[str, FieldInput]:
    return {f.key: f for f in screen.fields}


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _type_citizen(screen: IntakeScreen, phone: str = PHONE) -> None:
    type_text(screen.citizen.nid.editor, NID_ARABIC)
    type_text(screen.citizen.name.editor, NAME)
    type_text(screen.citizen.phone.editor, phone)


def _fill_valid(screen: IntakeScreen, *, citizen: bool = True) -> None:
    """Every required value, typed; every required document ticked with its first state."""
    if citizen:
        _type_citizen(screen)
    assert screen.service is not None
    for fdef in screen.service.fields:
        if not fdef.required:
            continue
        field = _fields(screen)[fdef.key]
        if isinstance(field.editor, QComboBox):
            field.editor.setCurrentIndex(1)
        elif fdef.type is FieldType.NUMBER:
            type_text(field.editor, str(int(fdef.min or 1)))
        else:
            type_text(field.editor, SAMPLES[fdef.type])
    for row in screen.checklist.rows:
        if row.doc.requirement is not Requirement.OPTIONAL:
            states = [row.state.itemData(i) for i in range(row.state.count())]
            _choose(row.state, next(s for s in states if s in SATISFIES[row.doc.requirement]))


def _shown(label: object) -> str:
    from PySide6.QtWidgets import QLabel

    assert isinstance(label, QLabel)
    return label.text() if not label.isHidden() else ""


def test_individual_statement_full_path(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    changed: list[str] = []
    queue: list[int] = []
    ui_env.events.request_changed.connect(changed.append)
    ui_env.events.print_queue_changed.connect(lambda: queue.append(1))
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    assert screen.service is not None and screen.service.code == "MOI-INDIVIDUAL-STATEMENT"
    assert not screen.save_button.isEnabled()
    assert not screen.has_unsaved_input()

    type_text(screen.citizen.nid.editor, NID_ARABIC)  # Arabic-Indic digits, as typed
    assert screen.citizen.nid.raw() == NID_ARABIC and screen.citizen.nid.is_valid()
    type_text(screen.citizen.name.editor, NAME)
    type_text(screen.citizen.phone.editor, PHONE)
    assert all(f.is_valid() for f in screen.citizen.inputs())
    assert screen.has_unsaved_input()
    assert not screen.save_button.isEnabled()  # purpose and the ID card are still missing

    fields = _fields(screen)
    assert set(fields) == {"purpose", "requesting_body"}
    purpose = fields["purpose"].editor
    assert isinstance(purpose, QComboBox)
    assert [purpose.itemText(i) for i in range(1, purpose.count())][:2] == ["توظيف", "سفر"]
    type_text(purpose, "س")  # keyboard search in the combo picks "سفر"
    assert purpose.currentData() == "travel"
    type_text(fields["requesting_body"].editor, "وزارة الخارجية")
    assert not screen.save_button.isEnabled()

    rows = {r.doc.type: r for r in screen.checklist.rows}
    assert set(rows) == {"PERSONAL-ID", "POWER-OF-ATTORNEY"}
    assert rows["PERSONAL-ID"].name.text() == "البطاقة الشخصية"
    assert rows["POWER-OF-ATTORNEY"].value() == "missing"  # optional: may be missing
    personal = [rows["PERSONAL-ID"].state.itemData(i) for i in range(1, 5)]
    assert "missing" not in personal  # a required document is never "missing"
    _choose(rows["PERSONAL-ID"].state, "original_seen")
    assert screen.save_button.isEnabled() and screen.todo.text() == ""

    before = _requests(station)
    screen.save_button.click()
    assert _requests(station) == before + 1
    assert screen.pages.currentIndex() == DONE
    receipt = screen.done.number.text()
    assert receipt.startswith("MZH-02-26-")
    hits = search(station.ctx, station.admin, NID).hits
    assert [(h.receipt_no, h.name, h.phone, h.service_code) for h in hits] == [
        (receipt, NAME, "0944123456", "MOI-INDIVIDUAL-STATEMENT")
    ]
    jobs = list_jobs(station.ctx, station.admin)
    assert [(j.kind, j.ref, j.state) for j in jobs] == [("receipt", receipt, "sent")]
    assert receipt in screen.done.message.text()
    assert screen.done.message.property("role") == "note"
    assert _shown(screen.done.warning) == ""
    assert changed == [receipt] and queue == [1]
    assert not screen.has_unsaved_input()


def test_geh_service_with_arabic_digits_and_a_waived_document(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot, "GEH-ARCHITECTURAL-PLAN")
    _type_citizen(screen)
    fields = _fields(screen)
    assert [f.key for f in screen.fields] == [
        "zone",
        "property_number",
        "building_number",
        "copies",
    ]
    type_text(fields["zone"].editor, "ضاحية قدسيا")
    type_text(fields["property_number"].editor, "١٢٣/ب")
    type_text(fields["copies"].editor, "٢")  # Arabic-Indic digit in a number field
    assert fields["copies"].is_valid()
    rows = {r.doc.type: r for r in screen.checklist.rows}
    _choose(rows["PERSONAL-ID"].state, "copy_kept")
    assert not screen.save_button.isEnabled()  # the allocation contract is not ticked
    _choose(rows["ALLOCATION-CONTRACT"].state, "waived")
    assert rows["ALLOCATION-CONTRACT"].reason.isEnabled()
    assert _shown(rows["ALLOCATION-CONTRACT"].error) == tr("A waived document needs a reason")
    assert not screen.save_button.isEnabled()  # waived without a reason blocks
    before = _requests(station)
    screen.save()
    assert _requests(station) == before
    type_text(rows["ALLOCATION-CONTRACT"].reason, "العقد لدى المؤسسة")
    assert _shown(rows["ALLOCATION-CONTRACT"].error) == ""
    assert screen.save_button.isEnabled()
    _choose(rows["POWER-OF-ATTORNEY"].state, "copy_kept")
    screen.save_button.click()
    assert _requests(station) == before + 1
    receipt = screen.done.number.text()
    from counter_app.services.requests import show_request

    shown = show_request(station.ctx, station.admin, receipt)
    assert shown.service_code == "GEH-ARCHITECTURAL-PLAN"
    assert shown.fields["copies"] == 2 and shown.fields["property_number"] == "١٢٣/ب"
    assert any(
        j.kind == "receipt" and j.ref == receipt for j in list_jobs(station.ctx, station.admin)
    )


def test_reason_is_only_for_waived_documents(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    row = screen.checklist.rows[0]
    assert not row.reason.isEnabled()
    _choose(row.state, "waived")
    assert row.reason.isEnabled()
    _choose(row.state, "original_seen")
    assert not row.reason.isEnabled()
    assert screen.checklist.documents() == {
        "PERSONAL-ID": "original_seen",
        "POWER-OF-ATTORNEY": "missing",
    }


def test_printing_failure_still_saves_and_says_so(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    set_setting(station.ctx, station.admin, "printer.receipt", "file:/nonexistent/x.pdf")
    queue: list[int] = []
    ui_env.events.print_queue_changed.connect(lambda: queue.append(1))
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    _fill_valid(screen)
    before = _requests(station)
    screen.save_button.click()
    assert _requests(station) == before + 1
    receipt = screen.done.number.text()
    assert search(station.ctx, station.admin, receipt).hits[0].receipt_no == receipt
    message = screen.done.message.text()
    template = tr("Saved: {receipt}; printing failed: {error}; the receipt is in the print queue")
    for part in template.format(receipt=receipt, error="\0").split("\0"):
        assert part in message
    assert "قائمة الطباعة" in message  # the print error itself, in Arabic
    assert screen.done.message.property("role") == "error"
    pending = list_jobs(station.ctx, station.admin, pending_only=True)
    assert [(j.kind, j.ref, j.state) for j in pending] == [("receipt", receipt, "failed")]
    assert queue == [1]


BAD_INPUT = [
    pytest.param("GEH-ARCHITECTURAL-PLAN", "copies", "خمسة", id="letters-in-number"),
    pytest.param("GEH-ARCHITECTURAL-PLAN", "copies", "٩", id="number-out-of-range"),
    pytest.param("MOI-MARRIAGE-STATEMENT", "marriage_date", "2026-02-30", id="impossible-date"),
    pytest.param("MOI-MARRIAGE-STATEMENT", "marriage_date", "٣٠/٠٢/٢٠٢٦", id="impossible-dmy"),
    pytest.param("MOI-MARRIAGE-STATEMENT", "marriage_date", "أمس", id="not-a-date"),
    pytest.param("MOI-MARRIAGE-STATEMENT", "spouse_national_id", "0102030405", id="nid-field-10"),
    pytest.param("GEH-ARCHITECTURAL-PLAN", "property_number", "١" * 31, id="over-long-text"),
    pytest.param(
        "MOSAL-NGO-NAME-INQUIRY",
        "ngo_name",
        "ج" * 151,
        id="over-long-organization",
        marks=SOCIAL_CENTER,  # a Social Affairs service: offered by that center only
    ),
    pytest.param("MOI-INDIVIDUAL-STATEMENT", "national_id", "٠١٠٢٠٣٠٤٠٥", id="nid-10-digits"),
    pytest.param("MOI-INDIVIDUAL-STATEMENT", "national_id", "0102030405x", id="nid-letters"),
    pytest.param("MOI-INDIVIDUAL-STATEMENT", "phone", "0112234567", id="landline-phone"),
    pytest.param("MOI-INDIVIDUAL-STATEMENT", "name", "فاطمة ٢", id="digits-in-name"),
]


def _input(screen: IntakeScreen, key: str) -> FieldInput:
    citizen = {"national_id": screen.citizen.nid, "name": screen.citizen.name}
    citizen["phone"] = screen.citizen.phone
    return citizen.get(key) or _fields(screen)[key]


def _assert_blocked(screen: IntakeScreen, field: FieldInput, station: Station) -> None:
    message = _shown(field.error)
    assert message, "no inline message"
    assert field.error.property("role") == "error"
    assert not screen.save_button.isEnabled()
    assert screen.todo.text() == tr_n("{n} entries still need attention", 1).format(n=1)
    before = _requests(station)
    screen.save()  # even called directly, nothing is written
    screen._save_requested()
    assert _requests(station) == before
    assert screen.pages.currentIndex() == FORM


@pytest.mark.parametrize(("code", "key", "bad"), BAD_INPUT)
def test_bad_input_is_refused_inline(
    ui_env: UiEnv, station: Station, qtbot: QtBot, code: str, key: str, bad: str
) -> None:
    screen = _screen(ui_env, qtbot, code)
    _fill_valid(screen)
    assert screen.save_button.isEnabled()
    field = _input(screen, key)
    assert isinstance(field.editor, QLineEdit)
    retype(field.editor, bad)
    assert field.editor.text() == bad  # typed as is: nothing is silently cut or changed
    _assert_blocked(screen, field, station)
    assert _requests(station) == 0


@pytest.mark.parametrize("key", ["name", "zone"])
@pytest.mark.parametrize("bad", ["\x00", "\u202e"])
def test_pasted_control_characters_are_refused(
    ui_env: UiEnv, station: Station, qtbot: QtBot, key: str, bad: str
) -> None:
    screen = _screen(ui_env, qtbot, "GEH-PROPERTY-DATA")
    _fill_valid(screen)
    field = _input(screen, key)
    assert isinstance(field.editor, QLineEdit)
    QGuiApplication.clipboard().setText(f"نص{bad}ملصوق")
    field.editor.selectAll()
    field.editor.paste()
    assert bad in field.editor.text()
    _assert_blocked(screen, field, station)
    expected = ValidationError(N_("{field}: contains control characters that cannot be stored"))
    assert tr(expected.message).split("{field}")[-1].strip() in _shown(field.error)


def test_required_messages_appear_once_the_clerk_was_there(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot, "MOI-CRIMINAL-RECORD")
    mother = _fields(screen)["mother_name"]
    assert _shown(mother.error) == ""  # untouched: no shouting at an empty form
    type_text(mother.editor, "هدى")
    retype(mother.editor, "")
    assert "اسم الأم" in _shown(mother.error)  # the catalog label, in Arabic
    _fill_valid(screen)
    purpose = _fields(screen)["purpose"]
    assert isinstance(purpose.editor, QComboBox)
    purpose.editor.setCurrentIndex(0)  # back to "choose"
    assert "الغاية من الوثيقة" in _shown(purpose.error)
    assert not screen.save_button.isEnabled()
    assert _requests(station) == 0


def test_ctrl_s_on_an_incomplete_form_shows_every_problem(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    screen._save_requested()
    for field in screen.citizen.inputs():
        assert _shown(field.error)
    assert screen.focusWidget() is screen.citizen.nid.editor


control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_duplicate_is_warned_not_blocked(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    _fill_valid(screen)
    screen.save_button.click()
    first = screen.done.number.text()
    assert _shown(screen.done.warning) == ""
    screen.activateWindow()
    qtbot.waitActive(screen)
    QTest.keyClick(screen, Qt.Key.Key_N, control_shift)  # "New request for the same citizen"
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == FORM)  # a button's key clicks soon
    assert screen.citizen.values() == (NID_ARABIC, NAME, PHONE)  # the same citizen
    assert all(f.is_blank() for f in screen.fields)
    assert not screen.has_unsaved_input()
    _fill_valid(screen, citizen=False)
    screen.save_button.click()
    second = screen.done.number.text()
    assert second != first and _requests(station) == 2
    assert first in _shown(screen.done.warning)
    assert screen.done.warning.property("role") == "error"


def test_prefill_from_an_earlier_request(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    earlier = submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOI-INDIVIDUAL-STATEMENT",
            NID,
            "خالد محمود الحلبي",
            "0933000111",
            {"purpose": "travel"},
            {"PERSONAL-ID": "original_seen"},
        ),
    ).receipt_no
    screen = _screen(ui_env, qtbot, "GEH-PROPERTY-DATA")
    type_text(screen.citizen.nid.editor, NID_ARABIC[:-1])
    assert screen.citizen.name.is_blank()  # ten digits: nothing looked up yet
    type_text(screen.citizen.nid.editor, NID_ARABIC[-1])
    assert screen.citizen.name.raw() == "خالد محمود الحلبي"
    assert screen.citizen.phone.raw() == "0933000111"
    assert earlier in _shown(screen.citizen.note)


def test_prefill_never_overwrites_what_was_typed(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            "MOI-INDIVIDUAL-STATEMENT",
            NID,
            "خالد",
            "0933000111",
            {"purpose": "travel"},
            {"PERSONAL-ID": "original_seen"},
        ),
    )
    screen = _screen(ui_env, qtbot, "GEH-PROPERTY-DATA")
    type_text(screen.citizen.name.editor, NAME)
    type_text(screen.citizen.nid.editor, NID)
    assert screen.citizen.name.raw() == NAME
    assert screen.citizen.phone.raw() == "0933000111"


def test_unknown_national_number_fills_nothing(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "GEH-PROPERTY-DATA")
    type_text(screen.citizen.nid.editor, NID)
    assert screen.citizen.name.is_blank() and _shown(screen.citizen.note) == ""


def test_has_unsaved_input(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-CRIMINAL-RECORD")
    assert not screen.has_unsaved_input()
    type_text(_fields(screen)["mother_name"].editor, "هدى")
    assert screen.has_unsaved_input()
    screen.reset(keep_citizen=False)
    assert not screen.has_unsaved_input()
    _choose(screen.checklist.rows[0].state, "original_seen")
    assert screen.has_unsaved_input()
    screen.reset(keep_citizen=False)
    type_text(screen.citizen.phone.editor, "0944")
    assert screen.has_unsaved_input()
    _fill_valid(screen, citizen=False)
    screen.save_button.click()  # the phone is incomplete: nothing saved, still unsaved
    assert screen.has_unsaved_input()


def test_a_service_refusal_is_shown_inline(
    ui_env: UiEnv, station: Station, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import counter_app.ui.screens.intake as intake_module

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValidationError(N_("The document checklist is incomplete"))

    monkeypatch.setattr(intake_module, "submit_request", refuse)
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    _fill_valid(screen)
    screen.save_button.click()
    assert _shown(screen.form_error) == tr("The document checklist is incomplete")
    assert screen.pages.currentIndex() == FORM and screen.save_button.isEnabled()
    assert screen.has_unsaved_input()


@SOCIAL_CENTER
def test_start_before_the_catalog_is_loaded(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = IntakeScreen(ui_env)
    qtbot.addWidget(screen)
    screen.start("MOSAL-COMPLAINT-LABOUR")
    assert screen.service is not None and screen.service.code == "MOSAL-COMPLAINT-LABOUR"
    assert [f.key for f in screen.fields] == ["employer", "subject", "details", "employment_start"]


def _active(ui_env: UiEnv, qtbot: QtBot, code: str) -> IntakeScreen:
    screen = _screen(ui_env, qtbot, code)
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.start(code)
    qtbot.waitUntil(screen.citizen.nid.editor.hasFocus)
    return screen


def test_tab_order_follows_the_form(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    chain: list[QWidget] = []
    widget: QWidget | None = screen.service_box.nextInFocusChain()
    while widget is not None and widget is not screen.service_box and len(chain) < 200:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(screen):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    expected: list[QWidget] = [f.editor for f in screen.citizen.inputs()]
    expected += [f.editor for f in screen.fields]
    expected += [screen.checklist.tick_all_button, *screen.checklist.focus_chain()]
    expected += [screen.fee.method, screen.fee.receipt.editor]  # the paper's last block
    assert [chain.index(w) for w in expected] == list(range(len(expected)))
    assert chain.index(screen.save_button) > chain.index(expected[-1])


def test_keyboard_only_intake(ui_env: UiEnv, station: Station, qtbot: QtBot) -> None:
    """Enter moves to the next field; Ctrl+S saves and prints; Enter starts the next one."""
    screen = _active(ui_env, qtbot, "MOI-INDIVIDUAL-STATEMENT")
    control = Qt.KeyboardModifier.ControlModifier
    for field, value in zip(screen.citizen.inputs(), (NID_ARABIC, NAME, PHONE), strict=True):
        assert screen.focusWidget() is field.editor
        type_text(field.editor, value)
        press(field.editor, Qt.Key.Key_Return)
    purpose = _fields(screen)["purpose"].editor
    assert screen.focusWidget() is purpose
    type_text(purpose, "س")
    QTest.keyClick(purpose, Qt.Key.Key_S, control)  # not yet: the ID card is not ticked
    assert _requests(station) == 0 and screen.pages.currentIndex() == FORM
    state = screen.checklist.rows[0].state
    state.setFocus()
    type_text(state, tr("original_seen")[0])
    assert state.currentData() == "original_seen"
    QTest.keyClick(state, Qt.Key.Key_S, control)
    assert _requests(station) == 1 and screen.pages.currentIndex() == DONE
    assert screen.focusWidget() is screen.next_citizen
    press(screen.next_citizen, Qt.Key.Key_Return)  # the default: the next citizen
    assert screen.pages.currentIndex() == FORM and screen.citizen.nid.is_blank()
    assert screen.focusWidget() is screen.citizen.nid.editor


def test_english_labels(ui_env: UiEnv, qtbot: QtBot) -> None:
    ui_env.language = "en"
    screen = _screen(ui_env, qtbot, "MOI-CRIMINAL-RECORD")
    assert screen.service_box.currentText() == "Criminal record certificate"
    assert _fields(screen)["mother_name"].label == "Mother's name *"
    assert screen.checklist.rows[0].name.text() == "Personal ID card"
    field = _fields(screen)["mother_name"]
    type_text(field.editor, "x")
    retype(field.editor, "")
    assert "Mother's name" in _shown(field.error)


def test_only_the_centers_services_are_listed(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)  # a Mazzeh station: no Social Affairs services
    codes = [screen.service_box.itemData(i) for i in range(1, screen.service_box.count())]
    assert "MOI-INDIVIDUAL-STATEMENT" in codes and "MOAD-ID-CARD-CERTIFICATION" in codes
    assert not [c for c in codes if c.startswith("MOSAL-")]
    screen.start("MOSAL-COMPLAINT-LABOUR")  # asked for anyway (a complaint's link): not taken
    assert screen.service is None and screen.service_box.currentIndex() == 0
