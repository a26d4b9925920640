"""The login window: station identity, user name, password; also the idle-lock screen."""

from __future__ import annotations

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
from counter_app.services.users import authenticate
from counter_app.ui.env import error_text
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import tr


class LoginDialog(QDialog):
    """Asks for a password; ``actor`` is set on success. ``locked_user`` fixes the user name
    (the idle lock: only the same clerk, or an admin through a fresh start, gets back in)."""

    def __init__(
        self,
        ctx: AppContext,
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
        self.error.setStyleSheet("color: #b00020;")
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

        self.ops.run(
            lambda: authenticate(self.ctx, user, password),
            done,
            failed,
            label=tr("Signing in…"),
            parent=self,
        )
