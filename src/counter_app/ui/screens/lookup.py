"""Find a request: one box for a receipt number, a national number, a phone or a name.

Names are searched as the clerk types (after a 250 ms pause); anything is searched at once on
Enter. Every query carries a sequence number, so a slow answer never replaces a newer one. A
receipt number that finds its request opens it directly (a scanner types it and presses Enter).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.digits import normalize_digits
from counter_app.domain.errors import N_
from counter_app.domain.status import OPEN_STATUSES
from counter_app.services.catalog import active_catalog
from counter_app.services.search import (
    EXACT,
    MATCH_WORDS,
    SCREEN_LIMIT,
    SearchHit,
    SearchResult,
    cut_message,
    search,
)
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time, local_today, ltr
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen

LIMIT = SCREEN_LIMIT  # the service layer defines it, so benchmarks time the same page
DEBOUNCE_MS = 50  # results must show < 100 ms after the last key (a search takes a few ms)


def kind_text(kind: str) -> str:
    if kind == "receipt":
        return tr("by receipt number")
    if kind == "national_id":
        return tr("by national number")
    if kind == "phone":
        return tr("by phone number")
    return tr("by name")


def typeahead(text: str) -> bool:
    """Only names are searched while typing: a half-typed number is not a query yet."""
    raw = normalize_digits(text.strip())
    return len(raw) >= 2 and any(c.isalpha() for c in raw) and not any(c.isdigit() for c in raw)


def select_row(table: QTableView, row: int) -> None:
    """Make ``row`` current and selected. QTableView.selectRow does nothing in a right-to-left
    table whose columns do not fill its width (it looks for a column at the far edge)."""
    index = table.model().index(row, 0)
    if index.isValid():
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        table.selectionModel().setCurrentIndex(index, flags)


def make_table(model: RowsModel[Any]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    # Column widths from the first rows of the first results, then kept: measuring cells on
    # every keystroke's results would hold the GUI thread for tens of milliseconds.
    table.horizontalHeader().setResizeContentsPrecision(40)
    sized: list[bool] = []

    def fit_once() -> None:
        if not sized and model.rowCount():
            table.resizeColumnsToContents()
            sized.append(True)

    model.modelReset.connect(fit_once)
    return table


class LookupScreen(Screen):
    key: ClassVar[str] = "lookup"
    group: ClassVar[str] = "counter"
    title: ClassVar[str] = N_("Find a request")
    shortcut: ClassVar[str | None] = "F4"

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.query = ""
        self.english: dict[str, str] = {}
        self.box = QLineEdit()
        self.box.setObjectName("lookup-query")
        self.box.setPlaceholderText(tr("Receipt number, national number, phone or name"))
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(400)  # the service refuses over 200 and says so
        self.box.textEdited.connect(self._edited)
        self.box.returnPressed.connect(lambda: self.search_now(self.box.text()))
        self.box.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(lambda: self._run(self.box.text(), open_single=False))
        self.kind_label = QLabel()
        self.kind_label.setObjectName("lookup-kind")
        self.error_label = QLabel()
        self.error_label.setObjectName("lookup-error")
        self.error_label.hide()
        self.model: RowsModel[SearchHit] = RowsModel(
            self._columns(), marked=self._overdue, mark_tip=tr("Overdue"), parent=self
        )
        self.table = make_table(self.model)
        self.table.setObjectName("lookup-results")
        self.table.activated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.box)
        self.setTabOrder(self.box, self.table)
        env.events.request_changed.connect(self._request_changed)

    def _columns(self) -> list[Column[SearchHit]]:
        tz = self.env.ctx.calendar.tz
        return [
            Column(tr("Receipt number"), lambda h: h.receipt_no),
            Column(tr("Name"), lambda h: h.name),
            Column(tr("National number"), lambda h: h.national_id),
            Column(tr("Phone"), lambda h: h.phone or ""),
            Column(tr("Service"), lambda h: self.english.get(h.service_code, h.service_name_ar)),
            Column(tr("Status"), lambda h: tr(h.status), status=lambda h: h.status),
            # Isolated: in a right-to-left cell "date time" would show as "time date".
            Column(tr("Received"), lambda h: ltr(local_time(h.received_at, tz))),
            Column(tr("Promised date"), lambda h: h.due_date.isoformat()),
            # Empty for a name as typed; "other spelling" / "one letter different" below them.
            Column(tr("Match"), lambda h: "" if h.match == EXACT else tr(MATCH_WORDS[h.match])),
        ]

    def _overdue(self, hit: SearchHit) -> bool:
        today = local_today(self.env.ctx.clock(), self.env.ctx.calendar.tz)
        return hit.status in OPEN_STATUSES and today > hit.due_date

    def activate(self) -> None:
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.box.selectAll()

    def search_now(self, text: str) -> None:
        """Search at once (Enter, or the main window's global search box)."""
        if self.box.text() != text:
            self.box.setText(text)
        self.timer.stop()
        self._run(text, open_single=True)

    def _edited(self, text: str) -> None:
        if not text.strip():
            self.timer.stop()
            self.latest.next()  # whatever is still running is no longer wanted
            self.query = ""
            self.model.set_rows([])
            self.kind_label.clear()
            self.error_label.hide()
        elif typeahead(text):
            self.timer.start()
        else:
            self.timer.stop()

    def _run(self, text: str, *, open_single: bool) -> None:
        seq = self.latest.next()
        ctx, english = self.env.ctx, self.env.language == "en"

        def work() -> tuple[SearchResult, dict[str, str]]:
            result = search(ctx, self.env.actor, text, limit=LIMIT)
            names = {s.code: s.name_en for s in active_catalog(ctx).services} if english else {}
            return result, names

        self.env.ops.run(
            work,
            lambda done: self._show(seq, text, done, open_single),
            lambda exc: self._failed(seq, exc),
            label=tr("Searching…"),
            parent=self,
            progress=False,
        )

    def _show(
        self,
        seq: int,
        text: str,
        done: tuple[SearchResult, dict[str, str]],
        open_single: bool,
    ) -> None:
        if not self.latest.is_current(seq):
            return
        if self.timer.isActive() and self.box.text() != text:
            # Typed past already: the search of what the box says now starts within the
            # debounce. Painting this page would cost the GUI thread a fill (the table's
            # visible cells, 10-20 ms of CPU) that nobody gets to read.
            return
        result, self.english = done
        self.query = text
        self.error_label.hide()
        self.model.set_rows(result.hits)
        count = len(result.hits)
        if count == 0:
            message = tr("Nothing found ({kind})").format(kind=kind_text(result.kind))
        else:
            message = tr_n("{n} found ({kind})", count).format(n=count, kind=kind_text(result.kind))
        if result.cut:  # never cut silently: the person looked for may be further on
            cut = tr(cut_message(result)).format(shown=count, total=result.total)
            message += " — " + cut
        self.kind_label.setText(message)
        if count:
            select_row(self.table, 0)
        if open_single and result.kind == "receipt" and count == 1:
            self.env.open_request(result.hits[0].receipt_no)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if not self.latest.is_current(seq):
            return
        self.query = ""
        self.model.set_rows([])
        self.kind_label.clear()
        self.show_error(self.error_label, exc)

    def _open(self, index: QModelIndex) -> None:
        hit = self.model.row(index)
        if hit is not None:
            self.env.open_request(hit.receipt_no)

    def _request_changed(self, receipt: str) -> None:
        if self.query and any(h.receipt_no == receipt for h in self.model.rows):
            self._run(self.query, open_single=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rows:
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    select_row(self.table, 0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.box.text():
                self.box.clear()
                self._edited("")
                return True
        return super().eventFilter(watched, event)
