"""The overdue and due-soon lists (services/reports/late.py), counted in working days."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.errors import PermissionDenied, ValidationError
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.reports import late_requests
from counter_app.services.requests import change_status
from tests.conftest import Station
from tests.test_intake import valid_fields

DAMASCUS = dt.timezone(dt.timedelta(hours=3))
CODE = "MOI-CRIMINAL-RECORD"


def _submit(station: Station, code: str, nid: str, at: dt.datetime) -> str:
    from counter_app.services.catalog import active_catalog

    svc = active_catalog(station.ctx).service(code)
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    station.clock.now = at.astimezone(dt.UTC)
    data = IntakeInput(svc.code, nid, "سلمى الشامي", "0933000111", valid_fields(svc), docs)
    return submit_request(station.ctx, station.clerk, data).receipt_no


def test_overdue_and_due_soon_in_working_days(station: Station) -> None:
    # MOI-CRIMINAL-RECORD: 2 working days. Received Sunday 2026-11-29 10:00: due Tue 12-01.
    late = _submit(station, CODE, "01111111111", dt.datetime(2026, 11, 29, 10, tzinfo=DAMASCUS))
    soon = _submit(station, CODE, "02222222222", dt.datetime(2026, 12, 6, 10, tzinfo=DAMASCUS))
    done = _submit(station, CODE, "03333333333", dt.datetime(2026, 11, 30, 10, tzinfo=DAMASCUS))
    change_status(station.ctx, station.clerk, done, "ready")
    # Monday 2026-12-07 12:00 local. The 8th is a public holiday (shipped calendar).
    station.clock.now = dt.datetime(2026, 12, 7, 12, tzinfo=DAMASCUS).astimezone(dt.UTC)
    overdue, due_soon = late_requests(station.ctx, station.admin, due_within=3)
    assert [(r.receipt_no, r.due_date, r.working_days_late) for r in overdue] == [
        # due Tue 12-01: late on Wed 2, Thu 3, Sun 6, Mon 7 = 4 working days
        (late, dt.date(2026, 12, 1), 4)
    ]
    # Received Sunday 12-06: due Tue 12-08 is a holiday, so Wed 12-09; 3 working days from
    # Monday 12-07 reach Thu 12-10 (Tue 8 is a holiday): on the list, 2 working days left (9).
    assert [(r.receipt_no, r.due_date, r.working_days_late) for r in due_soon] == [
        (soon, dt.date(2026, 12, 9), -1)
    ]
    assert overdue[0].received_on == dt.date(2026, 11, 29)
    assert overdue[0].service_en == "Criminal record certificate"
    assert overdue[0].citizen_name == "سلمى الشامي"
    _, none_soon = late_requests(station.ctx, station.admin, due_within=0)
    assert none_soon == []


def test_late_lists_need_the_reports_permission(station: Station) -> None:
    with pytest.raises(PermissionDenied):
        late_requests(station.ctx, station.clerk)
    with pytest.raises(ValidationError):
        late_requests(station.ctx, station.admin, due_within=-1)
