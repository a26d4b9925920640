"""HQ status changes pulled by the owning station; reconciliation per day."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from counter_app.domain.receipt import ReceiptNumber
from counter_hq.backoffice import set_status
from counter_hq.cli import main
from counter_hq.errors import ConflictError, Invalid, NotFoundError
from counter_hq.settings import ENV_DATA_DIR, ENV_DATABASE_URL
from tests.hq.conftest import HQ, StationClient, event_item, request_item


def test_status_changes_are_pulled_with_a_cursor(
    hq: HQ, mzh1: StationClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reqs = [request_item("MZH", 1, i) for i in range(1, 4)]
    mzh1.push(*reqs)
    sal = hq.station("SAL", 1)
    mzh2 = hq.station("MZH", 2)
    with hq.sessions() as s:
        set_status(s, reqs[0]["payload"]["receipt_no"], "in_progress", hq.clock())
        set_status(s, reqs[1]["payload"]["receipt_no"], "ready", hq.clock())
    # the CLI does the same
    monkeypatch.setenv(ENV_DATABASE_URL, hq.settings.database_url)
    monkeypatch.setenv(ENV_DATA_DIR, str(hq.settings.data_dir))
    receipt = reqs[0]["payload"]["receipt_no"]
    assert main(["status", receipt.lower(), "needs-info", "--reason", "missing photo"]) == 0
    assert "needs_info" in capsys.readouterr().out
    assert main(["status", receipt, "rejected"]) == 2  # a reason is required
    assert main(["status", "MZH-01-26-000009-X", "ready"]) == 2  # bad check character

    page = mzh1.get("/changes", params={"cursor": 0, "limit": 2}).json()
    assert [c["payload"]["status"] for c in page["changes"]] == ["in_progress", "ready"]
    assert page["more"] is True
    rest = mzh1.get("/changes", params={"cursor": page["cursor"]}).json()
    assert [c["payload"]["status"] for c in rest["changes"]] == ["needs_info"]
    assert rest["changes"][0]["payload"]["reason"] == "missing photo"
    assert rest["changes"][0]["payload"]["origin"] == "hq"
    assert rest["more"] is False
    done = mzh1.get("/changes", params={"cursor": rest["cursor"]}).json()
    assert done == {
        "changes": [],
        "cursor": rest["cursor"],
        "more": False,
        "cursor_mark": rest["cursor_mark"],
    }
    # The mark given with a cursor is accepted back; another (a restored, renumbered feed) not.
    marked = {"cursor": rest["cursor"], "mark": rest["cursor_mark"]}
    assert mzh1.get("/changes", params=marked).json()["changes"] == []
    resp = mzh1.get("/changes", params={**marked, "mark": "0" * 32})
    assert resp.status_code == 409 and resp.json()["code"] == "cursor_ahead"
    assert mzh1.get("/changes", params={**marked, "mark": "xyz"}).status_code == 422
    # other stations, other centers: nothing of it
    assert sal.get("/changes").json()["changes"] == []
    assert mzh2.get("/changes").json()["changes"] == []
    # a cursor this HQ never handed out
    resp = sal.get("/changes", params={"cursor": 10_000})
    assert resp.status_code == 409 and resp.json()["code"] == "cursor_ahead"
    assert mzh1.get("/changes", params={"cursor": -1}).status_code == 422
    assert mzh1.get("/changes", params={"limit": 0}).status_code == 422


def test_transition_rules_and_counter_events(hq: HQ, mzh1: StationClient) -> None:
    req = request_item("MZH", 1, 7)
    mzh1.push(req, event_item(req, "cancelled", "withdrawn"))
    receipt = req["payload"]["receipt_no"]
    with hq.sessions() as s, pytest.raises(ConflictError):
        set_status(s, receipt, "ready", hq.clock())  # cancelled at the counter is final
    with hq.sessions() as s, pytest.raises(NotFoundError):
        set_status(s, str(ReceiptNumber("MZH", 1, 26, 999)), "ready", hq.clock())
    with hq.sessions() as s, pytest.raises(Invalid):
        set_status(s, receipt, "flying", hq.clock())
    assert hq.scalar("SELECT count(*) FROM changes") == 0


def _digest(uuids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(uuids)).encode()).hexdigest()


def test_reconcile_counts_and_digests(hq: HQ, mzh1: StationClient) -> None:
    day1 = dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC)  # 01:30 on the 23rd in Damascus
    items = [
        request_item("MZH", 1, 1, received_at=day1),
        request_item("MZH", 1, 2, received_at=day1),
        request_item("MZH", 1, 3, received_at=late),
    ]
    hq.clock.advance(hours=16)  # HQ refuses times ahead of its clock (beyond the skew window)
    mzh1.push(*items)
    mzh2 = hq.station("MZH", 2)
    mzh2.push(request_item("MZH", 2, 1, received_at=day1))
    resp = mzh1.get("/reconcile", params={"start": "2026-11-21", "end": "2026-11-23"})
    assert resp.status_code == 200
    body = resp.json()
    assert (body["center"], body["station_no"]) == ("MZH", 1)
    days = {d["day"]: d for d in body["days"]}
    assert [days[d]["count"] for d in ("2026-11-21", "2026-11-22", "2026-11-23")] == [0, 2, 1]
    assert days["2026-11-22"]["digest"] == _digest([i["entity_uuid"] for i in items[:2]])
    assert days["2026-11-23"]["digest"] == _digest([items[2]["entity_uuid"]])
    assert days["2026-11-21"]["digest"] == hashlib.sha256(b"").hexdigest()
    sal = hq.station("SAL", 1)
    sal_days = sal.get("/reconcile", params={"start": "2026-11-22", "end": "2026-11-22"}).json()
    assert sal_days["days"][0]["count"] == 0
    assert (
        mzh1.get("/reconcile", params={"start": "2026-11-23", "end": "2026-11-01"}).status_code
        == 422
    )
    assert (
        mzh1.get("/reconcile", params={"start": "2020-01-01", "end": "2026-01-01"}).status_code
        == 422
    )
    assert (
        mzh1.get("/reconcile", params={"start": "yesterday", "end": "2026-01-01"}).status_code
        == 422
    )
    assert mzh1.get("/reconcile").status_code == 422
