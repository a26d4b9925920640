"""The login window: station identity, user name, password; also the idle-lock screen."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.context import Actor, AppContext, StationInfo
from counter_app.ui.env import error_text
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import tr
from counter_app.ui.theme import set_role


class OpeningContext:
    """The store being opened on a worker thread while the login window shows (ui/app.py).

    ``run`` is called on that thread; ``wait`` (signing in, on another worker thread; the start
    once the login closes) blocks until it is open and raises what opening it raised."""

    def __init__(self, begin: Callable[[], None]) -> None:
        self.started = False
        self._begin = begin
        self._done = threading.Event()
        self._ctx: AppContext | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """On the GUI thread: ask for the store (once): at the login's first paint, at the
        latest when someone signs in."""
        if not self.started:
            self.started = True
            self._begin()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def run(self, open_: Callable[[], AppContext]) -> AppContext:
        try:
            self._ctx = open_()
        except BaseException as exc:
            self._error = exc
            raise
        finally:
            self._done.set()
        return self._ctx

    def wait(self) -> AppContext:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._ctx is not None
        return self._ctx


class LoginDialog(QDialog):
    """Asks for a password; ``actor`` is set on success. ``locked_user`` fixes the user name
    (the idle lock: only the same clerk, or an admin through a fresh start, gets back in).
    ``ctx`` may still be opening (the start, ui/app.py): signing in waits for it."""

    def __init__(
        self,
        ctx: AppContext | OpeningContext,
        station: StationInfo,
        ops: Operations,
        language: str,
        *,
        locked_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.ops, self.language = ctx, ops, language
        self.actor: Actor | None = None
        self.setObjectName("login")
        self.setWindowTitle(tr("Citizen Service Center — sign in"))
        title = QLabel(station.center_name)
        title.setObjectName("login-center")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        where = QLabel(tr("Station {station}").format(station=station.label))
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if locked_user:
            where.setText(where.text() + " — " + tr("locked after inactivity"))
        self.username = QLineEdit(locked_user or "")
        self.username.setObjectName("login-user")
        self.username.setReadOnly(locked_user is not None)
        self.password = QLineEdit()
        self.password.setObjectName("login-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login-error")
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(tr("User name"), self.username)
        form.addRow(tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Sign in"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quit"))
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        (self.password if locked_user else self.username).setFocus()

    def sign_in(self) -> None:
        user, password = self.username.text(), self.password.text()
        self.error.hide()

        def failed(exc: BaseException) -> None:
            self.password.clear()
            self.error.setText(error_text(exc, self.language))
            self.error.show()
            self.password.setFocus()

        def done(actor: Actor) -> None:
            self.actor = actor
            self.accept()

        source = self.ctx
        if isinstance(source, OpeningContext):
            source.start()

        def sign_in() -> Actor:  # on a worker thread
            from counter_app.services.users import authenticate

            ctx = source.wait() if isinstance(source, OpeningContext) else source
            return authenticate(ctx, user, password)

        self.ops.run(
            sign_in,
            done,
            failed,
            label=tr("Signing in…"),
            parent=self,
        )
