"""A realistic report for the exports and the Reports screen: a month of a Mazzeh center,
five services with their Arabic names (one long), complaints as their own line, weeks."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.report_model import (
    Bucket,
    CallSummary,
    ComplaintRow,
    CountRow,
    Grouping,
    LateRequest,
    Period,
    Report,
    SeriesPoint,
)

SERVICES = (
    ("MOI-CIVIL-STATEMENT", "بيان قيد فردي", "Individual civil-registry statement", 142),
    ("MOI-FAMILY-STATEMENT", "بيان قيد عائلي", "Family civil-registry statement", 96),
    (
        "MOI-ID-CERTIFY",
        "تصديق صورة عن البطاقة الشخصية لدى أمانة السجل المدني في المزة",
        "Certified copy of the personal identity card at the Mazzeh civil registry",
        57,
    ),
    ("MOJ-CRIMINAL-RECORD", "لا حكم عليه", "Criminal record certificate", 121),
    ("COMPLAINT", "الشكاوى", "Complaints", 71),
)


FIGURES = (
    "received",
    "forwarded",
    "needs_info",
    "ready",
    "delivered",
    "rejected",
    "open_at_end",
    "overdue_at_end",
    "on_time",
    "late",
)


def _row(key: str, ar: str, en: str, received: int, i: int) -> CountRow:
    ready = received - 10 - i
    late = 3 + i
    return CountRow(
        key=key,
        label_ar=ar,
        label_en=en,
        received=received,
        forwarded=received - 2,
        needs_info=i + 1,
        ready=ready,
        delivered=ready - 5,
        rejected=i,
        open_at_end=10 + i,
        overdue_at_end=2 * i,
        on_time=ready - late,
        late=late,
        turnaround_p50=2.0 + i / 2,
        turnaround_p90=5.0 + i,
    )


def _totals(rows: tuple[CountRow, ...]) -> CountRow:
    def total(name: str) -> int:
        return sum(int(getattr(r, name)) for r in rows)

    return CountRow(
        key="",
        label_ar="المجموع",
        label_en="Total",
        **{n: total(n) for n in FIGURES},
        turnaround_p50=3.0,
        turnaround_p90=7.0,
    )


def sample_report(rows: int | None = None) -> Report:
    """The sample; ``rows`` repeats the services (numbered) for a table longer than a page."""
    defs = list(SERVICES)
    if rows is not None:
        defs = [
            (f"{code}-{n}", f"{ar} {n}", f"{en} {n}", received + n)
            for n in range(rows // len(SERVICES) + 1)
            for code, ar, en, received in SERVICES
        ][:rows]
    table = tuple(
        _row(code, ar, en, received, i % 5) for i, (code, ar, en, received) in enumerate(defs)
    )
    start = dt.date(2026, 11, 1)
    overdue = tuple(
        LateRequest(
            receipt_no=f"MZH-02-26-{1200 + n:06d}-{n + 11:02d}",
            service_code="MOI-FAMILY-STATEMENT",
            service_ar="بيان قيد عائلي",
            service_en="Family civil-registry statement",
            citizen_name="سلمى خالد الحسن",
            status="forwarded",
            received_on=dt.date(2026, 11, 2 + n),
            due_date=dt.date(2026, 11, 9 + n),
            working_days_late=12 - n,
        )
        for n in range(4)
    )
    due_soon = (
        LateRequest(
            receipt_no="MZH-02-26-001390-44",
            service_code="MOJ-CRIMINAL-RECORD",
            service_ar="لا حكم عليه",
            service_en="Criminal record certificate",
            citizen_name="أحمد يوسف",
            status="in_progress",
            received_on=dt.date(2026, 11, 27),
            due_date=dt.date(2026, 12, 2),
            working_days_late=-2,
        ),
    )
    return Report(
        center_code="MZH",
        center_name="مركز خدمة المواطن في المزة",
        period=Period(start, dt.date(2026, 11, 30)),
        grouping=Grouping.CATEGORY if rows is None else Grouping.SERVICE,
        bucket=Bucket.WEEK,
        rows=table,
        totals=_totals(table),
        series=tuple(
            SeriesPoint(start + dt.timedelta(days=7 * w), 100 + 9 * w, 80 + 7 * w, 70 + 5 * w)
            for w in range(5)
        ),
        overdue=overdue,
        due_soon=due_soon,
        due_soon_days=3,
        complaints=(
            ComplaintRow(
                "COMPLAINT-SERVICE",
                "شكوى على خدمة",
                "Complaint about a service",
                40,
                31,
                {"ready": 25, "rejected": 6, "forwarded": 9},
            ),
            ComplaintRow(
                "COMPLAINT-STAFF",
                "شكوى على موظف",
                "Complaint about an employee",
                31,
                20,
                {"ready": 18, "rejected": 2, "in_progress": 11},
            ),
        ),
        calls=CallSummary({"called": 60, "no_answer": 14}, {"sent": 220, "failed": 7}),
        generated_at=dt.datetime(2026, 12, 1, 6, 30, tzinfo=dt.UTC),
    )
