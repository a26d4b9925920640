"""One search box: the clerk types or scans whatever the citizen brings."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import ValidationError
from counter_app.domain.receipt import ReceiptNumber
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.search import search
from tests.conftest import Station
from tests.test_intake import valid_fields

PEOPLE = [
    ("01020304050", "فاطمة عبد الله الأحمد", "0933123456"),
    ("02030405060", "إبراهيم مصطفى الحلبي", "0944555666"),
    ("03040506070", "Rasha Al-Qabbani", "0955111222"),
]


@pytest.fixture
def saved(station: Station) -> dict[str, str]:
    from counter_app.services.catalog import active_catalog

    svc = active_catalog(station.ctx).service("MOI-INDIVIDUAL-STATEMENT")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    out = {}
    for nid, name, phone in PEOPLE:
        res = submit_request(
            station.ctx,
            station.clerk,
            IntakeInput(svc.code, nid, name, phone, valid_fields(svc), docs),
        )
        out[nid] = res.receipt_no
    return out


def _receipts(station: Station, query: str) -> tuple[str, list[str]]:
    result = search(station.ctx, station.admin, query)
    return result.kind, [h.receipt_no for h in result.hits]


def test_by_receipt_as_typed_or_scanned(station: Station, saved: dict[str, str]) -> None:
    receipt = saved["01020304050"]
    assert _receipts(station, receipt) == ("receipt", [receipt])
    assert _receipts(station, receipt.lower()) == ("receipt", [receipt])
    parsed = ReceiptNumber.parse(receipt)
    wrong_check = "0" if str(parsed)[-1] != "0" else "1"
    with pytest.raises(ValidationError, match="check digits"):
        search(station.ctx, station.admin, str(parsed)[:-1] + wrong_check)


def test_by_national_number_and_phone(station: Station, saved: dict[str, str]) -> None:
    assert _receipts(station, "٠٢٠٣٠٤٠٥٠٦٠") == ("national_id", [saved["02030405060"]])
    assert _receipts(station, "+963 944 555 666") == ("phone", [saved["02030405060"]])
    assert _receipts(station, "0999999999") == ("phone", [])


@pytest.mark.parametrize(
    ("query", "nid"),
    [
        ("فاطمه عبدالله", "01020304050"),
        ("فاطمة", "01020304050"),
        ("ابراهيم مصطفي", "02030405060"),
        ("إبراهيم الحلب", "02030405060"),  # prefix of the family name
        ("rasha qabbani", "03040506070"),
        ("RASHA", "03040506070"),
    ],
)
def test_by_name_with_arabic_folding(
    station: Station, saved: dict[str, str], query: str, nid: str
) -> None:
    assert _receipts(station, query) == ("name", [saved[nid]])


def test_fts_syntax_in_a_query_is_just_text(station: Station, saved: dict[str, str]) -> None:
    for query in ('فاطمة" OR "', "NEAR(a b)", "a* AND b", "^فاطمة"):
        kind, hits = _receipts(station, query)
        assert kind == "name"
        assert set(hits) <= set(saved.values())


@pytest.mark.parametrize("query", ["", "   ", "x" * 201, "12345", "- . -"])
def test_bad_queries(station: Station, query: str) -> None:
    with pytest.raises(ValidationError):
        search(station.ctx, station.admin, query)
