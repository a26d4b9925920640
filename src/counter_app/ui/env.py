"""What every screen gets: the context, the signed-in clerk, the operation runner, the printers,
and a way to ask the window to open a request. Passed in, never global."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from counter_app.domain.errors import CounterError
from counter_app.services.context import Actor, AppContext
from counter_app.ui.operations import Operations
from counter_app.ui.qt_i18n import QtTranslate, tr

if TYPE_CHECKING:  # the printing stack is loaded after the login (ui/app.py)
    from counter_app.printing.registry import Printers


class Events(QObject):
    """What changed, so each screen refreshes what concerns it (Anki's OpChanges idea)."""

    request_changed = Signal(str)  # receipt number
    print_queue_changed = Signal()
    settings_changed = Signal()


@dataclass
class UiEnv:
    ctx: AppContext
    actor: Actor
    ops: Operations
    printers: Printers
    events: Events
    language: str
    open_request: Callable[[str], None]


def error_text(exc: BaseException, language: str) -> str:
    """A person-readable, translated message for any failure of a use case."""
    if isinstance(exc, CounterError):
        return exc.render(QtTranslate(language))
    logging.getLogger("counter_app.ui").error("use case failed", exc_info=exc)  # scrubbed: logs.py
    return tr("Internal error; nothing was saved by the failed step.") + f" ({type(exc).__name__})"
