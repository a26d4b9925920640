"""The status bar: station, user, sync queue, last sync, the last nightly sync, receipt
printer and print queue, and a newer app release when HQ published one."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from counter_app.domain.app_update import UpdateNotice
from counter_app.i18n import stored_message
from counter_app.printing.backends.base import STATE_WORDS, PrinterState
from counter_app.printing.registry import parse_address
from counter_app.services.app_release import release_notice
from counter_app.services.context import AppContext
from counter_app.services.nightly_schedule import NightlyOutcome, last_nightly, nightly_words
from counter_app.services.printing import pending_count
from counter_app.services.settings import get_setting
from counter_app.services.station_identity import SHORT as RETIRED_WORDS
from counter_app.services.sync_state import SyncHealth, sync_health
from counter_app.ui.env import UiEnv
from counter_app.ui.models import local_time, ltr
from counter_app.ui.qt_i18n import tr, tr_n
from counter_app.ui.theme import set_role

REFRESH_MS = 15_000
# Sync quietly failing for longer than this turns the sync text red: the outbox is growing.
STALE_AFTER = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Health:
    station: str
    sync: SyncHealth
    printer: str
    printer_state: PrinterState
    print_jobs: int
    nightly: NightlyOutcome | None = None
    release: UpdateNotice | None = None


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
        self.nightly = QLabel()
        self.nightly.setObjectName("status-nightly")
        # Shown only when HQ published a newer release: few words, a link to its address
        # (opened in the browser; its menu copies the address), the whole sentence and the
        # notes in the tool tip. First and never narrowed: the other texts give way to it.
        self.release = QLabel()
        self.release.setObjectName("status-release")
        self.release.setTextFormat(Qt.TextFormat.RichText)
        self.release.setOpenExternalLinks(True)
        self.release.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.release.hide()
        self.busy = QLabel()
        for label in (self.release, self.station, self.user, self.sync, self.nightly):
            self.addPermanentWidget(label)
        self.addPermanentWidget(self.printer)
        # The long texts give way on a narrow window (their whole text in the tool tip)
        # instead of setting the window's minimum width.
        for label in (self.sync, self.nightly, self.printer):
            label.setMinimumWidth(120)  # an explicit minimum wins over the text's width
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
            info = env.ctx.station_info()
            address = parse_address(get_setting(env.ctx, "printer.receipt"))
            state = env.printers.status(address).state
            return Health(
                info.label,
                sync_health(env.ctx, env.actor),
                str(address),
                state,
                pending_count(env.ctx, env.actor),
                last_nightly(env.ctx, env.actor),
                release_notice(env.ctx, language=env.language),
            )

        env.ops.run(work, self.show_health, lambda _e: None, progress=False)

    def show_health(self, health: Health) -> None:
        self.station.setText(tr("Station {station}").format(station=health.station))
        text, alarm = sync_text(health.sync, self.env.ctx)
        self.sync.setText(text)
        self.sync.setToolTip(text)
        set_role(self.sync, "error" if alarm else None)
        ctx = self.env.ctx
        if health.sync.enrolled:
            text, alarm = nightly_words(health.nightly, ctx.clock(), ctx.calendar.tz, tr)
            self.nightly.setText(text)
            self.nightly.setToolTip(text)
            set_role(self.nightly, "error" if alarm else None)
        self.nightly.setVisible(health.sync.enrolled)
        self.show_release(health.release)
        text = tr("Receipt printer: {printer} ({state})").format(
            printer=health.printer, state=tr(STATE_WORDS[health.printer_state])
        )
        if health.print_jobs:
            text += " · " + tr_n("{n} print jobs waiting", health.print_jobs).format(
                n=health.print_jobs
            )
        self.printer.setText(text)
        self.printer.setToolTip(text)
        ok = health.printer_state in (PrinterState.READY, PrinterState.BUSY)
        set_role(self.printer, None if ok and not health.print_jobs else "error")

    def show_release(self, notice: UpdateNotice | None) -> None:
        if notice is None or not notice.out_of_date:
            self.release.hide()
            return
        words = notice.words(tr)
        self.release.setToolTip(words + (f"\n\n{notice.notes}" if notice.notes else ""))
        self.release.setText(release_html(notice, notice.short_words(tr)))
        self.release.setMinimumWidth(self.release.sizeHint().width())
        set_role(self.release, "error")
        self.release.show()


def release_html(notice: UpdateNotice, words: str) -> str:
    """The words as rich text, a link to the release's address. The address was checked
    when it came (https, no spaces or control characters: counter_protocol/release.py) and
    is escaped here all the same: it is HQ's text inside markup."""
    if not notice.url:
        return html.escape(words)
    link = html.escape(notice.url, quote=True)
    return f'<a href="{link}">{html.escape(words)}</a>'


def _local(ctx: AppContext, when: dt.datetime | None) -> str:
    return ltr(local_time(when, ctx.calendar.tz)) if when is not None else "-"


def sync_text(health: SyncHealth, ctx: AppContext) -> tuple[str, bool]:
    """What the status bar says about sync, and whether it needs someone's attention."""
    text = tr("Waiting to sync: {count} (oldest {since})").format(
        count=health.outbox_pending, since=_local(ctx, health.oldest_pending)
    )
    if not health.enrolled:
        return text + " · " + tr("not enrolled with HQ"), False
    last = _local(ctx, health.last_success_at) if health.last_success_at else tr("never")
    text += " · " + tr("last sync: {when}").format(when=last)
    failing = health.last_error is not None and (
        health.last_success_at is None
        or (health.last_attempt_at is not None and health.last_attempt_at > health.last_success_at)
    )
    if failing:
        text += " · " + tr("sync failing: {reason}").format(
            reason=stored_message(health.last_error, tr)
        )
    if health.quarantined or health.problems:
        held = health.quarantined + health.problems
        text += " · " + tr_n("{n} items need a person", held).format(n=held)
    if health.retired:
        text += " · " + tr(RETIRED_WORDS.get(health.retired, health.retired))
    stale = (
        health.oldest_pending_age_seconds is not None
        and health.oldest_pending_age_seconds > STALE_AFTER.total_seconds()
        and failing
    )
    return text, bool(stale or health.quarantined or health.problems or health.retired)
