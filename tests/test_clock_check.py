"""A counter whose clock is wrong still takes requests, but says so, and records it without
personal data (issue 12.11)."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from sqlalchemy import select

from counter_app.services.clock_check import BEHIND_RECORDS, FAR_FROM_HQ, check_clock
from counter_app.services.intake import submit_request
from counter_app.services.requests import show_request
from counter_app.services.sync_state import state_row
from counter_app.store.models import AuditEntry
from tests.conftest import Station, run_cli
from tests.test_intake import _intake

NID, NAME, PHONE = "01020304050", "أحمد محمد الخطيب", "0944123456"


def _clock_audits(station: Station) -> list[AuditEntry]:
    with station.ctx.store.read() as session:
        return list(
            session.execute(
                select(AuditEntry).where(AuditEntry.action == "clock.warning")
            ).scalars()
        )


def _set_sync(station: Station, skew: dt.timedelta, measured: dt.datetime) -> None:
    with station.ctx.store.write() as session:
        row = state_row(session)
        row.clock_skew_seconds = skew.total_seconds()
        row.last_attempt_at = measured


def test_a_right_clock_says_nothing(station: Station) -> None:
    submit_request(station.ctx, station.clerk, _intake(station))
    station.clock.advance(minutes=5)
    saved = submit_request(station.ctx, station.clerk, _intake(station, national_id="02020304050"))
    assert saved.clock_warning is None and check_clock(station.ctx) is None
    assert _clock_audits(station) == []


def test_a_clock_400_days_behind_the_newest_record_warns_saves_and_audits(
    station: Station, caplog: pytest.LogCaptureFixture
) -> None:
    first = submit_request(station.ctx, station.clerk, _intake(station))
    station.clock.advance(days=-400)
    assert check_clock(station.ctx) is not None  # the intake screen warns before typing
    with caplog.at_level(logging.WARNING):
        saved = submit_request(station.ctx, station.clerk, _intake(station))
    warning = saved.clock_warning
    assert warning is not None and warning.kind == BEHIND_RECORDS
    assert warning.reference == first.received_at
    assert warning.seconds == pytest.approx(400 * 86400)
    assert (
        show_request(station.ctx, station.admin, saved.receipt_no).receipt_no == saved.receipt_no
    )  # saved
    [audit] = _clock_audits(station)
    details = json.loads(audit.details)
    assert details["kind"] == BEHIND_RECORDS and details["seconds"] == 400 * 86400
    logged = caplog.text
    for personal in (NID, NAME, PHONE, "0944"):
        assert personal not in audit.details and personal not in logged
    assert "clock check" in logged


def test_far_from_hq_as_last_measured_warns(station: Station) -> None:
    now = station.clock.now
    _set_sync(station, dt.timedelta(days=3), now)
    saved = submit_request(station.ctx, station.clerk, _intake(station))
    assert saved.clock_warning is not None and saved.clock_warning.kind == FAR_FROM_HQ
    message = saved.clock_warning.message(str, dt.UTC)
    assert "difference in days: 3" in message
    _set_sync(station, dt.timedelta(hours=-5), now)  # ahead of HQ by five hours
    warning = check_clock(station.ctx)
    assert warning is not None and "difference in hours: 5" in warning.message(str, dt.UTC)


def test_a_clock_set_back_since_the_last_sync_warns(station: Station) -> None:
    _set_sync(station, dt.timedelta(seconds=3), station.clock.now + dt.timedelta(hours=5))
    warning = check_clock(station.ctx)
    assert warning is not None and warning.kind == FAR_FROM_HQ


def test_a_clock_put_right_after_the_measurement_is_left_alone(station: Station) -> None:
    measured = station.clock.now
    _set_sync(station, dt.timedelta(days=3), measured)  # behind by 3 days then
    station.clock.advance(days=3, minutes=10)  # the clerk set the date right
    assert check_clock(station.ctx) is None
    _set_sync(station, dt.timedelta(hours=1), measured)  # a small skew is drift
    assert check_clock(station.ctx) is None


def test_the_cli_warns_on_stderr_in_arabic_and_saves(station: Station) -> None:
    station.clock.advance(days=2000)  # a request saved by a clock far in the future
    submit_request(station.ctx, station.clerk, _intake(station))
    sample = _intake(station)
    args = ["--db", str(station.ctx.store.path), "--lang", "ar", "request", "new"]
    args += ["--service", sample.service_code, "--national-id", "03020304050"]
    args += ["--name", "ريم الحلبي"]
    args += ["--phone", "0999888777", "--as", "clerk1"]
    for key, value in sample.fields.items():
        args += ["--field", f"{key}={value}"]
    for key, value in sample.documents.items():
        args += ["--doc", f"{key}={value}"]
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert "تحذير" in res.err and "ساعة هذا الحاسوب" in res.err
    assert "Warning" not in res.err
