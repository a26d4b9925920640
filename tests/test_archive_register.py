"""The archive's paper side: handover batches, the diwan register, boxes and file locations."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from counter_app.domain.batch_number import BatchNumber
from counter_app.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.printing.registry import Printers
from counter_app.services import archive_boxes, diwan, handover_batches, printing
from counter_app.services.catalog import active_catalog
from counter_app.services.context import Actor
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.users import add_user
from tests.conftest import Station
from tests.printing.readback import barcodes, pdf_text
from tests.test_intake import valid_fields

TABLES = (
    "handover_batches",
    "handover_files",
    "diwan_entries",
    "diwan_sequences",
    "archive_boxes",
    "file_locations",
    "outbox",
    "audit_log",
    "print_jobs",
)


@pytest.fixture
def archivist(station: Station) -> Actor:
    add_user(
        station.ctx,
        station.admin,
        username="archive1",
        role="archive",
        password="archive-pass-123",
        full_name="هدى المصري",
    )
    with station.ctx.store.read() as session:
        return station.ctx.actor(session, "archive1")


def submit(station: Station, nid: str, name: str = "مريم الشامي") -> str:
    svc = active_catalog(station.ctx).service("MOI-BIRTH-STATEMENT")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(svc.code, nid, name, "0944000111", valid_fields(svc), docs),
    ).receipt_no


def counts(station: Station) -> dict[str, int]:
    with station.ctx.store.read() as s:
        return {t: int(s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}


def outbox(station: Station, kind: str) -> list[dict[str, object]]:
    with station.ctx.store.read() as s:
        rows = s.execute(
            text("SELECT payload FROM outbox WHERE kind = :k ORDER BY id"), {"k": kind}
        ).scalars()
        return [json.loads(r) for r in rows]


def audit_actions(station: Station) -> list[str]:
    with station.ctx.store.read() as s:
        return list(s.execute(text("SELECT action FROM audit_log ORDER BY id")).scalars())


def refused(
    station: Station, error: type[Exception], match: str, call: Callable[[], object]
) -> None:
    """The call is refused with a clear message, and nothing stored has changed."""
    before = counts(station)
    with pytest.raises(error, match=match):
        call()
    assert counts(station) == before, match


def wrong_check(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


# -- handover batches ------------------------------------------------------------------------


def test_a_days_files_go_to_the_archive_and_discrepancies_are_seen_by_both_sides(
    station: Station, archivist: Actor
) -> None:
    ctx = station.ctx
    first, second, third = (submit(station, f"0101010101{i}") for i in range(3))
    batch = handover_batches.create_batch(ctx, station.clerk)
    assert BatchNumber.parse(batch.batch_no) == BatchNumber("MZH", 2, dt.date(2026, 11, 22), 1)
    assert (batch.state, batch.listed, batch.pending, batch.created_by) == (
        "sent",
        3,
        3,
        "سامر الكيلاني",
    )
    assert [f.receipt_no for f in batch.files] == [first, second, third]
    [sent] = outbox(station, "handover.batch")
    assert sent["batch_no"] == batch.batch_no and len(sent["files"]) == 3  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="no files of 2026-11-22 left"):
        handover_batches.create_batch(ctx, station.clerk)

    late = submit(station, "02020202020")  # came in after the batch left: not on its slip
    opened = handover_batches.open_batch(ctx, archivist, batch.batch_no)
    assert opened.state == "receiving" and opened.opened_by == "هدى المصري"
    result = handover_batches.receive_files(
        ctx, archivist, batch.batch_no.lower(), [first, late.replace("-", " - ")]
    )
    assert [(f.receipt_no, f.outcome) for f in result.scanned] == [
        (first, "received"),
        (late, "extra"),
    ]
    handover_batches.receive_file(ctx, archivist, batch.batch_no, second)
    closed = handover_batches.close_batch(ctx, archivist, batch.batch_no)
    assert (closed.state, closed.received, closed.missing, closed.extra, closed.pending) == (
        "closed",
        2,
        1,
        1,
        0,
    )
    assert {f.receipt_no: f.state for f in closed.files} == {
        first: "received",
        second: "received",
        third: "missing",
        late: "extra",
    }
    assert outbox(station, "handover.closed")[0]["missing"] == [third]

    # The counter sees its batch with the discrepancies; the archive its inbox.
    [mine] = handover_batches.list_batches(
        ctx, station.clerk, side="counter", discrepancies_only=True
    )
    assert (mine.batch_no, mine.missing, mine.extra, mine.has_discrepancies) == (
        batch.batch_no,
        1,
        1,
        True,
    )
    assert (
        handover_batches.list_batches(ctx, archivist, side="archive")[0].batch_no == batch.batch_no
    )
    odd = {d.receipt_no: d for d in handover_batches.list_discrepancies(ctx, archivist)}
    assert odd[third].kind == "missing" and odd[late].kind == "extra"
    assert odd[third].resent_in is None

    # A missing file was not handed over: the next batch of that day lists it again.
    again = handover_batches.create_batch(ctx, station.clerk, dt.date(2026, 11, 22))
    assert again.batch_no.startswith("HO-MZH-02-261122-02-")
    assert [f.receipt_no for f in again.files] == [third]
    odd = {d.receipt_no: d for d in handover_batches.list_discrepancies(ctx, archivist)}
    assert odd[third].resent_in == again.batch_no
    actions = audit_actions(station)
    for action in ("handover.create", "handover.open", "handover.receive", "handover.close"):
        assert action in actions


def test_handover_slip_is_printed_through_the_queue_with_its_barcode(
    station: Station, tmp_path: Path
) -> None:
    receipts = [submit(station, f"0303030303{i}") for i in range(2)]
    batch = handover_batches.create_batch(station.ctx, station.clerk)
    out = tmp_path / "slip.pdf"
    job = printing.print_document(
        station.ctx,
        Printers(pdf_folder=tmp_path),
        station.clerk,
        "handover",
        batch.batch_no,
        printer=f"file:{out}",
    )
    assert (job.kind, job.ref, job.state, job.paper) == ("handover", batch.batch_no, "sent", "a4")
    pdf = out.read_bytes()
    assert batch.batch_no in barcodes(pdf)
    body = pdf_text(pdf)
    assert all(r in body for r in receipts)
    with pytest.raises(ValidationError, match="check digits"):
        printing.queue_print(station.ctx, station.clerk, "handover", wrong_check(batch.batch_no))


def test_bad_batch_and_scan_input_changes_nothing(station: Station, archivist: Actor) -> None:
    ctx = station.ctx
    receipt = submit(station, "04040404040")
    batch = handover_batches.create_batch(ctx, station.clerk)
    handover_batches.receive_files(ctx, archivist, batch.batch_no, [receipt])
    hb, no, bad = handover_batches, batch.batch_no, wrong_check(batch.batch_no)
    other = str(ReceiptNumber("MZH", 2, 26, 77))
    unknown = str(BatchNumber("MZH", 2, dt.date(2026, 1, 1), 5))
    refused(station, ValidationError, "check digits", lambda: hb.show_batch(ctx, archivist, bad))
    refused(
        station,
        ValidationError,
        "check digits",
        lambda: hb.receive_files(ctx, archivist, bad, [receipt]),
    )
    refused(
        station,
        ValidationError,
        "not a handover batch number",
        lambda: hb.open_batch(ctx, archivist, "HO-12"),
    )
    refused(station, NotFound, "no handover batch", lambda: hb.open_batch(ctx, archivist, unknown))
    refused(
        station, Conflict, "already received", lambda: hb.receive_file(ctx, archivist, no, receipt)
    )
    refused(
        station,
        Conflict,
        "scanned twice",
        lambda: hb.receive_files(ctx, archivist, no, [other, other]),
    )
    refused(
        station,
        ValidationError,
        "not a receipt number",
        lambda: hb.receive_files(ctx, archivist, no, ["garbage"]),
    )
    refused(
        station, ValidationError, "at least one", lambda: hb.receive_files(ctx, archivist, no, [])
    )
    refused(
        station,
        PermissionDenied,
        "not allowed",
        lambda: hb.receive_file(ctx, station.clerk, no, receipt),
    )
    refused(station, PermissionDenied, "not allowed", lambda: hb.create_batch(ctx, archivist))
    # A later scan that fails refuses the whole call: the extra file before it is not kept.
    refused(
        station,
        Conflict,
        "already received",
        lambda: hb.receive_files(ctx, archivist, no, [other, receipt]),
    )

    handover_batches.close_batch(ctx, archivist, batch.batch_no)
    before = counts(station)
    with pytest.raises(Conflict, match="already closed"):
        handover_batches.close_batch(ctx, archivist, batch.batch_no)
    with pytest.raises(Conflict, match="is closed"):
        handover_batches.receive_file(ctx, archivist, batch.batch_no, receipt)
    assert counts(station) == before


# -- diwan register --------------------------------------------------------------------------


def test_register_numbers_run_per_year_without_gaps(station: Station, archivist: Actor) -> None:
    ctx = station.ctx
    first, second = submit(station, "05050505050"), submit(station, "05050505051")
    entry = diwan.register_request(ctx, archivist, first, subject="  طلب  بيان ولادة ")
    assert (entry.register_no, entry.subject, entry.registered_on) == (
        "1/2026",
        "طلب بيان ولادة",
        dt.date(2026, 11, 22),
    )
    # A refused registration hands out no number: the next one is still 2.
    with pytest.raises(ValidationError):
        diwan.register_request(ctx, archivist, second, subject="x" * 501)
    assert diwan.register_request(ctx, archivist, second).register_no == "2/2026"
    assert diwan.find_register_entry(ctx, archivist, "٢/٢٠٢٦").receipt_no == second
    assert diwan.find_register_entry(
        ctx, archivist, "2/2026"
    ).subject  # the service's name by default
    station.clock.now = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)  # 1 January, Damascus
    third = submit(station, "05050505052")
    new_year = diwan.register_request(ctx, archivist, third)
    assert (new_year.register_no, new_year.registered_on) == ("1/2027", dt.date(2027, 1, 1))
    assert [e.register_no for e in diwan.list_register(ctx, archivist)] == [
        "1/2027",
        "2/2026",
        "1/2026",
    ]
    assert diwan.register_entry_of_request(ctx, archivist, first) == entry
    [payload, *_] = outbox(station, "diwan.entry")
    assert payload["register_no"] == "1/2026" and payload["receipt_no"] == first
    assert "diwan.register" in audit_actions(station)
    with station.ctx.store.write() as s, pytest.raises(DatabaseError, match="append-only"):
        s.execute(text("UPDATE diwan_entries SET subject = 'x'"))


def test_register_refusals_change_nothing(station: Station, archivist: Actor) -> None:
    ctx = station.ctx
    receipt = submit(station, "06060606060")
    diwan.register_request(ctx, archivist, receipt)
    before = counts(station)
    with pytest.raises(Conflict, match=r"already registered as 1/2026"):
        diwan.register_request(ctx, archivist, receipt)
    with pytest.raises(NotFound, match="No request with the number"):
        diwan.register_request(ctx, archivist, str(ReceiptNumber("MZH", 2, 26, 999)))
    with pytest.raises(ValidationError, match="check digits"):
        diwan.register_request(ctx, archivist, wrong_check(receipt))
    with pytest.raises(ValidationError, match="is not a register number"):
        diwan.find_register_entry(ctx, archivist, "1234-2026")
    with pytest.raises(NotFound, match="no register entry 9/2026"):
        diwan.find_register_entry(ctx, archivist, "9/2026")
    with pytest.raises(PermissionDenied):
        diwan.register_request(ctx, station.clerk, receipt)
    assert counts(station) == before


# -- boxes and file locations ----------------------------------------------------------------


def test_files_are_placed_moved_and_found(
    station: Station, archivist: Actor, tmp_path: Path
) -> None:
    ctx = station.ctx
    receipt = submit(station, "07070707070")
    entry = diwan.register_request(ctx, archivist, receipt)
    box = archive_boxes.add_box(ctx, archivist, "b-2026-01", shelf="رف ٣", label="بيانات الولادة")
    assert (box.code, box.shelf, box.files) == ("B-2026-01", "رف 3", 0)
    archive_boxes.add_box(ctx, archivist, "B-2026-02", shelf="A-4")
    nowhere = archive_boxes.locate_file(ctx, archivist, receipt)
    assert (nowhere.register_no, nowhere.box, nowhere.history) == (entry.register_no, None, [])

    placed = archive_boxes.file_in_box(ctx, archivist, receipt, "B-2026-01")
    assert (placed.box, placed.shelf) == ("B-2026-01", "رف 3")
    station.clock.advance(hours=2)
    moved = archive_boxes.file_in_box(ctx, archivist, entry.register_no, "b-2026-02")
    assert (moved.box, moved.shelf, moved.since) == ("B-2026-02", "A-4", station.clock.now)
    assert [(h.box, h.from_box) for h in moved.history] == [
        ("B-2026-01", None),
        ("B-2026-02", "B-2026-01"),
    ]
    found = archive_boxes.locate_file(ctx, archivist, entry.register_no)
    assert (found.receipt_no, found.box, found.register_no) == (receipt, "B-2026-02", "1/2026")
    assert {b.code: b.files for b in archive_boxes.list_boxes(ctx, archivist)} == {
        "B-2026-01": 0,
        "B-2026-02": 1,
    }
    [inside] = archive_boxes.show_box(ctx, archivist, "B-2026-02").files
    assert (inside.receipt_no, inside.register_no) == (receipt, "1/2026")
    actions = audit_actions(station)
    assert actions.count("archive.file_place") == 1 and actions.count("archive.file_move") == 1
    assert [p["from_box"] for p in outbox(station, "archive.location")] == [None, "B-2026-01"]
    with station.ctx.store.write() as s, pytest.raises(DatabaseError, match="append-only"):
        s.execute(text("DELETE FROM file_locations"))

    out = tmp_path / "label.pdf"
    job = printing.print_document(
        ctx,
        Printers(pdf_folder=tmp_path),
        archivist,
        "box_label",
        "b-2026-01",
        printer=f"file:{out}",
    )
    assert (job.ref, job.paper) == ("B-2026-01", "80mm")
    assert barcodes(out.read_bytes()) == ["B-2026-01"]
    assert "بيانات الولادة" in pdf_text(out.read_bytes())
    with pytest.raises(PermissionDenied):
        printing.queue_print(ctx, station.clerk, "box_label", "B-2026-01")


def test_box_refusals_change_nothing(station: Station, archivist: Actor) -> None:
    ctx = station.ctx
    receipt = submit(station, "08080808080")
    archive_boxes.add_box(ctx, archivist, "B1", shelf="1")
    archive_boxes.file_in_box(ctx, archivist, receipt, "B1")
    before = counts(station)
    with pytest.raises(Conflict, match="already exists"):
        archive_boxes.add_box(ctx, archivist, "b1", shelf="2")
    with pytest.raises(NotFound, match="There is no box B9"):
        archive_boxes.file_in_box(ctx, archivist, receipt, "B9")
    with pytest.raises(NotFound, match="There is no box B9"):
        archive_boxes.show_box(ctx, archivist, "B9")
    with pytest.raises(ValidationError, match="is not a box code"):
        archive_boxes.file_in_box(ctx, archivist, receipt, "صندوق")
    with pytest.raises(Conflict, match="already in box B1"):
        archive_boxes.file_in_box(ctx, archivist, receipt, "B1")
    with pytest.raises(NotFound, match="no register entry"):
        archive_boxes.file_in_box(ctx, archivist, "5/2026", "B1")
    with pytest.raises(ValidationError, match="shelf"):
        archive_boxes.add_box(ctx, archivist, "B2", shelf=" ")
    with pytest.raises(PermissionDenied):
        archive_boxes.add_box(ctx, station.clerk, "B3", shelf="1")
    assert counts(station) == before
