"""ESC/POS thermal printing: the raster keeps the barcode scannable, and so do the bytes a
printer receives (rebuilt from the GS v 0 commands and decoded with zxing-cpp)."""

from __future__ import annotations

import io
import itertools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageOps
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from counter_app.printing.backends import escpos as backend
from counter_app.printing.backends.base import PrinterState, PrintFailed
from counter_app.printing.backends.escpos import EscPosBackend, ThermalPrinter, parse_connection
from counter_app.printing.raster import block_bounds, pdf_to_raster, raster_to_escpos_bytes

VALUE = "MZH-02-26-000123-52"
PAGE_MM = (80, 120)
BARCODE_MM = (25, 10)  # top, bottom of the bars, from the bottom of the page
PAPER_OK, PAPER_NONE = 0x12, 0x72  # DLE EOT 4 answers: fixed bits / paper-end sensor bits


def receipt_pdf(height_mm: float = PAGE_MM[1], barcode_top_mm: float = BARCODE_MM[0]) -> bytes:
    """An 80 mm roll page: a few lines of text and a Code128 of VALUE with quiet zones."""
    buf = io.BytesIO()
    width, height = PAGE_MM[0] * mm, height_mm * mm
    pdf = canvas.Canvas(buf, pagesize=(width, height))
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(width / 2, height - 12 * mm, "Citizen Service Center")
    pdf.setFont("Helvetica", 9)
    for line, text in enumerate(("Receipt " + VALUE, "Service: passport renewal", "Fee: 0")):
        pdf.drawString(5 * mm, height - (22 + 6 * line) * mm, text)
    bars_height = (BARCODE_MM[0] - BARCODE_MM[1]) * mm
    barcode = Code128(VALUE, barWidth=0.28 * mm, barHeight=bars_height, quiet=True)
    assert barcode.width <= width, "the barcode and its quiet zones must fit the roll"
    barcode.drawOn(pdf, (width - barcode.width) / 2, barcode_top_mm * mm - bars_height)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def decode(image: Image.Image) -> list[str]:
    found = zxingcpp.read_barcodes(
        image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
    )
    return [b.text for b in found]


# --- reading the bytes back -------------------------------------------------------------------


def parse_stream(data: bytes) -> tuple[list[str], list[Image.Image]]:
    """Every command in ``data`` (failing on anything unexpected) and the raster blocks."""
    commands: list[str] = []
    blocks: list[Image.Image] = []
    i = 0
    while i < len(data):
        if data.startswith(b"\x1dv0", i):  # GS v 0 m xL xH yL yH d1...dk
            mode, xl, xh, yl, yh = data[i + 3 : i + 8]
            assert mode == 0, "normal density"
            width_bytes, rows = xl + 256 * xh, yl + 256 * yh
            start, end = i + 8, i + 8 + width_bytes * rows
            assert end <= len(data), "raster data cut short"
            block = Image.frombytes("1", (width_bytes * 8, rows), data[start:end])
            blocks.append(ImageOps.invert(block.convert("L")))  # ESC/POS: bit 1 = black dot
            commands.append("GS v 0")
            i = end
        elif data.startswith(b"\x1b@", i):
            commands.append("ESC @")
            i += 2
        elif data.startswith(b"\x10\x04", i):
            commands.append(f"DLE EOT {data[i + 2]}")
            i += 3
        elif data.startswith(b"\x1bd", i):
            commands.append("ESC d")
            i += 3
        elif data.startswith(b"\x1dV", i):
            commands.append("GS V")
            i += 4 if data[i + 2] in (65, 66) else 3
        else:
            raise AssertionError(f"unexpected byte {data[i]:#04x} at offset {i}")
    return commands, blocks


