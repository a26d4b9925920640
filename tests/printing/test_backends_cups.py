"""CupsBackend: printing for real through the CUPS scheduler, and its failures.

The real tests use the queues scripts/_env.sh sets up: CSC-PDF (cups-pdf, writing into
$COUNTER_TEST_CUPS_PDF_OUT) and CSC-BROKEN (disabled, rejecting). Without CUPS they skip, but
in CI (``CI`` set) they fail: CI is where the printing path must be proven. The other tests
replace ``lp``/``lpstat`` with small scripts and need no CUPS.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from counter_app.printing.backends.base import PrinterState, PrintFailed
from counter_app.printing.backends.cups import (
    NO_SUCH_PRINTER,
    NOT_ACCEPTING,
    NOT_AVAILABLE,
    REJECTED,
    TIMED_OUT,
    CupsBackend,
    parse_lpstat,
    queue_state,
)

GOOD, BROKEN = "CSC-PDF", "CSC-BROKEN"
C_ENV = {**os.environ, "LC_ALL": "C"}


def sample_pdf(marker: str, barcode: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 16)
    c.drawString(72, 760, marker)
    code128.Code128(barcode, barHeight=50, barWidth=1.4).drawOn(c, 72, 660)
    c.showPage()
    c.save()
    return buf.getvalue()


# --- the real scheduler ---------------------------------------------------------------------


def _cups_pdf_out() -> Path | None:
    if folder := os.environ.get("COUNTER_TEST_CUPS_PDF_OUT"):
        return Path(folder)
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        for line in conf.read_text(errors="replace").splitlines():
            if line.startswith("Out ") and "$" not in line:
                return Path(line.removeprefix("Out ").strip())
    return None


def _cups_problem() -> str | None:
    for tool in ("lp", "lpstat", "pdftotext"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    running = subprocess.run(
        ["lpstat", "-r"], capture_output=True, text=True, env=C_ENV, timeout=10, check=False
    )
    if "scheduler is running" not in running.stdout:
        return "the CUPS scheduler is not running"
    for queue in (GOOD, BROKEN):
        probe = ["lpstat", "-p", queue]
        if subprocess.run(probe, capture_output=True, env=C_ENV, timeout=10).returncode:
            return f"the print queue {queue} does not exist (scripts/_env.sh creates it)"
    out = _cups_pdf_out()
    if out is None or not out.is_dir():
        return "the cups-pdf output folder is unknown (set COUNTER_TEST_CUPS_PDF_OUT)"
    return None


@pytest.fixture(scope="module")
def cups_out() -> Path:
    problem = _cups_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CUPS with cups-pdf is required in CI: {problem}")
        pytest.skip(problem)
    out = _cups_pdf_out()
    assert out is not None
    return out


def _output_of(folder: Path, token: str, job_id: str, timeout: float = 30) -> Path:
    """cups-pdf names the file after the title and labels it with the job number."""
    number = job_id.rsplit("-", 1)[1]
    label = re.compile(rf"(^job_{number}-|-job_{number}\.pdf$)")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in folder.iterdir():
            if path.suffix == ".pdf" and (token in path.name or label.search(path.name)):
                return path
        time.sleep(0.2)
    raise AssertionError(f"no output for {job_id} in {folder}: {sorted(os.listdir(folder))}")


def test_prints_a_pdf_through_cups_pdf(cups_out: Path) -> None:
    token = "T" + uuid.uuid4().hex[:12]
    backend = CupsBackend()
    assert backend.status(GOOD).state in (PrinterState.READY, PrinterState.BUSY)

    job = backend.send(GOOD, sample_pdf(f"MARKER {token}", token), title=f"receipt {token}")

    assert job.printer == GOOD
    assert job.job_id is not None and job.job_id.startswith(f"{GOOD}-")
    assert backend.wait_done(job.job_id, timeout=60)
    output = _output_of(cups_out, token, job.job_id)
    try:
        assert output.read_bytes().startswith(b"%PDF-")
        text = subprocess.run(
            ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"MARKER {token}" in text
        # The barcode survived the spooler's conversions well enough to scan.
        doc = pdfium.PdfDocument(output)
        image = doc[0].render(scale=200 / 72).to_pil()
        assert token in [b.text for b in zxingcpp.read_barcodes(image)]
        doc.close()
    finally:
        output.unlink()


def test_printers_lists_the_queues(cups_out: Path) -> None:
    printers = {p.name: p for p in CupsBackend().printers()}
    assert printers[GOOD].state in (PrinterState.READY, PrinterState.BUSY)
    assert printers[GOOD].backend == "cups"
    assert printers[BROKEN].state is PrinterState.OFFLINE


def test_unknown_printer(cups_out: Path) -> None:
    backend = CupsBackend()
    with pytest.raises(PrintFailed) as failed:
        backend.send("CSC-NO-SUCH-QUEUE", b"%PDF-1.4\n", title="x")
    assert failed.value.reason == NO_SUCH_PRINTER
    assert "does not exist" in failed.value.detail  # lp's own words
    status = backend.status("CSC-NO-SUCH-QUEUE")
    assert status.state is PrinterState.OFFLINE
    assert status.detail


def test_rejecting_printer(cups_out: Path) -> None:
    backend = CupsBackend()
    assert backend.status(BROKEN).state is PrinterState.OFFLINE
    with pytest.raises(PrintFailed) as failed:
        backend.send(BROKEN, sample_pdf("never", "never"), title="never")
    assert failed.value.reason == NOT_ACCEPTING
    assert failed.value.state is PrinterState.OFFLINE


def test_wait_done_gives_up(cups_out: Path) -> None:
    assert CupsBackend().wait_done(f"{GOOD}-999999999", timeout=0.3, poll=0.1) is False


# --- without CUPS: missing tools, fake tools ------------------------------------------------


def test_missing_tools_mean_cups_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    backend = CupsBackend()
    with pytest.raises(PrintFailed) as failed:
        backend.send(GOOD, b"%PDF-1.4\n", title="x")
    assert failed.value.reason == NOT_AVAILABLE
    assert "not available" in failed.value.reason
    assert backend.status(GOOD).state is PrinterState.OFFLINE
    assert backend.printers() == []  # no CUPS on this machine: nothing to list


def _fake_tool(folder: Path, name: str, body: str) -> None:
    tool = folder / name
    tool.write_text("#!/bin/sh\n" + body)
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LC_ALL", "ar_SY.UTF-8")  # the backend must override it
    return folder


def test_send_hands_the_pdf_to_lp(fake_bin: Path, tmp_path: Path) -> None:
    record = tmp_path / "record"
    _fake_tool(
        fake_bin,
        "lp",
        f'printf "%s\\n" "$@" > {record}.args\necho "$LC_ALL" > {record}.env\n'
        f"cat > {record}.pdf\necho 'request id is Q1-123 (1 file(s))'\n",
    )
    pdf = b"%PDF-1.4 fake\n"
    job = CupsBackend().send("Q1", pdf, title="slip\nA-7", copies=2)
    assert job.job_id == "Q1-123"
    args = Path(f"{record}.args").read_text().splitlines()
    assert args == ["-d", "Q1", "-t", "slip A-7", "-n", "2", "-"]
    assert Path(f"{record}.env").read_text().strip() == "C"
    assert Path(f"{record}.pdf").read_bytes() == pdf


def test_lp_refusal_is_a_print_failure(fake_bin: Path) -> None:
    _fake_tool(fake_bin, "lp", "echo 'lp: Unsupported document-format' >&2\nexit 1\n")
    with pytest.raises(PrintFailed) as failed:
        CupsBackend().send("Q1", b"%PDF", title="x")
    assert failed.value.reason == REJECTED
    assert failed.value.detail == "lp: Unsupported document-format"


def test_scheduler_down_is_not_available(fake_bin: Path) -> None:
    _fake_tool(fake_bin, "lp", "echo 'lp: Scheduler is not running.' >&2\nexit 1\n")
    with pytest.raises(PrintFailed) as failed:
        CupsBackend().send("Q1", b"%PDF", title="x")
    assert failed.value.reason == NOT_AVAILABLE


def test_a_hanging_lp_times_out(fake_bin: Path) -> None:
    _fake_tool(fake_bin, "lp", "exec sleep 30\n")
    started = time.monotonic()
    with pytest.raises(PrintFailed) as failed:
        CupsBackend(send_timeout=0.5).send("Q1", b"%PDF", title="x")
    assert failed.value.reason == TIMED_OUT
    assert time.monotonic() - started < 10


def test_odd_printer_names_never_reach_lp(fake_bin: Path) -> None:
    _fake_tool(fake_bin, "lp", "exit 99\n")
    for name in ("", "-o", "a b", "x/y"):
        with pytest.raises(PrintFailed) as failed:
            CupsBackend().send(name, b"%PDF", title="x")
        assert failed.value.reason == NO_SUCH_PRINTER
    with pytest.raises(ValueError):
        CupsBackend().send("Q1", b"%PDF", title="x", copies=0)


def test_wait_done_polls_completed_jobs(fake_bin: Path, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    # Completed only from the third poll on.
    _fake_tool(
        fake_bin,
        "lpstat",
        f"echo x >> {calls}\n"
        f'[ "$(wc -l < {calls})" -ge 3 ] && echo "Q1-7   root   1024   Mon 01 Jan 2026"\n'
        'echo "Q1-70  root   1024   Mon 01 Jan 2026"\nexit 0\n',
    )
    backend = CupsBackend()
    assert backend.wait_done("Q1-7", timeout=10, poll=0.05)
    assert len(calls.read_text().splitlines()) == 3
    assert not backend.wait_done("Q1-8", timeout=0.2, poll=0.05)


# --- lpstat output --------------------------------------------------------------------------

LPSTAT = """\
printer A is idle.  enabled since Mon 01 Jan 2026 09:00:00 AM
\tForm mounted:
\tAlerts: none
\tDescription: A
printer B now printing B-12.  enabled since Mon 01 Jan 2026 09:00:00 AM
\tAlerts: job-printing
printer C disabled since Mon 01 Jan 2026 09:00:00 AM -
\tPaused by the administrator: repairs
\tForm mounted:
\tAlerts: paused
printer D is idle.  enabled since Mon 01 Jan 2026 09:00:00 AM
\tMedia tray empty
\tForm mounted:
\tAlerts: media-empty-error
printer E is idle.  enabled since Mon 01 Jan 2026 09:00:00 AM
\tAlerts: media-jam-error
printer F is idle.  enabled since Mon 01 Jan 2026 09:00:00 AM
\tAlerts: toner-low-warning
A accepting requests since Mon 01 Jan 2026 09:00:00 AM
B accepting requests since Mon 01 Jan 2026 09:00:00 AM
C not accepting requests since Mon 01 Jan 2026 09:00:00 AM -
\tRejecting Jobs
D accepting requests since Mon 01 Jan 2026 09:00:00 AM
E accepting requests since Mon 01 Jan 2026 09:00:00 AM
F not accepting requests since Mon 01 Jan 2026 09:00:00 AM -
\tfull
system default destination: B
"""


def test_lpstat_states() -> None:
    queues, default = parse_lpstat(LPSTAT)
    assert default == "B"
    states = {name: queue_state(q) for name, q in queues.items()}
    assert states == {
        "A": PrinterState.READY,
        "B": PrinterState.BUSY,
        "C": PrinterState.OFFLINE,
        "D": PrinterState.PAPER_OUT,
        "E": PrinterState.ERROR,
        "F": PrinterState.OFFLINE,
    }
    assert queues["C"].message == "Paused by the administrator: repairs"
    assert queues["D"].message == "Media tray empty"
    assert queues["F"].message == "full"
    assert queues["A"].message == ""


def test_no_default_destination() -> None:
    assert parse_lpstat("no system default destination\n") == ({}, None)
