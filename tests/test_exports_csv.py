"""The CSV export and how every export is written: whole or not at all, bad targets refused."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from counter_app.domain.errors import ValidationError
from counter_app.exports import csv_text, write_report
from counter_app.i18n import Translator
from tests.report_sample import FIGURES, sample_report

REPORT = sample_report()


def _parsed(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel would show mojibake"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_csv_parses_back_to_the_same_numbers(language: str, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    write_report(REPORT, "csv", out, language)
    rows = _parsed(out.read_bytes())
    assert out.read_bytes().decode("utf-8") == csv_text(REPORT, language)
    head, body, total = rows[0], rows[1:-1], rows[-1]
    assert len(body) == len(REPORT.rows) and all(len(r) == len(head) for r in rows)
    tr = Translator.for_language(language)
    assert head[1] == tr("Category") and head[2] == tr("Received in the period")
    for line, row in zip(body, REPORT.rows, strict=True):
        assert line[0] == row.key
        assert line[1] == (row.label_ar if language == "ar" else row.label_en)
        assert [int(x) for x in line[2:12]] == [getattr(row, f) for f in FIGURES]
        assert float(line[12]) == row.on_time_pct
        assert float(line[13]) == row.turnaround_p50 and float(line[14]) == row.turnaround_p90
    assert total[1] == tr("Total")
    assert [int(x) for x in total[2:12]] == [getattr(REPORT.totals, f) for f in FIGURES]
    assert int(total[2]) == sum(r.received for r in REPORT.rows) == 487


def test_csv_headings_in_arabic() -> None:
    head = next(csv.reader(io.StringIO(csv_text(REPORT, "ar").lstrip("\ufeff"))))
    assert head[:3] == ["الرمز", "الفئة", "المستلمة خلال الفترة"]
    assert (
        csv_text(REPORT, "ar")
        .rstrip()
        .endswith(",المجموع,487,477,15,427,402,10,60,20,402,25,94.1,3.0,7.0")
    )


def test_a_figure_that_does_not_exist_is_an_empty_cell() -> None:
    from dataclasses import replace

    from counter_app.domain.report_model import CountRow

    empty = replace(REPORT, rows=(CountRow("X", "س", "X"),), totals=CountRow("", "", ""))
    line = list(csv.reader(io.StringIO(csv_text(empty, "en").lstrip("\ufeff"))))[1]
    assert line[2] == "0" and line[12:] == ["", "", ""]


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_a_folder_as_the_target_is_refused_and_nothing_written(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "reports"
    target.mkdir()
    (tmp_path / "old.csv").write_bytes(b"kept")
    before = _listing(tmp_path)
    with pytest.raises(ValidationError) as caught:
        write_report(REPORT, fmt, target, "ar")
    assert caught.value.field == "out"
    assert "مجلد" in caught.value.render(Translator.for_language("ar"))
    assert _listing(tmp_path) == before and list(target.iterdir()) == []


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        write_report(REPORT, "pdf", tmp_path / "nowhere" / "r.pdf", "en")
    assert caught.value.field == "out"
    assert "does not exist" in caught.value.render(Translator.for_language("en"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ValidationError) as caught:
            write_report(REPORT, "xlsx", folder / "r.xlsx", "ar")
        assert caught.value.field == "out"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What root cannot be refused up front (a full disk, a read-only mount) fails in the
    write itself: the same translated error, the old report untouched, no temporary left."""
    out = tmp_path / "r.csv"
    out.write_bytes(b"the old report")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ValidationError) as caught:
        write_report(REPORT, "csv", out, "ar")
    assert caught.value.field == "out"
    assert "No space left" in caught.value.render(Translator.for_language("en"))
    assert _listing(tmp_path) == {"r.csv": b"the old report"}


def test_an_unknown_format_is_refused_before_anything(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        write_report(REPORT, "docx", tmp_path / "r.docx", "ar")
    assert "docx" in caught.value.render(Translator.for_language("ar"))
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    out.write_bytes(b"x" * 100_000)
    write_report(REPORT, "csv", out, "en")
    assert out.read_bytes() == csv_text(REPORT, "en").encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_a_folder_without_write_permission_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a clerk without rights to the folder sees it (the test runs as root, who has them)."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(ValidationError) as caught:
        write_report(REPORT, "pdf", tmp_path / "r.pdf", "ar")
    assert caught.value.field == "out"
    assert "لا يمكن الكتابة في المجلد" in caught.value.render(Translator.for_language("ar"))
    assert list(tmp_path.iterdir()) == []
