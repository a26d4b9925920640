"""A station's database made before the check digits: its requests carry receipt numbers with
one MOD 37-2 check character (and its handover slips batch numbers with one). After the update
they are still found, printed, filed from a scanned cover and handed over under the number
printed on their paper, while new requests get two check digits in the same sequence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from counter_app.domain.batch_number import BatchNumber
from counter_app.domain.receipt import ReceiptNumber, check_character
from counter_app.printing.registry import Printers
from counter_app.services import handover_batches, intake, printing, requests
from counter_app.services.context import Actor
from counter_app.services.scan_filing import import_scan
from counter_app.services.search import search
from counter_app.services.users import add_user
from tests.conftest import Station
from tests.printing.readback import barcodes, pdf_text
from tests.scanning.scanstack import document_pdf
from tests.test_archive_register import submit


@pytest.fixture
def archivist(station: Station) -> Actor:
    add_user(
        station.ctx, station.admin, username="archive1", role="archive", password="archive-pass-123"
    )
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, "archive1")


NAMES = ("سلمى الحلبي", "رامي الخطيب", "هالة الأيوبي")


@pytest.fixture
def legacy(station: Station, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three requests saved the way the old code saved them: str() of the number gave the
    body and its MOD 37-2 check character. Then the update: numbers with check digits."""
    allocate = intake.allocate_receipt

    def old_allocate(*args: object, **kwargs: object) -> ReceiptNumber:
        return dataclasses.replace(allocate(*args, **kwargs), legacy=True)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(intake, "allocate_receipt", old_allocate)
        numbers = [submit(station, f"0707070707{i}", name) for i, name in enumerate(NAMES)]
    for number in numbers:
        body, check = number.rsplit("-", 1)
        assert check == check_character(body), number  # what the old code printed
    return numbers


def test_a_legacy_database_finds_prints_and_files_its_requests(
    station: Station,
    legacy: list[str],
    archivist: Actor,
    tmp_path: Path,
) -> None:
    ctx = station.ctx
    new = submit(station, "08080808080")
    first = ReceiptNumber.parse(legacy[0])
    parsed = ReceiptNumber.parse(new)
    assert not parsed.legacy and parsed.seq == first.seq + 3  # the same sequence goes on
    assert len(new.rsplit("-", 1)[1]) == 2

    for number in legacy:  # found as typed, in any case, by search and by request show
        assert [h.receipt_no for h in search(ctx, station.clerk, number.lower()).hits] == [number]
        assert requests.show_request(ctx, station.clerk, number).receipt_no == number
    assert requests.show_request(ctx, station.clerk, new).receipt_no == new

    printers = Printers(pdf_folder=tmp_path)
    out = tmp_path / "receipt.pdf"
    job = printing.print_document(
        ctx, printers, station.clerk, "receipt", legacy[1], printer=f"file:{out}"
    )
    assert (job.state, job.ref) == ("sent", legacy[1])
    assert barcodes(out.read_bytes()) == [legacy[1]] and legacy[1] in pdf_text(out.read_bytes())

    cover = tmp_path / "cover.pdf"
    printing.print_document(ctx, printers, archivist, "cover", legacy[2], printer=f"file:{cover}")
    stack = _bind([cover.read_bytes(), document_pdf(1)])
    result = import_scan(ctx, archivist, stack, filename="legacy.pdf")
    assert result.status == "filed" and [f.receipt_no for f in result.filed] == [legacy[2]]


def test_legacy_handover_slips_still_open_their_batch(
    station: Station,
    legacy: list[str],
    archivist: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = station.ctx

    def old_number(center: str, station_no: int, day: dt.date, seq: int) -> BatchNumber:
        return BatchNumber(center, station_no, day, seq, legacy=True)

    with monkeypatch.context() as patch:
        patch.setattr(handover_batches, "BatchNumber", old_number)
        batch = handover_batches.create_batch(ctx, station.clerk)
    number = batch.batch_no
    assert number[-2] == "-" and number[-1] == check_character(number[:-2])
    assert handover_batches.show_batch(ctx, station.clerk, number.lower()).batch_no == number
    handover_batches.receive_files(ctx, archivist, number, [legacy[0]])
    files = {
        f.receipt_no: f.state for f in handover_batches.show_batch(ctx, station.clerk, number).files
    }
    assert files[legacy[0]] == "received"


def _bind(pdfs: list[bytes]) -> bytes:
    """Printed pages as one scanned file (vector pages are read like scanned ones)."""
    out = pdfium.PdfDocument.new()
    for data in pdfs:
        src = pdfium.PdfDocument(data)
        out.import_pages(src)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
