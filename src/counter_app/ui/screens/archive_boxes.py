"""Boxes and shelves: where each paper file is kept.

Left, the boxes (code, shelf, how many files); right, what the chosen box holds. Below, a file
is put in a box or moved (its cover sheet scanned or its receipt or register number typed, then
the box) and every move is kept; "Where is it?" answers with register number, box and shelf.
A new box gets a label with its code as a barcode.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.archive_box import LABEL_LIMIT, SHELF_LIMIT
from counter_app.domain.errors import N_
from counter_app.domain.receipt import ReceiptNumber
from counter_app.domain.roles import GRANTS, Permission, Role
from counter_app.services.archive_boxes import (
    BoxContents,
    BoxFile,
    BoxView,
    FileLocationView,
    add_box,
    file_in_box,
    list_boxes,
    locate_file,
    show_box,
)
from counter_app.services.printing import PrintJobView, print_document
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row

CODE_LIMIT = 20
REF_LIMIT = 40


def location_text(where: FileLocationView) -> str:
    register = where.register_no or tr("not registered")
    if where.box is None:
        return tr("{receipt} ({register}): not in a box yet").format(
            receipt=where.receipt_no, register=register
        )
    return tr("{receipt} ({register}) is in box {box} on shelf {shelf}").format(
        receipt=where.receipt_no, register=register, box=where.box, shelf=where.shelf
    )


class BoxesScreen(Screen):
    key: ClassVar[str] = "boxes"
    group: ClassVar[str] = "archive"
    title: ClassVar[str] = N_("Boxes and shelves")
    shortcut: ClassVar[str | None] = "F11"
    roles: ClassVar[frozenset[Role]] = GRANTS[Permission.MANAGE_ARCHIVE]

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.current: BoxContents | None = None
        tz = env.ctx.calendar.tz
        self.boxes: RowsModel[BoxView] = RowsModel(
            [
                Column(tr("Box"), lambda b: b.code),
                Column(tr("Shelf"), lambda b: b.shelf),
                Column(tr("Label"), lambda b: b.label),
                Column(tr("Files"), lambda b: str(b.files)),
            ],
            parent=self,
        )
        self.box_table = make_table(self.boxes)
        self.box_table.setObjectName("box-list")
        self.contents: RowsModel[BoxFile] = RowsModel(
            [
                Column(tr("Receipt number"), lambda f: f.receipt_no),
                Column(tr("Register number"), lambda f: f.register_no or ""),
                Column(tr("Name"), lambda f: f.citizen_name),
                Column(tr("Since"), lambda f: local_time(f.since, tz)),
            ],
            parent=self,
        )
        self.file_table = make_table(self.contents)
        self.file_table.setObjectName("box-files")
        self.file_table.activated.connect(self._open)
        self.box_title = QLabel()
        self.box_title.setObjectName("box-title")

        self.ref = QLineEdit()
        self.ref.setObjectName("box-file-ref")
        self.ref.setMaxLength(REF_LIMIT)
        self.ref.setPlaceholderText(tr("Cover sheet, receipt or register number"))
        self.target = QLineEdit()
        self.target.setObjectName("box-file-box")
        self.target.setMaxLength(CODE_LIMIT)
        self.target.setPlaceholderText(tr("Box code (scan its label)"))
        self.file_button = QPushButton(tr("Put in box"))
        self.file_button.setObjectName("box-file")
        self.file_button.clicked.connect(self.put_in_box)
        self.locate_button = QPushButton(tr("Where is it?"))
        self.locate_button.setObjectName("box-locate")
        self.locate_button.clicked.connect(self.locate)
        self.ref.returnPressed.connect(self.target.setFocus)
        self.target.returnPressed.connect(self.put_in_box)

        self.new_code = QLineEdit()
        self.new_code.setObjectName("box-new-code")
        self.new_code.setMaxLength(CODE_LIMIT)
        self.new_shelf = QLineEdit()
        self.new_shelf.setObjectName("box-new-shelf")
        self.new_shelf.setMaxLength(SHELF_LIMIT)
        self.new_label = QLineEdit()
        self.new_label.setObjectName("box-new-label")
        self.new_label.setMaxLength(LABEL_LIMIT)
        self.add_button = QPushButton(tr("Add box and print its label"))
        self.add_button.setObjectName("box-add")
        self.add_button.clicked.connect(self.add)
        self.label_button = QPushButton(tr("Print label"))
        self.label_button.setObjectName("box-label")
        self.label_button.clicked.connect(self.print_label)
        self.message = QLabel()
        self.message.setObjectName("box-message")
        self.message.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.box_title, 1)
        title_row.addWidget(self.label_button)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.file_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.box_table)
        split.addWidget(right)
        split.setSizes([1, 1])  # equal halves: the box list has four columns to show

        place = QGroupBox(tr("Put a file in a box"))
        place_form = QFormLayout(place)
        place_form.addRow(tr("File"), self.ref)
        place_form.addRow(tr("Box"), self.target)
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.locate_button)
        place_form.addRow("", buttons)
        new = QGroupBox(tr("New box"))
        new_form = QFormLayout(new)
        new_form.addRow(tr("Box code"), self.new_code)
        new_form.addRow(tr("Shelf"), self.new_shelf)
        new_form.addRow(tr("Label"), self.new_label)
        new_form.addRow("", self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(place, 1)
        bottom.addWidget(new, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        for first, second in (
            (self.ref, self.target),
            (self.target, self.file_button),
            (self.file_button, self.locate_button),
            (self.locate_button, self.new_code),
            (self.new_code, self.new_shelf),
            (self.new_shelf, self.new_label),
            (self.new_label, self.add_button),
        ):
            QWidget.setTabOrder(first, second)
        self.box_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._select(self.boxes.row(current))
        )
        self.label_button.setEnabled(False)

    # loading ------------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()
        self.ref.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        seq, ctx, actor = self.latest.next(), self.env.ctx, self.env.actor
        self.env.ops.run(
            lambda: list_boxes(ctx, actor),
            lambda rows: self._show(seq, rows),
            self._error,
            progress=False,
        )

    def _show(self, seq: int, rows: list[BoxView]) -> None:
        if not self.latest.is_current(seq):
            return
        self.boxes.set_rows(rows)
        if self.current is not None:
            self._load(self.current.box.code)
        elif rows:
            select_row(self.box_table, 0)  # the newest work is usually in the first box

    def _select(self, box: BoxView | None) -> None:
        if box is not None:
            self._load(box.code)

    def _load(self, code: str) -> None:
        ctx, actor = self.env.ctx, self.env.actor
        self.env.ops.run(
            lambda: show_box(ctx, actor, code), self.show_box, self._error, progress=False
        )

    def show_box(self, contents: BoxContents) -> None:
        self.current = contents
        box = contents.box
        self.box_title.setText(
            tr_n("Box {box} on shelf {shelf}: {n} files", len(contents.files)).format(
                box=box.code, shelf=box.shelf, n=len(contents.files)
            )
        )
        self.contents.set_rows(contents.files)
        self.label_button.setEnabled(True)

    # actions ------------------------------------------------------------------------------
    def take_scan(self, code: str) -> bool:
        """A cover sheet scanned here is the file to place (then scan the box's label)."""
        if not ReceiptNumber.looks_like(code):
            return False
        self.ref.setText(code.strip())
        self.target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def put_in_box(self) -> None:
        env, ref, code = self.env, self.ref.text(), self.target.text()

        def done(where: FileLocationView) -> None:
            self.say(self.message, location_text(where))
            self.ref.clear()
            self.target.clear()
            self.ref.setFocus(Qt.FocusReason.OtherFocusReason)
            if where.box:
                self._load(where.box)
            self.refresh()

        self.run_reporting(self.message, lambda: file_in_box(env.ctx, env.actor, ref, code), done)

    def locate(self) -> None:
        ctx, actor, ref = self.env.ctx, self.env.actor, self.ref.text()
        self.run_reporting(
            self.message,
            lambda: locate_file(ctx, actor, ref),
            lambda where: self.say(self.message, location_text(where)),
        )

    def add(self) -> None:
        env = self.env
        code, shelf, label = self.new_code.text(), self.new_shelf.text(), self.new_label.text()

        def added(box: BoxView) -> None:
            for field in (self.new_code, self.new_shelf, self.new_label):
                field.clear()
            self._load(box.code)
            self.refresh()
            self._print_label(box.code)

        self.run_reporting(
            self.message, lambda: add_box(env.ctx, env.actor, code, shelf=shelf, label=label), added
        )

    def print_label(self) -> None:
        if self.current is not None:
            self._print_label(self.current.box.code)

    def _print_label(self, code: str) -> None:
        env = self.env

        def sent(job: PrintJobView) -> None:
            env.events.print_queue_changed.emit()
            self.say(
                self.message,
                tr("Label of box {box} sent to {printer}.").format(box=code, printer=job.printer),
            )

        self.run_reporting(
            self.message,
            lambda: print_document(env.ctx, env.printers, env.actor, "box_label", code),
            sent,
        )

    def _open(self) -> None:
        item = self.contents.row(self.file_table.currentIndex())
        if item is not None:
            self.env.open_request(item.receipt_no)

    def _error(self, exc: BaseException) -> None:
        self.show_error(self.message, exc)
