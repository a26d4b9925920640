"""New request (F3): the intake form generated from the catalog, saved and printed in one go.

The form follows the paper application: the service, then the citizen (national number, name,
mobile), the service's own fields in the catalog's order, the documents (only those that apply
to the fields' values, updated as they change) and, for a service with a fee, the fee.

Every value is checked as it is typed by the domain's parsers; "Save and print receipt"
(F12, Ctrl+S or Ctrl+Enter) is enabled only when nothing is wrong. The request is saved first,
then its receipt is printed through the print queue: a printer failure never loses a saved
request.

Keyboard: the focus starts on the first input that needs something. Enter moves on to the next
input that still needs something (an optional field left empty is skipped; Tab visits every
input); after the last one it goes to the save button, so a stray Enter never saves a
half-typed form. The national number and the mobile move on by themselves at their last digit.
On the documents, a row's number ticks it and "+" ticks them all (widgets/checklist.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.catalog import Catalog, Service
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.roles import Role
from counter_app.services.catalog import active_catalog, offered_services
from counter_app.services.clock_check import ClockWarning, check_clock
from counter_app.services.intake import IntakeInput, IntakeResult, submit_request
from counter_app.services.printing import PrintJobView, print_document
from counter_app.services.search import SearchResult, search
from counter_app.ui.env import UiEnv, error_text
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.widgets import ReceiptPanel, localized, service_summary, show_message
from counter_app.ui.widgets.checklist import ChecklistWidget
from counter_app.ui.widgets.fields import (
    CitizenBlock,
    EnterFilter,
    FeeBox,
    FieldInput,
    buddy_label,
    input_for,
    section_title,
)

FORM, DONE = 0, 1
SAVE_KEYS = ("F12", "Ctrl+S", "Ctrl+Return", "Ctrl+Enter")
# The service's refusals that concern the fee are shown under the fee box.
FEE_FIELDS = frozenset({"payment", "payment_amount", "bank_receipt_no"})


class IntakeScreen(Screen):
    key = "intake"
    title = N_("New request")
    shortcut = "F3"
    roles = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.catalog: Catalog | None = None
        self.service: Service | None = None
        self._pending: str | None = None
        self._loading = self._saving = False
        self._baseline = ("", "", "")
        self.service_box = QComboBox()
        self.service_box.setObjectName("service")
        self.service_box.installEventFilter(EnterFilter(self.service_box, self.focus_first_needed))
        self.service_info = QLabel()
        self.service_info.setWordWrap(True)
        self.citizen = CitizenBlock(env.language)
        self.fields: list[FieldInput] = []
        self.checklist = ChecklistWidget(env.language)
        self.fee = FeeBox(env.language)
        self.form_error = QLabel()
        self.form_error.setObjectName("form-error")
        self.form_error.hide()
        self.save_button = QPushButton(tr("Save and print receipt"))
        self.save_button.setObjectName("save")
        self.save_button.setProperty("primary", True)  # the style sheet fills the main action
        self.save_button.setToolTip("F12 / Ctrl+S")
        self.save_button.setAutoDefault(True)  # Enter on the focused button saves
        self.todo = QLabel()
        self.todo.setObjectName("todo")
        self.done = ReceiptPanel()
        self.next_citizen = self.done.add_button(tr("New request"), "Ctrl+N")
        self.same_citizen = self.done.add_button(
            tr("New request for the same citizen"), "Ctrl+Shift+N"
        )
        self.next_citizen.setDefault(True)
        # A wrong clock is said above everything, on the form and after saving: requests are
        # still taken (a center must keep working), but every receipt carries the date.
        self.clock_banner = QLabel()
        self.clock_banner.setObjectName("clock-warning")
        self.clock_banner.setWordWrap(True)
        self.clock_banner.setProperty("role", "warning")  # the style sheet's warning look
        self.clock_banner.hide()
        self.pages, self.form_page = QStackedWidget(), self._form_page()
        self.pages.addWidget(self.form_page)
        self.pages.addWidget(self.done)
        outer = QVBoxLayout(self)
        outer.addWidget(self.clock_banner)
        outer.addWidget(self.pages, 1)
        self.service_box.currentIndexChanged.connect(self._service_chosen)
        self.citizen.changed.connect(self._update)
        self.citizen.national_id_entered.connect(self._look_up)
        for field in self.citizen.inputs():
            field.entered.connect(partial(self._advance, field.editor))
        self.checklist.changed.connect(self._update)
        self.checklist.entered.connect(lambda: self._advance(self.focusWidget()))
        self.fee.changed.connect(self._update)
        self.fee.entered.connect(lambda: self._advance(self.focusWidget()))
        self.save_button.clicked.connect(self.save)
        self.next_citizen.clicked.connect(lambda: self.reset(keep_citizen=False))
        self.same_citizen.clicked.connect(lambda: self.reset(keep_citizen=True))
        for keys in SAVE_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._save_requested)
        self._update()

    def _form_page(self) -> QWidget:
        """The sections in the paper application's order, each under its heading."""
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(section_title(tr("Service")))
        top = QFormLayout()
        label = QLabel(tr("Service"))
        label.setBuddy(self.service_box)
        top.addRow(label, self.service_box)
        top.addRow("", self.service_info)
        column.addLayout(top)
        column.addWidget(self.citizen)
        self.fields_box = QWidget()
        self.fields_box.setObjectName("request-fields")
        fields_column = QVBoxLayout(self.fields_box)
        fields_column.setContentsMargins(0, 0, 0, 0)
        fields_column.addWidget(section_title(tr("Request details")))
        self.fields_form = QFormLayout()
        fields_column.addLayout(self.fields_form)
        column.addWidget(self.fields_box)
        documents = QWidget()
        documents.setObjectName("documents")
        documents_column = QVBoxLayout(documents)
        documents_column.setContentsMargins(0, 0, 0, 0)
        documents_column.addWidget(section_title(tr("Documents")))
        documents_column.addWidget(self.checklist)
        column.addWidget(documents)
        column.addWidget(self.fee)
        column.addWidget(self.form_error)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addWidget(scroll, 1)
        bar = QHBoxLayout()  # outside the scroll area: always in sight
        bar.addWidget(self.save_button)
        bar.addWidget(self.todo, 1)
        outer.addLayout(bar)
        return page

    # catalog and service -------------------------------------------------------------------
    def activate(self) -> None:
        env = self.env
        env.ops.run(
            lambda: check_clock(env.ctx),
            self._show_clock,
            # The check is advice: when it cannot run, the intake's own check still does.
            lambda _exc: None,
            progress=False,
        )
        if self.catalog is None and not self._loading:
            self._loading = True
            ctx = self.env.ctx
            self.env.ops.run(
                lambda: (active_catalog(ctx), offered_services(ctx)),
                lambda got: self._loaded(*got),
                self._failed,
            )

    def _loaded(self, catalog: Catalog, services: Sequence[Service] | None = None) -> None:
        """The catalog and the services this station's center offers (default: every active
        one): the list holds only those, as reception's does; intake refuses the others."""
        self._loading, self.catalog = False, catalog
        self.service_box.blockSignals(True)
        self.service_box.clear()
        self.service_box.addItem(tr("— choose —"), "")
        listed = services if services is not None else [s for s in catalog.services if s.active]
        for svc in listed:
            self.service_box.addItem(
                localized(self.env.language, svc.name_ar, svc.name_en), svc.code
            )
        self.service_box.blockSignals(False)
        if self._pending:
            self.start(self._pending)

    def start(self, service_code: str) -> None:
        """Open the form for a service (from reception, from complaints, or by the F3 key)."""
        if self.catalog is None:  # the catalog is still on its way: select it on arrival
            self._pending = service_code
            self.activate()
            return
        self._pending = None
        if self.pages.currentIndex() != FORM:
            self.reset(keep_citizen=False)
        self.service_box.setCurrentIndex(max(self.service_box.findData(service_code), 0))
        self.focus_first_needed()

    def _service_chosen(self) -> None:
        code = str(self.service_box.currentData() or "")
        catalog = self.catalog
        self.service = catalog.service(code) if catalog is not None and code else None
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.fields = []
        self.service_info.setText("")
        if self.service is not None and catalog is not None:
            lang = self.env.language
            self.service_info.setText(service_summary(catalog, self.service, lang))
            for fdef in self.service.fields:
                field = input_for(fdef, lang)
                field.changed.connect(self._fields_changed)
                field.entered.connect(partial(self._advance, field.editor))
                self.fields_form.addRow(buddy_label(field), field)
                self.fields.append(field)
        self.fields_box.setVisible(bool(self.fields))
        self.checklist.set_service(self.service, catalog)
        self.fee.set_service(self.service)
        chain: list[QWidget] = [self.service_box, *(f.editor for f in self.citizen.inputs())]
        chain += [f.editor for f in self.fields]
        chain += [self.checklist.tick_all_button, *self.checklist.focus_chain()]
        chain += [self.fee.method, self.fee.receipt.editor, self.save_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update()

    def _fields_changed(self) -> None:
        """The documents follow the fields' values (a choice such as the card's case)."""
        self.checklist.apply_fields({f.key: f.raw() for f in self.fields})
        self._update()

    # checking as the clerk types -------------------------------------------------------------
    def _inputs(self) -> list[FieldInput]:
        return [*self.citizen.inputs(), *self.fields, *self.fee.inputs()]

    def _stops(self) -> list[tuple[QWidget, bool]]:
        """The form's inputs in order, each with whether it still needs something."""
        stops: list[tuple[QWidget, bool]] = [
            (f.editor, not f.is_valid()) for f in [*self.citizen.inputs(), *self.fields]
        ]
        for row in self.checklist.shown():
            needs = row.problem() is not None
            stops.append((row.state, needs and not row.value()))
            if row.reason.isEnabled():  # waived: its reason is what is missing
                stops.append((row.reason, needs))
        if self.fee.service is not None:
            stops.append((self.fee.method, False))
            receipt = self.fee.receipt
            if receipt.editor.isEnabled():
                stops.append((receipt.editor, not receipt.is_valid()))
        return stops

    def _advance(self, current: QWidget | None) -> None:
        """Enter: on to the next input after ``current`` that still needs something; when
        none does, the save button (Enter there saves); else back to the first one that does."""
        if self.pages.currentIndex() != FORM:
            return
        stops = self._stops()
        widgets = [w for w, _ in stops]
        start = widgets.index(current) + 1 if current in widgets else 0
        later = [w for w, needs in stops[start:] if needs]
        if later:
            later[0].setFocus(Qt.FocusReason.TabFocusReason)
        elif self.save_button.isEnabled():
            self.save_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.focus_first_needed()

    def focus_first_needed(self) -> None:
        """The focus on the first input that still needs something (the service list when no
        service is chosen; the save button when nothing is missing)."""
        if self.service is None:
            self.service_box.setFocus()
            return
        needed = [w for w, needs in self._stops() if needs]
        if needed:
            needed[0].setFocus(Qt.FocusReason.TabFocusReason)
        elif self.save_button.isEnabled():
            self.save_button.setFocus(Qt.FocusReason.TabFocusReason)

    def problems(self) -> int:
        """How many inputs still keep the request from being saved."""
        invalid = sum(0 if f.is_valid() else 1 for f in self._inputs())
        return invalid + self.checklist.refresh() + (1 if self.service is None else 0)

    def _update(self) -> None:
        count = self.problems()
        self.save_button.setEnabled(count == 0 and not self._saving)
        self.form_page.setEnabled(not self._saving)  # no edits racing a save
        todo = tr_n("{n} entries still need attention", count).format(n=count)
        self.todo.setText(todo if count else "")

    def _look_up(self, nid: str) -> None:
        """Name and phone from the citizen's newest request, unless the clerk typed them."""
        self.env.ops.run(
            lambda: search(self.env.ctx, self.env.actor, nid, limit=1),
            partial(self._found, nid),
            partial(self.show_error, self.citizen.note),
            progress=False,  # the clerk keeps typing the name: never take the focus away
        )

    def _found(self, nid: str, result: SearchResult) -> None:
        if self.citizen.national_id() == nid and result.hits:
            hit = result.hits[0]
            filled = self.citizen.prefill(hit.receipt_no, hit.name, hit.phone)
            # The clerk waiting in a field just filled in (the number moved on to the name)
            # goes on to what still needs something; one typing elsewhere is left alone.
            if any(f.editor.hasFocus() for f in filled):
                self.focus_first_needed()

    def _save_requested(self) -> None:
        if self.pages.currentIndex() != FORM:
            return
        if self.save_button.isEnabled():
            self.save()
            return
        problems = [f for f in self._inputs() if not f.reveal()]  # every message shown
        first = next(iter(problems), None)
        if first is not None:
            first.editor.setFocus()

    # saving and printing ---------------------------------------------------------------------
    def save(self) -> None:
        if self.service is None or self._saving or self.problems():
            return
        nid, name, phone = self.citizen.values()
        fields = {f.key: f.raw() for f in self.fields if not f.is_blank()}
        documents = self.checklist.documents()
        payment = self.fee.payment()
        data = IntakeInput(self.service.code, nid, name, phone, fields, documents, payment)
        self._saving = True
        self._update()
        self.form_error.hide()
        self.fee.show_refusal("")
        env = self.env
        env.ops.run(
            lambda: submit_request(env.ctx, env.actor, data),
            self._saved,
            self._failed,
            label=tr("Saving…"),
            parent=self,
        )

    def _show_clock(self, warning: ClockWarning | None) -> None:
        if warning is not None:
            self.clock_banner.setText(warning.message(tr, self.env.ctx.calendar.tz))
        self.clock_banner.setVisible(warning is not None)

    def _failed(self, exc: BaseException) -> None:
        self._saving = self._loading = False
        lang = self.env.language
        problems: list[BaseException] = [exc]
        if isinstance(exc, ValidationError) and exc.problems:
            problems = list(exc.problems)
        fee = [p for p in problems if isinstance(p, ValidationError) and p.field in FEE_FIELDS]
        if not fee:
            self.show_error(self.form_error, exc)
        else:  # the fee's problems under the fee box, like a field's; the rest above
            self.fee.show_refusal("\n".join(error_text(p, lang) for p in fee))
            rest = "\n".join(error_text(p, lang) for p in problems if p not in fee)
            show_message(self.form_error, rest, error=True)
        self._update()

    def _saved(self, result: IntakeResult) -> None:
        self._saving = False
        self._show_clock(result.clock_warning)
        env, receipt = self.env, result.receipt_no
        self.done.number.setText(receipt)
        printing = tr("Saved: {receipt}; printing the receipt…")
        show_message(self.done.message, printing.format(receipt=receipt))
        warning = tr(
            "Warning: this citizen already has an open request for this service ({receipt})"
        )
        duplicates = ", ".join(result.warnings)
        warning = warning.format(receipt=duplicates) if duplicates else ""
        show_message(self.done.warning, warning, error=True)
        self.pages.setCurrentIndex(DONE)
        self.next_citizen.setFocus()
        env.events.request_changed.emit(receipt)
        env.ops.run(
            lambda: print_document(env.ctx, env.printers, env.actor, "receipt", receipt),
            partial(self._printed, receipt),
            partial(self._print_failed, receipt),
        )

    def _printed(self, receipt: str, _job: PrintJobView) -> None:
        text = tr("Saved: {receipt}; the receipt was sent to the printer")
        show_message(self.done.message, text.format(receipt=receipt))
        self.env.events.print_queue_changed.emit()

    def _print_failed(self, receipt: str, exc: BaseException) -> None:
        text = tr("Saved: {receipt}; printing failed: {error}; the receipt is in the print queue")
        error = error_text(exc, self.env.language)
        show_message(self.done.message, text.format(receipt=receipt, error=error), error=True)
        self.env.events.print_queue_changed.emit()

    # starting over ---------------------------------------------------------------------------
    def reset(self, *, keep_citizen: bool) -> None:
        """An empty form; "the same citizen" keeps the national number, name and phone."""
        for field in self.fields:
            field.clear()
        self.checklist.apply_fields({})
        self.checklist.reset()
        self.fee.reset()
        self.form_error.hide()
        if not keep_citizen:
            self.citizen.clear()
            self.citizen.note.hide()
        self._baseline = self.citizen.values()
        self.pages.setCurrentIndex(FORM)
        self._update()
        self.focus_first_needed()

    def has_unsaved_input(self) -> bool:
        """True while the form holds typed input that is not saved (the window asks first)."""
        if self.pages.currentIndex() != FORM:
            return False
        typed = any(not f.is_blank() for f in self.fields) or self.checklist.is_modified()
        typed = typed or self.fee.is_modified()
        return typed or self.citizen.values() != self._baseline
