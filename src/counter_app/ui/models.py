"""Table models for the screens' lists, and the small helpers their cells share.

A model holds only the rows it shows: the services LIMIT every query, so a station with a
million requests hands the view a page of a few hundred rows at most. Cells are computed on
demand from the row objects (frozen dataclasses from the services), never copied into items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from counter_app.domain.catalog import Catalog
from counter_app.services.requests import DocumentView, EventView, RequestView, step_note
from counter_app.services.scan_records import WHOLE_FILE
from counter_app.ui.qt_i18n import tr
from counter_app.ui.theme import STATUS_COLORS

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row object behind a cell
# A status column's status value ("ready"...), as the plain int the view passes.
STATUS_ROLE = int(Qt.ItemDataRole.UserRole.value) + 2
MARK_COLOR = QColor("#b00020")
LEADING = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
# The roles RowsModel.data answers, as the plain ints the view passes.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ROW = int(ROW_ROLE.value)
_STATUS = STATUS_ROLE
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_MARK_ROLES = frozenset({_FOREGROUND, _FONT, int(Qt.ItemDataRole.ToolTipRole.value)})
_LEADING = int(LEADING.value)


def local_time(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    """A stored UTC moment as the clerk reads it (the center's local time)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # stored values are UTC; never guess the machine's zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def ltr(text: str) -> str:
    """Keep a date's order inside an Arabic sentence (digits after Arabic letters would
    otherwise be laid out as separate right-to-left runs: 2026-11-23 shown as 23-11-2026)."""
    return f"\u2066{text}\u2069"


def local_today(now: dt.datetime, tz: dt.tzinfo) -> dt.date:
    return now.astimezone(tz).date()


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str  # already translated
    text: Callable[[T], str]
    # A status column: the row's status value; the cell is drawn as a coloured label.
    status: Callable[[T], str] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of one dataclass type; ``marked`` rows (overdue, failed...) stand out in red."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        marked: Callable[[T], bool] | None = None,
        mark_tip: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self.marked = marked
        self.mark_tip = mark_tip
        # A row's cell texts and mark are computed the first time the view asks for that row
        # and kept: the view asks data() for every cell and role many times over (painting,
        # sizing), and that must stay a lookup. Only the rows on screen (and the few the
        # header measures) are ever asked for, so a page of 200 search results costs the GUI
        # thread the first screenful, not 200 rows of dates and translations.
        self._texts: list[list[str] | None] = []
        self._marks: list[bool | None] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._red = QBrush(MARK_COLOR)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [None] * len(self.rows)
        self._marks = [None] * len(self.rows)
        self.endResetModel()

    def _cells(self, row: int) -> list[str]:
        texts = self._texts[row]
        if texts is None:
            item = self.rows[row]
            texts = self._texts[row] = [c.text(item) for c in self.columns]
        return texts

    def _marked(self, row: int) -> bool:
        mark = self._marks[row]
        if mark is None:
            mark = self._marks[row] = bool(self.marked and self.marked(self.rows[row]))
        return mark

    def row(self, index: Index) -> T | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on every paint (a 200-row page: over a
        # thousand calls), each one a call from C++ into Python under the GIL: the roles are
        # plain ints compared once, and an invalid index (row -1) fails the range check.
        row = index.row()
        if not 0 <= row < len(self.rows):
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            texts = self._texts[row] or self._cells(row)
            column = index.column()
            return texts[column] if 0 <= column < len(texts) else None
        if role == _ALIGN:
            return _LEADING
        if role == _ROW:
            return self.rows[row]
        if role == _STATUS:
            column = index.column()
            status = self.columns[column].status if 0 <= column < len(self.columns) else None
            return status(self.rows[row]) if status is not None else None
        if role not in _MARK_ROLES or not self._marked(row):
            return None
        if role == _FOREGROUND:
            return self._red
        if role == _FONT:
            return self._bold
        return self.mark_tip or None  # the tool tip

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEADING.value)
        return None

    def is_marked(self, row: int) -> bool:
        return self.marked is not None and 0 <= row < len(self.rows) and self.marked(self.rows[row])


def field_rows(view: RequestView, catalog: Catalog, english: bool) -> list[tuple[str, str]]:
    """A request's service fields as (catalog label, value) in the reader's language."""
    svc = catalog.service(view.service_code)
    out = []
    for key, value in view.fields.items():
        fdef = svc.field(key) if svc else None
        if fdef is None:  # a field of an older catalog version: show it as stored
            out.append((key, str(value)))
            continue
        choice = next((c for c in fdef.choices if c.value == value), None)
        text = str(value) if choice is None else (choice.label_en if english else choice.label_ar)
        out.append((fdef.label_en if english else fdef.label_ar, text))
    return out


def document_name(code: str, catalog: Catalog | None, english: bool) -> str:
    """A document type's name in the UI's language (the code when no catalog knows it). The
    archive's scan of a whole paper file is no catalog type: it holds several documents."""
    if code == WHOLE_FILE:
        return tr("Whole paper file")
    kind = catalog.document_type(code) if catalog else None
    if kind is None:
        return code
    return kind.name_en if english else kind.name_ar


def document_columns(
    catalog: Callable[[], Catalog | None], english: bool
) -> list[Column[DocumentView]]:
    return [
        Column(tr("Document"), lambda d: document_name(d.doc_type, catalog(), english)),
        Column(tr("Requirement"), lambda d: tr(d.requirement)),
        Column(tr("State"), lambda d: tr(d.state)),
        Column(tr("Note"), lambda d: d.note or ""),
    ]


def event_columns(tz: dt.tzinfo, language: str = "ar") -> list[Column[EventView]]:
    """The status timeline; steps recorded by HQ (the agencies) are marked as such, with the
    agency holding the request and, when ready, where and from when to collect."""
    return [
        Column(tr("Status"), lambda e: tr(e.status), status=lambda e: e.status),
        Column(tr("When"), lambda e: local_time(e.at, tz)),
        Column(tr("User"), lambda e: e.actor),
        Column(tr("Station"), lambda e: e.station),
        Column(tr("Origin"), lambda e: tr("From HQ") if e.origin == "hq" else ""),
        Column(tr("Reason"), lambda e: e.reason or ""),
        Column(tr("Details"), lambda e: step_note(e, tr, language)),
    ]


class StatusDelegate(QStyledItemDelegate):
    """A status cell as a coloured label (theme.STATUS_COLORS), on the row's own background
    (selection and alternating rows kept); a value with no colour is drawn as plain text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = index.data(STATUS_ROLE)
        colors = STATUS_COLORS.get(str(status)) if status else None
        if colors is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        background, foreground = (QColor(c) for c in colors)
        font = QFont(opt.font)
        font.setBold(True)
        painter.save()
        painter.setFont(font)
        fm = painter.fontMetrics()
        rect = QRectF(opt.rect).adjusted(4, 3, -4, -3)
        width = min(rect.width(), fm.horizontalAdvance(text) + 20)
        if opt.direction == Qt.LayoutDirection.RightToLeft:
            rect.setLeft(rect.right() - width)
        else:
            rect.setWidth(width)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        radius = min(10.0, rect.height() / 2)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(foreground)
        elided = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()) - 12)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), elided)
        painter.restore()


def install_status_delegates(root: QWidget) -> int:
    """Every table under ``root`` showing a RowsModel draws its status columns with a
    StatusDelegate; the number of columns given one."""
    done = 0
    views = [root] if isinstance(root, QAbstractItemView) else []
    for view in views + root.findChildren(QAbstractItemView):
        model = view.model()
        if isinstance(view, QHeaderView) or not isinstance(model, RowsModel):
            continue  # a table's header shows the same model
        for number, column in enumerate(model.columns):
            if column.status is not None:
                view.setItemDelegateForColumn(number, StatusDelegate(view))
                done += 1
    return done


class Latest:
    """Sequence numbers for queries: an answer that is not the newest one asked is dropped,
    so a slow search for "أحم" never overwrites the results of "أحمد" that came back first."""

    def __init__(self) -> None:
        self.issued = 0

    def next(self) -> int:
        self.issued += 1
        return self.issued

    def is_current(self, seq: int) -> bool:
        return seq == self.issued
