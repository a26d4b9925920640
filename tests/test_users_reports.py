"""Accounts, permissions and the supervisor's counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from counter_app.domain.errors import (
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    ValidationError,
)
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.reports import build_report
from counter_app.services.requests import change_status
from counter_app.services.users import add_user, authenticate
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, Station, run_cli
from tests.test_intake import valid_fields


def test_passwords_are_argon2_hashes(station: Station) -> None:
    with station.ctx.store.read() as s:
        stored = s.execute(text("SELECT password_hash FROM users")).scalars().all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert CLERK_PASSWORD not in " ".join(stored)


def test_lockout_and_its_expiry(station: Station) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(station.ctx, "clerk1", "wrong-password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        authenticate(station.ctx, "clerk1", CLERK_PASSWORD)
    station.clock.advance(minutes=16)
    assert authenticate(station.ctx, "clerk1", CLERK_PASSWORD).username == "clerk1"
    with station.ctx.store.read() as s:
        actions = s.execute(text("SELECT action FROM audit_log WHERE entity_ref='clerk1'"))
        seen = [a for (a,) in actions]
    assert seen.count("login.failed") == 4 and "login.locked" in seen and "login" in seen


def test_unknown_user_and_wrong_password_look_the_same(station: Station) -> None:
    with pytest.raises(AuthenticationFailed) as a:
        authenticate(station.ctx, "nobody", "whatever-1")
    with pytest.raises(AuthenticationFailed) as b:
        authenticate(station.ctx, "admin", "whatever-1")
    assert a.value.render() == b.value.render()
    assert authenticate(station.ctx, "ADMIN ", ADMIN_PASSWORD).role.value == "admin"


@pytest.mark.parametrize(
    ("username", "role", "password", "error"),
    [
        ("x", "clerk", "long-enough-1", ValidationError),
        ("أحمد", "clerk", "long-enough-1", ValidationError),
        ("newbie", "king", "long-enough-1", ValidationError),
        ("newbie", "clerk", "short", ValidationError),
        ("clerk1", "clerk", "long-enough-1", Conflict),
    ],
)
def test_bad_accounts_are_refused(
    station: Station, username: str, role: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        add_user(station.ctx, station.admin, username=username, role=role, password=password)


def test_only_admin_adds_users(station: Station) -> None:
    with pytest.raises(PermissionDenied):
        add_user(station.ctx, station.clerk, username="x2", role="admin", password="long-enough")


def _submit(station: Station, nid: str) -> str:
    from counter_app.services.catalog import active_catalog

    svc = active_catalog(station.ctx).service("MOI-CRIMINAL-RECORD")
    assert svc is not None
    docs = {d.type: "copy_kept" for d in svc.documents}
    res = submit_request(
        station.ctx,
        station.clerk,
        IntakeInput(svc.code, nid, "سلمى الشامي", "0933000111", valid_fields(svc), docs),
    )
    return res.receipt_no


def test_report_by_service_status_and_clerk(station: Station) -> None:
    first = _submit(station, "01111111111")
    _submit(station, "02222222222")
    change_status(station.ctx, station.clerk, first, "rejected", "الوثائق غير مطابقة")
    with pytest.raises(PermissionDenied):
        build_report(station.ctx, station.clerk, start="2026-11-01", end="2026-11-30")
    day = station.clock().date().isoformat()
    by_service = build_report(station.ctx, station.admin, start=day, end=day)
    assert by_service.totals.received == 2
    assert by_service.rows[0].key == "MOI-CRIMINAL-RECORD"
    assert (by_service.rows[0].open_at_end, by_service.rows[0].rejected) == (1, 1)
    by_status = build_report(station.ctx, station.admin, start=day, end=day, grouping="status")
    assert {r.key: r.received for r in by_status.rows} == {"rejected": 1, "submitted": 1}
    by_clerk = build_report(station.ctx, station.admin, start=day, end=day, grouping="clerk")
    assert [(r.key, r.received) for r in by_clerk.rows] == [("clerk1", 2)]
    # The period is in local dates: the next day holds nothing.
    nxt = (station.clock().date() + dt.timedelta(days=1)).isoformat()
    assert build_report(station.ctx, station.admin, start=nxt, end=nxt).totals.received == 0


def test_report_csv_and_bad_grouping(cli_station: object) -> None:
    res = run_cli(
        "report", "--from", "2026-01-01", "--to", "2026-12-31", "--as", "admin", "--format", "csv"
    )
    assert res.code == 0, res.err
    lines = list(csv.reader(io.StringIO(res.out.lstrip("\ufeff"))))
    assert len(lines) == 2 and lines[1][0] == ""  # empty period: the header and the totals
    res = run_cli("report", "--from", "2026-13-01", "--to", "2026-12-31", "--as", "admin")
    assert res.code == 2 and "date" in res.err
    res = run_cli("--lang", "ar", "user", "list", "--as", "admin", "--json")
    assert {u["username"] for u in json.loads(res.out)} == {"admin", "clerk1"}
