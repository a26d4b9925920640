"""The supervision report: counts, SLA, turnaround, complaints, calls and sync health over a
period, computed from the request history (domain/report_model.py holds the shape)."""

from __future__ import annotations

from counter_app.services.reports.late import late_requests
from counter_app.services.reports.legacy import GROUPINGS, build_report

__all__ = ["GROUPINGS", "build_report", "late_requests"]
