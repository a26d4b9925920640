"""HQ's report on the embedded SQLite database (the default when no PostgreSQL is configured):
requests pushed through the real app and ingest, counted by local day, an after-hours receipt
counted from the next working day, a step at HQ's time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from counter_app.domain.report_model import Bucket, Grouping
from counter_hq.db import make_engine, upgrade_schema
from counter_hq.reports import center_report
from counter_hq.settings import Settings
from tests.hq.conftest import HQ, FixedClock, event_item, request_item


def test_report_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hq.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    hq = HQ(Settings(data_dir=tmp_path / "hqdata", database_url=url), FixedClock())
    try:
        hq.center("MZH")
        station = hq.station("MZH", 1)
        # Sunday 22 November 09:30 Damascus; Thursday 19th 16:00 (after closing: counts from
        # Sunday 22nd); and one on Saturday 14th, before the period, still open at its end.
        first = request_item("MZH", 1, 1)
        late = request_item(
            "MZH", 1, 2, received_at=dt.datetime(2026, 11, 19, 13, 0, tzinfo=dt.UTC)
        )
        after = request_item(
            "MZH", 1, 3, received_at=dt.datetime(2026, 11, 14, 7, 0, tzinfo=dt.UTC)
        )
        results = station.push(first, late, after)
        assert [r["status"] for r in results] == ["created"] * 3
        # Both ready on Sunday 22nd 11:00 Damascus (event_item's time).
        assert [r["status"] for r in station.push(event_item(first, "ready"))] == ["created"]
        assert [r["status"] for r in station.push(event_item(late, "ready"))] == ["created"]
        with hq.sessions() as s:
            report = center_report(
                s,
                center="MZH",
                start=dt.date(2026, 11, 15),
                end=dt.date(2026, 11, 28),
                grouping=Grouping.STATION,
                bucket=Bucket.WEEK,
                today=dt.date(2026, 11, 28),
            )
        [row] = report.rows
        assert row.key == "MZH-01"
        assert (row.received, row.ready, row.open_at_end, row.overdue_at_end) == (2, 2, 1, 1)
        # Due 23 November (request_item): both on time; 0 working days each (ready the day
        # each counts from).
        assert (row.on_time, row.late, row.turnaround_p50, row.turnaround_p90) == (2, 0, 0.0, 0.0)
        assert [(p.start.isoformat(), p.received, p.ready) for p in report.series] == [
            ("2026-11-15", 1, 0),
            ("2026-11-22", 1, 2),
        ]
        # Due on the 23rd: late by the 24th, 25th and 26th (the 27th-28th are the weekend).
        [overdue] = report.overdue
        assert (overdue.receipt_no, overdue.working_days_late) == (
            after["payload"]["receipt_no"],
            3,
        )
    finally:
        hq.close()
