"""Publishing the holiday calendar at HQ: checked with the counter's rules, versions forward,
the same file twice a no-op, a bad date refused with words naming it and nothing stored; HQ's
own working days follow the newest published calendar (else the shipped file)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_hq.calendars import (
    BAD_DATE,
    INVALID,
    NO_VERSION,
    NOT_JSON,
    NOT_NEWER,
    SHIPPED,
    current_calendar,
    current_calendar_info,
    publish_calendar,
    shipped_calendar_path,
)
from counter_hq.errors import ConflictError, Invalid
from counter_hq.models import ChangeRow
from counter_protocol.payloads import CALENDAR
from tests.hq.conftest import HQ, StationClient

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def _file(version: str | None = "2027.1", **changes: Any) -> bytes:
    data = json.loads(shipped_calendar_path().read_text("utf-8"))
    if version is not None:
        data["version"] = version
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _calendars(hq: HQ) -> int:
    with hq.sessions() as s:
        return int(
            s.execute(
                select(func.count()).select_from(ChangeRow).where(ChangeRow.kind == CALENDAR)
            ).scalar()
        )


def test_publish_forward_only_and_the_station_pulls_it(hq: HQ, mzh1: StationClient) -> None:
    with hq.sessions() as s:
        info = current_calendar_info(s)
        assert info.version == SHIPPED and info.published_seq is None
        assert dt.date(2026, 12, 25) in info.calendar.holidays
    extra = {"date": "2026-11-24", "name_ar": "عطلة", "name_en": "Decreed holiday"}
    data = json.loads(_file())
    data["holidays"].append(extra)
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    with hq.sessions() as s:
        done = publish_calendar(s, raw, NOW)
    assert done.changed and done.version == "2027.1" and done.seq is not None
    with hq.sessions() as s:
        again = publish_calendar(s, raw, NOW)
    assert not again.changed and again.seq is None and _calendars(hq) == 1
    with hq.sessions() as s:
        calendar = current_calendar(s)
        assert not calendar.is_working_day(dt.date(2026, 11, 24))
        assert current_calendar_info(s).version == "2027.1"
    # Another file under the same (or an older) version: refused, nothing stored.
    for version in ("2027.1", "2026.9"):
        with hq.sessions() as s, pytest.raises(ConflictError) as refused:
            publish_calendar(s, _file(version), NOW)
        assert refused.value.message == NOT_NEWER and refused.value.extra["published"] == "2027.1"
    assert _calendars(hq) == 1
    pulled = mzh1.get("/changes", params={"cursor": 0}).json()["changes"]
    assert [ch["kind"] for ch in pulled] == [CALENDAR]
    assert pulled[0]["payload"]["version"] == "2027.1"
    assert json.loads(pulled[0]["payload"]["content"])["holidays"][-1] == extra


@pytest.mark.parametrize(
    ("raw", "msgid", "named"),
    [
        (
            b'{"version": "2027.1", "holidays": [{"date": "2027-02-30", "name_ar": "x", '
            b'"name_en": "Bad day"}]}',
            BAD_DATE,
            "2027-02-30",
        ),
        (
            b'{"version": "2027.1", "holidays": [{"date": "20270105", "name_ar": "x", '
            b'"name_en": "Compact"}]}',
            BAD_DATE,
            "20270105",
        ),
        (
            b'{"version": "2027.1", "holidays": [{"date": "2027-01-05", "name_en": "No Arabic"}]}',
            INVALID,
            "name_ar",
        ),
        (b'{"version": "2027.1", "weekend": ["funday"], "holidays": []}', INVALID, "funday"),
        (b'{"holidays": []}', NO_VERSION, None),
        (b'{"version": "2027.1", "holidays": [', NOT_JSON, "line 1"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_published(
    hq: HQ, raw: bytes, msgid: str, named: str | None
) -> None:
    with hq.sessions() as s, pytest.raises(Invalid) as refused:
        publish_calendar(s, raw, NOW)
    assert refused.value.message == msgid
    words = refused.value.text(str)
    assert "{" not in words.replace('{"', "").replace("{'", "")  # parameters filled in
    if named:
        assert named in words
    assert _calendars(hq) == 0
    with hq.sessions() as s:
        assert current_calendar_info(s).version == SHIPPED


def test_the_command_refuses_a_bad_date_and_publishes_a_good_file(hq: HQ, tmp_path: Any) -> None:
    import os
    import subprocess

    from tests.sync.conftest import HQ_COMMAND

    env = {
        **os.environ,
        "COUNTER_HQ_DATA_DIR": str(hq.settings.data_dir),
        "COUNTER_HQ_DATABASE_URL": hq.settings.database_url,
    }
    bad = tmp_path / "bad.json"
    data = json.loads(_file())
    data["holidays"][0]["date"] = "2027-13-01"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    run = subprocess.run(
        [*HQ_COMMAND, "calendar", "publish", str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "2027-13-01" in run.stderr and "YYYY-MM-DD" in run.stderr
    assert _calendars(hq) == 0
    good = tmp_path / "good.json"
    good.write_bytes(_file("2027.2"))
    run = subprocess.run(
        [*HQ_COMMAND, "calendar", "publish", str(good)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "calendar 2027.2 published" in run.stdout and _calendars(hq) == 1
    shown = subprocess.run(
        [*HQ_COMMAND, "calendar", "show"], env=env, capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0 and shown.stdout.startswith("calendar 2027.2 (change ")
    assert "2026-12-25  Christmas Day" in shown.stdout


def test_a_file_is_compared_with_the_calendar_in_use(hq: HQ) -> None:
    from counter_hq.calendars import compare_calendars, read_calendar_file

    data = json.loads(_file())
    first = data["holidays"][0]
    data["holidays"] = [h for h in data["holidays"] if h is not first]
    data["holidays"][0]["name_en"] = "Renamed"
    data["holidays"].append({"date": "2027-06-01", "name_ar": "عطلة", "name_en": "New"})
    data["hours"] = {"open": "08:30", "close": "15:00"}
    new = read_calendar_file(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    with hq.sessions() as s:
        diff = compare_calendars(current_calendar(s), new.calendar)
    assert diff.added == (dt.date(2027, 6, 1),)
    assert diff.removed == (dt.date.fromisoformat(first["date"]),)
    assert len(diff.renamed) == 1 and diff.hours_changed and not diff.weekend_changed
    assert not diff.empty
    with hq.sessions() as s:
        assert compare_calendars(current_calendar(s), current_calendar(s)).empty
