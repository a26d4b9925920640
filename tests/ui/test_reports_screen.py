"""The Reports screen: period and quick choices, the table with its totals, the charts, the
exports written to a path (the file dialog is the only part not driven here)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.errors import N_, ValidationError
from counter_app.domain.report_model import Bucket, Grouping, Report
from counter_app.domain.roles import Role
from counter_app.exports import csv_text
from counter_app.printing.registry import Printers
from counter_app.services import reports as report_service
from counter_app.ui.env import Events, UiEnv
from counter_app.ui.operations import Operations
from counter_app.ui.screens.registry import screen_classes
from counter_app.ui.screens.reports import ReportsScreen, quick_period
from tests.conftest import Station
from tests.report_sample import sample_report

# The report service's new shape (services/reports: start, end, grouping, bucket): until it is
# there, the screen is driven with the sample report through the same call.
REAL_SERVICE = "bucket" in inspect.signature(report_service.build_report).parameters


@pytest.fixture
def env(qapp: QApplication, station: Station, tmp_path: Path) -> Iterator[UiEnv]:
    yield UiEnv(
        ctx=station.ctx,
        actor=station.admin,
        ops=Operations(synchronous=True),
        printers=Printers(pdf_folder=tmp_path / "printed"),
        events=Events(),
        language="ar",
        open_request=lambda _ref: None,
    )


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The service's answers replaced by the sample report; each call's arguments kept."""
    made: list[dict[str, Any]] = []

    def build_report(ctx: object, actor: object, **kwargs: Any) -> Report:
        made.append(kwargs)
        if kwargs["start"] > kwargs["end"]:
            raise ValidationError(N_("The period starts after it ends"), field="from")
        return sample_report()

    monkeypatch.setattr(report_service, "build_report", build_report)
    return made


def test_for_supervisors_in_the_supervision_group_with_a_free_shortcut() -> None:
    assert ReportsScreen.roles == frozenset({Role.SUPERVISOR, Role.ADMIN})
    assert ReportsScreen.group == "supervision"
    classes = screen_classes()
    assert ReportsScreen in classes
    shortcuts = [cls.shortcut for cls in classes if cls.shortcut]
    assert shortcuts.count("Ctrl+R") == 1


