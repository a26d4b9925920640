"""No receipt number is ever issued twice (issue 13 item 1), against a real HQ process on
PostgreSQL: a new empty PC enrolled under a number used before is refused and gets a new
number; a station restored from an older backup (numbers issued after the backup, some synced,
some never) issues none of them again; a collision that still reaches HQ is an error a person
sees on both sides (non-zero exits); a renumbered station's unsent requests still reach HQ."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import psycopg
import pytest

from counter_app.domain.errors import Conflict
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.setup import setup_station
from counter_app.services.users import add_user
from counter_app.store import keys
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, FixedClock, Station, run_cli
from tests.sync.conftest import Enrolled, HqServer
from tests.sync.test_attachments import new_request
from tests.test_cli import _individual_statement_args
from tests.test_store_damage import CITIZEN, _new, _service


def _new_args(nid: str) -> list[str]:
    return [
        "request", "new", "--service", _service(), "--national-id", nid, "--name", CITIZEN[1],
        "--phone", CITIZEN[2], *_individual_statement_args(), "--as", "clerk1",
    ]  # fmt: skip


def _nid(i: int) -> str:
    return f"0{i % 10}0{i % 10}0{i % 10}0{i % 10}0{i % 10}0"


def _take(st: Station, n: int, start: int) -> list[str]:
    return [new_request(st, _nid(start + i)) for i in range(n)]


def _sync(lang: str = "en") -> tuple[int, str]:
    res = run_cli("--lang", lang, "sync", "--once")
    return res.code, res.out + res.err


def _hq_receipts(hq: HqServer) -> dict[str, str]:
    """receipt number -> request uuid, as HQ holds them."""
    dsn = hq.env["COUNTER_HQ_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        return dict(conn.execute("SELECT receipt_no, uuid FROM requests").fetchall())


def _code(hq: HqServer, *args: str) -> tuple[str, str]:
    """An enrollment code from ``counter-hq station ...``, and what it said on stderr."""
    res = hq.cli("station", *args)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().split()[-1], res.stderr


def _open(clock: FixedClock) -> Station:
    """This PC's station as it is now on disk (after a restore, or a new PC's setup)."""
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = clock
    with ctx.store.read() as session:
        admin, clerk = ctx.actor(session, "admin"), ctx.actor(session, "clerk1")
    return Station(ctx=ctx, admin=admin, clerk=clerk, clock=clock)


def _new_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock) -> Station:
    """Another PC, set up from nothing with the same station number as the first."""
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "new-pc"))
    ctx = AppContext.open(AppPaths.default())
    ctx.clock = clock
    setup_station(
        ctx,
        center_code="MZH",
        center_name="مركز المزة",
        station_no=2,
        admin_username="admin",
        admin_password=ADMIN_PASSWORD,
    )
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    add_user(ctx, admin, username="clerk1", role="clerk", password=CLERK_PASSWORD)
    ctx.close()
    return _open(clock)


def _station_line(hq: HqServer, label: str) -> tuple[int, str]:
    res = hq.cli("station", "list")
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith(label))
    return res.returncode, line


def test_a_new_empty_pc_is_refused_the_old_number_and_gets_a_new_one(
    enrolled: Enrolled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = enrolled.station
    issued = _take(old, 3, 1)
    code_, out = _sync()
    assert code_ == 0, out
    held = _hq_receipts(enrolled.hq)
    assert set(issued) <= set(held)

    pc = _new_pc(tmp_path, monkeypatch, old.clock)
    code, said = _code(enrolled.hq, "add", "MZH", "2")
    refused = run_cli("--lang", "en", "enroll", enrolled.hq.url, code)
    assert refused.code == 2, refused.out  # the old code enrolled it (and it issued 000001)
    assert "enrolled before" in said and "--replaces MZH-02" in said
    assert "not the one HQ last saw" in refused.err and "new station number" in refused.err
    assert "station MZH-02 was enrolled before" in refused.err
    arabic = run_cli("--lang", "ar", "enroll", enrolled.hq.url, code)
    assert arabic.code == 2 and "HQ will not enroll" not in arabic.err

    code, said = _code(enrolled.hq, "code", "MZH", "--replaces", "MZH-02")
    assert "enrollment code for station MZH-01" in said and "MZH-02 is retired" in said
    done = run_cli("--lang", "en", "enroll", enrolled.hq.url, code)
    assert done.code == 0, done.err
    assert "Station MZH-01 is enrolled" in done.out and "This station was MZH-02" in done.out

    fresh = _take(pc, 4, 10)
    assert all(r.startswith("MZH-01-") for r in fresh), fresh
    assert not set(fresh) & set(held)
    code_, out = _sync()
    assert code_ == 0, out
    now_held = _hq_receipts(enrolled.hq)
    assert set(fresh) <= set(now_held) and len(now_held) == len(held) + 4
    _, line = _station_line(enrolled.hq, "MZH-02")
    assert "retired" in line and "replaced by MZH-01" in line
    # The old PC's token no longer works: its number is retired.
    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "home"))
    assert run_cli("sync", "--once").code == 1
    pc.ctx.close()


def _backup_path() -> Path:
    backups = sorted(AppPaths.default().backups.glob("*.sqlite3"))
    assert backups
    return backups[-1]


def test_a_station_restored_from_an_older_backup_issues_none_of_its_numbers_again(
    enrolled: Enrolled,
) -> None:
    st = enrolled.station
    before = _take(st, 2, 1)
    assert _sync()[0] == 0
    assert run_cli("db", "backup").code == 0
    synced_after = _take(st, 2, 3)  # issued after the backup and sent to HQ
    assert _sync()[0] == 0
    never_synced = _take(st, 2, 5)  # issued after the backup, on paper only
    all_issued = set(before + synced_after + never_synced)
    st.ctx.close()

    restored = run_cli("--lang", "en", "db", "restore", "--force", "--from", str(_backup_path()))
    assert restored.code == 0, restored.err
    assert "This station's number is retired" in restored.out
    again = _open(st.clock)
    with pytest.raises(Conflict) as refused:
        new_request(again, _nid(7))
    assert "database was restored from a backup" in refused.value.message
    cli = _new(_service(), _nid(7))
    assert cli.code == 2, cli.out
    assert "issues no more receipt numbers" in cli.err
    arabic = run_cli("--lang", "ar", *_new_args(_nid(7)))
    assert arabic.code == 2 and "issues no more" not in arabic.err and "MZH-02" in arabic.err
    status = run_cli("--lang", "en", "sync-status", "--as", "clerk1")
    assert "station number retired (database restored)" in status.out

    # The same number is refused even with a fresh code: the database says it is retired, and
    # HQ also holds numbers it lacks.
    code, _ = _code(enrolled.hq, "code", "MZH", "2")
    refused_again = run_cli("--lang", "en", "enroll", enrolled.hq.url, code)
    assert refused_again.code == 2 and "retired" in refused_again.err

    code, _ = _code(enrolled.hq, "code", "MZH", "--replaces", "MZH-02")
    assert run_cli("enroll", enrolled.hq.url, code).code == 0
    fresh = _take(again, 6, 10)
    assert not set(fresh) & all_issued, (fresh, all_issued)
    assert all(r.startswith("MZH-01-") for r in fresh)
    code_, out = _sync()
    assert code_ == 0, out
    held = _hq_receipts(enrolled.hq)
    assert set(fresh) | set(before) | set(synced_after) <= set(held)
    assert len(held) == 10  # nothing quarantined, nothing held twice
    again.ctx.close()


def test_a_manually_copied_older_file_is_caught_when_its_number_reaches_hq(
    enrolled: Enrolled,
) -> None:
    """The thorough mistake: the file copied back by hand, no `db restore`, and requests taken
    before the next sync. HQ answers the collision; both sides say it; nothing is silent."""
    st = enrolled.station
    _take(st, 1, 1)
    assert _sync()[0] == 0
    db = AppPaths.default().database
    copy = db.with_name("by-hand.sqlite3")
    shutil.copy(keys.key_id_path(db), keys.key_id_path(copy))  # the same key: an exact copy
    src, dst = rawdb.connect(db), rawdb.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    taken = _take(st, 2, 2)
    assert _sync()[0] == 0
    st.ctx.close()
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, db)

    again = _open(st.clock)
    reissued = _take(again, 1, 9)  # the copy numbers on from where it was
    assert reissued[0] == taken[0]
    code, out = _sync("en")
    assert code == 1, out
    assert "Receipt numbers were issued twice" in out and reissued[0] in out
    arabic = run_cli("--lang", "ar", "sync-status", "--as", "clerk1")
    assert reissued[0] in arabic.out and "issued twice" not in arabic.out
    quarantine = run_cli("--lang", "en", "quarantine", "--as", "clerk1")
    assert "HQ already holds this receipt number for another request" in quarantine.out
    with pytest.raises(Conflict) as refused:
        new_request(again, _nid(8))
    assert "already held a receipt number" in refused.value.message
    status, line = _station_line(enrolled.hq, "MZH-02")
    assert status == 1 and "COLLISION 1 receipt numbers issued twice" in line
    assert reissued[0] in line
    held = _hq_receipts(enrolled.hq)
    assert len(held) == 3  # the citizen's first request under that number is untouched
    again.ctx.close()


def test_a_renumbered_stations_unsent_requests_still_reach_hq(enrolled: Enrolled) -> None:
    st = enrolled.station
    sent = _take(st, 1, 1)
    assert _sync()[0] == 0
    unsent = _take(st, 2, 2)  # never synced before the disk failed
    assert run_cli("db", "backup").code == 0
    st.ctx.close()
    assert run_cli("db", "restore", "--force", "--from", str(_backup_path())).code == 0

    code, _ = _code(enrolled.hq, "code", "MZH", "--replaces", "MZH-02")
    assert run_cli("enroll", enrolled.hq.url, code).code == 0
    again = _open(st.clock)
    fresh = _take(again, 1, 5)
    assert fresh[0].startswith("MZH-01-")
    code_, out = _sync()
    assert code_ == 0, out
    held = _hq_receipts(enrolled.hq)
    assert set(sent + unsent + fresh) == set(held)
    # The old number's requests stay under it at HQ, sent by its successor; the nightly
    # reconciliation counts them as the renumbered station's own.
    night = run_cli("--lang", "en", "sync", "--nightly")
    assert night.code == 0, night.out + night.err
    today = dt.datetime.now(dt.UTC).astimezone(again.ctx.calendar.tz).date()
    assert f"HQ has 4 of 4 for {today.isoformat()}" in night.out
    _, line = _station_line(enrolled.hq, "MZH-01")
    assert "replaces MZH-02, its database renumbered" in line
    again.ctx.close()
