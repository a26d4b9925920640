"""CUPS printers (the Linux spooler) through its command-line tools, ``lp`` and ``lpstat``.

The tools rather than libcups bindings: they ship with every CUPS install, need no compiled
Python package, and their C-locale output is stable. Every call has a timeout and runs without
a shell; ``LC_ALL=C`` keeps the output in the English wording parsed here.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field

from counter_app.domain.errors import N_
from counter_app.printing.backends.base import PrinterInfo, PrinterState, PrintFailed, SentJob

NOT_AVAILABLE = N_("The print system (CUPS) is not available")
NO_SUCH_PRINTER = N_("The printer does not exist")
NOT_ACCEPTING = N_("The printer is not accepting jobs")
REJECTED = N_("The printer rejected the job")
TIMED_OUT = N_("The printer did not answer in time")

_HEADER = re.compile(r"^printer (\S+) (is idle|now printing|disabled)")
_ACCEPTING = re.compile(r"^(\S+) (not )?accepting requests")
_DEFAULT = re.compile(r"^system default destination: (\S+)")
_REQUEST_ID = re.compile(r"request id is (\S+)")
# CUPS refuses these in queue names; refusing them here keeps odd text away from lp's options.
_BAD_NAME = re.compile(r"[\s/#\\\"']|^-|^$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class _Queue:
    """What ``lpstat -l -p -a`` says about one queue."""

    name: str
    state: str = ""  # is idle | now printing | disabled
    message: str = ""  # printer-state-message (or the reason it rejects jobs)
    reasons: list[str] = field(default_factory=list)  # printer-state-reasons ("Alerts:")
    accepting: bool = True


def parse_lpstat(text: str) -> tuple[dict[str, _Queue], str | None]:
    """Queues and the default destination from ``LC_ALL=C lpstat -l -p -a -d`` output."""
    queues: dict[str, _Queue] = {}
    default: str | None = None
    current: _Queue | None = None
    # The first indented line after a header is its message (the printer's state message, or
    # why it rejects jobs) unless it is already one of the "-l" details.
    first = False
    for line in text.splitlines():
        if line.startswith("\t"):
            item = line.strip()
            if current is not None and item.startswith("Alerts:"):
                alerts = item.removeprefix("Alerts:").split()
                current.reasons = [a for a in alerts if a != "none"]
            elif current is not None and first and not item.startswith("Form mounted:"):
                current.message = current.message or item
            first = False
            continue
        current, first = None, True
        if m := _HEADER.match(line):
            current = queues.setdefault(m.group(1), _Queue(m.group(1)))
            current.state = m.group(2)
        elif m := _ACCEPTING.match(line):
            current = queues.setdefault(m.group(1), _Queue(m.group(1)))
            current.accepting = m.group(2) is None
        elif m := _DEFAULT.match(line):
            default = m.group(1)
    return queues, default


def _paper_out(reason: str) -> bool:
    # media-empty(-error|-warning|-report), media-needed, vendor "paper-out"/"out-of-paper";
    # a jam is not an empty tray, so it stays an ERROR.
    return ("media-empty" in reason or "media-needed" in reason or "paper" in reason) and (
        "jam" not in reason
    )


def queue_state(queue: _Queue) -> PrinterState:
    """Map a CUPS queue to the states the print queue and the UI know."""
    if any(_paper_out(r) for r in queue.reasons):
        return PrinterState.PAPER_OUT
    if queue.state == "disabled" or not queue.accepting or "offline-report" in queue.reasons:
        return PrinterState.OFFLINE
    if any(r.endswith("-error") for r in queue.reasons):
        return PrinterState.ERROR
    if queue.state == "is idle":
        return PrinterState.READY
    if queue.state == "now printing":
        return PrinterState.BUSY
    return PrinterState.ERROR


def _detail(queue: _Queue) -> str:
    parts = [queue.message] if queue.message else []
    parts += queue.reasons
    return "; ".join(parts)


def _text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace").strip()
    return (data or "").strip()


class CupsBackend:
    """Printers of the local CUPS scheduler. ``timeout`` bounds each query; ``send_timeout``
    bounds handing a job over (the PDF is copied into the spooler, not printed, by then)."""

    name = "cups"

    def __init__(self, *, timeout: float = 10.0, send_timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.send_timeout = send_timeout

    def _run(
        self, args: list[str], *, timeout: float, stdin: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "LC_ALL": "C"}
        try:
            return subprocess.run(
                args, input=stdin, capture_output=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PrintFailed(TIMED_OUT, _text(exc.stderr) or f"{args[0]}: {timeout:g} s") from exc
        except OSError as exc:  # no lp/lpstat on this machine (or not executable)
            raise PrintFailed(NOT_AVAILABLE, str(exc), state=PrinterState.OFFLINE) from exc

    def _lpstat(self, *args: str) -> tuple[dict[str, _Queue], str | None]:
        done = self._run(["lpstat", "-l", *args], timeout=self.timeout)
        stderr = _text(done.stderr)
        if done.returncode != 0:
            # "No destinations added" is an empty list, not a failure.
            if "No destinations added" in stderr:
                return {}, None
            if "Invalid destination name" in stderr or "does not exist" in stderr:
                raise PrintFailed(NO_SUCH_PRINTER, stderr, state=PrinterState.OFFLINE)
            raise PrintFailed(NOT_AVAILABLE, stderr, state=PrinterState.OFFLINE)
        return parse_lpstat(_text(done.stdout))

    def printers(self) -> list[PrinterInfo]:
        """Every CUPS queue; none when CUPS is not installed. A scheduler that does not answer
        raises PrintFailed, so the settings screen can say why the list is empty."""
        try:
            queues, default = self._lpstat("-p", "-a", "-d")
        except PrintFailed as exc:
            if isinstance(exc.__cause__, FileNotFoundError):
                return []
            raise
        return [self._info(q, default=q.name == default) for q in queues.values()]

    def status(self, printer: str) -> PrinterInfo:
        if _BAD_NAME.search(printer):
            return PrinterInfo(printer, self.name, PrinterState.OFFLINE, NO_SUCH_PRINTER)
        try:
            queues, _ = self._lpstat("-p", printer, "-a", printer)
        except PrintFailed as exc:
            return PrinterInfo(printer, self.name, exc.state, exc.detail or exc.reason)
        queue = queues.get(printer)
        if queue is None:
            return PrinterInfo(printer, self.name, PrinterState.OFFLINE, NO_SUCH_PRINTER)
        return self._info(queue)

    def _info(self, queue: _Queue, *, default: bool = False) -> PrinterInfo:
        return PrinterInfo(queue.name, self.name, queue_state(queue), _detail(queue), default)

    def send(self, printer: str, pdf: bytes, *, title: str, copies: int = 1) -> SentJob:
        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        if _BAD_NAME.search(printer):
            raise PrintFailed(NO_SUCH_PRINTER, printer, state=PrinterState.OFFLINE)
        title = _CONTROL.sub(" ", title).strip() or "document"
        args = ["lp", "-d", printer, "-t", title, "-n", str(copies)]
        media = media_for(pdf)
        if media:
            args += ["-o", f"media={media}"]
        args.append("-")
        done = self._run(args, timeout=self.send_timeout, stdin=pdf)
        stderr = _text(done.stderr)
        if done.returncode != 0:
            raise _lp_failure(stderr)
        m = _REQUEST_ID.search(_text(done.stdout))
        return SentJob(printer, m.group(1) if m else None)

    def wait_done(self, job_id: str, timeout: float = 60.0, *, poll: float = 0.5) -> bool:
        """Wait until CUPS lists the job among its completed ones. CUPS counts canceled and
        aborted jobs as completed too: True means the spooler is finished with it."""
        deadline = time.monotonic() + timeout
        while True:
            done = self._run(["lpstat", "-W", "completed", "-o"], timeout=self.timeout)
            if done.returncode == 0 and any(
                line.split(maxsplit=1)[:1] == [job_id] for line in _text(done.stdout).splitlines()
            ):
                return True
            if time.monotonic() + poll > deadline:
                return False
            time.sleep(poll)


def _lp_failure(stderr: str) -> PrintFailed:
    """lp's non-zero exit, by its (C locale) message."""
    lowered = stderr.lower()
    if "does not exist" in lowered or "invalid destination" in lowered:
        return PrintFailed(NO_SUCH_PRINTER, stderr, state=PrinterState.OFFLINE)
    if "not accepting" in lowered:
        return PrintFailed(NOT_ACCEPTING, stderr, state=PrinterState.OFFLINE)
    if "scheduler is not running" in lowered or "unable to connect" in lowered:
        return PrintFailed(NOT_AVAILABLE, stderr, state=PrinterState.OFFLINE)
    return PrintFailed(REJECTED, stderr)


# Named sizes CUPS knows (PWG self-describing names work everywhere; these short ones are in
# every PPD that has the paper). Anything else, like an 80 mm roll, is asked for as Custom.
_NAMED_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0)}


def media_for(pdf: bytes) -> str | None:
    """The paper the document was laid out for, from its first page, so the queue does not
    put an A5 receipt on A4 or shrink a roll receipt; None when the PDF cannot be read (lp
    then reports the real problem)."""
    import pypdfium2 as pdfium

    from counter_app.printing.raster import PDFIUM_LOCK

    try:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(pdf)
            try:
                width_pt, height_pt = doc.get_page_size(0)
            finally:
                doc.close()
    except (pdfium.PdfiumError, IndexError):
        return None
    w, h = width_pt * 25.4 / 72, height_pt * 25.4 / 72
    for name, (nw, nh) in _NAMED_MM.items():
        if abs(w - nw) < 1 and abs(h - nh) < 1:
            return name
    return f"Custom.{w:.0f}x{h:.0f}mm"
