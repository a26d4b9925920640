"""ESC/POS thermal printers (80 mm roll), reached over TCP, USB, serial or a device file.

The PDF is rasterised (see ``printing/raster.py``) and sent as GS v 0 blocks through
python-escpos, then fed and cut. A printer is its connection string, optionally with its width
in dots (default 576 = 80 mm at 203 dpi; 512 for 72 mm printable at 180 dpi):

    tcp://HOST[:9100][?width=576]          network printer (raw port 9100)
    usb://VID:PID[?in_ep=0x82&out_ep=0x01] USB printer, ids in hex (needs pyusb)
    serial:///dev/ttyUSB0?baudrate=19200   serial printer (needs pyserial); also dsrdtr, xonxoff
    file:///dev/usb/lp0                    a device node or any file (tests)

so ``escpos:tcp://192.168.1.50:9100`` in the settings needs no other configuration. Printers may
also be given names up front (``ThermalPrinter``); only those are listed by ``printers()``.

python-escpos is imported on first use: importing ``escpos.printer`` calls
``logging.basicConfig()`` and creates a temporary folder, which must not happen before the app
has set up its own logging.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from escpos.exceptions import Error as EscposError

from counter_app.domain.errors import N_
from counter_app.printing.backends.base import PrinterInfo, PrinterState, PrintFailed, SentJob
from counter_app.printing.raster import pdf_to_raster, set_media_width, write_raster

NOT_CONFIGURED = N_("The thermal printer is not configured")
UNREACHABLE = N_("The thermal printer cannot be reached")
TIMED_OUT = N_("The thermal printer did not respond in time")
PAPER_OUT = N_("The thermal printer is out of paper")
DENIED = N_("The thermal printer cannot be opened: permission denied")
LOST = N_("The connection to the thermal printer was lost while printing")
NO_DRIVER = N_("Support for this thermal printer connection is not installed")
BAD_DOCUMENT = N_("The document could not be prepared for the thermal printer")

_OPTIONS: dict[str, set[str]] = {
    "tcp": {"width"},
    "file": {"width"},
    "usb": {"width", "in_ep", "out_ep"},
    "serial": {"width", "baudrate", "dsrdtr", "xonxoff"},
}
# Our send buffer on network printers: small, so a printer that stops reading blocks the write
# and trips the timeout, instead of the whole job vanishing into kernel buffers "successfully".
# A printer consumes ~150 KB/s; 16 KiB does not slow a LAN.
_TCP_SNDBUF = 16 * 1024
# After the last byte: how long to wait for the printer to close its side (it has read
# everything). Printers that keep the socket open cost this much per job, no more.
_CLOSE_WAIT = 2.0


@dataclass(frozen=True)
class Connection:
    """A parsed connection string; only the fields of its ``kind`` are meaningful."""

    kind: str  # tcp | usb | serial | file
    target: str = ""  # host name, serial device or file path
    width_dots: int = 576
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    baudrate: int = 9600
    dsrdtr: bool = True
    xonxoff: bool = False


def parse_connection(text: str) -> Connection:
    """Parse a connection string; ValueError names what is wrong with it."""
    parts = urlsplit(text.strip())
    kind = parts.scheme.lower()
    if kind not in _OPTIONS:
        raise ValueError(f"unknown printer connection {text!r}: use one of {sorted(_OPTIONS)}")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = set(query) - _OPTIONS[kind]
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)} in {text!r}")
    try:
        width = int(query.get("width", "576"))
        if not 8 <= width <= 4096:
            raise ValueError(f"width must be between 8 and 4096 dots, not {width}")
        if kind == "tcp":
            if not parts.hostname:
                raise ValueError("a host is required")
            return Connection(kind, parts.hostname, width, port=parts.port or 9100)
        if kind == "usb":
            vendor, _, product = parts.netloc.partition(":")
            return Connection(
                kind,
                "",
                width,
                vendor_id=int(vendor, 16),
                product_id=int(product, 16),
                in_ep=int(query.get("in_ep", "0x82"), 0),
                out_ep=int(query.get("out_ep", "0x01"), 0),
            )
        if kind == "serial":
            device = unquote(parts.path) or parts.netloc  # serial:///dev/ttyS0 or serial://COM3
            if not device:
                raise ValueError("a device is required")
            return Connection(
                kind,
                device,
                width,
                baudrate=int(query.get("baudrate", "9600")),
                dsrdtr=_flag(query.get("dsrdtr", "1")),
                xonxoff=_flag(query.get("xonxoff", "0")),
            )
        path = unquote(parts.path)
        if parts.netloc not in ("", "localhost") or not path:
            raise ValueError("use file:///absolute/path")
        return Connection(kind, path, width)
    except ValueError as exc:
        raise ValueError(f"bad printer connection {text!r}: {exc}") from exc


def _flag(value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


@dataclass(frozen=True)
class ThermalPrinter:
    """A printer given a name up front; ``width_dots`` overrides the connection's ``?width=``."""

    name: str
    connection: str
    width_dots: int | None = None
    default: bool = False

    def resolve(self) -> Connection:
        conn = parse_connection(self.connection)
        if self.width_dots is None:
            return conn
        if not 8 <= self.width_dots <= 4096:
            raise ValueError(f"width_dots must be between 8 and 4096, not {self.width_dots}")
        return dataclasses.replace(conn, width_dots=self.width_dots)


