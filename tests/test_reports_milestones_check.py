"""request_milestones is derived data the reports count from: a hand edit falsifies the
reports silently unless `db check` compares it with the history, and
`db rebuild-milestones` puts the truth back (one transaction, an audit row)."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.errors import PermissionDenied
from counter_app.services.reports.milestones import rebuild_milestones
from tests import rawdb
from tests.conftest import run_cli
from tests.test_reports_build import History, history, november, table

__all__ = ["history"]  # the fixture, imported for pytest


def _ids(h: History) -> dict[str, int]:
    db = rawdb.connect(h.station.ctx.store.path)
    try:
        return {
            name: db.execute("SELECT id FROM requests WHERE receipt_no = ?", (receipt,)).fetchone()[
                0
            ]
            for name, receipt in h.receipts.items()
        }
    finally:
        db.close()


def _indexes(h: History) -> set[tuple[str, str]]:
    db = rawdb.connect(h.station.ctx.store.path)
    try:
        return set(
            db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'request_milestones' AND sql IS NOT NULL"
            )
        )
    finally:
        db.close()


def _check() -> tuple[int, list[dict[str, object]]]:
    res = run_cli("db", "check", "--json")
    data = json.loads(res.out)
    return res.code, [f for f in data["faults"] if f["section"] == "derived"]


def test_a_hand_edited_milestone_is_found_and_rebuilt(history: History) -> None:
    truth = table(november(history, "status"))
    by_service = table(november(history, "service"))
    indexes_before = _indexes(history)
    code, derived = _check()
    assert derived == []
    ids = _ids(history)
    db = rawdb.connect(history.station.ctx.store.path)
    try:
        # R3 was ready on 11-15: hidden, it looks open at the month's end; R5's row is gone;
        # a row for a request that does not exist.
        db.execute(
            "UPDATE request_milestones SET ready_at = NULL, closed_at = NULL, done_at = NULL "
            "WHERE request_id = ?",
            (ids["R3"],),
        )
        db.execute("DELETE FROM request_milestones WHERE request_id = ?", (ids["R5"],))
        db.execute(
            "INSERT INTO request_milestones (request_id, service_code, station, received_at, "
            "due_day) SELECT 99999, service_code, station, received_at, due_day "
            "FROM request_milestones WHERE request_id = ?",
            (ids["R1"],),
        )
        db.commit()
    finally:
        db.close()
    assert table(november(history, "status")) != truth  # the report is falsified

    code, derived = _check()
    assert code == 1
    assert sorted((f["code"], f["params"]["row"]) for f in derived) == sorted(
        [
            ("milestones_wrong", ids["R3"]),
            ("milestones_wrong", ids["R5"]),
            ("milestones_orphan", 99999),
        ]
    )
    text = run_cli("--lang", "ar", "db", "check")
    assert text.code == 1
    assert "rebuild-milestones" in text.out and "مراحله المحفوظة للتقارير" in text.out

    with pytest.raises(PermissionDenied):
        rebuild_milestones(history.station.ctx, history.station.clerk)
    res = run_cli("db", "rebuild-milestones", "--as", "admin", "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out) == {"rows": 9, "wrong_before": 2, "orphans_before": 1}

    assert table(november(history, "status")) == truth
    assert table(november(history, "service")) == by_service
    code, derived = _check()
    assert derived == [] and code == 0
    db = rawdb.connect(history.station.ctx.store.path)
    try:
        action, details = db.execute(
            "SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    assert action == "db.rebuild_milestones"
    assert json.loads(details) == {"orphans_before": 1, "rows": 9, "wrong_before": 2}
    assert _indexes(history) == indexes_before  # every index made again, as it was
