"""The day's cash sheet (issue 16, point 8): the PDF read back by pdfium and the CSV parsed back
on the hand-computed day of tests/cash_sample.py, a clerk's own sheet, an empty day, and a
target that cannot take the file (nothing left behind), through exports.write_cash and
`counter-app cash --format csv|pdf --out FILE`."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from counter_app.domain.errors import ValidationError
from counter_app.exports import write_cash
from counter_app.i18n import Translator
from counter_app.services.cash_sheet import CashHeading, cash_sheet
from counter_app.services.payments import CashReport
from tests import cash_sample
from tests.cash_sample import Clock, make_cash_day
from tests.conftest import CliResult, Station, run_cli
from tests.test_exports_pdf import pages_text


@pytest.fixture
def day(station: Station) -> cash_sample.CashDay:
    return make_cash_day(station.ctx, station.admin, station.clerk, Clock(station.clock.now))


def _sheet(
    station: Station, actor: object = None, on: str = "2026-11-22"
) -> tuple[CashReport, CashHeading]:
    return cash_sheet(station.ctx, actor or station.admin, on)  # type: ignore[arg-type]


def _write(station: Station, fmt: str, out: Path, language: str, **kw: object) -> CashReport:
    report, heading = _sheet(station, **kw)  # type: ignore[arg-type]
    write_cash(report, fmt, out, language, station.ctx.calendar.tz, heading=heading)
    return report


def _lines_with(text: str, word: str) -> list[str]:
    return [line for line in text.splitlines() if word in line]


def _has_line(text: str, *tokens: str) -> bool:
    """A line holding every token as a word (pdfium may give a line that mixes Arabic
    names with English words in either order)."""
    return any(set(tokens) <= set(line.split()) for line in text.splitlines())


# -- the PDF -----------------------------------------------------------------------------------


def test_the_english_sheet_has_every_payment_and_the_hand_computed_totals(
    station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    out = tmp_path / "cash.pdf"
    _write(station, "pdf", out, "en")
    pages = pages_text(out)
    assert len(pages) == 1
    text = pages[0]
    for value in (
        "مركز خدمة المواطن - المزة",
        "Center code MZH",
        "Cash report of 2026-11-22",
        "Sunday",
        "Criminal record",  # the name wraps in its column
        "Right of benefit",
        "CBS-2026/00123",
        "REB-55120",
        "Bank desk",
        "ليلى حداد",
        "Totals by payment method",
        "Totals by clerk",
        "The clerk",
        "Head of the center",
        "Signature",
        "Page 1 of 1",
    ):
        assert value in text, (value, text)
    for receipt in day.receipts:
        assert receipt in text
    # Local times of the center (UTC+3), not the stored UTC.
    assert "09:10" in text and "14:15" in text and "06:10" not in text
    # The two payments outside the local day are not on the sheet: six numbered lines.
    assert _has_line(text, "6", "14:15", day.receipts[5], "3,000")
    assert not re.search(r"\b7 \d\d:\d\d|\d\d:\d\d 7\b", text)
    # Totals: per method (count and amount), per clerk, the day.
    assert _has_line(text, "Bank", "receipt", "4", "20,000"), text
    assert _has_line(text, "Bank", "desk", "2", "13,000"), text
    assert _has_line(text, "سامر", "الكيلاني", "3", "18,000"), text
    assert _has_line(text, "ليلى", "حداد", "3", "15,000"), text
    assert len(_lines_with(text, "33,000")) == 4  # the table, the two tables, the day's line
    assert _has_line(text, "Total", "6", "33,000")
    assert _has_line(text, "Total", "of", "the", "day", "33,000", "SYP")
    assert "Only your own payments" not in text


def test_the_arabic_sheet_reads_as_written(
    station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    out = tmp_path / "cash.pdf"
    _write(station, "pdf", out, "ar")
    text = "\n".join(pages_text(out))
    for value in (
        "مركز خدمة المواطن - المزة",
        "كشف الصندوق ليوم",
        "2026-11-22",
        "الأحد",
        "السجل العدلي",
        "كوة المصرف بالمركز",
        "إيصال مصرف",
        "المجموع",
        "الموظف",
        "رئيس المركز",
        "التوقيع",
        "سامر الكيلاني",
    ):
        assert value in text, (value, text)
    for receipt in day.receipts:
        assert receipt in text
    total = _lines_with(text, "المجموع")
    assert len(total) == 2 and all(_has_line(line, "6", "33,000") for line in total), total
    assert _has_line(text, "إيصال", "مصرف", "4", "20,000")
    assert _has_line(text, "كوة", "المصرف", "بالمركز", "2", "13,000")
    assert _has_line(text, "سامر", "الكيلاني", "3", "18,000")
    assert _has_line(text, "ليلى", "حداد", "3", "15,000")
    assert _has_line(text, "1", "09:10", day.receipts[0], "CBS-2026/00123", "5,000")
    assert "Total" not in text and "Sunday" not in text  # every word translated


def test_a_clerks_sheet_has_his_payments_only_and_says_so(
    station: Station, day: cash_sample.CashDay, tmp_path: Path
) -> None:
    out = tmp_path / "mine.pdf"
    report = _write(station, "pdf", out, "en", actor=day.clerk2)
    assert report.only_clerk == "clerk2"
    text = pages_text(out)[0]
    assert "Only your own payments (clerk2)" in text
    assert day.receipts[1] in text and day.receipts[0] not in text
    assert _has_line(text, "Total", "3", "15,000") and "33,000" not in text
    # His name is printed on the clerk's signature line (besides his three payments and
    # his line of the clerks' totals).
    assert text.count("ليلى حداد") == 5


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_empty_day_is_an_empty_sheet_with_zero_totals(
    station: Station, language: str, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    report = _write(station, "pdf", out, language, on="2026-11-01")
    assert report.payments == [] and report.total_syp == 0
    text = "\n".join(pages_text(out))
    nothing = Translator.for_language(language)("No payments were recorded on this day.")
    assert str(nothing) in text
    word = "المجموع" if language == "ar" else "Total"
    totals = [line for line in _lines_with(text, word) if "0" in line]
    assert len(totals) >= 2, text  # the methods' and the clerks' tables each end in zero
    assert "2026-11-01" in text
    # An empty CSV too: the heading and zero totals, nothing else.
    rows = list(csv.reader(io.StringIO(_csv_of(station, tmp_path, language, on="2026-11-01"))))
    assert [r for r in rows[1:] if r[1]] == []
    assert rows[-1][4] == "0" and {r[4] for r in rows[1:]} == {"0"}


# -- the CSV -----------------------------------------------------------------------------------


def _csv_of(station: Station, tmp_path: Path, language: str, **kw: object) -> str:
    out = tmp_path / f"cash-{language}.csv"
    _write(station, "csv", out, language, **kw)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark, for spreadsheet programs
    assert b"\r\n" in data
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_csv_parses_back_to_the_hand_computed_day(
    station: Station, day: cash_sample.CashDay, language: str, tmp_path: Path
) -> None:
    tr = Translator.for_language(language)
    rows = list(csv.reader(io.StringIO(_csv_of(station, tmp_path, language))))
    assert rows[0][1] == str(tr("Receipt number")) and rows[0][4] == str(tr("Amount (SYP)"))
    payments = [r for r in rows[1:] if r[1]]
    assert [r[1] for r in payments] == day.receipts
    assert [int(r[4]) for r in payments] == [p[3] for p in cash_sample.PAID]
    assert sum(int(r[4]) for r in payments) == cash_sample.TOTAL
    assert [r[0] for r in payments][:2] == ["2026-11-22 09:10", "2026-11-22 09:45"]
    assert [r[6] for r in payments] == [p[5] or "" for p in cash_sample.PAID]
    assert [r[8] for r in payments] == [p[1] for p in cash_sample.PAID]
    totals = [r for r in rows[1:] if not r[1]]
    by_method = {r[5]: int(r[4]) for r in totals if r[3] == str(tr("Totals by payment method"))}
    assert by_method == {str(tr("Bank receipt")): 20000, str(tr("Bank desk")): 13000}
    by_clerk = {r[8]: int(r[4]) for r in totals if r[3] == str(tr("Totals by clerk"))}
    assert by_clerk == cash_sample.BY_CLERK
    assert totals[-1][3] == str(tr("Total of the day")) and int(totals[-1][4]) == 33000


# -- targets that cannot take the file ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_a_missing_folder_or_a_folder_is_refused_and_nothing_written(
    station: Station, fmt: str, tmp_path: Path
) -> None:
    report, heading = _sheet(station)
    for target in (tmp_path / "nowhere" / f"c.{fmt}", tmp_path):
        with pytest.raises(ValidationError) as caught:
            write_cash(report, fmt, target, "ar", heading=heading)
        assert caught.value.field == "out"
        assert str(target.parent if target != tmp_path else tmp_path) in caught.value.render()
        assert caught.value.render(Translator.for_language("ar")) != caught.value.render()
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


def test_an_unwritable_folder_is_refused_up_front(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a clerk without rights to the folder sees it (the tests may run as root)."""
    report, heading = _sheet(station)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ValidationError) as caught:
        write_cash(report, "pdf", folder / "c.pdf", "ar", heading=heading)
    assert caught.value.field == "out"
    assert "لا يمكن الكتابة في المجلد" in caught.value.render(Translator.for_language("ar"))
    assert list(folder.iterdir()) == []


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(
    station: Station, day: cash_sample.CashDay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, heading = _sheet(station)
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "c.pdf"
    old.write_bytes(b"yesterday's sheet")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ValidationError) as caught:
        write_cash(report, "pdf", old, "en", heading=heading)
    assert caught.value.field == "out" and "No space left" in caught.value.render()
    assert [p.name for p in folder.iterdir()] == ["c.pdf"]
    assert old.read_bytes() == b"yesterday's sheet"


