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

if TYPE_CHECKING:  # the store (SQLAlchemy) is loaded by the first command that opens it
    from counter_app.services.context import Actor, AppContext


@dataclass
class Runtime:
    paths: AppPaths
    database: Path | None
    tr: Translator
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
        name = username or os.environ.get("COUNTER_APP_USER")
        if not name:
            raise ValidationError(N_("Say who you are with --as USER"), field="as")
        ctx = self.context()
        with ctx.store.read() as session:
            return ctx.actor(session, name.strip().lower())

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