class EscPosBackend:
    """ESC/POS printers: the named ones, and any connection string used as a printer name."""

    name = "escpos"

    def __init__(
        self,
        printers: Iterable[ThermalPrinter] = (),
        *,
        timeout: float = 10.0,
        status_timeout: float = 1.0,
    ) -> None:
        named = list(printers)
        self._named = {p.name: p.resolve() for p in named}  # bad configuration fails here
        self._defaults = {p.name for p in named if p.default}
        self.timeout = timeout  # per connect / write; a stalled printer fails the job after it
        self.status_timeout = status_timeout  # probes and the paper query; keeps status() snappy
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._sending: set[str] = set()

    def printers(self) -> list[PrinterInfo]:
        return [self.status(name) for name in self._named]

    def status(self, printer: str) -> PrinterInfo:
        """Never raises and never waits much longer than ``status_timeout``."""
        try:
            conn = self._connection(printer)
        except ValueError as exc:
            return PrinterInfo(printer, self.name, PrinterState.OFFLINE, str(exc))
        if printer in self._sending:
            return self._info(printer, PrinterState.BUSY)
        if conn.kind == "tcp":
            return self._info(printer, *self._probe_network(conn))
        if conn.kind == "usb":
            return self._info(printer, *_probe_usb(conn))
        return self._info(printer, *_probe_path(conn.target))

    def send(self, printer: str, pdf: bytes, *, title: str, copies: int = 1) -> SentJob:
        """Rasterise, then send every copy on one connection; ``title`` has nowhere to go."""
        try:
            conn = self._connection(printer)
        except ValueError as exc:
            raise PrintFailed(NOT_CONFIGURED, str(exc), state=PrinterState.OFFLINE) from exc
        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        # Before connecting: a bad document must not leave the printer half-initialised, and
        # the connection should not sit open while we render.
        try:
            images = pdf_to_raster(pdf, width_dots=conn.width_dots)
        except ValueError as exc:
            raise PrintFailed(BAD_DOCUMENT, str(exc)) from exc
        if not images:
            raise PrintFailed(BAD_DOCUMENT, "the PDF has no pages")
        with self._lock(printer), self._marked_sending(printer):
            device = _open(conn, self.timeout)
            try:
                if self._paper_status(device, conn) == 0:
                    raise PrintFailed(
                        PAPER_OUT, "the paper sensor reports no paper", state=PrinterState.PAPER_OUT
                    )
                for copy in range(copies):
                    write_raster(device, images, cut=True, initialise=copy == 0)
                if conn.kind == "tcp":
                    _wait_for_close(device.device, min(self.timeout, _CLOSE_WAIT))
            except (OSError, EscposError, RuntimeError) as exc:
                raise _failure(exc, while_sending=True) from exc
            finally:
                _close_quietly(device)
        return SentJob(printer=printer)

    def _connection(self, printer: str) -> Connection:
        named = self._named.get(printer)
        return named if named is not None else parse_connection(printer)

    def _lock(self, printer: str) -> threading.Lock:
        """One job at a time per printer: raw port 9100 serves one connection at a time."""
        with self._guard:
            return self._locks.setdefault(printer, threading.Lock())

    @contextlib.contextmanager
    def _marked_sending(self, printer: str) -> Iterator[None]:
        self._sending.add(printer)
        try:
            yield
        finally:
            self._sending.discard(printer)

    def _info(self, printer: str, state: PrinterState, detail: str = "") -> PrinterInfo:
        return PrinterInfo(printer, self.name, state, detail, default=printer in self._defaults)

    def _paper_status(self, device: Any, conn: Connection) -> int | None:
        """python-escpos ``paper_status()`` (2 ok, 1 low, 0 out), or None if unanswered.

        Asked with the short status timeout: many printers never answer DLE EOT, and that must
        not cost a full timeout per job. python-escpos itself reads "no answer" as "paper ok".
        """
        if conn.kind == "file":
            return None  # a file has no way back
        try:
            with _read_timeout(device, conn, self.status_timeout):
                status: int = device.paper_status()
                return status
        except (OSError, EscposError, NotImplementedError):
            return None

    def _probe_network(self, conn: Connection) -> tuple[PrinterState, str]:
        try:
            device = _open(conn, self.status_timeout)
        except PrintFailed as failed:
            return failed.state, failed.detail
        try:
            paper = self._paper_status(device, conn)
            with contextlib.suppress(OSError):
                _wait_for_close(device.device, self.status_timeout)
        finally:
            _close_quietly(device)
        if paper == 0:
            return PrinterState.PAPER_OUT, "no paper"
        return PrinterState.READY, "paper low" if paper == 1 else ""