def test_an_unknown_format_is_refused(station: Station, tmp_path: Path) -> None:
    report, heading = _sheet(station)
    with pytest.raises(ValidationError) as caught:
        write_cash(report, "xlsx", tmp_path / "c.xlsx", "en", heading=heading)
    assert caught.value.field == "format" and "xlsx" in caught.value.render()
    assert not (tmp_path / "c.xlsx").exists()


# -- the command line --------------------------------------------------------------------------


def _cli_day(cli_station: CliResult) -> list[str]:
    from tests.test_cli import _individual_statement_args, _new_request
    from tests.test_payments_cli import FEE, _receipt

    args = _individual_statement_args()
    return [
        _receipt(_new_request(*args, "--paid-amount", FEE, "--bank-receipt", "CBS-1")),
        _receipt(_new_request(*args, "--paid-amount", FEE, "--bank-desk", nid="02020304050")),
    ]


def test_cash_writes_the_pdf_and_the_csv(cli_station: CliResult, tmp_path: Path) -> None:
    receipts = _cli_day(cli_station)
    pdf = tmp_path / "cash.pdf"
    res = run_cli("cash", "--as", "admin", "--format", "pdf", "--out", str(pdf))
    assert res.code == 0, res.err
    assert str(pdf) in res.out
    text = pages_text(pdf)[0]
    assert all(r in text for r in receipts) and _has_line(text, "Total", "2", "6,000")
    assert "مركز المزة" in text  # the center's name from setup
    ar = tmp_path / "cash-ar.csv"
    res = run_cli("cash", "--as", "admin", "--format", "csv", "--out", str(ar), "--lang", "ar")
    assert res.code == 0, res.err
    rows = list(csv.reader(io.StringIO(ar.read_bytes().decode("utf-8-sig"))))
    assert rows[0][1] == "رقم الإيصال" and [r[1] for r in rows[1:] if r[1]] == receipts
    assert rows[-1][4] == "6000"
    # A clerk's own sheet says so on the terminal too.
    own = tmp_path / "own.pdf"
    res = run_cli("cash", "--as", "clerk1", "--format", "pdf", "--out", str(own))
    assert res.code == 0 and "Only your own payments (clerk1)" in res.out


