"""The unfiled queue: scanned pages that could not be filed on their own (no cover sheet before
them, a cover that did not read, or a request this station does not have), as thumbnails.

The archive clerk selects pages (Ctrl/Shift for several, in order), names the request (its
cover sheet scanned, or the receipt number typed) and optionally the checklist slot, and files
them as one document. A misread is never guessed: a person decides here.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.catalog import Catalog
from counter_app.domain.errors import N_
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import GRANTS, Permission, Role
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.scan_records import REASON_WORDS, UnfiledPageView
from counter_app.services.scan_unfiled import (
    AssignResult,
    assign_unfiled,
    list_unfiled,
    unfiled_thumbnail,
)
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Latest, document_name, local_time
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.theme import set_role

LIMIT = 300
THUMB_WIDTH = 160
REF_LIMIT = 40
DOC_LIMIT = 40


def unfiled_with_thumbnails(ctx: AppContext, actor: Actor) -> list[tuple[UnfiledPageView, bytes]]:
    """The queue with each page rendered small (PNG), off the GUI thread."""
    return [
        (page, unfiled_thumbnail(ctx, actor, page.id, width=THUMB_WIDTH))
        for page in list_unfiled(ctx, actor, limit=LIMIT)
    ]


class UnfiledScreen(Screen):
    key: ClassVar[str] = "unfiled"
    group: ClassVar[str] = "archive"
    title: ClassVar[str] = N_("Unfiled pages")
    shortcut: ClassVar[str | None] = "Shift+F5"
    roles: ClassVar[frozenset[Role]] = GRANTS[Permission.MANAGE_ARCHIVE]

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.pages: dict[int, UnfiledPageView] = {}
        self.grid = QListWidget()
        self.grid.setObjectName("unfiled-pages")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42)))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setWordWrap(True)
        self.grid.setSpacing(8)
        self.grid.itemSelectionChanged.connect(self._enable)
        self.count_label = QLabel()
        self.count_label.setObjectName("unfiled-count")
        self.ref = QLineEdit()
        self.ref.setObjectName("unfiled-ref")
        self.ref.setMaxLength(REF_LIMIT)
        self.ref.setPlaceholderText(tr("Scan the request's cover sheet or type its receipt number"))
        self.doc = QLineEdit()
        self.doc.setObjectName("unfiled-doc")
        self.doc.setMaxLength(DOC_LIMIT)
        self.doc.setPlaceholderText(tr("Document code (empty: chosen as filing would)"))
        self.assign_button = QPushButton(tr("File the selected pages"))
        self.assign_button.setObjectName("unfiled-assign")
        self.assign_button.clicked.connect(self.assign)
        self.ref.returnPressed.connect(self.assign)
        self.message = QLabel()
        self.message.setObjectName("unfiled-message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        ref_label = QLabel(tr("Request"))
        ref_label.setBuddy(self.ref)
        doc_label = QLabel(tr("Document"))
        doc_label.setBuddy(self.doc)
        form.addRow(ref_label, self.ref)
        form.addRow(doc_label, self.doc)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.grid, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.grid, self.ref)
        QWidget.setTabOrder(self.ref, self.doc)
        QWidget.setTabOrder(self.doc, self.assign_button)
        self._enable()

    def activate(self) -> None:
        self.refresh()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx = self.latest.next(), self.env.ctx
        self.env.ops.run(
            lambda: unfiled_with_thumbnails(ctx, self.env.actor),
            lambda rows: self._show(seq, rows),
            lambda exc: self.show_error(self.message, exc),
            label=tr("Loading the unfiled pages…"),
            parent=self,
        )

    def _show(self, seq: int, rows: list[tuple[UnfiledPageView, bytes]]) -> None:
        if not self.latest.is_current(seq):
            return
        tz = self.env.ctx.calendar.tz
        self.grid.clear()
        self.pages = {}
        for page, png in rows:
            self.pages[page.id] = page
            reason = tr(REASON_WORDS.get(page.reason, page.reason))
            caption = tr("{file}, page {page}").format(file=page.filename, page=page.page)
            item = QListWidgetItem(QIcon(QPixmap.fromImage(QImage.fromData(png))), "")
            item.setText(f"{caption}\n{reason}")
            item.setToolTip(
                "\n".join(
                    x
                    for x in (caption, reason, page.code or "", local_time(page.created_at, tz))
                    if x
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            self.grid.addItem(item)
        self.count_label.setText(tr_n("{n} pages wait for a person", len(rows)).format(n=len(rows)))
        self._enable()

    def selected_ids(self) -> list[int]:
        """Selected pages in the order they were scanned (their order in the queue)."""
        chosen = {int(i.data(Qt.ItemDataRole.UserRole)) for i in self.grid.selectedItems()}
        return [pid for pid in self.pages if pid in chosen]

    def _enable(self) -> None:
        self.assign_button.setEnabled(bool(self.grid.selectedItems()))

    def take_scan(self, code: str) -> bool:
        """A cover sheet scanned here names the request the selected pages belong to."""
        if not ReceiptNumber.looks_like(code):
            return False
        self.ref.setText(code.strip())
        self.doc.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def assign(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.setText(tr("Select the pages to file first."))
            return
        env, ref, doc = self.env, self.ref.text(), self.doc.text().strip()

        english = env.language == "en"

        def done(answer: tuple[AssignResult, Catalog | None]) -> None:
            result, catalog = answer
            set_role(self.message, None)
            self.message.setText(
                tr_n("{n} pages filed under {receipt} ({doc}).", len(result.page_ids)).format(
                    n=len(result.page_ids),
                    receipt=result.receipt_no,
                    doc=document_name(result.doc_type, catalog, english),
                )
            )
            self.ref.clear()
            self.doc.clear()
            env.events.request_changed.emit(result.receipt_no)
            self.refresh()

        self.message.clear()
        self.env.ops.run(
            lambda: (
                assign_unfiled(env.ctx, env.actor, ids, ref, doc_type=doc or None),
                active_catalog(env.ctx),
            ),
            done,
            lambda exc: self.show_error(self.message, exc),
            parent=self,
        )
