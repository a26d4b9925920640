"""Helpers of the lookup, request, call-list and print-queue tests: typing (from tests/ui/keys.py)
and saving a request the way the intake screen would."""

from __future__ import annotations

from counter_app.services.catalog import active_catalog
from counter_app.services.intake import IntakeInput, submit_request
from tests.conftest import Station
from tests.test_intake import valid_fields
from tests.ui.keys import press, type_text

__all__ = ["press", "submit", "type_text"]


def submit(
    station: Station,
    *,
    nid: str = "07070707070",
    name: str = "مريم الشامي",
    phone: str = "0944000111",
    code: str = "MOI-BIRTH-STATEMENT",
) -> str:
    """A saved request (every required document kept as a copy); its receipt number."""
    svc = active_catalog(station.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    return submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(svc.code, nid, name, phone, valid_fields(svc), docs),
    ).receipt_no
