"""Per-invocation state of the CLI: paths, translator and a lazily opened context."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.errors import N_, ValidationError
from counter_app.i18n import Translator
from counter_app.paths import AppPaths

PASSWORD_VARIABLE = "COUNTER_APP_PASSWORD"

if TYPE_CHECKING:  # the store (SQLAlchemy) is loaded by the first command that opens it
    from counter_app.services.context import Actor, AppContext


@dataclass
class Runtime:
    paths: AppPaths
    database: Path | None
    tr: Translator
    # --password-stdin given for the `--as` user (cli/parser.py: as_password_stdin).
    password_stdin: bool = False
    _ctx: AppContext | None = field(default=None, init=False)

    @property
    def db_path(self) -> Path:
        return self.database or self.paths.database

    def context(self, *, upgrade: bool = True) -> AppContext:
        if self._ctx is None:
            from counter_app.services.context import AppContext

            self._ctx = AppContext.open(self.paths, self.db_path, upgrade=upgrade)
            opened = self._ctx.opened
            if opened and opened.upgraded_from and opened.backup:
                sys.stderr.write(
                    self.tr("Database upgraded; backup first written to {path}").format(
                        path=str(opened.backup.path)
                    )
                    + "\n"
                )
        return self._ctx

    def actor(self, username: str | None) -> Actor:
        """Who `--as USER` is: proven by the password, or by this process's OS account when an
        admin allowed that account to act as this user (services/automation.py)."""
        name = (username or os.environ.get("COUNTER_APP_USER") or "").strip().lower()
        if not name:
            raise ValidationError(N_("Say who you are with --as USER"), field="as")
        ctx = self.context()
        from counter_app.services import automation, users

        granted = automation.automation_actor(ctx, automation.current_os_user(), name)
        if granted is not None:
            return granted
        password = self._acting_password(name)
        # A wrong password counts toward the lockout and is audited, as at the login window.
        return users.authenticate(ctx, name, password, record_success=False, via="cli")

    def _acting_password(self, name: str) -> str:
        """The `--as` user's password: the first line of stdin with --password-stdin, else
        COUNTER_APP_PASSWORD (for scripts, as PGPASSWORD), else asked at the terminal."""
        if self.password_stdin:
            line = sys.stdin.readline() if sys.stdin is not None else ""
            if not line.strip("\r\n"):
                raise ValidationError(
                    N_("--password-stdin: no password on the first line of the input"),
                    field="password",
                )
            return line.rstrip("\r\n")
        from_env = os.environ.get(PASSWORD_VARIABLE)
        if from_env:
            return from_env
        if sys.stdin is not None and sys.stdin.isatty():
            import getpass

            return getpass.getpass(self.tr("Password for {user}: ").format(user=name))
        raise ValidationError(
            N_(
                "--as {user} needs that user's password: type it at a terminal, or give it on "
                "the first line of the input with --password-stdin, or in the environment "
                "variable COUNTER_APP_PASSWORD (scripts)"
            ),
            field="password",
            user=name,
        )

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def read_password(self, *, from_stdin: bool, confirm: bool) -> str:
        if from_stdin:
            line = sys.stdin.readline()
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise ValidationError(
                N_("No terminal to ask for the password; use --password-stdin"),
                field="password",
            )
        import getpass

        first = getpass.getpass(self.tr("Password for the new account: "))
        if confirm:
            second = getpass.getpass(self.tr("Repeat the password: "))
            if first != second:
                raise ValidationError(N_("The two passwords differ"), field="password")
        return first

    def read_file(self, path: str) -> bytes:
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise ValidationError(
                N_("Cannot read {path}: {detail}"), path=path, detail=exc.strerror or str(exc)
            ) from None
