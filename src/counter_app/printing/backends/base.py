"""What every printer backend offers; the print queue only talks to this."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from counter_app.domain.errors import N_


class PrinterState(StrEnum):
    READY = "ready"
    BUSY = "busy"
    OFFLINE = "offline"  # not reachable, disabled, or not accepting jobs
    PAPER_OUT = "paper_out"
    ERROR = "error"
    UNKNOWN = "unknown"


# A printer's state in words; not the bare value, which "ready" shares with a request status.
STATE_WORDS = {
    PrinterState.READY: N_("ready to print"),
    PrinterState.BUSY: N_("printing"),
    PrinterState.OFFLINE: N_("offline"),
    PrinterState.PAPER_OUT: N_("out of paper"),
    PrinterState.ERROR: N_("printer error"),
    PrinterState.UNKNOWN: N_("state unknown"),
}


@dataclass(frozen=True)
class PrinterInfo:
    name: str
    backend: str  # cups | qt | escpos | pdf
    state: PrinterState
    detail: str = ""  # the printer's own words (CUPS state message, device error)
    default: bool = False


@dataclass(frozen=True)
class SentJob:
    """The printer (or spooler) accepted the job; ``job_id`` is its own id, if it has one."""

    printer: str
    job_id: str | None = None


class PrintFailed(Exception):
    """The job could not be handed to the printer. ``reason`` is an English msgid (translated
    where shown) and ``detail`` the backend's own message; the job stays queued for a retry."""

    def __init__(self, reason: str, detail: str = "", *, state: PrinterState = PrinterState.ERROR):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.state = state


class PrinterBackend(Protocol):
    """A family of printers reached one way."""

    name: str

    def printers(self) -> list[PrinterInfo]:
        """Every printer this backend can see, with its current state."""
        ...

    def status(self, printer: str) -> PrinterInfo:
        """One printer's state; an unknown printer is OFFLINE with a detail, not an exception."""
        ...

    def send(self, printer: str, pdf: bytes, *, title: str, copies: int = 1) -> SentJob:
        """Hand a finished PDF to the printer. Raises PrintFailed; never prints half silently."""
        ...
