"""Reception (F2): the inquiry desk. Find a service as you type, tell the citizen what to
bring, print the required-documents slip, send them to a counter, or start the intake.

The list holds the services this station's center offers, under their agency's name (a
heading the arrow keys skip), agencies in the catalog's order.

Keys: type to search, Enter goes to the results, Enter on a result goes to "Counter / ticket",
Enter there prints the slip (also Ctrl+P); Ctrl+Enter starts the intake. When the search finds
exactly one service and the user may take requests, Enter in the search starts its intake at
once (the commonest path at a counter: one key fewer than Ctrl+Enter); the slip is still
Ctrl+P (or Tab to the list).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.arabic import clean_input_text, normalize_for_search, search_tokens
from counter_app.domain.catalog import Catalog, Service
from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.roles import GRANTS, Permission
from counter_app.services.catalog import active_catalog, offered_services
from counter_app.services.context import AppContext
from counter_app.services.printing import PrintJobView, print_document
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.theme import group_header, mark_primary, section_title
from counter_app.ui.widgets import (
    localized,
    on_enter_or_double_click,
    service_summary,
    show_message,
)

ROUTE_LIMIT = 30
# The article and the prepositions written joined to it: "الإسكان" must find "للإسكان".
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def strip_article(word: str) -> str:
    for prefix in _ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def search_key(catalog: Catalog, service: Service) -> str:
    """What a query is matched against: both names, the code and the agency's names, folded,
    each word also without its article."""
    agency = catalog.agency(service.agency)
    parts = [service.name_ar, service.name_en, service.code]
    if agency is not None:
        parts += [agency.name_ar, agency.name_en]
    words = normalize_for_search(" ".join(parts)).split(" ")
    return " ".join(words + [strip_article(w) for w in words])


def offered(ctx: AppContext) -> tuple[Catalog, tuple[Service, ...]]:
    """The active catalog and the services this station's center offers (off the GUI thread)."""
    return active_catalog(ctx), offered_services(ctx)


def by_agency(catalog: Catalog, services: list[Service]) -> list[tuple[str, list[Service]]]:
    """``services`` under their agency, agencies in the catalog's order (an agency the catalog
    does not list, after them), services in their own order."""
    groups: dict[str, list[Service]] = {}
    for svc in services:
        groups.setdefault(svc.agency, []).append(svc)
    order = [a.code for a in catalog.agencies]
    known = [code for code in order if code in groups]
    return [(code, groups[code]) for code in known + [c for c in groups if c not in order]]


