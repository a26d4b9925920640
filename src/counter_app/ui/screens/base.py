"""The contract every screen keeps with the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from counter_app.domain.roles import Role
from counter_app.ui.env import UiEnv, error_text
from counter_app.ui.theme import set_role

ALL_ROLES = frozenset(Role)
T = TypeVar("T")


class Screen(QWidget):
    """A page of the main window. ``title`` is a msgid translated by the window; ``roles`` are
    who see it in the navigation, under its ``group``; ``activate`` is called each time it is
    shown."""

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    shortcut: ClassVar[str | None] = None  # e.g. "F2"
    roles: ClassVar[frozenset[Role]] = ALL_ROLES
    in_navigation: ClassVar[bool] = True  # False: opened by the window (the request view)
    # The navigation's task group: "counter", "archive", "supervision" or "station"
    # (main_window.NAV_GROUPS). A screen that does not set it is placed by its key
    # (main_window.GROUP_BY_KEY), else in "counter".
    group: ClassVar[str] = "counter"
    last_export: Path | None = None  # the file save_export last wrote

    def __init__(self, env: UiEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.setObjectName(f"screen-{self.key}")

    def activate(self) -> None:
        """Refresh what the screen shows (runs through env.ops, never blocking)."""

    def take_scan(self, code: str) -> bool:
        """A barcode from the gun while this screen is in front; True: the screen used it
        (otherwise the window opens the request it names)."""
        return False

    def show_error(self, label: QLabel, exc: BaseException) -> None:
        """An inline message in the clerk's language: no dialog to dismiss."""
        label.setText(error_text(exc, self.env.language))
        set_role(label, "error")  # red through the application's style sheet
        label.setWordWrap(True)
        label.show()

    @staticmethod
    def say(label: QLabel, text: str, *, alarm: bool = False) -> None:
        """A message in ``label``; ``alarm``: shown in red (something needs a person)."""
        set_role(label, "error" if alarm else None)
        label.setText(text)

    def run_reporting(
        self,
        label: QLabel,
        work: Callable[[], T],
        done: Callable[[T], None],
        *,
        progress: str | None = None,
    ) -> None:
        """An action the clerk started: ``label`` is cleared, the work runs off the GUI thread,
        and a failure is shown in ``label``."""
        set_role(label, None)
        label.clear()
        self.env.ops.run(
            work, done, lambda exc: self.show_error(label, exc), label=progress, parent=self
        )

    def save_export(
        self,
        label: QLabel,
        fmt: str,
        path: Path | None,
        write: Callable[[Path], None],
        *,
        title: str,
        name: str,
        file_filter: str,
        saved: str,
        progress: str,
        show_now: bool = False,
    ) -> None:
        """Export a file of ``fmt``: at ``path``, or where the clerk chooses (a save dialog
        titled ``title`` starting at ``name`` in the home folder, the format's suffix added
        if he left it off; cancelled, nothing happens). ``write`` runs off the GUI thread (its
        libraries load there); then ``last_export`` is the file and ``label`` says ``saved``
        (a message with ``{path}``). ``show_now``: ``label`` is shown as the work starts."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, title, str(Path.home() / name), file_filter
            )
            if not chosen:
                return
            path = Path(chosen)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
        target = path

        def work() -> Path:
            write(target)
            return target

        def done(written: Path) -> None:
            self.last_export = written
            self.say(label, saved.format(path=str(written)))
            label.show()

        if show_now:
            label.show()
        self.run_reporting(label, work, done, progress=progress)
