"""A clerk's intake: validation, receipt numbers, due dates, checklist, outbox and audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from counter_app.domain.errors import NotFound, PermissionDenied, ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.search import search
from tests import rawdb
from tests.conftest import Station

CRIMINAL = "MOI-CRIMINAL-RECORD"


def _service_with_docs(station: Station) -> tuple[str, dict[str, str], dict[str, str]]:
    """A shipped service with required documents and its minimal valid input."""
    from counter_app.services.catalog import active_catalog

    catalog = active_catalog(station.ctx)
    svc = next(s for s in catalog.services if s.documents and s.category.value == "service")
    docs = {
        d.type: "copy_kept" if d.requirement.value != "scan_required" else "scan_pending"
        for d in svc.documents
    }
    return svc.code, valid_fields(svc), docs


def valid_fields(svc: object) -> dict[str, str]:
    from counter_app.domain.catalog import Service
    from counter_app.services.sample import sample_fields

    assert isinstance(svc, Service)
    return sample_fields(svc, text="نص تجريبي")


def _intake(station: Station, **over: object) -> IntakeInput:
    code, fields, docs = _service_with_docs(station)
    base = dict(
        service_code=code,
        national_id="01020304050",
        name="أحمد محمد الخطيب",
        phone="0944123456",
        fields=fields,
        documents=docs,
    )
    base.update(over)
    return IntakeInput(**base)  # type: ignore[arg-type]


def _count(station: Station, table: str) -> int:
    with station.ctx.store.read() as s:
        return int(s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_save_allocates_receipt_and_due_date(station: Station) -> None:
    result = submit_request(station.ctx, station.clerk, _intake(station))
    receipt = ReceiptNumber.parse(result.receipt_no)
    assert (receipt.center, receipt.station, receipt.year, receipt.seq) == ("MZH", 2, 26, 1)
    second = submit_request(station.ctx, station.clerk, _intake(station, national_id="01020304051"))
    assert ReceiptNumber.parse(second.receipt_no).seq == 2
    assert result.due_date >= station.clock().date()


def test_one_transaction_writes_everything(station: Station) -> None:
    before = {
        t: _count(station, t)
        for t in ("requests", "request_events", "outbox", "audit_log", "citizens")
    }
    result = submit_request(station.ctx, station.clerk, _intake(station))
    after = {t: _count(station, t) for t in before}
    assert {t: after[t] - before[t] for t in before} == {
        "requests": 1,
        "request_events": 1,
        "outbox": 1,
        "audit_log": 1,
        "citizens": 1,
    }
    with station.ctx.store.read() as s:
        payload = s.execute(text("SELECT payload FROM outbox WHERE kind='request.created'"))
        body = json.loads(payload.scalar_one())
    assert body["receipt_no"] == result.receipt_no
    assert body["citizen"]["national_id"] == "01020304050"


def test_arabic_indic_digits_are_normalised(station: Station) -> None:
    result = submit_request(
        station.ctx,
        station.clerk,
        _intake(station, national_id="٠١٠٢٠٣٠٤٠٥٠", phone="+963 ۹۴۴ ۱۲۳ ۴۵۶"),
    )
    hits = search(station.ctx, station.admin, "0944123456").hits
    assert [h.receipt_no for h in hits] == [result.receipt_no]
    assert hits[0].national_id == "01020304050"


def test_duplicate_open_request_warns_but_saves(station: Station) -> None:
    first = submit_request(station.ctx, station.clerk, _intake(station))
    second = submit_request(station.ctx, station.clerk, _intake(station))
    assert second.warnings == [first.receipt_no]
    assert first.warnings == []


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"national_id": "0102030405"}, "11 digits"),
        ({"national_id": "01020abc050"}, "national_id"),
        ({"phone": "0112234567"}, "phone"),
        ({"name": "أ" * 10_000}, "name"),
        ({"name": "أحمد\x00محمد"}, "name"),
        ({"fields": {"no_such_field": "x"}}, "no such field"),
    ],
)
def test_bad_input_is_rejected_and_nothing_is_written(
    station: Station, override: dict[str, object], needle: str
) -> None:
    before = _count(station, "requests"), _count(station, "audit_log"), _count(station, "outbox")
    with pytest.raises(ValidationError) as info:
        submit_request(station.ctx, station.clerk, _intake(station, **override))
    assert needle in info.value.render()
    after = _count(station, "requests"), _count(station, "audit_log"), _count(station, "outbox")
    assert after == before


def test_unknown_service_is_not_found(station: Station) -> None:
    with pytest.raises(NotFound, match="Unknown service"):
        submit_request(station.ctx, station.clerk, _intake(station, service_code="NOPE"))


def test_missing_required_document_is_refused_waiver_needs_reason(station: Station) -> None:
    _code, _fields, docs = _service_with_docs(station)
    doc = next(iter(docs))
    with pytest.raises(ValidationError, match=r"checklist|problems"):
        submit_request(
            station.ctx,
            station.clerk,
            _intake(station, documents={k: v for k, v in docs.items() if k != doc}),
        )
    with pytest.raises(ValidationError) as info:
        submit_request(
            station.ctx, station.clerk, _intake(station, documents={**docs, doc: "waived"})
        )
    assert "without a reason" in info.value.render()
    ok = submit_request(
        station.ctx, station.clerk, _intake(station, documents={**docs, doc: "waived:الأصل مفقود"})
    )
    assert ok.receipt_no


def test_reception_cannot_submit(station: Station) -> None:
    from counter_app.services.users import add_user

    add_user(station.ctx, station.admin, username="desk", role="reception", password="desk-pass-1")
    with station.ctx.store.read() as s:
        desk = station.ctx.actor(s, "desk")
    with pytest.raises(PermissionDenied):
        submit_request(station.ctx, desk, _intake(station))


def test_receipt_numbers_survive_a_crash_and_are_not_reused(station: Station) -> None:
    """A number handed out is committed with its request; a rolled-back save hands out none."""
    first = submit_request(station.ctx, station.clerk, _intake(station))
    with pytest.raises(ValidationError):
        submit_request(station.ctx, station.clerk, _intake(station, phone="123"))
    station.ctx.close()
    raw = rawdb.connect(station.ctx.store.path)
    assert raw.execute("SELECT last_seq FROM receipt_sequences").fetchone()[0] == 1
    raw.close()
    from counter_app.paths import AppPaths
    from counter_app.services.context import AppContext

    reopened = AppContext.open(AppPaths.default())
    reopened.clock = station.clock
    nxt = submit_request(reopened, station.clerk, _intake(station))
    assert ReceiptNumber.parse(nxt.receipt_no).seq == ReceiptNumber.parse(first.receipt_no).seq + 1
    reopened.close()


def test_after_closing_counts_from_next_working_day(station: Station) -> None:
    # Thursday 2026-11-26 16:00 Damascus (13:00 UTC): after closing; Fri/Sat weekend.
    station.clock.now = dt.datetime(2026, 11, 26, 13, 0, tzinfo=dt.UTC)
    svc_code, _fields, _docs = _service_with_docs(station)
    result = submit_request(station.ctx, station.clerk, _intake(station))
    from counter_app.services.catalog import active_catalog

    sla = active_catalog(station.ctx).service(svc_code)
    assert sla is not None
    expected = station.ctx.calendar.add_working_days(dt.date(2026, 11, 29), sla.sla.working_days)
    assert result.due_date == expected
