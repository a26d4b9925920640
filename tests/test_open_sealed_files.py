"""A request's sealed files given back to a person (issue 17, item 4): the desktop's private
copy (services/open_files.open_copy) and `counter-app file save` (save_copy), and `request
show` naming a file and how to save it instead of a path nobody can open.

Hostile first: who may not, what is not this station's, a damaged file, a bad target.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import stat
import time
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import text

from counter_app.domain.errors import NotFound, PermissionDenied, StoreError, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.i18n import Translator
from counter_app.services.attachments import add_attachment
from counter_app.services.context import Actor
from counter_app.services.files import blob_path
from counter_app.services.open_files import (
    KEEP_SECONDS,
    clear_opened,
    open_copy,
    opened_folder,
    save_copy,
    stored_files_of,
)
from counter_app.services.requests import show_request
from counter_app.services.users import add_user
from counter_app.store.filecrypt import is_sealed
from counter_app.sync.answer_files import fetch_answer_files
from counter_app.sync.pull_hq_data import apply_complaint_answer
from tests.conftest import ANY_CENTER, Station, run_cli
from tests.ui.keys_lookup import submit

pytestmark = ANY_CENTER  # a center offering every service


def pdf(width: float = 595) -> bytes:
    """A one-page PDF; another width, other bytes."""
    doc = pdfium.PdfDocument.new()
    try:
        doc.new_page(width, 842)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def pages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


SCAN, REPLY = pdf(595), pdf(420)


def _scanned(station: Station, data: bytes = SCAN) -> str:
    receipt = submit(station)
    add_attachment(
        station.ctx,
        station.clerk,
        receipt,
        data,
        doc_type="PERSONAL-ID",
        filename="id.pdf",
        media_type="application/pdf",
    )
    return receipt


class FakeHq:
    """HQ's answer-file endpoint (sync/client.HqClient.answer_file): gives these bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def answer_file(self, sha256: str) -> bytes:
        assert sha256 == hashlib.sha256(self.data).hexdigest()
        return self.data


def _answered(station: Station, receipt: str, name: str = "reply.pdf") -> str:
    """An agency's answer with a file, pulled and its file fetched as the sync does."""
    view = show_request(station.ctx, station.admin, receipt)
    sha = hashlib.sha256(REPLY).hexdigest()
    payload = {
        "uuid": str(uuid.uuid4()),
        "request_uuid": view.uuid,
        "receipt_no": receipt,
        "text": "تمت معالجة الشكوى",
        "at": "2026-11-23T08:00:00+00:00",
        "actor": "mosal1",
        "agency": "MOSAL",
        "agency_name_ar": "وزارة الشؤون الاجتماعية والعمل",
        "agency_name_en": "Social Affairs and Labour",
        "file_sha256": sha,
        "file_name": name,
        "file_size": len(REPLY),
    }
    with station.ctx.store.write() as session:
        assert apply_complaint_answer(station.ctx, session, payload)
    assert fetch_answer_files(station.ctx, FakeHq(REPLY)) == 1  # type: ignore[arg-type]
    return sha


def _staff(station: Station, role: str) -> Actor:
    add_user(station.ctx, station.admin, username=f"{role}9", role=role, password="p-123456!")
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, f"{role}9")


def _audits(station: Station, action: str) -> int:
    with station.ctx.store.read() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM audit_log WHERE action = :a"), {"a": action}
            ).scalar_one()
        )


def _opened(station: Station) -> list[Path]:
    folder = opened_folder(station.ctx.paths.data_dir)
    return sorted(folder.iterdir()) if folder.is_dir() else []


# --- hostile -------------------------------------------------------------------------------


def test_reception_may_not_open_or_save_a_file(station: Station, tmp_path: Path) -> None:
    receipt = _scanned(station)
    desk = _staff(station, "reception")
    out = tmp_path / "copy.pdf"
    for call in (
        lambda: open_copy(station.ctx, desk, receipt),
        lambda: save_copy(station.ctx, desk, receipt, out),
        lambda: stored_files_of(station.ctx, desk, receipt),
    ):
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert "reception9" in refused.value.render(Translator.for_language("en"))
        arabic = refused.value.render(Translator.for_language("ar"))
        assert "view_files" not in arabic  # the action in words
    assert not out.exists() and _opened(station) == []
    assert _audits(station, "file.open") == _audits(station, "file.save") == 0


