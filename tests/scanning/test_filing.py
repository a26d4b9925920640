"""Filing scanned stacks: split by cover sheets into per-request PDFs in the right checklist
slot (with outbox and audit), misread or unknown covers to the unfiled queue, bad files
quarantined and kept, the same file twice changing nothing."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from counter_app.domain.errors import Conflict, PermissionDenied, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.scanning.pages import MAX_SCAN_BYTES
from counter_app.services.context import Actor
from counter_app.services.files import blob_exists, read_blob
from counter_app.services.scan_filing import import_scan
from counter_app.services.scan_records import WHOLE_FILE, list_scan_imports
from counter_app.services.scan_station import import_scan_file
from counter_app.services.scan_unfiled import (
    assign_unfiled,
    list_unfiled,
    unfiled_thumbnail,
)
from counter_app.store.models import Attachment, AuditEntry, OutboxItem, Request
from tests.conftest import ANY_CENTER, Station
from tests.scanning.conftest import TWO_PAPERS, NewRequest, counts
from tests.scanning.scanstack import (
    StackMaker,
    bind_pdf,
    cover_pdf,
    document_pdf,
    render_grey,
)

# The station's center must offer the services these tests take.
pytestmark = ANY_CENTER


def _page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _attachments(station: Station) -> list[tuple[str, str, int, str]]:
    """(receipt number, doc type, pages, sha256) of every attachment, oldest first."""
    with station.ctx.store.read() as session:
        rows = session.execute(
            select(Request.receipt_no, Attachment.doc_type, Attachment.sha256)
            .join(Request, Request.id == Attachment.request_id)
            .order_by(Attachment.id)
        ).all()
    return [(ref, doc, _page_count(read_blob(station.ctx, sha)), sha) for ref, doc, sha in rows]


def test_a_noisy_stack_of_three_requests_is_split_and_filed(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one, two, three = new_request(), new_request(TWO_PAPERS), new_request()
    stack = stacks.stack([(one, 2), (two, 3), (three, 1)])
    result = import_scan(station.ctx, archivist, stack.pdf, filename="stack.pdf")

    assert result.status == "filed", result
    assert result.pages == 9 and result.covers == 3 and result.unfiled == []
    assert [(f.receipt_no, f.doc_type, f.pages) for f in result.filed] == [
        (one, "ALLOCATION-CONTRACT", [2, 3]),
        (two, WHOLE_FILE, [5, 6, 7]),
        (three, "ALLOCATION-CONTRACT", [9]),
    ]
    assert [(ref, doc, pages) for ref, doc, pages, _ in _attachments(station)] == [
        (one, "ALLOCATION-CONTRACT", 2),
        (two, WHOLE_FILE, 3),
        (three, "ALLOCATION-CONTRACT", 1),
    ]
    with station.ctx.store.read() as session:
        outbox = session.execute(
            select(OutboxItem.payload).where(OutboxItem.kind == "attachment")
        ).scalars()
        sent = [json.loads(p) for p in outbox]
        actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert [(p["receipt_no"], p["media_type"]) for p in sent] == [
        (one, "application/pdf"),
        (two, "application/pdf"),
        (three, "application/pdf"),
    ]
    assert actions.count("attachment.add") == 3 and actions.count("scan.import") == 1
    original = hashlib.sha256(stack.pdf).hexdigest()
    assert read_blob(station.ctx, original) == stack.pdf  # the scanned file itself is kept too


def test_the_same_scan_twice_is_a_duplicate_and_changes_nothing(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    stack = stacks.stack([(new_request(), 1)])
    first = import_scan(station.ctx, archivist, stack.pdf, filename="a.pdf")
    before = counts(station)
    again = import_scan(station.ctx, archivist, stack.pdf, filename="renamed.pdf")
    assert again.status == "duplicate" and again.earlier_status == "filed"
    assert again.uuid == first.uuid and again.filename == "a.pdf"
    assert counts(station) == before


def test_pages_before_the_first_cover_and_after_an_unknown_cover_wait_unfiled(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    mine = new_request()
    elsewhere = str(ReceiptNumber("MZH", 3, 26, 777))  # valid, but another station's
    stack = stacks.stack([(None, 1), (mine, 1), (elsewhere, 2)])
    result = import_scan(station.ctx, archivist, stack.pdf, filename="mixed.pdf")

    assert result.status == "partial"
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(mine, [3])]
    assert [(p.page, p.reason, p.code) for p in result.unfiled] == [
        (1, "no_cover", None),
        (4, "unknown_request", elsewhere),  # its cover sheet is kept for the person to see
        (5, "unknown_request", elsewhere),
        (6, "unknown_request", elsewhere),
    ]
    assert result.message_text() == (
        "1 page(s) before the first cover sheet wait in the unfiled queue"
    )
    assert [p.id for p in list_unfiled(station.ctx, station.admin)] == [
        p.id for p in result.unfiled
    ]


def test_a_cover_of_a_request_this_station_does_not_have_files_nothing(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    new_request()
    elsewhere = str(ReceiptNumber("ABC", 1, 26, 5))
    result = import_scan(
        station.ctx, archivist, stacks.stack([(elsewhere, 2)]).pdf, filename="x.pdf"
    )
    assert result.status == "unfiled" and result.filed == []
    assert result.message_text() == (
        f"Cover sheet {elsewhere} is of a request this station does not have; "
        "its pages wait in the unfiled queue"
    )
    assert _attachments(station) == []


def test_a_misread_number_never_files_under_another_request(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    """A barcode one character off (check character wrong) must not find its neighbour."""
    real = new_request()
    neighbour = new_request()
    body = real[:-2]
    wrong = next(f"{body}-{c}" for c in "0123456789" if f"{body}-{c}" != real)
    scans = [stacks.scanner.scan(render_grey(cover_pdf(wrong))[0]), stacks.document_scan(0)]
    result = import_scan(station.ctx, archivist, bind_pdf(scans), filename="misread.pdf")
    assert result.filed == [] and neighbour != real
    assert [(p.reason, p.code) for p in result.unfiled] == [
        ("unreadable_cover", wrong),
        ("unreadable_cover", wrong),
    ]


def test_unfiled_pages_are_assigned_by_hand_with_thumbnails(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    ref = new_request(TWO_PAPERS)
    result = import_scan(
        station.ctx, archivist, stacks.stack([(None, 3)]).pdf, filename="loose.pdf"
    )
    pages = [p.id for p in result.unfiled]
    png = unfiled_thumbnail(station.ctx, station.admin, pages[0], width=120)
    with Image.open(io.BytesIO(png)) as thumb:
        assert thumb.format == "PNG" and thumb.width == 120

    done = assign_unfiled(
        station.ctx, archivist, [pages[2], pages[0]], ref, doc_type="medical-report"
    )
    assert done.doc_type == "MEDICAL-REPORT" and done.page_ids == [pages[2], pages[0]]
    assert _attachments(station)[-1][:3] == (ref, "MEDICAL-REPORT", 2)
    assert [p.id for p in list_unfiled(station.ctx, station.admin)] == [pages[1]]
    everything = list_unfiled(station.ctx, station.admin, include_assigned=True)
    assert [(p.id, p.assigned_to, p.assigned_doc) for p in everything] == [
        (pages[0], ref, "MEDICAL-REPORT"),
        (pages[1], None, None),
        (pages[2], ref, "MEDICAL-REPORT"),
    ]
    with pytest.raises(Conflict):
        assign_unfiled(station.ctx, archivist, [pages[0]], ref)
    with pytest.raises(ValidationError):
        assign_unfiled(station.ctx, archivist, [pages[1]], ref, doc_type="PASSPORT")


def test_a_counter_clerk_may_not_file_scans(station: Station, stacks: StackMaker) -> None:
    with pytest.raises(PermissionDenied):
        import_scan(station.ctx, station.clerk, stacks.stack([(None, 1)]).pdf, filename="a.pdf")


# -- bad input: each quarantined with a clear message, kept, nothing filed changed ----------


def _pdf(pages: int = 2) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf)
    for number in range(pages):
        canvas.drawString(100, 700, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 700, "locked")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _tiny_page_pdf() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(40, 40))  # a PDF icon, not a sheet of paper
    canvas.drawString(2, 20, "x")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _picture(size: tuple[int, int], fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, fmt)
    return buf.getvalue()


BAD_FILES = {
    "truncated.pdf": (
        lambda: _pdf(3)[: len(_pdf(3)) // 2],
        "The PDF file is incomplete (cut off before its end)",
    ),
    "encrypted.pdf": (
        _encrypted_pdf,
        "The PDF file is protected by a password; scan it again without one",
    ),
    "pixel.png": (
        lambda: _picture((1, 1), "PNG"),
        "The picture is too small to be a scanned page (1 x 1 pixels)",
    ),
    "icon.jpg": (
        lambda: _picture((64, 64), "JPEG"),
        "The picture is too small to be a scanned page (64 x 64 pixels)",
    ),
    "icon.pdf": (_tiny_page_pdf, "Page 1 is too small to be a scanned sheet of paper"),
    "truncated.jpg": (
        lambda: _picture((1654, 2339), "JPEG")[:3000],
        "The picture is damaged or cut off and cannot be read",
    ),
    "notes.txt.pdf": (lambda: b"hello, not a scan\n" * 10, None),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_quarantined_and_kept(
    station: Station,
    archivist: Actor,
    new_request: NewRequest,
    stacks: StackMaker,
    name: str,
) -> None:
    filed = import_scan(
        station.ctx, archivist, stacks.stack([(new_request(), 1)]).pdf, filename="ok.pdf"
    )
    before, attached = counts(station), _attachments(station)
    make, message = BAD_FILES[name]
    data = make()
    result = import_scan(station.ctx, archivist, data, filename=name)
    assert result.status == "quarantined"
    assert result.message_text() == (message or "The file is not a PDF, TIFF, JPEG or PNG scan")
    kept = hashlib.sha256(data).hexdigest()
    assert blob_exists(station.ctx, kept) and read_blob(station.ctx, kept) == data  # never deleted
    after = counts(station)
    assert after == {**before, "scan_imports": before["scan_imports"] + 1}
    assert _attachments(station) == attached and filed.status == "filed"
    again = import_scan(station.ctx, archivist, data, filename=name)
    assert again.status == "duplicate" and again.earlier_status == "quarantined"
    assert [
        r.status for r in list_scan_imports(station.ctx, station.admin, status="quarantined")
    ] == ["quarantined"]


def test_a_zero_byte_file_is_refused(station: Station, archivist: Actor, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = import_scan_file(station.ctx, archivist, empty, settle=0)
    assert result.status == "quarantined" and result.sha256 is None
    assert result.message_text() == "The file is empty (0 bytes)"
    assert empty.exists()


def test_a_2_gb_file_is_refused_by_its_size_unread(
    station: Station, archivist: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.truncate(2 * 1024**3)

    def no_reading(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a file refused by its size must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr("counter_app.services.scan_station.read_settled", no_reading)
    result = import_scan_file(station.ctx, archivist, huge, settle=0)
    assert result.status == "quarantined" and result.size == 2 * 1024**3
    assert result.message_text() == (
        f"The file is too large ({2 * 1024**3} bytes; at most {MAX_SCAN_BYTES})"
    )
    assert huge.stat().st_size == 2 * 1024**3


def test_a_file_still_being_written_is_not_taken(
    station: Station, archivist: Actor, tmp_path: Path
) -> None:
    growing = tmp_path / "growing.pdf"
    growing.write_bytes(_pdf(1)[:100])
    stop = threading.Event()

    def writer() -> None:
        with growing.open("ab") as fh:
            while not stop.is_set():
                fh.write(b"%% more\n")
                fh.flush()
                time.sleep(0.02)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with pytest.raises(ValidationError, match="still being written"):
            import_scan_file(station.ctx, archivist, growing, settle=0.3)
    finally:
        stop.set()
        thread.join()
    assert counts(station)["scan_imports"] == 0


def test_an_image_scan_keeps_its_jpeg_bytes(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    """A multi-page TIFF is split like a PDF; a JPEG page goes into its PDF as the scanner's
    own bytes (no second lossy encoding)."""
    ref = new_request()
    cover = stacks.cover_scan(ref)
    page = stacks.document_scan(1)
    tiff = io.BytesIO()
    frames = [Image.open(io.BytesIO(cover)), Image.open(io.BytesIO(page))]
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    result = import_scan(station.ctx, archivist, tiff.getvalue(), filename="stack.tiff")
    assert [(f.receipt_no, f.pages) for f in result.filed] == [(ref, [2])]
    lone = import_scan(station.ctx, archivist, page, filename="page.jpg")
    assert lone.status == "unfiled" and lone.unfiled[0].reason == "no_cover"
    stored = read_blob(station.ctx, lone.unfiled[0].sha256)
    assert page in stored  # the JPEG stream is embedded as it came


def test_document_pages_have_no_receipt_barcode() -> None:
    """The generator's "documents" must not look like covers, or the tests prove nothing."""
    from counter_app.scanning.covers import read_page

    assert not read_page(render_grey(document_pdf(0))[0]).is_cover