def _open(conn: Connection, timeout: float) -> Any:
    """A connected python-escpos printer, or PrintFailed saying why not."""
    device = None
    try:
        device = _make_device(conn, timeout)
        set_media_width(device, conn.width_dots)
        device.open()
        _tune(device, conn, timeout)
    except (OSError, EscposError, RuntimeError) as exc:
        if device is not None:
            _close_quietly(device)
        raise _failure(exc, while_sending=False) from exc
    return device


def _make_device(conn: Connection, timeout: float) -> Any:
    from escpos import printer  # see the module docstring

    if conn.kind == "tcp":
        return printer.Network(conn.target, conn.port, timeout=timeout)
    if conn.kind in ("usb", "serial"):
        driver = printer.Usb if conn.kind == "usb" else printer.Serial
        if not driver.is_usable():
            # Checked first: a Usb object made without pyusb raises again from __del__.
            module = "pyusb" if conn.kind == "usb" else "pyserial"
            raise RuntimeError(f"{module} is not installed")
    if conn.kind == "usb":
        # python-escpos passes this to pyusb, which counts milliseconds; its default 0 waits
        # forever on a stalled printer.
        return printer.Usb(
            conn.vendor_id,
            conn.product_id,
            timeout=max(1, int(timeout * 1000)),
            in_ep=conn.in_ep,
            out_ep=conn.out_ep,
        )
    if conn.kind == "serial":
        return printer.Serial(
            conn.target,
            baudrate=conn.baudrate,
            timeout=timeout,
            dsrdtr=conn.dsrdtr,
            xonxoff=conn.xonxoff,
        )
    return printer.File(conn.target)


