"""Printer addresses (``backend:target``) and the backends behind them.

A station names a printer per document kind in its settings, e.g. ``cups:Receipts``,
``qt:HP LaserJet`` (Windows spooler), ``escpos:tcp://192.168.1.50:9100``, ``pdf:`` (save in the
station's "printed" folder) or ``file:/path/receipt.pdf`` (exactly that file). Backends are made
on first use and kept by the ``Printers`` object the caller owns (no module-level state).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.domain.errors import N_, ValidationError
from counter_app.printing.backends.base import (
    PrinterBackend,
    PrinterInfo,
    PrinterState,
    PrintFailed,
    SentJob,
)

BACKENDS = ("cups", "qt", "escpos", "pdf", "file")


@dataclass(frozen=True)
class Address:
    backend: str
    target: str

    def __str__(self) -> str:
        return f"{self.backend}:{self.target}"


def parse_address(text: str) -> Address:
    backend, sep, target = text.strip().partition(":")
    backend = backend.lower()
    if not sep or backend not in BACKENDS:
        raise ValidationError(
            N_("{value} is not a printer; write BACKEND:NAME with BACKEND one of {allowed}"),
            field="printer",
            value=text[:80],
            allowed=", ".join(BACKENDS),
        )
    if backend in ("cups", "qt", "escpos", "file") and not target.strip():
        raise ValidationError(
            N_("{value}: the printer name is missing"), field="printer", value=text[:80]
        )
    return Address(backend, target.strip())


def write_file_atomically(path: Path, data: bytes) -> None:
    """The whole file or nothing: a crash never leaves half a PDF under the final name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".printing-", suffix=".pdf", dir=path.parent)
    except OSError as exc:
        raise PrintFailed(N_("The output folder cannot be written"), str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PrintFailed(N_("The output file cannot be written"), str(exc)) from exc


@dataclass
class Printers:
    """The backends of one running program, created on first use."""

    pdf_folder: Path
    factories: dict[str, Callable[[], PrinterBackend]] = field(default_factory=dict)
    _made: dict[str, PrinterBackend] = field(default_factory=dict)

    def backend(self, name: str) -> PrinterBackend:
        if name not in self._made:
            factory = self.factories.get(name) or self._default_factory(name)
            self._made[name] = factory()
        return self._made[name]

    def _default_factory(self, name: str) -> Callable[[], PrinterBackend]:
        if name == "cups":
            from counter_app.printing.backends.cups import CupsBackend

            return CupsBackend
        if name == "qt":
            from counter_app.printing.backends.qtprint import QtPrintBackend

            return QtPrintBackend
        if name == "escpos":
            from counter_app.printing.backends.escpos import EscPosBackend

            return lambda: EscPosBackend()
        if name == "pdf":
            from counter_app.printing.backends.pdffile import PdfFileBackend

            return lambda: PdfFileBackend(self.pdf_folder)
        raise ValueError(name)

    def send(self, address: Address, pdf: bytes, *, title: str) -> SentJob:
        if address.backend == "file":
            path = Path(address.target)
            write_file_atomically(path, pdf)
            return SentJob(printer=str(path))
        target = address.target
        if address.backend == "pdf" and not target:
            # The station's own folder is made on first use; a configured one must exist.
            self.pdf_folder.mkdir(parents=True, exist_ok=True)
            target = str(self.pdf_folder)
        return self.backend(address.backend).send(target, pdf, title=title)

    def status(self, address: Address) -> PrinterInfo:
        if address.backend == "file":
            folder = Path(address.target).parent
            ok = folder.is_dir() and os.access(folder, os.W_OK)
            return PrinterInfo(
                str(address), "file", PrinterState.READY if ok else PrinterState.OFFLINE
            )
        target = address.target
        if address.backend == "pdf" and not target:
            self.pdf_folder.mkdir(parents=True, exist_ok=True)  # made on first use, as in send
            target = str(self.pdf_folder)
        return self.backend(address.backend).status(target)

    def all_printers(self) -> list[PrinterInfo]:
        """Every printer the system shows (CUPS or Qt) plus the PDF folder; a backend that is
        not available on this machine shows nothing rather than failing the list."""
        found: list[PrinterInfo] = []
        system = "qt" if sys.platform == "win32" else "cups"  # Qt on Linux shows CUPS again
        for name in (system, "pdf"):
            try:
                found.extend(self.backend(name).printers())
            except (PrintFailed, OSError, ImportError):
                continue
        return found
