"""Station settings (administrators only): printers and paper per document, languages, and the
idle lock. Every value is checked before anything is saved, so one bad entry saves nothing; the
service checks the role again and audits each change."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import N_, CounterError
from counter_app.domain.roles import Permission, Role
from counter_app.services.overview import Overview, overview
from counter_app.services.settings import (
    DOCUMENT_KINDS,
    LANGUAGES,
    OPTIONS,
    PAPERS,
    get_settings,
    set_settings,
)
from counter_app.ui.env import UiEnv, error_text
from counter_app.ui.qt_i18n import tr
from counter_app.ui.screens.base import Screen
from counter_app.ui.screens.print_queue import kind_text, printer_addresses
from counter_app.ui.theme import set_invalid, set_role


def _encryption_words(database: str) -> str:
    from pathlib import Path

    from counter_app.store.sqlite_driver import is_encrypted_file

    if is_encrypted_file(Path(database)):
        return tr("encrypted (key in the credential store)")
    return tr("not encrypted")


def language_name(code: str) -> str:
    return tr("Arabic") if code == "ar" else tr("English")


class SettingsScreen(Screen):
    key: ClassVar[str] = "settings"
    group: ClassVar[str] = "station"
    title: ClassVar[str] = N_("Settings")
    roles: ClassVar[frozenset[Role]] = frozenset({Role.ADMIN})

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.loaded: dict[str, Any] = {}
        self.inputs: dict[str, QComboBox | QSpinBox | QLineEdit] = {}
        self.station = QFormLayout()
        station_box = QGroupBox(tr("This station"))
        station_box.setLayout(self.station)
        grid = QGridLayout()
        for col, title in enumerate((tr("Document"), tr("Printer"), tr("Paper"))):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        for row, kind in enumerate(DOCUMENT_KINDS, start=1):
            printer = self._combo(f"printer.{kind}", [], editable=True)
            paper = self._combo(f"paper.{kind}", [(p, p) for p in PAPERS])
            grid.addWidget(QLabel(kind_text(kind)), row, 0)
            grid.addWidget(printer, row, 1)
            grid.addWidget(paper, row, 2)
        grid.setColumnStretch(1, 1)
        printing_box = QGroupBox(tr("Printing"))
        printing_box.setLayout(grid)
        languages = [(code, language_name(code)) for code in LANGUAGES]
        idle = QSpinBox()
        idle.setObjectName("ui.idle_lock_seconds")
        idle.setRange(30, 86_400)
        idle.setSingleStep(30)
        self.inputs["ui.idle_lock_seconds"] = idle
        form = QFormLayout()
        form.addRow(tr("Language of printed documents"), self._combo("print.language", languages))
        form.addRow(tr("Language of the program"), self._combo("ui.language", languages))
        form.addRow("", QLabel(tr("The program's language changes at its next start.")))
        form.addRow(tr("Lock the screen after (seconds without use)"), idle)
        general_box = QGroupBox(tr("General"))
        general_box.setLayout(form)
        hot = QLineEdit()
        hot.setObjectName("archive.hot_folder")
        hot.setMaxLength(500)
        hot.setPlaceholderText(tr("Empty: no hot folder"))
        self.inputs["archive.hot_folder"] = hot
        archive_form = QFormLayout()
        archive_form.addRow(tr("Hot folder of the network scanner"), hot)
        archive_form.addRow("", QLabel(tr("Files dropped there are filed while the program runs.")))
        archive_box = QGroupBox(tr("Archive"))
        archive_box.setLayout(archive_form)
        self.message_label = QLabel()
        self.message_label.setObjectName("settings-message")
        self.error_label = QLabel()
        self.error_label.setObjectName("settings-error")
        self.error_label.hide()
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setObjectName("settings-save")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton(tr("Undo changes"))
        self.reset_button.clicked.connect(self.activate)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(station_box)
        layout.addWidget(printing_box)
        layout.addWidget(general_box)
        layout.addWidget(archive_box)
        layout.addWidget(self.message_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _combo(
        self, name: str, items: list[tuple[str, str]], *, editable: bool = False
    ) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setEditable(editable)
        combo.setMinimumContentsLength(16)
        for value, text in items:
            combo.addItem(text, value)
        self.inputs[name] = combo
        return combo

    def allowed(self) -> bool:
        try:
            self.env.actor.require(Permission.MANAGE_DATABASE)
        except CounterError as exc:
            self.show_error(self.error_label, exc)
            for widget in (*self.inputs.values(), self.save_button, self.reset_button):
                widget.setEnabled(False)
            return False
        return True

    def activate(self) -> None:
        if not self.allowed():
            return
        ctx, actor, printers = self.env.ctx, self.env.actor, self.env.printers

        def work() -> tuple[Overview, dict[str, Any], list[str]]:
            values = get_settings(ctx, actor)
            configured = [str(values[f"printer.{k}"]) for k in DOCUMENT_KINDS]
            return overview(ctx, actor), values, printer_addresses(printers, configured)

        self.env.ops.run(work, lambda done: self._show(*done), self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        self.show_error(self.error_label, exc)

    def _show(self, info: Overview, values: dict[str, Any], addresses: list[str]) -> None:
        while self.station.rowCount():
            self.station.removeRow(0)
        for label, value in (
            (tr("Center"), f"{info.center_name or ''} ({info.center_code or '-'})"),
            (tr("Station"), f"{info.center_code or '-'}-{info.station_no or 0:02d}"),
            (tr("Database"), info.database),
            (tr("Database encryption"), _encryption_words(info.database)),
            (tr("Catalog version"), info.catalog_version or "-"),
        ):
            self.station.addRow(label, QLabel(value))
        self.loaded = dict(values)
        for name, widget in self.inputs.items():
            set_invalid(widget, False)
            value = values[name]
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif widget.isEditable():
                widget.clear()
                widget.addItems(addresses)
                widget.setCurrentText(str(value))
            else:
                widget.setCurrentIndex(max(0, widget.findData(value)))
        self.error_label.hide()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text().strip()
            elif widget.isEditable():
                out[name] = widget.currentText().strip()
            else:
                out[name] = widget.currentData()
        return out

    def save(self) -> None:
        self.message_label.clear()
        self.error_label.hide()
        if not self.allowed() or not self.loaded:
            return
        changed = {k: v for k, v in self.values().items() if self.loaded.get(k) != v}
        problems = []
        for name, value in changed.items():
            set_invalid(self.inputs[name], False)
            try:
                OPTIONS[name].check(value)
            except CounterError as exc:
                set_invalid(self.inputs[name], True)
                problems.append(error_text(exc, self.env.language))
        if problems:  # nothing is saved while one value is wrong
            self.error_label.setText("\n".join(problems))
            self._failed_text()
            return
        if not changed:
            self.message_label.setText(tr("Nothing was changed."))
            return
        ctx, actor = self.env.ctx, self.env.actor

        def work() -> dict[str, Any]:
            # One transaction: a printer and its paper changed together are checked as a pair.
            set_settings(ctx, actor, changed)
            return get_settings(ctx, actor)

        def done(values: dict[str, Any]) -> None:
            self.loaded = dict(values)
            saved = tr("Settings saved.")
            if "ui.language" in changed:
                saved += " " + tr("The program's language changes at its next start.")
            self.message_label.setText(saved)
            self.env.events.settings_changed.emit()

        self.env.ops.run(work, done, self._failed, parent=self)

    def _failed_text(self) -> None:
        set_role(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.error_label.show()