@pytest.mark.parametrize(
    ("key", "today", "start", "end"),
    [
        ("today", dt.date(2026, 11, 25), dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        ("week", dt.date(2026, 11, 25), dt.date(2026, 11, 22), dt.date(2026, 11, 25)),  # Sunday
        ("week", dt.date(2026, 11, 22), dt.date(2026, 11, 22), dt.date(2026, 11, 22)),
        ("week", dt.date(2026, 11, 28), dt.date(2026, 11, 22), dt.date(2026, 11, 28)),  # Sat
        ("month", dt.date(2026, 11, 25), dt.date(2026, 11, 1), dt.date(2026, 11, 25)),
        ("last_month", dt.date(2026, 3, 10), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("last_month", dt.date(2026, 1, 5), dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ("year", dt.date(2026, 11, 25), dt.date(2026, 1, 1), dt.date(2026, 11, 25)),
    ],
)
def test_quick_periods(key: str, today: dt.date, start: dt.date, end: dt.date) -> None:
    assert quick_period(key, today) == (start, end)


def test_shows_the_report_with_totals_and_charts(env: UiEnv, calls: list[dict[str, Any]]) -> None:
    screen = ReportsScreen(env)
    assert not any(b.isEnabled() for b in screen.export_buttons.values())
    screen.activate()
    # The station's clock: Sunday 2026-11-22 in Damascus; the default period is this month.
    assert calls == [
        {
            "start": "2026-11-01",
            "end": "2026-11-22",
            "grouping": Grouping.SERVICE,
            "bucket": Bucket.WEEK,
        }
    ]
    report = sample_report()
    model = screen.model
    assert model.rowCount() == len(report.rows) + 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "الفئة"  # the report's grouping
    assert model.headerData(1, Qt.Orientation.Horizontal) == "المستلمة خلال الفترة"

    def cell(r: int, c: int) -> Any:
        return model.data(model.index(r, c))

    assert [cell(i, 0) for i in range(len(report.rows))] == [r.label_ar for r in report.rows]
    assert cell(len(report.rows), 0) == "المجموع" and cell(len(report.rows), 1) == "487"
    assert model.data(model.index(len(report.rows), 0), Qt.ItemDataRole.FontRole).bold()
    assert cell(0, 11) == "97.7"  # on time %
    assert screen.bars.rows() == [(r.label_ar, float(r.received)) for r in report.rows]
    assert "487" in screen.summary.text()
    assert all(b.isEnabled() for b in screen.export_buttons.values())


def test_quick_choice_and_combos_drive_the_call(env: UiEnv, calls: list[dict[str, Any]]) -> None:
    screen = ReportsScreen(env)
    screen.grouping.setCurrentIndex(screen.grouping.findData("agency"))
    screen.bucket.setCurrentIndex(screen.bucket.findData("month"))
    screen.quick.setCurrentIndex(screen.quick.findData("last_month"))
    screen._quick_chosen()
    assert calls[-1] == {
        "start": "2026-10-01",
        "end": "2026-10-31",
        "grouping": Grouping.AGENCY,
        "bucket": Bucket.MONTH,
    }
    assert screen.start.date() == QDate(2026, 10, 1) and screen.end.date() == QDate(2026, 10, 31)


def test_a_refused_period_is_said_on_the_screen(env: UiEnv, calls: list[dict[str, Any]]) -> None:
    screen = ReportsScreen(env)
    screen.start.setDate(QDate(2026, 11, 20))
    screen.end.setDate(QDate(2026, 11, 1))
    screen.refresh()
    assert calls[-1]["start"] == "2026-11-20"
    assert screen.message.text() and screen.message.property("role") == "error"
    assert screen.report is None


def test_exports_write_the_report_shown(
    env: UiEnv, calls: list[dict[str, Any]], tmp_path: Path
) -> None:
    screen = ReportsScreen(env)
    screen.activate()
    assert screen.report is not None
    for fmt in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"report.{fmt}"
        screen.export(fmt, out)
        assert screen.last_export == out and out.stat().st_size > 0
        assert str(out) in screen.message.text()
    assert (tmp_path / "report.csv").read_bytes() == csv_text(screen.report, "ar").encode()
    ws = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]
    assert ws.sheet_view.rightToLeft
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_export_to_a_folder_is_refused_on_the_screen(
    env: UiEnv, calls: list[dict[str, Any]], tmp_path: Path
) -> None:
    screen = ReportsScreen(env)
    screen.activate()
    folder = tmp_path / "out"
    folder.mkdir()
    screen.export("pdf", folder)
    assert "مجلد" in screen.message.text() and screen.message.property("role") == "error"
    assert list(folder.iterdir()) == [] and screen.last_export is None


@pytest.mark.skipif(not REAL_SERVICE, reason="services/reports.build_report not there yet")
def test_the_real_service_counts_what_was_taken(
    env: UiEnv, station: Station, tmp_path: Path
) -> None:
    from counter_app.services.catalog import active_catalog
    from counter_app.services.intake import IntakeInput, submit_request
    from counter_app.services.sample import sample_fields

    catalog = active_catalog(station.ctx)
    taken = [
        ("01020304050", "فاطمة عبد الله الأحمد", "MOI-INDIVIDUAL-STATEMENT"),
        ("02030405060", "ريم الشامي", "MOI-INDIVIDUAL-STATEMENT"),
        ("03040506070", "خالد المصري", "MOI-FAMILY-STATEMENT"),
    ]
    for nid, name, code in taken:
        svc = catalog.service(code)
        assert svc is not None
        submit_request(
            station.ctx,
            station.admin,
            IntakeInput(
                code,
                nid,
                name,
                "0933123456",
                sample_fields(svc),
                {d.type: "copy_kept" for d in svc.documents},
            ),
        )
    screen = ReportsScreen(env)
    screen.activate()
    report = screen.report
    assert report is not None and report.totals.received == 3
    received = {row.key: row.received for row in report.rows if row.received}
    assert received == {"MOI-INDIVIDUAL-STATEMENT": 2, "MOI-FAMILY-STATEMENT": 1}
    last = screen.model.rowCount() - 1
    assert screen.model.data(screen.model.index(last, 1)) == "3"
    out = tmp_path / "r.csv"
    screen.export("csv", out)
    assert out.read_bytes().decode("utf-8-sig").splitlines()[-1].split(",")[2] == "3"


def test_dates_read_left_to_right_in_arabic(
    qapp: QApplication, env: UiEnv, calls: list[dict[str, Any]]
) -> None:
    """The Arabic desktop is right to left (the application's direction)."""
    from PySide6.QtWidgets import QLineEdit

    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        screen = ReportsScreen(env)
        screen.start.setDate(QDate(2026, 11, 1))
        line = screen.start.findChild(QLineEdit)
        assert line is not None and line.text() == "2026-11-01"
    finally:
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
