"""Reception: find a service as you type (Arabic folded) among the center's services grouped
by agency, see what to bring, print the slip, send the citizen to a counter, start the
intake."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.domain.roles import Role
from counter_app.services.printing import list_jobs
from counter_app.services.settings import set_setting
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.reception import ReceptionScreen
from counter_app.ui.theme import GROUP_ROLE
from tests.conftest import ANY_CENTER, SOCIAL_CENTER, Station
from tests.printing.readback import pdf_text
from tests.ui.keys import press, retype, type_text


def _screen(ui_env: UiEnv, qtbot: QtBot) -> ReceptionScreen:
    screen = ReceptionScreen(ui_env)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    return screen


def _codes(screen: ReceptionScreen) -> list[str]:
    """The services listed, in order (agency headings left out)."""
    items = (screen.results.item(i) for i in range(screen.results.count()))
    return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.data(GROUP_ROLE) is None]


def _rows(screen: ReceptionScreen) -> list[str]:
    """Every row as shown: "# agency" for a heading, else the service code."""
    out = []
    for row in range(screen.results.count()):
        item = screen.results.item(row)
        group = item.data(GROUP_ROLE)
        out.append(f"# {group}" if group else str(item.data(Qt.ItemDataRole.UserRole)))
    return out


def _cell(screen: ReceptionScreen, row: int, column: int) -> str:
    item = screen.documents.item(row, column)
    assert item is not None
    return item.text()


def test_catalog_is_listed_and_filtered_as_you_type(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    everything = _codes(screen)
    assert len(everything) == 17 and "MOI-CRIMINAL-RECORD" in everything  # Mazzeh's 17
    type_text(screen.search, "مخطط")
    assert _codes(screen) == ["GEH-ARCHITECTURAL-PLAN", "GEH-SITE-PLAN"]
    retype(screen.search, "السجل")
    assert _codes(screen) == ["MOI-CRIMINAL-RECORD"]


def test_search_folds_arabic_spelling_and_reads_both_languages(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    # hamza on alef, taa marbuta and tashkeel are folded on both sides
    type_text(screen.search, "السِّجلّ العدلى")
    assert _codes(screen) == ["MOI-CRIMINAL-RECORD"]
    retype(screen.search, "تصديق البطاقه الذاتيه")  # catalog: "تصديق البطاقة الذاتية"
    assert _codes(screen) == ["MOAD-ID-CARD-CERTIFICATION"]
    retype(screen.search, "criminal")
    assert _codes(screen) == ["MOI-CRIMINAL-RECORD"]
    retype(screen.search, "geh-site")  # by code
    assert _codes(screen) == ["GEH-SITE-PLAN"]
    retype(screen.search, "الاسكان")  # by agency: المؤسسة العامة للإسكان
    assert _codes(screen) and all(c.startswith("GEH-") for c in _codes(screen))
    retype(screen.search, "لا يوجد شيء كهذا")
    assert _codes(screen) == []
    assert not screen.print_button.isEnabled()


def test_services_are_grouped_under_their_agency_and_only_the_centers(
    ui_env: UiEnv, qtbot: QtBot
) -> None:
    screen = _screen(ui_env, qtbot)
    rows = _rows(screen)
    headings = [r[2:] for r in rows if r.startswith("# ")]
    assert headings == ["GEH", "MOI", "MOAD", "BANK"]  # the catalog's order; no empty agency
    for heading, following in itertools.pairwise(rows):
        if heading.startswith("# "):
            assert following.startswith(heading[2:])  # each service under its own agency
    assert not any(r.startswith("MOSAL-") for r in rows)  # Social Affairs: not at Mazzeh
    header = screen.results.item(0)
    assert header.text() == "المؤسسة العامة للإسكان"
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable  # a heading is never chosen
    assert screen.selected_code() == "GEH-PROPERTY-DATA"  # the first service, not the heading
    # The arrow keys step over a heading: from the last housing service to the first MOI one.
    last_geh = max(r for r, code in enumerate(rows) if code.startswith("GEH-"))
    screen.results.setCurrentRow(last_geh)
    screen.results.setFocus()
    press(screen.results, Qt.Key.Key_Down)
    assert str(screen.selected_code()).startswith("MOI-")
    press(screen.results, Qt.Key.Key_Up)
    assert screen.selected_code() == rows[last_geh]
    # Searching keeps the headings of the agencies that still have a match.
    type_text(screen.search, "بيان")
    assert {r for r in _rows(screen) if r.startswith("# ")} == {"# GEH", "# MOI"}


@SOCIAL_CENTER
def test_the_social_affairs_center_lists_its_own_services(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    rows = _rows(screen)
    assert rows[0] == "# MOSAL" and all(r.startswith("MOSAL-") for r in rows[1:])
    assert len(rows) == 1 + 15
    type_text(screen.search, "اشهار جمعيه")  # catalog: "إشهار جمعية أهلية"
    assert _codes(screen) == ["MOSAL-NGO-REGISTRATION"]


@ANY_CENTER
def test_a_center_the_catalog_does_not_name_lists_every_agency(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    headings = [r[2:] for r in _rows(screen) if r.startswith("# ")]
    assert headings == ["GEH", "MOI", "MOAD", "MOSAL", "BANK"]  # the catalog's agency order


def test_details_show_agency_documents_fields_sla_and_fee(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    type_text(screen.search, "السجل العدلي")
    assert screen.selected_code() == "MOI-CRIMINAL-RECORD"
    assert screen.heading.text() == "السجل العدلي"
    summary = screen.summary.text()
    assert "وزارة الداخلية" in summary and "5,000" in summary
    assert tr_n("{n} working days", 2).format(n=2) in summary
    docs = [_cell(screen, r, 0) for r in range(screen.documents.rowCount())]
    assert docs == ["البطاقة الشخصية", "وكالة قانونية"]
    assert _cell(screen, 0, 1) == tr("original_seen") == "الاطلاع على الأصل"
    assert "اسم الأم" in screen.fields.text()
    assert f"الجهة المطلوب إليها ({tr('optional')})" in screen.fields.text()


def test_english_names_when_the_clerk_works_in_english(ui_env: UiEnv, qtbot: QtBot) -> None:
    ui_env.language = "en"
    screen = _screen(ui_env, qtbot)
    type_text(screen.search, "السجل")
    assert [screen.results.item(r).text() for r in range(screen.results.count())] == [
        "Ministry of Interior",  # the agency's heading, in English too
        "Criminal record certificate",
    ]
    assert "Ministry of Interior" in screen.summary.text()


def test_slip_printing_lands_a_job_in_the_queue(
    ui_env: UiEnv, station: Station, qtbot: QtBot, tmp_path: Path
) -> None:
    queue_changes: list[int] = []
    ui_env.events.print_queue_changed.connect(lambda: queue_changes.append(1))
    ui_env.actor = replace(ui_env.actor, role=Role.RECEPTION)  # the inquiry desk
    screen = _screen(ui_env, qtbot)
    type_text(screen.search, "مخطط موقع")
    assert _codes(screen) == ["GEH-SITE-PLAN"]
    press(screen.search, Qt.Key.Key_Return)  # Enter: to the results (no intake here)
    assert screen.focusWidget() is screen.results
    press(screen.results, Qt.Key.Key_Return)  # Enter on a result: to "Counter / ticket"
    assert screen.focusWidget() is screen.route
    type_text(screen.route, "الكوة ٣")
    assert "الكوة ٣" in screen.route_note.text()
    press(screen.route, Qt.Key.Key_Return)  # Enter there prints
    jobs = list_jobs(station.ctx, station.admin)
    assert [(j.kind, j.ref, j.state) for j in jobs] == [("slip", "GEH-SITE-PLAN", "sent")]
    assert tr("The slip was sent to the printer.") in screen.message.text()
    assert "الكوة ٣" in screen.message.text()
    assert queue_changes == [1]
    # The route is printed on the slip itself (kept with the job, so a retry prints it too).
    [printed] = sorted((tmp_path / "printed").glob("*.pdf"))
    text = pdf_text(printed.read_bytes())
    assert "الكوة ٣" in text


def test_a_failing_printer_says_the_slip_waits_in_the_queue(
    ui_env: UiEnv, station: Station, qtbot: QtBot
) -> None:
    set_setting(station.ctx, station.admin, "printer.slip", "file:/nonexistent/x.pdf")
    screen = _screen(ui_env, qtbot)
    type_text(screen.search, "السجل")
    screen.print_button.click()
    assert "قائمة الطباعة" in screen.message.text()  # "the job is kept in the print queue"
    assert screen.message.property("role") == "error"
    jobs = list_jobs(station.ctx, station.admin, pending_only=True)
    assert [(j.kind, j.ref, j.state) for j in jobs] == [("slip", "MOI-CRIMINAL-RECORD", "failed")]


def test_route_with_control_characters_is_refused(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    screen.route.insert("كوة\u202e3")  # pasted: typing cannot produce it
    assert screen.route_text() is None
    assert screen.route_note.property("role") == "error"


def test_start_intake_emits_the_service_code(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    type_text(screen.search, "بيان فردي")
    with qtbot.waitSignal(screen.start_intake) as signal:
        screen.intake_button.click()
    assert signal.args == ["MOI-INDIVIDUAL-STATEMENT"]


def test_enter_on_the_only_match_starts_its_intake(ui_env: UiEnv, qtbot: QtBot) -> None:
    screen = _screen(ui_env, qtbot)
    emitted: list[str] = []
    screen.start_intake.connect(emitted.append)
    type_text(screen.search, "بيان")  # several statements: Enter goes to the list to choose
    assert len(_codes(screen)) > 1
    press(screen.search, Qt.Key.Key_Return)
    assert emitted == [] and screen.focusWidget() is screen.results
    screen.search.setFocus()
    retype(screen.search, "فردي")  # one service: Enter starts it
    assert _codes(screen) == ["MOI-INDIVIDUAL-STATEMENT"]
    press(screen.search, Qt.Key.Key_Return)
    assert emitted == ["MOI-INDIVIDUAL-STATEMENT"]
    retype(screen.search, "لا توجد خدمة كهذه")  # none: Enter does nothing
    press(screen.search, Qt.Key.Key_Return)
    assert emitted == ["MOI-INDIVIDUAL-STATEMENT"]


def test_receptionists_cannot_start_an_intake(ui_env: UiEnv, qtbot: QtBot) -> None:
    ui_env.actor = replace(ui_env.actor, role=Role.RECEPTION)
    screen = _screen(ui_env, qtbot)
    assert not screen.intake_button.isVisible()
    type_text(screen.search, "بيان فردي")
    emitted: list[str] = []
    screen.start_intake.connect(emitted.append)
    screen._start_intake()
    assert emitted == []
    retype(screen.search, "فردي")  # the only match: Enter still goes to the list
    press(screen.search, Qt.Key.Key_Return)
    assert emitted == [] and screen.focusWidget() is screen.results