def test_another_stations_request_or_an_unknown_name_is_not_found(
    station: Station, tmp_path: Path
) -> None:
    receipt = _scanned(station)
    out = tmp_path / "copy.pdf"
    other = str(dataclasses.replace(ReceiptNumber.parse(receipt), station=3))
    unknown = "0123456789abcdef"  # a stored name's length, no file of a request
    damaged_name = "aa" * 32
    for name in (other, unknown, damaged_name, str(uuid.uuid4())):
        with pytest.raises(NotFound) as missing:
            save_copy(station.ctx, station.clerk, name, out)
        assert "{" not in missing.value.render(Translator.for_language("ar"))
        with pytest.raises(NotFound):
            open_copy(station.ctx, station.clerk, name)
    # A blob on disk that no request names (an unfiled page's, say) is not reachable by name.
    stray = hashlib.sha256(b"not a request's").hexdigest()
    blob_path(station.ctx.paths.data_dir, stray).parent.mkdir(parents=True, exist_ok=True)
    blob_path(station.ctx.paths.data_dir, stray).write_bytes(b"not a request's")
    with pytest.raises(NotFound):
        save_copy(station.ctx, station.clerk, stray, out)
    assert not out.exists() and _opened(station) == []
    # Too short to be a stored name, and not a receipt number either: the receipt's own error.
    with pytest.raises(ValidationError):
        save_copy(station.ctx, station.clerk, "0123abcd", out)


def test_a_damaged_sealed_file_is_a_clear_error_and_nothing_is_written(
    station: Station, tmp_path: Path
) -> None:
    receipt = _scanned(station)
    [scan] = stored_files_of(station.ctx, station.clerk, receipt)
    stored = blob_path(station.ctx.paths.data_dir, scan.sha256)
    raw = bytearray(stored.read_bytes())
    assert is_sealed(bytes(raw)) and SCAN not in raw  # sealed, the plain bytes nowhere
    raw[len(raw) // 2] ^= 0x01
    stored.write_bytes(bytes(raw))
    target = tmp_path / "target"
    target.mkdir()
    out = target / "copy.pdf"
    out.write_bytes(b"the old file")
    with pytest.raises(StoreError) as damaged:
        save_copy(station.ctx, station.clerk, scan.stored_name, out)
    assert scan.sha256 in damaged.value.render(Translator.for_language("en"))
    assert "تالف" in damaged.value.render(Translator.for_language("ar"))
    assert out.read_bytes() == b"the old file"  # the target as it was
    assert [p.name for p in target.iterdir()] == ["copy.pdf"]  # no temporary file left
    with pytest.raises(StoreError):
        open_copy(station.ctx, station.clerk, receipt)
    assert _opened(station) == []
    assert _audits(station, "file.open") == _audits(station, "file.save") == 0


def test_a_target_that_cannot_be_written_is_refused_on_out(
    station: Station, tmp_path: Path
) -> None:
    receipt = _scanned(station)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for target in (tmp_path / "missing" / "x.pdf", tmp_path, locked / "x.pdf"):
            if target.parent == locked and os.geteuid() == 0:
                continue  # root writes anywhere
            with pytest.raises(ValidationError) as refused:
                save_copy(station.ctx, station.clerk, receipt, target)
            assert refused.value.field == "out"
            assert "{" not in refused.value.render(Translator.for_language("ar"))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    assert _audits(station, "file.save") == 0


def test_a_link_planted_as_the_private_folder_is_refused_and_not_followed(
    station: Station, tmp_path: Path
) -> None:
    receipt = _scanned(station)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_bytes(b"someone's file")
    opened_folder(station.ctx.paths.data_dir).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValidationError) as refused:
        open_copy(station.ctx, station.clerk, receipt)
    assert "{" not in refused.value.render(Translator.for_language("ar"))
    assert clear_opened(station.ctx.paths.data_dir) == 0  # the start does not follow it either
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
    assert _audits(station, "file.open") == 0


def test_a_request_with_several_files_asks_for_one_by_its_stored_name(
    station: Station, tmp_path: Path
) -> None:
    receipt = _scanned(station)
    _answered(station, receipt)
    files = stored_files_of(station.ctx, station.clerk, receipt)
    assert [f.kind for f in files] == ["scan", "answer"]
    with pytest.raises(ValidationError) as several:
        save_copy(station.ctx, station.clerk, receipt, tmp_path / "x.pdf")
    message = several.value.render(Translator.for_language("en"))
    assert all(f.stored_name in message for f in files)
    assert not (tmp_path / "x.pdf").exists()
    without = submit(station, nid="08080808080")
    with pytest.raises(NotFound):
        save_copy(station.ctx, station.clerk, without, tmp_path / "x.pdf")


# --- what works ----------------------------------------------------------------------------