def stack(blocks: list[Image.Image]) -> Image.Image:
    out = Image.new("L", (blocks[0].width, sum(b.height for b in blocks)), 255)
    top = 0
    for block in blocks:
        assert block.width == out.width
        out.paste(block, (0, top))
        top += block.height
    return out


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return (
        a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


# --- a network thermal printer on loopback ----------------------------------------------------


class FakePrinter:
    """Raw port 9100 on 127.0.0.1: records each connection's bytes, answers DLE EOT 4 with
    ``paper`` (None: never answers), or with ``reads=False`` accepts and never reads."""

    def __init__(
        self, *, paper: int | None = PAPER_OK, reads: bool = True, answer_after: float = 0.0
    ) -> None:
        self.paper, self.reads, self.answer_after = paper, reads, answer_after
        self.jobs: list[bytes] = []
        self.reset = False
        self.finished = threading.Event()
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if not reads or answer_after:  # a tiny window (inherited on accept): writes stall
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(4)
        self._server.settimeout(0.05)
        self.port: int = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                if self.reads:
                    self._record(conn)
                else:
                    self._stop.wait()

    def _record(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        data = bytearray()
        asked_at: float | None = None
        answered = False
        try:
            while chunk := conn.recv(65536):
                data += chunk
                if asked_at is None and b"\x10\x04\x04" in data:
                    asked_at = time.monotonic()
                late = asked_at is not None and time.monotonic() - asked_at >= self.answer_after
                if late and not answered and self.paper is not None:
                    conn.sendall(bytes([self.paper]))
                    answered = True
                if self.answer_after:
                    time.sleep(0.02)  # a slow printer: the job takes about a second
        except ConnectionResetError:
            self.reset = True  # keep what arrived
        self.jobs.append(bytes(data))
        self.finished.set()

    def job(self) -> bytes:
        assert self.finished.wait(5), "the printer saw no complete connection"
        return self.jobs[-1]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    fake = FakePrinter()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return receipt_pdf()


def fast_backend(timeout: float = 5.0) -> EscPosBackend:
    return EscPosBackend(timeout=timeout, status_timeout=0.3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


# --- 1. the raster ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [576, 512])
def test_raster_is_full_width_one_bit_and_scannable(pdf: bytes, width: int) -> None:
    (image,) = pdf_to_raster(pdf, width_dots=width)
    assert image.mode == "1"
    assert image.size == (width, round(width * PAGE_MM[1] / PAGE_MM[0]))
    assert decode(image) == [VALUE]


def test_raster_is_thresholded_not_dithered() -> None:
    # Flat grey comes out solid: error diffusion would turn it into a dot pattern, and fray
    # bar and glyph edges the same way.
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(80 * mm, 30 * mm))
    for x_mm, grey in ((5, 0.3), (45, 0.7)):
        pdf.setFillGray(grey)
        pdf.rect(x_mm * mm, 5 * mm, 30 * mm, 20 * mm, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    (image,) = pdf_to_raster(buf.getvalue(), width_dots=576)
    dots = image.width / 80

    def patch(x_mm: float) -> object:
        box = ((x_mm + 2) * dots, 7 * dots, (x_mm + 28) * dots, 23 * dots)
        return image.crop(box).convert("L").getextrema()

    assert patch(5) == (0, 0)  # 30 % grey (dark) prints solid black
    assert patch(45) == (255, 255)  # 70 % grey (light) prints nothing


def test_raster_blocks_are_cut_on_blank_rows_never_through_the_barcode() -> None:
    # 80 x 300 mm with the barcode straddling row 512, where a naive split would fall.
    (image,) = pdf_to_raster(receipt_pdf(300, barcode_top_mm=300 - 65), width_dots=576)
    bounds = block_bounds(image)
    assert bounds[0][0] == 0 and bounds[-1][1] == image.height
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < bottom - top <= 512 for top, bottom in bounds)
    blank = Image.new("1", (image.width, 1), 1).tobytes()
    for top, _ in bounds[1:]:
        assert image.crop((0, top, image.width, top + 1)).tobytes() == blank
    commands, blocks = parse_stream(raster_to_escpos_bytes([image]))
    assert commands.count("GS v 0") == len(bounds) > 1
    assert same_pixels(stack(blocks), image)
    assert decode(stack(blocks)) == [VALUE]


def test_not_a_pdf_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a PDF document"):
        pdf_to_raster(b"hello, printer")
    with pytest.raises(ValueError, match="not a readable PDF"):
        pdf_to_raster(b"%PDF-1.4\n this is no PDF body")


# --- 2. what a network printer receives -------------------------------------------------------


@pytest.mark.parametrize("width", [576, 512])
def test_network_printer_receives_a_scannable_barcode(
    printer: FakePrinter, pdf: bytes, width: int
) -> None:
    address = printer.address + ("?width=512" if width == 512 else "")
    sent = fast_backend().send(address, pdf, title="Receipt")
    assert sent.printer == address

    commands, blocks = parse_stream(printer.job())
    # Paper query first (nothing printed if it fails), a clean state, the raster, feed and cut.
    assert commands[:2] == ["DLE EOT 4", "ESC @"]
    assert commands[-2:] == ["ESC d", "GS V"]
    assert set(commands[2:-2]) == {"GS v 0"}
    rebuilt = stack(blocks)
    assert rebuilt.width == width
    assert same_pixels(rebuilt, pdf_to_raster(pdf, width_dots=width)[0])
    assert decode(rebuilt) == [VALUE]


def test_copies_are_cut_apart_on_one_connection(printer: FakePrinter, pdf: bytes) -> None:
    fast_backend().send(printer.address, pdf, title="Receipt", copies=2)
    commands, blocks = parse_stream(printer.job())
    assert commands.count("GS V") == 2
    assert commands.count("ESC @") == 1
    half = len(blocks) // 2
    assert decode(stack(blocks[:half])) == decode(stack(blocks[half:])) == [VALUE]


def test_paper_out_is_reported_and_nothing_is_printed(pdf: bytes) -> None:
    fake = FakePrinter(paper=PAPER_NONE)
    try:
        with pytest.raises(PrintFailed) as failed:
            fast_backend().send(fake.address, pdf, title="Receipt")
        assert failed.value.reason == backend.PAPER_OUT
        assert failed.value.state is PrinterState.PAPER_OUT
        commands, _ = parse_stream(fake.job())
        assert commands == ["DLE EOT 4"]
        assert fast_backend().status(fake.address).state is PrinterState.PAPER_OUT
    finally:
        fake.close()


def test_a_printer_that_never_answers_status_still_prints(pdf: bytes) -> None:
    fake = FakePrinter(paper=None)
    try:
        fast_backend().send(fake.address, pdf, title="Receipt")
        _, blocks = parse_stream(fake.job())
        assert decode(stack(blocks)) == [VALUE]
    finally:
        fake.close()


def test_a_late_status_answer_does_not_cut_the_job_short(pdf: bytes) -> None:
    # The printer answers DLE EOT after we stopped waiting, while still reading the job. The
    # unread byte would make a plain close() reset the connection and drop the job's tail.
    fake = FakePrinter(answer_after=0.4)
    try:
        fast_backend().send(fake.address, pdf, title="Receipt", copies=3)
        commands, blocks = parse_stream(fake.job())  # fails if the raster is cut short
        assert not fake.reset
        assert commands.count("GS V") == 3 and commands[-1] == "GS V"
        assert decode(stack(blocks[-len(blocks) // 3 :])) == [VALUE]
    finally:
        fake.close()


def test_network_status(printer: FakePrinter) -> None:
    info = fast_backend().status(printer.address)
    assert (info.name, info.backend, info.state) == (printer.address, "escpos", PrinterState.READY)
    started = time.monotonic()
    refused = fast_backend().status(f"tcp://127.0.0.1:{free_port()}")
    assert refused.state is PrinterState.OFFLINE and refused.detail
    assert time.monotonic() - started < 1


def test_named_printers_are_listed() -> None:
    backend_ = EscPosBackend(
        [ThermalPrinter("Counter 1", "file:///dev/null", width_dots=512, default=True)]
    )
    (info,) = backend_.printers()
    assert (info.name, info.state, info.default) == ("Counter 1", PrinterState.READY, True)


# --- 3. a file printer ------------------------------------------------------------------------


def test_file_printer_gets_the_same_stream(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "lp0"
    address = f"file://{out}"
    assert fast_backend().status(address).state is PrinterState.READY
    fast_backend().send(address, pdf, title="Receipt")
    data = out.read_bytes()
    commands, blocks = parse_stream(data)
    assert "DLE EOT 4" not in commands  # a file cannot answer
    assert decode(stack(blocks)) == [VALUE]
    assert data == raster_to_escpos_bytes(pdf_to_raster(pdf))


# --- 4. bad input -----------------------------------------------------------------------------


def test_connection_refused_fails_fast(pdf: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(PrintFailed) as failed:
        fast_backend().send(f"tcp://127.0.0.1:{free_port()}", pdf, title="Receipt")
    assert failed.value.reason == backend.UNREACHABLE
    assert failed.value.state is PrinterState.OFFLINE
    assert "refused" in failed.value.detail.lower()
    assert time.monotonic() - started < 1


def test_a_printer_that_stops_reading_times_out(pdf: bytes) -> None:
    fake = FakePrinter(reads=False)
    try:
        started = time.monotonic()
        with pytest.raises(PrintFailed) as failed:
            # Three copies (~190 KB) cannot all hide in socket buffers.
            fast_backend(timeout=1.0).send(fake.address, pdf, title="Receipt", copies=3)
        elapsed = time.monotonic() - started
        assert failed.value.reason == backend.TIMED_OUT
        assert 1.0 <= elapsed < 1.0 + 0.3 + 1.0  # write timeout + unanswered paper query + slack
    finally:
        fake.close()


def test_file_in_a_missing_folder_fails(tmp_path: Path, pdf: bytes) -> None:
    address = f"file://{tmp_path}/no/such/folder/lp0"
    with pytest.raises(PrintFailed) as failed:
        fast_backend().send(address, pdf, title="Receipt")
    assert failed.value.reason == backend.UNREACHABLE
    assert fast_backend().status(address).state is PrinterState.OFFLINE


def test_not_a_pdf_fails_before_touching_the_printer(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    with pytest.raises(PrintFailed) as failed:
        fast_backend().send(f"file://{out}", b"<html>not a pdf</html>", title="Receipt")
    assert failed.value.reason == backend.BAD_DOCUMENT
    assert "not a PDF" in failed.value.detail
    assert not out.exists()


@pytest.mark.parametrize(
    "address", ["lpt://1", "tcp://", "usb://xyz:1", "tcp://printer?speed=9", "file://host/x"]
)
def test_bad_connection_strings(address: str, pdf: bytes) -> None:
    with pytest.raises(ValueError, match=r"printer connection|option"):
        parse_connection(address)
    with pytest.raises(PrintFailed) as failed:
        fast_backend().send(address, pdf, title="Receipt")
    assert failed.value.reason == backend.NOT_CONFIGURED
    assert fast_backend().status(address).state is PrinterState.OFFLINE


def test_connection_strings() -> None:
    assert parse_connection("tcp://10.0.0.5") == backend.Connection("tcp", "10.0.0.5")
    usb = parse_connection("usb://04b8:0e15?out_ep=0x03&width=512")
    assert (usb.vendor_id, usb.product_id, usb.out_ep, usb.width_dots) == (0x4B8, 0xE15, 3, 512)
    serial = parse_connection("serial:///dev/ttyUSB0?baudrate=19200&dsrdtr=no")
    assert (serial.target, serial.baudrate, serial.dsrdtr) == ("/dev/ttyUSB0", 19200, False)
    assert parse_connection("file:///dev/usb/lp0").target == "/dev/usb/lp0"


@pytest.mark.parametrize("address", ["usb://04b8:0e15", "serial:///dev/no-such-tty"])
def test_usb_and_serial_fail_as_print_failed(address: str, pdf: bytes) -> None:
    # pyusb / pyserial are optional: either "not installed" or "cannot be reached".
    with pytest.raises(PrintFailed) as failed:
        fast_backend().send(address, pdf, title="Receipt")
    assert failed.value.reason in (backend.NO_DRIVER, backend.UNREACHABLE, backend.DENIED)
    assert fast_backend().status(address).state is PrinterState.OFFLINE


def test_importing_the_backend_leaves_logging_alone() -> None:
    # escpos.printer calls logging.basicConfig() on import; we import it only when printing.
    code = (
        "import logging, counter_app.printing.backends.escpos, counter_app.printing.raster\n"
        "assert not logging.getLogger().handlers, logging.getLogger().handlers\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