def _tune(device: Any, conn: Connection, timeout: float) -> None:
    """Limits python-escpos does not set itself."""
    if conn.kind == "tcp":
        device.device.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _TCP_SNDBUF)
    elif conn.kind == "serial":
        device.device.write_timeout = timeout  # pyserial writes block forever by default


@contextlib.contextmanager
def _read_timeout(device: Any, conn: Connection, seconds: float) -> Iterator[None]:
    """Temporarily shorten the read timeout of an open connection."""
    handle = device.device
    if conn.kind == "tcp":
        previous = handle.gettimeout()
        handle.settimeout(seconds)
        try:
            yield
        finally:
            handle.settimeout(previous)
    elif conn.kind == "serial":
        previous = handle.timeout
        handle.timeout = seconds
        try:
            yield
        finally:
            handle.timeout = previous
    else:  # usb: python-escpos reads without a timeout argument, so pyusb's default applies
        previous = handle.default_timeout
        handle.default_timeout = max(1, int(seconds * 1000))
        try:
            yield
        finally:
            handle.default_timeout = previous


def _wait_for_close(sock: socket.socket, seconds: float) -> None:
    """Half-close and read until the printer closes too, or ``seconds`` pass.

    python-escpos closes with shutdown + close; if the printer sent anything we did not read (a
    late answer to DLE EOT, automatic status), Linux then resets the connection and may drop
    the tail of the job still in our send buffer. Reading it first makes the close orderly.
    """
    sock.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            if not sock.recv(4096):
                return
        except TimeoutError:
            return


def _close_quietly(device: Any) -> None:
    with contextlib.suppress(Exception):
        device.close()


def _root(exc: BaseException) -> BaseException:
    """The OS-level error: python-escpos re-raises open failures without ``from``."""
    while isinstance(exc, EscposError):
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def _failure(exc: BaseException, *, while_sending: bool) -> PrintFailed:
    root = _root(exc)
    detail = " ".join(str(exc).split())  # python-escpos puts newlines in its messages
    if isinstance(root, TimeoutError) or "timeout" in type(root).__name__.lower():
        return PrintFailed(TIMED_OUT, detail, state=PrinterState.OFFLINE)
    if isinstance(root, PermissionError) or getattr(root, "errno", None) in (
        errno.EACCES,
        errno.EPERM,
    ):
        return PrintFailed(DENIED, detail)
    if isinstance(root, RuntimeError):  # python-escpos: pyusb / pyserial not installed
        return PrintFailed(NO_DRIVER, detail)
    if while_sending:
        return PrintFailed(LOST, detail, state=PrinterState.OFFLINE)
    return PrintFailed(UNREACHABLE, detail, state=PrinterState.OFFLINE)


def _probe_usb(conn: Connection) -> tuple[PrinterState, str]:
    # Presence only: python-escpos resets the device on every open(), not something to do
    # each time a status light refreshes.
    try:
        import usb.core  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return PrinterState.OFFLINE, "pyusb is not installed"
    try:
        found = usb.core.find(idVendor=conn.vendor_id, idProduct=conn.product_id)
    except Exception as exc:  # no libusb backend, permissions: report, never raise
        return PrinterState.OFFLINE, str(exc)
    if found is None:
        return PrinterState.OFFLINE, f"USB device {conn.vendor_id:04x}:{conn.product_id:04x} absent"
    return PrinterState.READY, ""


def _probe_path(target: str) -> tuple[PrinterState, str]:
    """Device nodes and files: can we write there? (Opening a serial port would toggle DTR.)"""
    path = Path(target)
    if path.exists():
        if os.access(path, os.W_OK):
            return PrinterState.READY, ""
        return PrinterState.OFFLINE, f"permission denied: {target}"
    if path.parts[:2] == ("/", "dev"):
        return PrinterState.OFFLINE, f"{target} is not present (unplugged or switched off?)"
    if path.parent.is_dir() and os.access(path.parent, os.W_OK):
        return PrinterState.READY, ""  # an ordinary file, created on the first job
    return PrinterState.OFFLINE, f"cannot create {target}"
