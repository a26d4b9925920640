"""Scan and file: the archive clerk scans a stack (or imports files a scanner saved) and sees
what became of it: which request each document was filed under, with page thumbnails, which
pages wait in the unfiled queue, and files refused (quarantined, never deleted).

The scanner talks to SANE (Linux) or WIA (Windows) through counter_app.scanning; scanning and
filing run off the GUI thread with the progress dialog, since a stack takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_, CounterError
from counter_app.domain.roles import GRANTS, Permission, Role
from counter_app.scanning.base import DeviceInfo, Scanner, ScanSettings
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor, AppContext
from counter_app.services.scan_records import (
    REASON_WORDS,
    SOURCE_WORDS,
    STATUS_WORDS,
    ScanImportResult,
    list_scan_imports,
)
from counter_app.services.scan_station import import_scan_file, scan_and_file
from counter_app.ui.env import UiEnv, error_text
from counter_app.ui.models import Column, Latest, RowsModel, document_name, local_time
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.lookup import make_table, select_row

LIMIT = 200
THUMB_WIDTH = 140
REFRESH_MS = 10_000
MODES = (("gray", N_("Grey")), ("color", N_("Colour")), ("lineart", N_("Black and white")))
SOURCES: list[tuple[str | None, str]] = [
    (None, N_("Default")),
    ("flatbed", N_("Flatbed")),
    ("adf", N_("Feeder")),
    ("duplex", N_("Feeder, both sides")),
]
FILE_FILTER = N_("Scans (*.pdf *.tif *.tiff *.jpg *.jpeg)")


@dataclass(frozen=True)
class Thumb:
    caption: str
    png: bytes
    receipt_no: str | None  # None: an unfiled page


def import_thumbnails(
    ctx: AppContext, actor: Actor, result: ScanImportResult, english: bool
) -> list[Thumb]:
    """First page of every filed document and every unfiled page (rendered off the GUI)."""
    from counter_app.services.scan_unfiled import scan_thumbnail, unfiled_thumbnail

    catalog = active_catalog(ctx)
    thumbs = []
    for doc in result.filed:
        pages = ", ".join(str(p) for p in doc.pages)
        caption = f"{doc.receipt_no}\n{document_name(doc.doc_type, catalog, english)} · {pages}"
        png = scan_thumbnail(ctx, actor, doc.sha256, width=THUMB_WIDTH)
        thumbs.append(Thumb(caption, png, doc.receipt_no))
    for page in result.unfiled:
        caption = tr("Page {page}: {reason}").format(
            page=page.page, reason=tr(REASON_WORDS.get(page.reason, page.reason))
        )
        thumbs.append(
            Thumb(caption, unfiled_thumbnail(ctx, actor, page.id, width=THUMB_WIDTH), None)
        )
    return thumbs


def result_text(result: ScanImportResult) -> str:
    text = tr("{file}: {status}. {pages} pages, {filed} documents filed, {unfiled} unfiled.")
    words = text.format(
        file=result.filename,
        status=tr(STATUS_WORDS.get(result.status, result.status)),
        pages=result.pages,
        filed=len(result.filed),
        unfiled=len(result.unfiled),
    )
    message = result.message_text(tr)
    return f"{words} {message}" if message else words


class ScanScreen(Screen):
    key: ClassVar[str] = "scan"
    group: ClassVar[str] = "archive"
    title: ClassVar[str] = N_("Scan and file")
    shortcut: ClassVar[str | None] = "F5"
    roles: ClassVar[frozenset[Role]] = GRANTS[Permission.MANAGE_ARCHIVE]

    def __init__(
        self, env: UiEnv, parent: QWidget | None = None, *, scanner: Scanner | None = None
    ) -> None:
        super().__init__(env, parent)
        self._scanner = scanner
        self.latest = Latest()
        tz = env.ctx.calendar.tz
        self.model: RowsModel[ScanImportResult] = RowsModel(
            [
                Column(tr("Imported at"), lambda r: local_time(r.created_at, tz)),
                Column(tr("File"), lambda r: r.filename),
                Column(tr("From"), lambda r: tr(SOURCE_WORDS.get(r.source, r.source))),
                Column(tr("State"), lambda r: tr(STATUS_WORDS.get(r.status, r.status))),
                Column(tr("Pages"), lambda r: str(r.pages)),
                Column(tr("Filed"), lambda r: str(len(r.filed))),
                Column(tr("Unfiled"), lambda r: str(len(r.unfiled))),
            ],
            marked=lambda r: r.status in ("quarantined", "unfiled", "partial"),
            mark_tip=tr("Needs a person: see the unfiled queue or the quarantine folder"),
            parent=self,
        )
        self.table = make_table(self.model)
        self.table.setObjectName("scan-imports")
        self.device = QComboBox()
        self.device.setObjectName("scan-device")
        self.resolution = QSpinBox()
        self.resolution.setObjectName("scan-resolution")
        self.resolution.setRange(75, 600)
        self.resolution.setSingleStep(50)
        self.resolution.setValue(200)
        self.resolution.setSuffix(" dpi")
        self.mode = QComboBox()
        self.mode.setObjectName("scan-mode")
        for value, words in MODES:
            self.mode.addItem(tr(words), value)
        self.source = QComboBox()
        self.source.setObjectName("scan-source")
        for source, words in SOURCES:
            self.source.addItem(tr(words), source)
        self.scan_button = QPushButton(tr("Scan and file"))
        self.scan_button.setObjectName("scan-start")
        self.scan_button.clicked.connect(self.scan)
        self.find_button = QPushButton(tr("Find scanners"))
        self.find_button.setObjectName("scan-find")
        self.find_button.clicked.connect(self.find_devices)
        self.import_button = QPushButton(tr("Import files…"))
        self.import_button.setObjectName("scan-import")
        self.import_button.clicked.connect(self.choose_files)
        self.message = QLabel()
        self.message.setObjectName("scan-message")
        self.message.setWordWrap(True)
        self.thumbs = QListWidget()
        self.thumbs.setObjectName("scan-thumbnails")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42)))
        self.thumbs.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbs.setWordWrap(True)
        self.thumbs.setSpacing(6)
        self.thumbs.itemActivated.connect(self._open_thumb)

        # Two rows: in one (about 1,200 px at the theme's 11 pt) the screen scrolled sideways
        # in a 1366-pixel window. First which scanner, then how it scans and the actions.
        device_row, settings_row = QHBoxLayout(), QHBoxLayout()
        for row, label, widget in (
            (device_row, tr("Scanner"), self.device),
            (settings_row, tr("Resolution"), self.resolution),
            (settings_row, tr("Colour"), self.mode),
            (settings_row, tr("Paper source"), self.source),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        device_row.addWidget(self.find_button)
        device_row.addStretch(1)
        settings_row.addStretch(1)
        settings_row.addWidget(self.scan_button)
        settings_row.addWidget(self.import_button)
        bar = QVBoxLayout()
        bar.addLayout(device_row)
        bar.addLayout(settings_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.thumbs)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        # Tab in reading order, row by row, once the widgets are
        # in this screen (by default it follows the order of creation).
        order = (self.device, self.find_button, self.resolution, self.mode, self.source)
        for before, after in zip(order, (*order[1:], self.scan_button), strict=True):
            QWidget.setTabOrder(before, after)
        QWidget.setTabOrder(self.scan_button, self.import_button)
        # Selection, not the current row: the current row can be set (by focus) before the
        # clerk selects it, and selecting it then must still show its pages.
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_result(self.model.row(self.table.currentIndex()))
        )
        self.scan_button.setEnabled(False)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    @property
    def scanner(self) -> Scanner:
        if self._scanner is None:
            from counter_app.scanning.devices import system_scanner

            self._scanner = system_scanner()
        return self._scanner

    # loading ------------------------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()
        if self.device.count() == 0:
            self.find_devices()

    def refresh(self) -> None:
        seq, ctx = self.latest.next(), self.env.ctx
        self.env.ops.run(
            lambda: list_scan_imports(ctx, self.env.actor, limit=LIMIT),
            lambda rows: self._show(seq, rows),
            self._error,
            progress=False,
        )

    def _show(self, seq: int, rows: list[ScanImportResult]) -> None:
        if not self.latest.is_current(seq):
            return
        keep = self.model.row(self.table.currentIndex())
        if keep is not None and [r.uuid for r in self.model.rows] == [r.uuid for r in rows]:
            return  # nothing new (the timer's refresh): leave the clerk's selection alone
        self.model.set_rows(rows)
        uuids = [r.uuid for r in rows]
        if keep is not None and keep.uuid in uuids:
            self.table.selectionModel().blockSignals(True)
            select_row(self.table, uuids.index(keep.uuid))
            self.table.selectionModel().blockSignals(False)

    def _tick(self) -> None:
        if self.isVisible():  # files the hot folder filed meanwhile appear by themselves
            self.refresh()

    def find_devices(self) -> None:
        scanner = self.scanner

        def found(devices: list[DeviceInfo]) -> None:
            self.device.clear()
            for dev in devices:
                self.device.addItem(f"{dev.vendor} {dev.model} ({dev.name})".strip(), dev.name)
            self.scan_button.setEnabled(bool(devices))
            if not devices:
                self.say(
                    self.message,
                    tr("No scanner found. Files a scanner saved can still be imported."),
                )

        self.run_reporting(
            self.message, scanner.devices, found, progress=tr("Looking for scanners…")
        )

    def _show_result(self, result: ScanImportResult | None) -> None:
        if result is None:
            return
        self.say(
            self.message, result_text(result), alarm=result.status in ("quarantined", "unfiled")
        )
        ctx, english = self.env.ctx, self.env.language == "en"
        self.env.ops.run(
            lambda: import_thumbnails(ctx, self.env.actor, result, english),
            self._thumbnails,
            self._error,
            progress=False,
        )

    def _thumbnails(self, thumbs: list[Thumb]) -> None:
        self.thumbs.clear()
        for thumb in thumbs:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(QImage.fromData(thumb.png))), "")
            item.setText(thumb.caption)
            item.setData(Qt.ItemDataRole.UserRole, thumb.receipt_no)
            item.setToolTip(thumb.caption)
            self.thumbs.addItem(item)

    # actions ------------------------------------------------------------------------------
    def settings(self) -> ScanSettings:
        return ScanSettings(
            resolution=self.resolution.value(),
            mode=str(self.mode.currentData()),
            source=self.source.currentData(),
        )

    def scan(self) -> None:
        env, scanner, settings = self.env, self.scanner, self.settings()
        device = self.device.currentData()
        self.run_reporting(
            self.message,
            lambda: scan_and_file(env.ctx, env.actor, scanner, settings, device=device),
            lambda result: self._done([result]),
            progress=tr("Scanning and filing…"),
        )

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, tr("Import scanned files"), str(Path.home()), tr(FILE_FILTER)
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        env = self.env

        def work() -> tuple[list[ScanImportResult], list[CounterError]]:
            # One file after the other: each is its own transaction, so a bad file further
            # down never undoes what was already filed, and is reported on its own.
            results, errors = [], []
            for path in paths:
                try:
                    results.append(import_scan_file(env.ctx, env.actor, path, settle=0))
                except CounterError as exc:
                    errors.append(exc)
            return results, errors

        def done(outcome: tuple[list[ScanImportResult], list[CounterError]]) -> None:
            results, errors = outcome
            self._done(results)
            if errors:
                refused = (error_text(e, env.language) for e in errors)
                self.say(
                    self.message, " ".join([self.message.text(), *refused]).strip(), alarm=True
                )

        self.run_reporting(self.message, work, done, progress=tr("Filing the scanned pages…"))

    def _done(self, results: list[ScanImportResult]) -> None:
        self.refresh()
        if results:
            last = results[-1]
            rows = [r.uuid for r in self.model.rows]
            if last.uuid in rows:
                select_row(self.table, rows.index(last.uuid))
            else:
                self._show_result(last)
            # What happened now (a duplicate points at the earlier import's row).
            alarm = any(r.status in ("quarantined", "unfiled", "duplicate") for r in results)
            self.say(self.message, " ".join(result_text(r) for r in results), alarm=alarm)
        for result in results:
            for doc in result.filed:
                self.env.events.request_changed.emit(doc.receipt_no)

    def _open_thumb(self, item: QListWidgetItem) -> None:
        receipt = item.data(Qt.ItemDataRole.UserRole)
        if receipt:
            self.env.open_request(str(receipt))

    def _error(self, exc: BaseException) -> None:
        self.show_error(self.message, exc)