def test_the_desktop_copy_is_private_plain_a_pdf_and_audited(station: Station) -> None:
    receipt = _scanned(station)
    path = open_copy(station.ctx, station.clerk, receipt)
    assert path.parent == opened_folder(station.ctx.paths.data_dir)
    assert path.read_bytes() == SCAN and pages(path) == 1
    assert receipt in path.name and path.suffix == ".pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert _audits(station, "file.open") == 1
    # The same file again, by its stored name: one copy, replaced, not a second.
    [scan] = stored_files_of(station.ctx, station.clerk, receipt)
    again = open_copy(station.ctx, station.clerk, scan.stored_name)
    assert again == path and _opened(station) == [path]
    assert _audits(station, "file.open") == 2


def test_copies_go_at_the_next_start_and_after_a_day(station: Station) -> None:
    receipt = _scanned(station)
    old = open_copy(station.ctx, station.clerk, receipt)
    day_ago = time.time() - KEEP_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    reply_sha = _answered(station, submit(station, nid="09090909090"))
    young = open_copy(station.ctx, station.clerk, reply_sha[:16])  # sweeps the day-old one
    assert not old.exists() and young.exists()
    assert young.read_bytes() == REPLY and "-reply-" in young.name
    assert young.suffix == ".pdf"
    assert clear_opened(station.ctx.paths.data_dir) == 1  # what the desktop's start does
    assert _opened(station) == []


@pytest.mark.parametrize("name", ["../../../.bashrc", "..\\..\\start.bat", "reply.pdf.exe"])
def test_an_answer_file_name_from_hq_cannot_leave_the_folder_or_run(
    station: Station, name: str
) -> None:
    receipt = submit(station, nid="06060606060")
    sha = _answered(station, receipt, name=name)
    path = open_copy(station.ctx, station.clerk, sha)
    assert path.parent == opened_folder(station.ctx.paths.data_dir)
    assert ".." not in path.name and "/" not in path.name and "\\" not in path.name
    assert path.suffix == ".pdf"  # what the bytes are, not what the name says
    assert path.read_bytes() == REPLY


def test_file_save_writes_the_plain_bytes_where_asked(station: Station, tmp_path: Path) -> None:
    receipt = _scanned(station)
    [scan] = stored_files_of(station.ctx, station.clerk, receipt)
    out = tmp_path / "نسخة.pdf"
    res = run_cli("file", "save", scan.stored_name, "--out", str(out), "--as", "clerk1")
    assert res.code == 0, res.err
    assert out.read_bytes() == SCAN and pages(out) == 1
    assert str(out) in res.out and "not encrypted" in res.out
    assert _audits(station, "file.save") == 1
    # By the request's number, the full SHA-256, upper case: the same file.
    again = tmp_path / "again.pdf"
    for name in (receipt, scan.sha256.upper()):
        res = run_cli("file", "save", name, "--out", str(again), "--as", "clerk1", "--json")
        assert res.code == 0, res.err and again.read_bytes() == SCAN


def test_file_save_refusals_are_translated(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receipt = _scanned(station)
    out = tmp_path / "x.pdf"
    bad_out = tmp_path / "missing" / "x.pdf"
    for name, target, words in (
        ("0123456789abcdef", out, "0123456789abcdef"),  # no such stored file
        (receipt, bad_out, str(bad_out.parent)),  # a folder that is not there
    ):
        res = run_cli("--lang", "ar", "file", "save", name, "--out", str(target), "--as", "clerk1")
        assert res.code != 0 and words in res.err, res
        assert "Traceback" not in res.err and "{" not in res.err
    add_user(station.ctx, station.admin, username="desk1", role="reception", password="p-123456!")
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "p-123456!")
    res = run_cli(
        "--lang",
        "ar",
        "file",
        "save",
        receipt,
        "--out",
        str(out),
        "--as",
        "desk1",
        as_password=False,
    )
    assert res.code != 0 and "desk1" in res.err and "view_files" not in res.err, res
    assert not out.exists() and not bad_out.parent.exists()
    assert _audits(station, "file.save") == 0


def test_request_show_names_the_scan_and_how_to_save_it(station: Station) -> None:
    receipt = _scanned(station)
    sha = _answered(station, receipt)
    [scan, _reply] = stored_files_of(station.ctx, station.clerk, receipt)
    res = run_cli("request", "show", receipt, "--as", "clerk1")
    assert res.code == 0, res.err
    data_dir = str(station.ctx.paths.data_dir)
    assert data_dir not in res.out and "blobs" not in res.out  # no path nobody can open
    assert scan.stored_name in res.out and sha[:16] in res.out
    assert "counter-app file save NAME --out FILE --as USER" in res.out
    arabic = run_cli("--lang", "ar", "request", "show", receipt, "--as", "clerk1")
    assert "محفوظ باسم" in arabic.out and "counter-app file save" in arabic.out
