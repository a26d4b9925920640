"""Logging without citizen data, in owner-only files, that survives a full disk.

An exception's text may carry what it was working on: SQLAlchemy puts the statement's
parameters (national number, name, phone, the request's JSON) into its message, and a
``KeyError`` prints its key. So a log never holds an exception's text as it is: tracebacks keep
their frames (file, line, function, source line: code, not data) and, for the message, only what
is known to be free of personal data (SQLite's own message, an OS error's name, a typed error's
untranslated msgid); any other message is withheld. Log messages themselves are scrubbed of long
digit runs and Arabic script on top, in case a caller formats data into one.

Where logs go: ``<log dir>/counter-app.log`` (rotated) and ``counter-app-errors.log`` for
crashes. When that write fails (the disk holding the data is full), a second location on a
different file system is used: ``$XDG_RUNTIME_DIR`` (a RAM disk on systemd Linux) or else the
system's temporary folder, in a per-user 0700 folder; when that fails too, the scrubbed
traceback goes to stderr. The person is told which file holds it.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from counter_app.domain.errors import CounterError
from counter_app.paths import AppPaths, make_private_dir
from counter_app.store import sqlite_driver

CRASH_LOG = "counter-app-errors.log"
APP_LOG = "counter-app.log"
# National numbers and phones: 7+ digits, also in groups split by one space or dash. A date and
# hour ("2026-12-06 10") has the same shape and stays: log lines need their times.
_DIGITS = re.compile(r"(?<![\d:])\d(?:[ \-]?\d){6,}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2})?")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")


_CODE_ERRORS = (AttributeError, TypeError, NameError, ImportError, NotImplementedError)


def scrub(text: str) -> str:
    """Long digit runs and Arabic words out of a free text (our log texts are English)."""
    digits = _DIGITS.sub(lambda m: m[0] if _DATE.fullmatch(m[0]) else "<n>", text)
    return _ARABIC.sub("<ar>", digits)


def safe_message(exc: BaseException) -> str:
    """What of an exception's text may be logged."""
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite_driver.ERRORS):  # SQLAlchemy's wrapper: SQLite's text, no parameters
        return scrub(f"{type(orig).__name__}: {orig}")
    if isinstance(exc, sqlite_driver.ERRORS):
        return scrub(str(exc))
    if isinstance(exc, CounterError):
        return f"{exc.message} (parameters: {', '.join(sorted(exc.params))})"
    if isinstance(exc, _CODE_ERRORS):  # they name code (types, attributes), not data values
        return scrub(str(exc))
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{errno.errorcode.get(exc.errno, exc.errno)} {exc.strerror or ''}".strip()
    return "(message withheld: it may hold personal data)"


def safe_traceback(exc: BaseException) -> str:
    """A traceback like Python's, cause chain included, with messages passed through
    ``safe_message``."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines = ["Traceback (most recent call last):\n"]
        lines += traceback.format_list(traceback.extract_tb(current.__traceback__))
        lines.append(f"{type(current).__module__}.{type(current).__qualname__}: ")
        lines.append(safe_message(current) + "\n")
        parts.append("".join(lines))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\nThe above was caused by / happened while handling:\n\n".join(reversed(parts))


class SafeFormatter(logging.Formatter):
    """Formats a copy of the record: the message scrubbed, the traceback made safe here (never
    the text another handler may have cached on the record with the raw messages)."""

    def format(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        safe.msg, safe.args = scrub(record.getMessage()), None
        exc = record.exc_info[1] if record.exc_info else None
        safe.exc_info = None
        safe.exc_text = safe_traceback(exc) if exc is not None else None
        safe.stack_info = scrub(record.stack_info) if record.stack_info else None
        return super().format(safe)


def fallback_dir() -> Path:
    """A per-user folder for logs on another file system than the data (usually RAM)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    return Path(base) / f"citizen-service-counter-{uid}"


def _append(folder: Path, name: str, text: str) -> Path:
    make_private_dir(folder)
    path = folder / name
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def write_crash(paths: AppPaths, exc: BaseException) -> Path | None:
    """Append a crash to the errors log, or to the fallback; None when only stderr got it."""
    import datetime as dt

    text = f"--- {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n"
    text += safe_traceback(exc) + "\n"
    for folder in (paths.log_dir, fallback_dir()):
        try:
            return _append(folder, CRASH_LOG, text)
        except OSError:
            continue
    sys.stderr.write(text)
    return None


class _FallbackFileHandler(logging.handlers.RotatingFileHandler):
    """A file handler that writes to the fallback folder when its own file cannot be written."""

    def handleError(self, record: logging.LogRecord) -> None:
        try:
            _append(fallback_dir(), APP_LOG, self.format(record) + "\n")
        except OSError:
            super().handleError(record)


def setup_logging(paths: AppPaths, *, level: int = logging.WARNING) -> None:
    """Root logging for a process of the app: the scrubbed log file plus stderr."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)  # set up again (tests run many "processes" in one)
        old.close()
    formatter = SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    try:
        make_private_dir(paths.log_dir)
        log_file = paths.log_dir / APP_LOG
        handlers.append(
            _FallbackFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        )
        if os.name == "posix":
            log_file.chmod(0o600)
    except OSError:
        pass  # no log folder at all: stderr (below) still gets every record
    handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._counter_app = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)


def log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """For ``sys.excepthook``: an uncaught error of the desktop, logged scrubbed."""
    exc.__traceback__ = tb
    logging.getLogger("counter_app").error("uncaught %s", kind.__name__, exc_info=exc)
