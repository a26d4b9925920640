"""Parts of the request screen: the scans filed under the request, the opening of a scan or an
answer's file, and the corrections of the citizen's name since it was taken (request_view.py
lays them out)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from counter_app.domain.catalog import Catalog
from counter_app.domain.errors import N_, CounterError
from counter_app.domain.roles import GRANTS, Permission
from counter_app.services.citizens import NameCorrection
from counter_app.services.open_files import clear_opened, open_copy
from counter_app.services.scan_records import ScanView, page_span
from counter_app.ui.env import UiEnv
from counter_app.ui.models import Column, RowsModel, document_name, local_time, ltr
from counter_app.ui.qt_i18n import tr


def correction_text(fix: NameCorrection, tz: tzinfo) -> str:
    return tr("Name corrected on {date} by {user}: from «{old}» to «{new}»").format(
        date=local_time(fix.at, tz), user=fix.actor, old=fix.old_name, new=fix.new_name
    )


def scan_columns(
    catalog: Callable[[], Catalog | None], english: bool, tz: tzinfo
) -> list[Column[ScanView]]:
    def source(s: ScanView) -> str:
        if s.source_file is None:
            return "—"
        return f"{s.source_file} ({ltr(page_span(s.source_pages))})"

    return [
        Column(tr("Scan of"), lambda s: document_name(s.doc_type, catalog(), english)),
        Column(tr("Pages"), lambda s: str(s.pages) if s.pages is not None else "—"),
        Column(tr("Filed on"), lambda s: local_time(s.filed_at, tz)),
        Column(tr("Scanned file (pages)"), source),
        # Its name, not a path: on an encrypted station the file there is sealed, opened only
        # through the app ("Open scan": a copy made by services/open_files.py).
        Column(tr("Stored as"), lambda s: ltr(s.sha256[:16])),
    ]


def launch_viewer(path: Path) -> bool:
    """Open ``path`` in the program the PC opens its kind of file with (a PDF reader)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FileOpener:
    """Opens a request's stored file: a plain copy made off the GUI thread in the user's private
    folder (services/open_files.open_copy), then handed to the PC's viewer by ``launch``
    (replaced in tests, so that no viewer starts). Its copies of an earlier run are removed
    when it is made, that is at the desktop's start (the request screen is made then)."""

    def __init__(
        self, env: UiEnv, parent: QWidget, show_error: Callable[[BaseException], None]
    ) -> None:
        self.env, self.parent, self.show_error = env, parent, show_error
        self.launch: Callable[[Path], bool] = launch_viewer
        self.opened: Path | None = None  # the last copy handed to the viewer
        clear_opened(env.ctx.paths.data_dir)

    @property
    def allowed(self) -> bool:
        return self.env.actor.role in GRANTS[Permission.VIEW_FILES]

    def open(self, name: str) -> None:
        env = self.env

        def done(path: Path) -> None:
            self.opened = path
            if not self.launch(path):
                self.show_error(
                    CounterError(
                        N_("No program on this computer opens {path}; it is kept there a day"),
                        path=str(path),
                    )
                )

        env.ops.run(
            lambda: open_copy(env.ctx, env.actor, name), done, self.show_error, parent=self.parent
        )


def scan_open_button(
    table: QTableView, scans: RowsModel[ScanView], opener: FileOpener
) -> QPushButton:
    """ "Open scan" under the scans table, for the selected row; a double-click on a row opens
    it too. Shown only to a role that may open files."""
    button = QPushButton(tr("Open scan"))
    button.setObjectName("open-scan")
    button.setEnabled(False)
    button.setVisible(opener.allowed)

    def selected() -> ScanView | None:
        rows = table.selectionModel().selectedRows()
        return scans.rows[rows[0].row()] if rows and rows[0].row() < len(scans.rows) else None

    def open_row(row: int) -> None:
        if opener.allowed and 0 <= row < len(scans.rows):
            opener.open(scans.rows[row].sha256)

    def open_selected() -> None:
        scan = selected()
        if scan is not None and opener.allowed:
            opener.open(scan.sha256)

    table.doubleClicked.connect(lambda index: open_row(index.row()))
    table.selectionModel().selectionChanged.connect(
        lambda *_: button.setEnabled(selected() is not None)
    )

    def listed() -> None:  # the first scan ready to open: one click, or Enter on the button
        if scans.rows:
            # Through the selection model: QTableView.selectRow picks its column at the
            # viewport's edge, which right to left and not yet laid out is no column at all.
            flags = QItemSelectionModel.SelectionFlag
            table.selectionModel().setCurrentIndex(
                scans.index(0, 0), flags.ClearAndSelect | flags.Rows
            )
        button.setEnabled(selected() is not None)

    scans.modelReset.connect(listed)
    button.clicked.connect(lambda _checked=False: open_selected())
    return button
