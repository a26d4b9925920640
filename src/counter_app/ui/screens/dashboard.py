"""The supervisor's dashboard (Ctrl+D): today's numbers as tiles, this month's requests per
service and per agency, received and ready per week, and the overdue and due-soon lists.

Everything comes from one service call (services/dashboard.py: dashboard_snapshot), run off
the GUI thread through env.ops on every activation, every minute while the screen is shown,
and on the Refresh button (or Ctrl+D again); a refresh is never started while one is running, and an
answer that is no longer the newest asked is dropped. Enter or a double-click on a row of
either list opens the request.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QHideEvent, QMouseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_
from counter_app.domain.report_model import LateRequest
from counter_app.domain.roles import Role
from counter_app.services.dashboard import OTHERS, Bar, Dashboard, dashboard_snapshot
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, Latest, RowsModel, local_time, ltr
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row
from counter_app.ui.widgets import localized, on_enter_or_double_click
from counter_app.ui.widgets.charts import BarChart, LineChart, format_count

REFRESH_MS = 60_000
# Three rows of four, one subject a row: today's flow; what is open now; what waits for a
# person or for HQ.
TILES = (
    "received",
    "ready",
    "delivered",
    "rejected",
    "open_now",
    "overdue_now",
    "due_soon",
    "complaints_open",
    "calls_to_make",
    "print_failed",
    "outbox_pending",
    "last_push",
)
PER_ROW = 4
# Tiles whose number needs a person when it is not 0: drawn as an alarm (theme's error role).
ALARMS = frozenset({"overdue_now", "print_failed"})


def tile_caption(key: str, due_within: int) -> str:
    """A tile's caption in the reader's language."""
    if key == "due_soon":
        return tr_n("Due within {n} working days", due_within).format(n=due_within)
    return {
        "received": tr("Received today"),
        "ready": tr("Ready today"),
        "delivered": tr("Delivered today"),
        "rejected": tr("Rejected today"),
        "open_now": tr("Open now"),
        "overdue_now": tr("Overdue now"),
        "complaints_open": tr("Complaints open"),
        "calls_to_make": tr("Calls to make"),
        "print_failed": tr("Failed print jobs"),
        "outbox_pending": tr("Waiting to be sent to HQ"),
        "last_push": tr("Last sent to HQ"),
    }[key]


class Tile(QFrame):
    """A figure, large, beside its caption: one line of the screen's height, so three rows of
    tiles leave the charts and the lists room on a 768-pixel monitor. ``clicked``: a click on
    it (the overdue and due-soon tiles bring their list to the front)."""

    clicked = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.value = QLabel("–")
        self.value.setObjectName("tile-value")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        # Noto Sans Arabic's line is half blank (room for marks a figure never has): the
        # figure's label is held to three quarters of it, so a row of tiles stays low.
        self.value.setFixedHeight(int(QFontMetricsF(font).height() * 0.75))
        self.caption = QLabel()
        self.caption.setObjectName("tile-caption")
        self.caption.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.setSpacing(10)
        row.addWidget(self.value)
        row.addWidget(self.caption, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def set_figure(self, value: str, caption: str, *, alarm: bool = False) -> None:
        self.caption.setText(caption)
        Screen.say(self.value, value, alarm=alarm)
        self.setAccessibleName(f"{caption}: {value}")
        self.setToolTip(f"{caption}: {value}")


def late_columns(tz: dt.tzinfo, english: bool, *, overdue: bool) -> list[Column[LateRequest]]:
    days: Column[LateRequest] = (
        Column(tr("Working days late"), lambda r: str(r.working_days_late))
        if overdue
        else Column(tr("Working days left"), lambda r: str(-r.working_days_late))
    )
    # How late first: the list's half of a 1366-pixel screen shows about four columns.
    return [
        Column(tr("Receipt number"), lambda r: r.receipt_no),
        days,
        Column(tr("Due date"), lambda r: ltr(r.due_date.isoformat())),
        Column(tr("Name"), lambda r: r.citizen_name),
        Column(tr("Service"), lambda r: r.service_en if english else r.service_ar),
        Column(tr("Status"), lambda r: tr(r.status), status=lambda r: r.status),
        Column(tr("Received"), lambda r: ltr(r.received_on.isoformat())),
    ]


def week_label(day: dt.date) -> str:
    """A week on the line chart: its first day (Sunday) as day/month."""
    return f"{day.day}/{day.month}"


class DashboardScreen(Screen):
    key: ClassVar[str] = "dashboard"
    group: ClassVar[str] = "supervision"
    title: ClassVar[str] = N_("Dashboard")
    shortcut: ClassVar[str | None] = "Ctrl+D"
    roles: ClassVar[frozenset[Role]] = frozenset({Role.SUPERVISOR, Role.ADMIN})
    # The screen a supervisor's window opens on (main_window.first_screen_row may honour it).
    first_for: ClassVar[frozenset[Role]] = frozenset({Role.SUPERVISOR})

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.latest = Latest()
        self.running = False
        self.snapshot: Dashboard | None = None
        english = env.language == "en"
        tz = env.ctx.calendar.tz

        heading = QLabel(tr("Dashboard"))
        heading.setObjectName("screen-title")
        self.day_label = QLabel()
        self.day_label.setObjectName("dashboard-day")
        self.updated_label = QLabel()
        self.updated_label.setObjectName("dashboard-updated")
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("dashboard-refresh")
        # No key of its own: the screen's Ctrl+D, pressed on the dashboard, refreshes it (the
        # window activates the screen again); Ctrl+R is the reports screen's.
        self.refresh_button.setToolTip(self.shortcut or "")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.day_label)
        top.addStretch(1)
        top.addWidget(self.updated_label)
        top.addWidget(self.refresh_button)
        self.error_label = QLabel()
        self.error_label.setObjectName("dashboard-error")
        self.error_label.hide()

        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, key in enumerate(TILES):
            tile = Tile(key)
            self.tiles[key] = tile
            grid.addWidget(tile, i // PER_ROW, i % PER_ROW)
        for key, tab in (("overdue_now", 0), ("due_soon", 1)):
            self.tiles[key].setCursor(Qt.CursorShape.PointingHandCursor)
            self.tiles[key].clicked.connect(lambda tab=tab: self.show_list(tab))

        # The charts share one tab widget beside the lists: under three rows of tiles a
        # 768-pixel monitor has about 450 pixels left, enough for eleven bars at 11 pt or for
        # a dozen rows of a list, not for both one above the other.
        self.service_chart = BarChart()
        self.service_chart.setObjectName("chart-services")
        self.agency_chart = BarChart()
        self.agency_chart.setObjectName("chart-agencies")
        self.weeks_chart = LineChart()
        self.weeks_chart.setObjectName("chart-weeks")
        self.charts = QTabWidget()
        self.charts.setObjectName("dashboard-charts")
        self.charts.addTab(self.service_chart, tr("Per service"))
        self.charts.addTab(self.agency_chart, tr("Per agency"))
        self.charts.addTab(self.weeks_chart, tr("Per week"))

        self.overdue_model: RowsModel[LateRequest] = RowsModel(
            late_columns(tz, english, overdue=True), parent=self
        )
        self.soon_model: RowsModel[LateRequest] = RowsModel(
            late_columns(tz, english, overdue=False), parent=self
        )
        self.overdue_table = make_table(self.overdue_model)
        self.overdue_table.setObjectName("dashboard-overdue")
        self.soon_table = make_table(self.soon_model)
        self.soon_table.setObjectName("dashboard-due-soon")
        on_enter_or_double_click(self.overdue_table, lambda: self._open(self.overdue_table))
        on_enter_or_double_click(self.soon_table, lambda: self._open(self.soon_table))
        self.lists = QTabWidget()
        self.lists.setObjectName("dashboard-lists")
        self.lists.addTab(self.overdue_table, tr("Overdue"))
        self.lists.addTab(self.soon_table, tr("Due soon"))
        self.list_note = QLabel()
        self.list_note.setObjectName("dashboard-list-note")
        lists = QWidget()
        column = QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.lists, 1)
        column.addWidget(self.list_note)

        # Lists on the reading side (right in Arabic), charts beside them; the supervisor may
        # give either more room.
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("dashboard-splitter")
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.charts)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addLayout(grid)
        layout.addWidget(self.splitter, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self._english = english
        self._tz = tz
        self._split = False

    # refreshing ---------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()
        self.timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        if not self._split:
            # First shown at its real width: the lists get a little more than half of it.
            self._split = True
            width = self.splitter.width()
            self.splitter.setSizes([width * 11 // 20, width * 9 // 20])

    def hideEvent(self, event: QHideEvent) -> None:
        # Nobody looks: no query every minute on a station's database.
        self.timer.stop()
        super().hideEvent(event)

    def _tick(self) -> None:
        if self.isVisible() and not self.window().isMinimized():
            self.refresh()

    def refresh(self) -> None:
        if self.running:  # the answer on its way is at most a minute old
            return
        self.running = True
        seq, ctx, actor = self.latest.next(), self.env.ctx, self.env.actor
        self.updated_label.setText(tr("Updating…"))
        self.env.ops.run(
            lambda: dashboard_snapshot(ctx, actor),
            lambda snapshot: self._show(seq, snapshot),
            lambda exc: self._failed(seq, exc),
            parent=self,
            progress=False,  # the screen stays usable; its label says it is updating
        )

    def _failed(self, seq: int, exc: BaseException) -> None:
        self.running = False
        if self.latest.is_current(seq):
            self.updated_label.setText("")
            self.show_error(self.error_label, exc)

    def _show(self, seq: int, snapshot: Dashboard) -> None:
        self.running = False
        if not self.latest.is_current(seq):
            return
        self.snapshot = snapshot
        self.error_label.hide()
        self.day_label.setText(ltr(snapshot.today.isoformat()))
        self.updated_label.setText(
            tr("Updated at {time}").format(time=local_time(snapshot.generated_at, self._tz)[-5:])
        )
        self._show_tiles(snapshot)
        self._show_charts(snapshot)
        self._show_lists(snapshot)

    def _show_tiles(self, snapshot: Dashboard) -> None:
        numbers = snapshot.numbers
        for key, tile in self.tiles.items():
            caption = tile_caption(key, snapshot.due_soon_days)
            if key == "last_push":
                tile.set_figure(self.push_text(snapshot), caption)
                continue
            value = int(getattr(numbers, key))
            tile.set_figure(format_count(value), caption, alarm=key in ALARMS and value > 0)

    def push_text(self, snapshot: Dashboard) -> str:
        """When HQ last took what the station sent: the time today, else the date."""
        numbers = snapshot.numbers
        if not numbers.sync_enrolled:
            return tr("Not enrolled")
        if numbers.last_push is None:
            return tr("Never")
        when = numbers.last_push.astimezone(self._tz)
        if when.date() == snapshot.today:
            return when.strftime("%H:%M")
        return ltr(when.date().isoformat())

    def bar_label(self, bar: Bar) -> str:
        if bar.key == OTHERS:
            return tr("Other services")
        return localized(self.env.language, bar.label_ar, bar.label_en)

    def _show_charts(self, snapshot: Dashboard) -> None:
        month = snapshot.month
        period = f"{ltr(month.start.isoformat())} – {ltr(month.end.isoformat())}"
        empty = tr("No requests received this month")
        self.service_chart.set_data(
            [(self.bar_label(b), b.value) for b in snapshot.by_service],
            title=tr("Received per service, {period}").format(period=period),
            empty_text=empty,
            # "Other services" adds up the rest: drawn apart so it is not read as one service.
            muted_rows=[i for i, b in enumerate(snapshot.by_service) if b.key == OTHERS],
        )
        self.agency_chart.set_data(
            [(self.bar_label(b), b.value) for b in snapshot.by_agency],
            title=tr("Received per agency, {period}").format(period=period),
            empty_text=empty,
        )
        weeks = snapshot.weeks
        # The last week is the one under way (its line dips until it ends): named as such.
        labels = [week_label(w.start) for w in weeks[:-1]] + [tr("This week")] if weeks else []
        self.weeks_chart.set_data(
            labels,
            [
                (tr("Requests received"), [w.received for w in weeks]),
                (tr("Requests ready"), [w.ready for w in weeks]),
            ],
            title=tr_n("Received and ready per week, the last {n} weeks", len(weeks)).format(
                n=len(weeks)
            ),
        )

    def _show_lists(self, snapshot: Dashboard) -> None:
        self._fill(self.overdue_table, self.overdue_model, snapshot.overdue)
        self._fill(self.soon_table, self.soon_model, snapshot.due_soon)
        numbers = snapshot.numbers
        self.lists.setTabText(0, tr("Overdue ({n})").format(n=format_count(numbers.overdue_now)))
        self.lists.setTabText(
            1,
            tr_n("Due within {n} working days", snapshot.due_soon_days).format(
                n=snapshot.due_soon_days
            )
            + f" ({format_count(numbers.due_soon)})",
        )
        shown = len(snapshot.overdue)
        if numbers.overdue_now > shown:
            self.list_note.setText(
                tr("The {shown} most overdue of {total} are listed").format(
                    shown=format_count(shown), total=format_count(numbers.overdue_now)
                )
            )
        else:
            self.list_note.setText("")
        self.list_note.setVisible(bool(self.list_note.text()))

    @staticmethod
    def _fill(
        table: QTableView, model: RowsModel[LateRequest], rows: tuple[LateRequest, ...]
    ) -> None:
        current = model.row(table.currentIndex())
        model.set_rows(rows)
        if current is not None:
            receipts = [r.receipt_no for r in rows]
            if current.receipt_no in receipts:
                select_row(table, receipts.index(current.receipt_no))

    def show_list(self, tab: int) -> None:
        """The overdue (0) or due-soon (1) list in front, the keyboard in it."""
        self.lists.setCurrentIndex(tab)
        table = self.overdue_table if tab == 0 else self.soon_table
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not table.currentIndex().isValid() and table.model().rowCount():
            select_row(table, 0)

    def _open(self, table: QTableView) -> None:
        model = table.model()
        assert isinstance(model, RowsModel)
        row = model.row(table.currentIndex())
        if row is not None:
            self.env.open_request(row.receipt_no)
