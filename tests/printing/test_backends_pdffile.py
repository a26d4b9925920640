"""PdfFileBackend: "save as PDF" writes whole files, or nothing."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from counter_app.printing.backends import pdffile
from counter_app.printing.backends.base import PrinterState, PrintFailed
from counter_app.printing.backends.pdffile import NOT_WRITABLE, PdfFileBackend, safe_stem

PDF = b"%PDF-1.4\n" + b"x" * 100_000 + b"\n%%EOF\n"
NOW = dt.datetime(2026, 11, 22, 6, 30, 5, 123000, tzinfo=dt.UTC)


def _backend(folder: Path) -> PdfFileBackend:
    return PdfFileBackend(folder, clock=lambda: NOW)


def test_writes_the_bytes_under_title_and_time(tmp_path: Path) -> None:
    job = _backend(tmp_path).send(str(tmp_path), PDF, title="Receipt CSC-1-000042")
    written = Path(job.job_id or "")
    assert written.parent == tmp_path
    assert written.read_bytes() == PDF
    local = NOW.astimezone().strftime("%Y-%m-%d_%H%M%S")
    assert written.name == f"Receipt_CSC-1-000042-{local}_123.pdf"
    assert os.listdir(tmp_path) == [written.name]  # no temporary file left


def test_same_title_same_moment_keeps_both(tmp_path: Path) -> None:
    backend = _backend(tmp_path)
    first = backend.send(str(tmp_path), PDF, title="slip").job_id
    second = backend.send(str(tmp_path), b"%PDF-1.4 other", title="slip").job_id
    assert first != second
    assert Path(first or "").read_bytes() == PDF
    assert Path(second or "").name.endswith("_123-2.pdf")


def test_missing_folder_is_a_print_failure(tmp_path: Path) -> None:
    with pytest.raises(PrintFailed) as failed:
        _backend(tmp_path).send(str(tmp_path / "gone"), PDF, title="x")
    assert failed.value.reason == NOT_WRITABLE
    assert failed.value.state is PrinterState.OFFLINE
    assert failed.value.detail  # the system's own words


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(PrintFailed) as failed:
        _backend(tmp_path).send(str(blocker), PDF, title="x")
    assert failed.value.reason == NOT_WRITABLE


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PrintFailed):
            _backend(folder).send(str(folder), PDF, title="x")
        assert _backend(folder).status(str(folder)).state is PrinterState.OFFLINE
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdffile.os, "fsync", disk_full)
    with pytest.raises(PrintFailed) as failed:
        _backend(tmp_path).send(str(tmp_path), PDF, title="x")
    assert "No space left" in failed.value.detail
    assert os.listdir(tmp_path) == []


def test_the_final_name_appears_only_when_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the bytes are written only a hidden temporary name exists in the folder."""
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def watching_fsync(fd: int) -> None:
        seen.append(sorted(os.listdir(tmp_path)))
        real_fsync(fd)

    monkeypatch.setattr(pdffile.os, "fsync", watching_fsync)
    job = _backend(tmp_path).send(str(tmp_path), PDF, title="x")
    assert seen and all(n.startswith(".partial-") for n in seen[0])
    assert os.listdir(tmp_path) == [Path(job.job_id or "").name]


def test_printers_is_the_configured_folder(tmp_path: Path) -> None:
    (only,) = _backend(tmp_path).printers()
    assert only.name == str(tmp_path)
    assert only.backend == "pdf"
    assert only.state is PrinterState.READY
    assert only.default
    missing = _backend(tmp_path / "gone").status(str(tmp_path / "gone"))
    assert missing.state is PrinterState.OFFLINE


def test_safe_stem() -> None:
    assert safe_stem("a/b\\c:d*e?f") == "a_b_c_d_e_f"
    assert safe_stem("إيصال 12") == "إيصال_12"
    assert safe_stem("../..") == "document"
    assert safe_stem("") == "document"
    assert len(safe_stem("x" * 500)) == 80


def test_copies_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _backend(tmp_path).send(str(tmp_path), PDF, title="x", copies=0)