class ReceptionScreen(Screen):
    key = "reception"
    group = "counter"
    title = N_("Reception")
    shortcut = "F2"

    start_intake = Signal(str)

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.catalog: Catalog | None = None
        self._index: list[tuple[Service, str]] = []
        self.search = QLineEdit()
        self.search.setObjectName("service-search")
        self.search.setPlaceholderText(tr("Find a service: name, code or agency"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.heading = QLabel()
        self.heading.setObjectName("screen-title")  # the service is what this screen is about
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.documents = QTableWidget(0, 2)
        self.documents.setObjectName("documents")
        self.documents.setHorizontalHeaderLabels([tr("Document"), tr("Requirement")])
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.verticalHeader().hide()
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.fields = QLabel()
        self.fields.setObjectName("fields")
        self.fields.setWordWrap(True)
        self.route = QLineEdit()
        self.route.setObjectName("route")
        self.route.setMaxLength(ROUTE_LIMIT)
        self.route.setPlaceholderText(tr("e.g. counter 3 or ticket 127"))
        self.route_note = QLabel()
        self.route_note.setObjectName("route-note")
        self.route_note.hide()
        self.print_button = QPushButton(tr("Print required-documents slip"))
        self.print_button.setObjectName("print-slip")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.setAutoDefault(True)
        mark_primary(self.print_button)
        self.intake_button = QPushButton(tr("Start intake"))
        self.intake_button.setObjectName("start-intake")
        self.intake_button.setToolTip("Ctrl+Enter")
        self.intake_button.setAutoDefault(True)
        self.may_take = env.actor.role in GRANTS[Permission.SUBMIT_REQUEST]
        self.intake_button.setVisible(self.may_take)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.hide()
        self._layout()
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._to_results)
        self.results.currentItemChanged.connect(self._show_current)
        on_enter_or_double_click(self.results, self.route.setFocus)
        self.route.textChanged.connect(self._route_changed)
        self.route.returnPressed.connect(self.print_slip)
        self.print_button.clicked.connect(self.print_slip)
        self.intake_button.clicked.connect(self._start_intake)
        for keys, slot in (("Ctrl+P", self.print_slip), ("Ctrl+Return", self._start_intake)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        QWidget.setTabOrder(self.search, self.results)
        QWidget.setTabOrder(self.results, self.route)
        QWidget.setTabOrder(self.route, self.print_button)
        QWidget.setTabOrder(self.print_button, self.intake_button)
        self._show(None)

    def _layout(self) -> None:
        finder = QVBoxLayout()
        finder.addWidget(self.search)
        finder.addWidget(self.results, 1)
        details = QVBoxLayout()
        details.addWidget(self.heading)
        details.addWidget(self.summary)
        details.addWidget(section_title(tr("Required documents")))
        details.addWidget(self.documents, 1)
        details.addWidget(section_title(tr("Information you will be asked for")))
        details.addWidget(self.fields)
        route = QFormLayout()
        label = QLabel(tr("Counter / ticket"))
        label.setBuddy(self.route)
        route.addRow(label, self.route)
        route.addRow("", self.route_note)
        details.addLayout(route)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.intake_button)
        buttons.addStretch(1)
        details.addLayout(buttons)
        details.addWidget(self.message)
        row = QHBoxLayout(self)
        row.addLayout(finder, 2)
        row.addLayout(details, 3)

    # catalog and search ----------------------------------------------------------------------
    def activate(self) -> None:
        if self.catalog is None:
            self.env.ops.run(
                lambda: offered(self.env.ctx),
                self._loaded,
                lambda exc: self.show_error(self.message, exc),
            )
        self.search.setFocus()

    def _loaded(self, loaded: tuple[Catalog, tuple[Service, ...]]) -> None:
        self.catalog, services = loaded
        self._index = [(s, search_key(self.catalog, s)) for s in services]
        self._filter()

    def matching(self, query: str) -> list[Service]:
        """Services whose folded names, code or agency contain every word of the query."""
        tokens = search_tokens(query)
        return [
            svc
            for svc, key in self._index
            if all(t in key or strip_article(t) in key for t in tokens)
        ]

    def _filter(self) -> None:
        current = self.selected_code()
        self.results.clear()
        lang = self.env.language
        first: QListWidgetItem | None = None
        catalog = self.catalog
        matches = self.matching(self.search.text())
        for code, services in by_agency(catalog, matches) if catalog is not None else ():
            agency = catalog.agency(code) if catalog is not None else None
            name = localized(lang, agency.name_ar, agency.name_en) if agency else code
            self.results.addItem(group_header(name, code))
            for svc in services:
                item = QListWidgetItem(localized(lang, svc.name_ar, svc.name_en))
                item.setData(Qt.ItemDataRole.UserRole, svc.code)
                item.setToolTip(svc.code)
                self.results.addItem(item)
                first = first or item
                if svc.code == current:
                    self.results.setCurrentItem(item)
        if self.results.currentItem() is None and first is not None:
            self.results.setCurrentItem(first)
        if first is None:
            self._show(None)

    def _to_results(self) -> None:
        """Enter in the search: one service found by a clerk starts its intake; otherwise on
        to the results to choose (a receptionist, who takes no requests, always goes there)."""
        if self.may_take and len(self.matching(self.search.text())) == 1:
            self._start_intake()
        elif self.selected_code() is not None:
            self.results.setFocus()

    def selected_code(self) -> str | None:
        item = self.results.currentItem()
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(code) if code else None  # an agency's heading holds no service

    # details -------------------------------------------------------------------------------
    def _show_current(self) -> None:
        code = self.selected_code()
        self._show(self.catalog.service(code) if self.catalog and code else None)

    def _show(self, svc: Service | None) -> None:
        self.print_button.setEnabled(svc is not None)
        self.intake_button.setEnabled(svc is not None)
        self.documents.setRowCount(0)
        if svc is None or self.catalog is None:
            self.heading.setText(tr("No service selected") if self.catalog else "")
            self.summary.setText("")
            self.fields.setText("")
            return
        lang = self.env.language
        self.heading.setText(localized(lang, svc.name_ar, svc.name_en))
        description = localized(lang, svc.description_ar, svc.description_en)
        summary = service_summary(self.catalog, svc, lang)
        self.summary.setText(summary + (f"\n{description}" if description else ""))
        self.documents.setRowCount(len(svc.documents))
        for row, doc in enumerate(svc.documents):
            kind = self.catalog.document_type(doc.type)
            name = localized(lang, kind.name_ar, kind.name_en) if kind else doc.type
            self.documents.setItem(row, 0, QTableWidgetItem(name))
            self.documents.setItem(row, 1, QTableWidgetItem(tr(doc.requirement.value)))
        lines = []
        for fdef in svc.fields:
            label = localized(lang, fdef.label_ar, fdef.label_en)
            lines.append("• " + label + ("" if fdef.required else f" ({tr('optional')})"))
        self.fields.setText("\n".join(lines) or "—")

    def _route_changed(self) -> None:
        route = self.route_text()
        if route is None:
            text = tr("The counter / ticket contains characters that cannot be printed")
            show_message(self.route_note, text, error=True)
        else:
            text = tr("Send the citizen to: {route}").format(route=route) if route else ""
            show_message(self.route_note, text)

    def route_text(self) -> str | None:
        """The counter or ticket typed, cleaned; None when it holds control characters."""
        try:
            return clean_input_text(self.route.text(), field="route", max_length=ROUTE_LIMIT)
        except ValidationError:
            return None

    # actions -------------------------------------------------------------------------------
    def print_slip(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        env, route = self.env, self.route_text() or None
        self.message.hide()
        env.ops.run(
            lambda: print_document(env.ctx, env.printers, env.actor, "slip", code, note=route),
            self._printed,
            self._print_failed,
        )

    def _printed(self, _job: PrintJobView) -> None:
        route = self.route_text()
        text = tr("The slip was sent to the printer.")
        if route:
            text += " " + tr("Send the citizen to: {route}").format(route=route)
        show_message(self.message, text)
        self.env.events.print_queue_changed.emit()

    def _print_failed(self, exc: BaseException) -> None:
        self.show_error(self.message, exc)  # a failed send says the job waits in the queue
        self.env.events.print_queue_changed.emit()

    def _start_intake(self) -> None:
        code = self.selected_code()
        if code is not None and self.may_take:
            self.start_intake.emit(code)