def test_cash_refuses_a_bad_target_before_any_work(cli_station: CliResult, tmp_path: Path) -> None:
    _cli_day(cli_station)
    missing = run_cli("cash", "--as", "admin", "--format", "pdf")
    assert missing.code == 2 and "--out" in missing.err
    table = run_cli("cash", "--as", "admin", "--out", str(tmp_path / "c.txt"))
    assert table.code == 2 and "--format csv" in table.err
    nowhere = tmp_path / "no" / "c.pdf"
    bad = run_cli("cash", "--as", "admin", "--format", "pdf", "--out", str(nowhere), "--lang", "ar")
    assert bad.code == 2 and "Traceback" not in bad.err and "غير موجود" in bad.err
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


def test_a_long_day_repeats_the_heading_and_keeps_the_total_with_the_signatures(
    tmp_path: Path,
) -> None:
    """Seventy payments (a busy counter): the table's heading on every page it runs on, and
    the day's total on the page of the signature lines."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from counter_app.domain.payment import PaymentMethod
    from counter_app.services.payments import PaymentRecord

    start = dt.datetime(2026, 11, 22, 5, 0, tzinfo=dt.UTC)
    payments = [
        PaymentRecord(
            str(i),
            str(i),
            f"MZH-02-26-{i:06d}-11",
            "MOAD-ID-CARD-CERTIFICATION",
            2000,
            PaymentMethod.BANK_RECEIPT if i % 3 else PaymentMethod.BANK_DESK,
            f"CBS-{i:05d}" if i % 3 else None,
            start + dt.timedelta(minutes=5 * i),
            f"clerk{i % 2}",
            f"clerk{i % 2}",
            "MZH-02",
        )
        for i in range(70)
    ]
    report = CashReport(
        dt.date(2026, 11, 22),
        payments,
        {"bank_receipt": 92000, "bank_desk": 48000},
        {"clerk0": 70000, "clerk1": 70000},
        140000,
        counts={"bank_receipt": 46, "bank_desk": 24},
    )
    out = tmp_path / "long.pdf"
    write_cash(report, "pdf", out, "en", ZoneInfo("Asia/Damascus"))
    pages = pages_text(out)
    assert len(pages) >= 2
    with_rows = [p for p in pages if "MZH-02-26-" in p]
    assert len(with_rows) >= 2
    assert all("Receipt number" in p for p in with_rows)
    assert all(f"MZH-02-26-{i:06d}-11" in "".join(pages) for i in range(70))
    last = pages[-1]
    assert _has_line(last, "Total", "of", "the", "day", "140,000", "SYP")
    assert "Head of the center" in last
