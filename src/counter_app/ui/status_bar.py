"""The status bar: station, user, sync queue, last sync, receipt printer and print queue."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from counter_app.printing.backends.base import STATE_WORDS, PrinterState
from counter_app.printing.registry import parse_address
from counter_app.services.overview import overview
from counter_app.services.printing import pending_count
from counter_app.services.settings import get_setting
from counter_app.ui.env import UiEnv
from counter_app.ui.qt_i18n import tr

REFRESH_MS = 30_000


@dataclass(frozen=True)
class Health:
    station: str
    outbox: int
    oldest: str
    printer: str
    printer_state: PrinterState
    print_jobs: int


class StatusBar(QStatusBar):
    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.setObjectName("status-bar")
        self.station = QLabel()
        self.user = QLabel(tr("User: {user}").format(user=env.actor.username))
        self.sync = QLabel()
        self.sync.setObjectName("status-sync")
        self.printer = QLabel()
        self.printer.setObjectName("status-printer")
        self.busy = QLabel()
        for label in (self.station, self.user, self.sync, self.printer):
            self.addPermanentWidget(label)
        self.addWidget(self.busy)
        env.ops.changed.connect(self._busy_changed)
        env.events.print_queue_changed.connect(self.refresh)
        env.events.request_changed.connect(lambda _r: self.refresh())
        env.events.settings_changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)

    def _busy_changed(self) -> None:
        self.busy.setText(tr("Working…") if self.env.ops.busy else "")

    def refresh(self) -> None:
        env = self.env

        def work() -> Health:
            info = overview(env.ctx)
            address = parse_address(get_setting(env.ctx, "printer.receipt"))
            state = env.printers.status(address).state
            oldest = (
                info.oldest_pending.astimezone(env.ctx.calendar.tz).strftime("%Y-%m-%d %H:%M")
                if info.oldest_pending
                else "-"
            )
            station = f"{info.center_code}-{info.station_no:02d}"
            return Health(
                station, info.outbox_pending, oldest, str(address), state, pending_count(env.ctx)
            )

        env.ops.run(work, self.show_health, lambda _e: None)

    def show_health(self, health: Health) -> None:
        self.station.setText(tr("Station {station}").format(station=health.station))
        self.sync.setText(
            tr("Waiting to sync: {count} (oldest {since}) · last sync: never").format(
                count=health.outbox, since=health.oldest
            )
        )
        text = tr("Receipt printer: {printer} ({state})").format(
            printer=health.printer, state=tr(STATE_WORDS[health.printer_state])
        )
        if health.print_jobs:
            text += " · " + tr("{count} print jobs waiting").format(count=health.print_jobs)
        self.printer.setText(text)
        ok = health.printer_state in (PrinterState.READY, PrinterState.BUSY)
        self.printer.setStyleSheet("" if ok and not health.print_jobs else "color: #b00020;")
