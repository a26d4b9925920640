"""The print queue: recorded before sending, kept on failure, retried, copies marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.domain.errors import Conflict, PermissionDenied, ValidationError
from counter_app.printing.registry import Printers
from counter_app.services import printing
from counter_app.services.catalog import active_catalog
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.settings import set_setting
from tests.conftest import CliResult, Station, run_cli
from tests.printing.readback import barcodes, pdf_text
from tests.test_intake import valid_fields


def _request(station: Station) -> str:
    svc = active_catalog(station.ctx).service("MOI-INDIVIDUAL-STATEMENT")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(
            svc.code, "01020304050", "فاطمة عبد الله الأحمد", "0933123456", valid_fields(svc), docs
        ),
    ).receipt_no


def _audit(station: Station, action: str) -> int:
    with station.ctx.store.read() as s:
        return int(
            s.execute(
                text("SELECT count(*) FROM audit_log WHERE action = :a"), {"a": action}
            ).scalar_one()
        )


def test_original_then_copies(station: Station, tmp_path: Path) -> None:
    receipt = _request(station)
    printers = Printers(pdf_folder=tmp_path / "printed")
    first = printing.print_document(
        station.ctx,
        printers,
        station.clerk,
        "receipt",
        receipt,
        printer=f"file:{tmp_path / 'a.pdf'}",
    )
    assert (first.copy_no, first.state) == (0, "sent")
    pdf = (tmp_path / "a.pdf").read_bytes()
    assert barcodes(pdf) == [receipt]
    assert "ليست الأصل" not in pdf_text(pdf)
    second = printing.print_document(
        station.ctx, printers, station.clerk, "receipt", receipt, printer="pdf:"
    )
    assert second.copy_no == 1
    saved = list((tmp_path / "printed").glob("*.pdf"))
    assert len(saved) == 1 and "ليست الأصل" in pdf_text(saved[0].read_bytes())
    assert _audit(station, "receipt.reprint") == 1


def test_failure_keeps_the_job_and_retry_prints_the_original(
    station: Station, tmp_path: Path
) -> None:
    receipt = _request(station)
    printers = Printers(pdf_folder=tmp_path / "printed")
    with pytest.raises(printing.PrintError, match="kept in the print queue"):
        printing.print_document(
            station.ctx,
            printers,
            station.clerk,
            "receipt",
            receipt,
            printer=f"file:{tmp_path / 'missing' / 'x.pdf'}",
        )
    [job] = printing.list_jobs(station.ctx, station.admin, pending_only=True)
    assert job.state == "failed" and job.last_error and "cannot be written" in job.last_error
    assert job.copy_no == 0
    # Printing again before the original ever printed is the original, not a copy.
    again = printing.queue_print(
        station.ctx, station.clerk, "receipt", receipt, printer=f"file:{tmp_path / 'ok.pdf'}"
    )
    assert again.id == job.id and again.copy_no == 0
    done = printing.retry_job(station.ctx, printers, station.clerk, job.id)
    assert done.state == "sent" and done.attempts == 2
    assert "ليست الأصل" not in pdf_text((tmp_path / "ok.pdf").read_bytes())
    with pytest.raises(Conflict, match="print a copy"):
        printing.retry_job(station.ctx, printers, station.clerk, job.id)
    assert _audit(station, "receipt.reprint") == 0


def test_unknown_outcome_is_never_resent_as_the_original(station: Station, tmp_path: Path) -> None:
    receipt = _request(station)
    job = printing.queue_print(
        station.ctx, station.clerk, "receipt", receipt, printer=f"file:{tmp_path / 'x.pdf'}"
    )
    with station.ctx.store.write() as s:  # the program died while sending
        s.execute(text("UPDATE print_jobs SET state = 'sending' WHERE id = :i"), {"i": job.id})
    assert printing.recover_interrupted(station.ctx) == 1
    with pytest.raises(Conflict):
        printing.send_job(station.ctx, Printers(pdf_folder=tmp_path), job.id)
    copy = printing.queue_print(station.ctx, station.clerk, "receipt", receipt, printer="pdf:")
    assert copy.copy_no == 1


def test_a_printer_that_does_not_exist(station: Station, tmp_path: Path) -> None:
    receipt = _request(station)
    printers = Printers(pdf_folder=tmp_path)
    with pytest.raises(printing.PrintError):
        printing.print_document(
            station.ctx,
            printers,
            station.clerk,
            "receipt",
            receipt,
            printer="cups:NO-SUCH-PRINTER-XYZ",
        )
    [job] = printing.list_jobs(station.ctx, station.admin, pending_only=True)
    assert job.state == "failed" and job.last_error


def test_bad_input(station: Station, tmp_path: Path) -> None:
    receipt = _request(station)
    for kwargs in ({"printer": "laser"}, {"printer": "cups:"}, {"paper": "a3"}):
        with pytest.raises(ValidationError):
            printing.queue_print(station.ctx, station.clerk, "receipt", receipt, **kwargs)
    with pytest.raises(ValidationError):
        printing.queue_print(station.ctx, station.clerk, "poster", receipt)
    assert printing.list_jobs(station.ctx, station.admin) == []


def test_settings_choose_the_printer(station: Station, tmp_path: Path) -> None:
    receipt = _request(station)
    target = tmp_path / "by-setting.pdf"
    set_setting(station.ctx, station.admin, "printer.receipt", f"file:{target}")
    set_setting(station.ctx, station.admin, "paper.receipt", "a5")
    job = printing.print_document(
        station.ctx, Printers(pdf_folder=tmp_path), station.clerk, "receipt", receipt
    )
    assert job.paper == "a5" and target.exists()
    with pytest.raises(ValidationError):
        set_setting(station.ctx, station.admin, "printer.receipt", "nonsense")
    with pytest.raises(PermissionDenied):
        set_setting(station.ctx, station.clerk, "paper.receipt", "a4")


def test_cli_receipt_print_queue_and_retry(cli_station: CliResult, tmp_path: Path) -> None:
    from tests.test_cli import _individual_statement_args, _new_request

    receipt = json.loads(_new_request(*_individual_statement_args()).out)["receipt_no"]
    out = tmp_path / "r.pdf"
    res = run_cli("receipt", receipt, "--out", str(out), "--as", "clerk1")
    assert res.code == 0, res.err
    assert barcodes(out.read_bytes()) == [receipt]
    res = run_cli("print", receipt, "--printer", f"file:{tmp_path}/no/such/x.pdf", "--as", "clerk1")
    assert res.code == 2 and "print queue" in res.err and "Traceback" not in res.err
    queue = json.loads(run_cli("print-queue", "--as", "clerk1", "--json").out)
    assert [j["state"] for j in queue] == ["failed"]
    res = run_cli(
        "print-retry",
        str(queue[0]["id"]),
        "--printer",
        f"file:{tmp_path}/c.pdf",
        "--as",
        "clerk1",
        "--json",
    )
    assert res.code == 0, res.err
    assert json.loads(res.out)["copy_no"] == 1  # the first --out file was the original
    assert "ليست الأصل" in pdf_text((tmp_path / "c.pdf").read_bytes())
    res = run_cli("receipt", "MZH-02-26-999999-0", "--out", str(out), "--as", "clerk1")
    assert res.code == 2
    res = run_cli("receipt", receipt, "--kind", "slip", "--out", str(out), "--as", "clerk1")
    assert res.code == 2  # a slip is for a service code, not a receipt number
    res = run_cli(
        "receipt", "MOI-CRIMINAL-RECORD", "--kind", "slip", "--out", str(out), "--as", "clerk1"
    )
    assert res.code == 0, res.err
    assert "السجل العدلي" in pdf_text(out.read_bytes())
    assert run_cli("printers", "--json").code == 0


def test_a_slip_carries_its_route_and_only_a_slip_takes_a_note(station: Station) -> None:
    from counter_app.store.models import PrintJob

    job = printing.queue_print(
        station.ctx, station.clerk, "slip", "GEH-SITE-PLAN", note=" الكوة 7 "
    )
    with station.ctx.store.read() as session:
        stored = session.get(PrintJob, job.id)
        assert stored is not None and stored.note == "الكوة 7"
    text = pdf_text(
        printing.render_document(
            station.ctx,
            station.clerk,
            "slip",
            "GEH-SITE-PLAN",
            paper="80mm",
            language="ar",
            note="الكوة 7",
        )
    )
    assert "الكوة" in text and "7" in text
    for kind, ref, note in (("receipt", "x", "الكوة 7"), ("slip", "GEH-SITE-PLAN", "كوة\u202e3")):
        with pytest.raises(ValidationError):
            printing.queue_print(station.ctx, station.clerk, kind, ref, note=note)
    assert [j.id for j in printing.list_jobs(station.ctx, station.admin)] == [
        job.id
    ]  # nothing else queued
    assert (
        "الكوة 7" in run_cli("print-queue", "--as", "clerk1").out
    )  # the queue says where the slip sends
    assert (
        json.loads(run_cli("print-queue", "--as", "clerk1", "--json").out)[0]["note"] == "الكوة 7"
    )
