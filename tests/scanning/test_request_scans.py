"""A request lists the scans filed under it, and the checklist document a scan was attached
to becomes ``scanned`` inside the filing transaction, audited (issue 12.4)."""

from __future__ import annotations

import json

from sqlalchemy import select

from counter_app.services.attachments import blob_path
from counter_app.services.context import Actor
from counter_app.services.files import read_blob
from counter_app.services.requests import show_request
from counter_app.services.scan_filing import import_scan
from counter_app.services.scan_records import WHOLE_FILE
from counter_app.services.scan_unfiled import assign_unfiled
from counter_app.store.models import AuditEntry
from tests.conftest import ANY_CENTER, Station, run_cli
from tests.scanning.conftest import TWO_PAPERS, NewRequest
from tests.scanning.scanstack import StackMaker

# The station's center must offer the services these tests take.
pytestmark = ANY_CENTER


def _states(station: Station, ref: str) -> dict[str, str]:
    return {d.doc_type: d.state for d in show_request(station.ctx, station.admin, ref).documents}


def _document_audits(station: Station, ref: str) -> list[dict[str, str]]:
    with station.ctx.store.read() as session:
        rows = session.execute(
            select(AuditEntry.details)
            .where(AuditEntry.action == "request.document", AuditEntry.entity_ref == ref)
            .order_by(AuditEntry.id)
        ).scalars()
        return [json.loads(d) for d in rows]


def test_filed_scans_are_listed_and_their_documents_become_scanned(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one, two = new_request(), new_request(TWO_PAPERS)
    kept_two = {k for k, v in _states(station, two).items() if v == "copy_kept"}
    assert _states(station, one)["ALLOCATION-CONTRACT"] == "copy_kept"
    import_scan(station.ctx, archivist, stacks.stack([(one, 2), (two, 1)]).pdf, filename="s.pdf")

    view = show_request(station.ctx, station.admin, one)
    [scan] = view.scans
    assert (scan.doc_type, scan.pages, scan.source_file, scan.source_pages) == (
        "ALLOCATION-CONTRACT",
        2,
        "s.pdf",
        [2, 3],
    )
    assert scan.filed_at == station.clock.now
    data_dir = station.ctx.paths.data_dir
    assert data_dir / scan.location == blob_path(data_dir, scan.sha256)
    assert len(read_blob(station.ctx, scan.sha256)) == scan.size
    assert _states(station, one)["ALLOCATION-CONTRACT"] == "scanned"
    assert _document_audits(station, one) == [
        {
            "doc_type": "ALLOCATION-CONTRACT",
            "from": "copy_kept",
            "to": "scanned",
            "attachment": scan.attachment_uuid,
        }
    ]
    # The whole paper file holds every document kept on paper: each of them is scanned now.
    [whole] = show_request(station.ctx, station.admin, two).scans
    assert whole.doc_type == WHOLE_FILE and whole.source_pages == [5]
    assert len(kept_two) == 2
    assert {k: v for k, v in _states(station, two).items() if k in kept_two} == {
        k: "scanned" for k in kept_two
    }
    assert {a["doc_type"] for a in _document_audits(station, two)} == kept_two


def test_pages_filed_by_hand_are_listed_and_mark_their_document(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    ref = new_request(TWO_PAPERS)
    loose = import_scan(station.ctx, archivist, stacks.stack([(None, 3)]).pdf, filename="l.pdf")
    pages = [p.id for p in loose.unfiled]
    assert _states(station, ref)["MEDICAL-REPORT"] != "scanned"
    assign_unfiled(station.ctx, archivist, [pages[2], pages[0]], ref, doc_type="MEDICAL-REPORT")
    [scan] = show_request(station.ctx, station.admin, ref).scans
    assert (scan.doc_type, scan.pages, scan.source_file) == ("MEDICAL-REPORT", 2, "l.pdf")
    assert sorted(scan.source_pages) == [1, 3]
    assert _states(station, ref)["MEDICAL-REPORT"] == "scanned"
    assert [a["doc_type"] for a in _document_audits(station, ref)] == ["MEDICAL-REPORT"]


def test_request_show_lists_the_scans_in_the_table_and_in_json(
    station: Station, archivist: Actor, new_request: NewRequest, stacks: StackMaker
) -> None:
    one = new_request()
    db = str(station.ctx.store.path)
    before = run_cli("--db", db, "request", "show", "--as", "clerk1", one)
    assert "No scans are filed under this request." in before.out
    import_scan(station.ctx, archivist, stacks.stack([(one, 2)]).pdf, filename="desk.pdf")
    shown = run_cli("--db", db, "request", "show", "--as", "clerk1", one)
    assert shown.code == 0, shown.err
    [scan] = show_request(station.ctx, station.admin, one).scans
    line = next(x for x in shown.out.splitlines() if "desk.pdf" in x)
    assert "ALLOCATION-CONTRACT" in line and "desk.pdf (2-3)" in line
    # Its stored name and how to save it, not a path: on an encrypted station it is sealed.
    assert scan.sha256[:16] in line and str(station.ctx.paths.data_dir) not in shown.out
    assert "counter-app file save NAME --out FILE" in shown.out
    data = json.loads(run_cli("--db", db, "request", "show", "--as", "clerk1", one, "--json").out)
    assert data["scans"][0]["source_pages"] == [2, 3]
    assert data["scans"][0]["pages"] == 2
    assert {d["doc_type"]: d["state"] for d in data["documents"]}["ALLOCATION-CONTRACT"] == (
        "scanned"
    )
