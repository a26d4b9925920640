"""The supervision report: counts, SLA, turnaround, complaints, calls and sync health over a
period, computed from the request history (domain/report_model.py holds the shape)."""

from __future__ import annotations

from counter_app.services.reports.build import (
    BUCKETS,
    GROUPINGS,
    build_report,
    parse_bucket,
    parse_grouping,
    report_for_period,
)
from counter_app.services.reports.late import late_requests

__all__ = [
    "BUCKETS",
    "GROUPINGS",
    "build_report",
    "late_requests",
    "parse_bucket",
    "parse_grouping",
    "report_for_period",
]
