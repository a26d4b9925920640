"""The station database at rest: encrypted from setup, converted in place, keys carried over.

Hostile first: a stolen disk reveals no citizen, a wrong or missing key is said as such and
changes nothing (never taken for damage), a conversion killed or starved of disk leaves a
database that opens.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from counter_app.domain.arabic import normalize_for_search
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
from counter_app.services.intake import IntakeInput, submit_request
from counter_app.services.setup import Encryption, prepare_encryption
from counter_app.store import encrypt, keys, sqlite_driver
from counter_app.store.backup import backup_database
from counter_app.store.glance import glance
from counter_app.store.integrity import marker_path
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, Station, run_cli
from tests.disks import tmpfs

NAME = "زبيدة قمر الدين الطرابلسي"
NATIONAL_ID = "09876543210"
PHONE = "0933778899"
ROOT = Path(__file__).resolve().parents[1]


def _intake(ctx: AppContext) -> IntakeInput:
    from counter_app.services.catalog import active_catalog
    from counter_app.services.sample import sample_fields

    catalog = active_catalog(ctx)
    svc = next(s for s in catalog.services if s.documents and s.category.value == "service")
    docs = {
        d.type: "copy_kept" if d.requirement.value != "scan_required" else "scan_pending"
        for d in svc.documents
    }
    fields = sample_fields(svc, text="نص تجريبي")
    return IntakeInput(svc.code, NATIONAL_ID, NAME, PHONE, fields, docs)


def _save_citizen(ctx: AppContext) -> None:
    with ctx.store.read() as session:
        admin = ctx.actor(session, "admin")
    submit_request(ctx, admin, _intake(ctx))


def _needles() -> dict[str, bytes]:
    """Every form the citizen's data could take on the disk."""
    texts = {NAME, normalize_for_search(NAME), NATIONAL_ID, PHONE, PHONE[1:]}
    texts |= {w for w in NAME.split() if len(w) > 3}
    texts |= {w for w in normalize_for_search(NAME).split() if len(w) > 3}
    found = {}
    for text in texts:
        for codec in ("utf-8", "utf-16-le", "utf-16-be"):
            found[f"{text!r} {codec}"] = text.encode(codec)
    return found


def _stolen(data_dir: Path) -> bytes:
    """What a thief takes: the database, its -wal/-shm and every backup."""
    files = [p for p in data_dir.rglob("*") if p.is_file() and "counter" in p.name]
    assert any(p.name.endswith("-wal") for p in files), files  # the newest writes are there
    return b"".join(p.read_bytes() for p in files)


def _leaks(blob: bytes) -> list[str]:
    return [name for name, needle in _needles().items() if needle in blob]


def _digest(db: Path) -> str:
    h = hashlib.sha256()
    for item in (db, db.with_name(db.name + "-wal")):
        if item.exists():
            h.update(item.read_bytes())
    return h.hexdigest()


def _plain_station(home_db: Path) -> None:
    res = run_cli(
        "--db",
        str(home_db),
        "setup",
        "--center",
        "MZH",
        "--center-name",
        "مركز المزة",
        "--station",
        "2",
        "--encryption",
        "off",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert res.code == 0, res.err
    assert "NOT encrypted" in res.out


# --- a stolen disk --------------------------------------------------------------------------


def test_a_stolen_station_disk_holds_no_citizen_data(station: Station) -> None:
    db = station.ctx.store.path
    assert sqlite_driver.is_encrypted_file(db) and keys.key_id_path(db).exists()
    _save_citizen(station.ctx)
    backup_database(db, station.ctx.paths.backups)
    blob = _stolen(db.parent)
    assert _leaks(blob) == []
    # ...and the citizen is there for the one holding the key.
    with rawdb.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM citizens WHERE name = ?", (NAME,)).fetchone()[0]


def test_the_same_data_in_a_plain_database_is_readable_and_db_encrypt_hides_it(
    tmp_path: Path,
) -> None:
    """The control that the test above can fail: plain, the same disk gives the citizen away."""
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    ctx = AppContext.open(AppPaths.default(), db)
    _save_citizen(ctx)
    assert run_cli("--db", str(db), "db", "backup").code == 0
    assert _leaks(_stolen(db.parent))  # the plain file names her
    ctx.close()

    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
    assert res.code == 0, res.err
    assert "is encrypted" in res.out and "Backups encrypted: 1" in res.out
    ctx = AppContext.open(AppPaths.default(), db)  # -wal/-shm again, as a working station has
    with ctx.store.read() as session:
        ctx.actor(session, "admin")
    blob = _stolen(db.parent)
    ctx.close()
    assert _leaks(blob) == []


# --- setup ----------------------------------------------------------------------------------


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def test_setup_without_a_credential_store_stays_plain_and_says_so(no_keyring: None) -> None:
    res = run_cli(
        "setup",
        "--center",
        "MZH",
        "--center-name",
        "م",
        "--station",
        "2",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert res.code == 0, res.err
    assert "UNENCRYPTED" in res.err and "NOT encrypted" in res.out
    db = AppPaths.default().database
    assert not sqlite_driver.is_encrypted_file(db) and not keys.key_id_path(db).exists()
    status = run_cli("status")
    assert "not encrypted" in status.out


def test_setup_encryption_on_without_a_credential_store_sets_up_nothing(no_keyring: None) -> None:
    res = run_cli(
        "setup",
        "--center",
        "MZH",
        "--center-name",
        "م",
        "--station",
        "2",
        "--password-stdin",
        "--encryption",
        "on",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert res.code == 2
    assert "Nothing was set up" in res.err
    db = AppPaths.default().database
    assert not db.exists() and not keys.key_id_path(db).exists()


def test_setup_makes_and_names_the_key_before_the_file_exists(tmp_path: Path) -> None:
    db = tmp_path / "new" / "counter.sqlite3"
    choice = prepare_encryption(db, Encryption.AUTO)
    assert choice.encrypted and choice.created and not db.exists()
    assert keys.read_key_id(db) == choice.key_id
    assert choice.warning is not None  # the test machine's keyring is a plain file: said
    assert "does not keep it secret" in choice.warning.render()
    AppContext.open(AppPaths.default(), db).close()
    assert sqlite_driver.is_encrypted_file(db)
    assert db.read_bytes()[:16] != sqlite_driver.SQLITE_MAGIC
    # An existing database is never re-keyed by setup.
    again = prepare_encryption(db, Encryption.OFF)
    assert again.encrypted and not again.created and keys.read_key_id(db) == choice.key_id


# --- wrong, missing, unreadable keys --------------------------------------------------------


def _break_key(db: Path, how: str) -> None:
    key_id = keys.read_key_id(db)
    assert key_id
    if how == "wrong":
        keyring.set_password(keys.KEYRING_SERVICE, key_id, os.urandom(32).hex())
    elif how == "missing":
        keyring.delete_password(keys.KEYRING_SERVICE, key_id)
    elif how == "no_keyid":
        keys.key_id_path(db).unlink()
    elif how == "bad_keyid":
        keys.key_id_path(db).write_text("{not json", "utf-8")
    elif how == "garbled_secret":
        keyring.set_password(keys.KEYRING_SERVICE, key_id, "zz-not-hex")
    else:  # pragma: no cover
        raise AssertionError(how)


WORDS = {
    "wrong": "cannot be opened with the key",
    "missing": "no key of that name",
    "no_keyid": "name file beside it is missing",
    "bad_keyid": "name file beside it is damaged",
    "garbled_secret": "stored key is not readable",
}


@pytest.mark.parametrize("how", sorted(WORDS))
def test_a_key_problem_is_said_changes_nothing_and_is_never_damage(
    station: Station, how: str
) -> None:
    db = station.ctx.store.path
    _save_citizen(station.ctx)
    station.ctx.close()
    before = _digest(db)
    _break_key(db, how)
    for command in (
        ("status",),
        ("user", "list", "--as", "admin"),
        ("db", "backup"),
        ("db", "upgrade"),
        ("search", "--as", "clerk1", PHONE),
        ("db", "restore"),
    ):
        res = run_cli(*command)
        assert res.code == 2, (command, res.out, res.err)
        assert WORDS[how] in res.err, (command, res.err)
        assert "Nothing was changed" in res.err
    check = run_cli("db", "check", "--json")
    assert check.code == 1
    codes = {f["code"] for f in json.loads(check.out)["faults"]}
    assert codes == {"key_wrong" if how == "wrong" else "key_missing"}, check.out
    res = run_cli("db", "check", "--clear-damage")
    assert res.code == 1 and "import" in res.out
    with pytest.raises((keys.KeyMissing, sqlite_driver.WrongKey)):
        AppContext.open(AppPaths.default())
    assert glance(db) is None  # the login window takes the full way, which says the above
    assert _digest(db) == before
    assert not marker_path(db).exists()
    assert not list(db.parent.glob("*.damaged*"))


def test_an_unavailable_credential_store_is_said_and_changes_nothing(
    station: Station, no_keyring: None
) -> None:
    db = station.ctx.store.path
    station.ctx.close()
    before = _digest(db)
    res = run_cli("status")
    assert res.code == 2 and "credential store cannot keep the database key" in res.err
    res = run_cli("db", "check", "--json")
    assert res.code == 1 and {f["code"] for f in json.loads(res.out)["faults"]} == {"key_store"}
    assert _digest(db) == before and not marker_path(db).exists()


def test_the_arabic_words_for_a_wrong_key(station: Station) -> None:
    db = station.ctx.store.path
    station.ctx.close()
    _break_key(db, "wrong")
    res = run_cli("--lang", "ar", "status")
    assert res.code == 2
    assert "cannot be opened" not in res.err and "db key import" in res.err


# --- db check -------------------------------------------------------------------------------


def test_db_check_passes_on_an_encrypted_station(station: Station) -> None:
    station.ctx.close()
    res = run_cli("db", "check", "--json")
    assert res.code == 0, res.out
    assert json.loads(res.out)["encryption"] == []


def test_db_check_finds_a_key_name_beside_a_plain_database(tmp_path: Path) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    keys.write_key_id(db, "0" * 32)  # what a conversion killed before its rename leaves
    res = run_cli("--db", str(db), "db", "check", "--json")
    assert res.code == 1
    assert [f["code"] for f in json.loads(res.out)["faults"]] == ["not_encrypted"]
    assert run_cli("--db", str(db), "status").code == 0  # still the plain database, in use


def test_db_check_finds_a_page_changed_on_the_disk(station: Station) -> None:
    db = station.ctx.store.path
    station.ctx.close()  # the WAL folded into the file
    assert not db.with_name(db.name + "-wal").exists()
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size - 4096 + 100)  # the last page's ciphertext
        byte = fh.read(1)
        fh.seek(size - 4096 + 100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    res = run_cli("db", "check", "--json")
    assert res.code == 1
    codes = {f["code"] for f in json.loads(res.out)["faults"]}
    assert "cipher_page" in codes, res.out


# --- key export / import --------------------------------------------------------------------


def test_key_export_then_import_on_a_new_computer(station: Station, tmp_path: Path) -> None:
    db = station.ctx.store.path
    station.ctx.close()
    out = tmp_path / "key.json"
    res = run_cli("db", "key", "export", "--out", str(out), "--as", "admin")
    assert res.code == 0, res.err
    assert "OFFLINE" in res.out
    assert out.stat().st_mode & 0o777 == 0o600
    exported = json.loads(out.read_text("utf-8"))
    assert exported["station"] == "MZH-02" and exported["key_id"] == keys.read_key_id(db)
    # Never over an existing file.
    res = run_cli("db", "key", "export", "--out", str(out), "--as", "admin")
    assert res.code == 2 and "already exists" in res.err
    assert json.loads(out.read_text("utf-8")) == exported

    # The new computer: the database and its key's name copied, the credential store empty.
    keyring.delete_password(keys.KEYRING_SERVICE, exported["key_id"])
    keys.key_id_path(db).unlink()
    assert run_cli("status").code == 2

    forged = tmp_path / "other.json"
    forged.write_text(json.dumps(exported | {"secret": os.urandom(32).hex()}), "utf-8")
    before = _digest(db)
    res = run_cli("db", "key", "import", str(forged))
    assert res.code == 2 and "cannot be opened with the key" in res.err, res.err
    assert keyring.get_password(keys.KEYRING_SERVICE, exported["key_id"]) is None
    assert not keys.key_id_path(db).exists() and _digest(db) == before

    bad = tmp_path / "bad.json"
    bad.write_text("not a key", "utf-8")
    assert run_cli("db", "key", "import", str(bad)).code == 2

    res = run_cli("db", "key", "import", str(out))
    assert res.code == 0, res.err
    assert keys.read_key_id(db) == exported["key_id"]
    assert run_cli("status").code == 0
    assert run_cli("db", "check").code == 0


def test_key_import_never_replaces_another_stored_key(station: Station, tmp_path: Path) -> None:
    db = station.ctx.store.path
    station.ctx.close()
    key_id = keys.read_key_id(db)
    assert key_id
    kept = keyring.get_password(keys.KEYRING_SERVICE, key_id)
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "format": "citizen-service-counter/database-key/1",
                "station": "MZH-02",
                "key_id": key_id,
                "secret": os.urandom(32).hex(),
            }
        ),
        "utf-8",
    )
    assert run_cli("db", "key", "import", str(other)).code == 2
    assert keyring.get_password(keys.KEYRING_SERVICE, key_id) == kept


def test_key_export_of_a_plain_database_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    out = tmp_path / "key.json"
    res = run_cli("--db", str(db), "db", "key", "export", "--out", str(out), "--as", "admin")
    assert res.code == 2 and "not encrypted" in res.err
    assert not out.exists()


# --- converting a plain database ------------------------------------------------------------


def _counts(db: Path) -> tuple[dict[str, int], tuple[int, str]]:
    with rawdb.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0"
            )
        ]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        tip = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return counts, (int(tip[0]), str(tip[1]))


def test_db_encrypt_converts_verifies_and_audits(tmp_path: Path) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    ctx = AppContext.open(AppPaths.default(), db)
    _save_citizen(ctx)
    ctx.close()
    assert run_cli("--db", str(db), "db", "backup").code == 0
    counts, tip = _counts(db)
    encrypt.temp_path(db).write_bytes(b"left by a killed attempt")

    res = run_cli("--db", str(db), "db", "encrypt", "--as", "clerk1")  # no clerk here
    assert res.code == 2 and not sqlite_driver.is_encrypted_file(db)
    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin", "--json")
    assert res.code == 0, res.err
    assert sqlite_driver.is_encrypted_file(db) and not encrypt.temp_path(db).exists()
    after, new_tip = _counts(db)
    assert {t: n for t, n in after.items() if t != "audit_log"} == {
        t: n for t, n in counts.items() if t != "audit_log"
    }
    assert after["audit_log"] == counts["audit_log"] + 1  # db.encrypt
    with rawdb.connect(db) as conn:
        row = conn.execute(
            "SELECT action, username, details FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row[0] == "db.encrypt" and row[1] == "admin"
    assert json.loads(row[2])["backups"] == 1 and new_tip[0] == tip[0] + 1
    backups = sorted(AppPaths.default().backups.glob("*.sqlite3"))
    assert backups and all(sqlite_driver.is_encrypted_file(b) for b in backups)
    assert all(keys.read_key_id(b) == keys.read_key_id(db) for b in backups)
    assert run_cli("--db", str(db), "db", "check").code == 0
    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
    assert res.code == 2 and "already encrypted" in res.err


HOLDS_IT_OPEN = """
import sys, time
from pathlib import Path
from counter_app.paths import AppPaths
from counter_app.services.context import AppContext
ctx = AppContext.open(AppPaths.default(), Path(sys.argv[1]))
with ctx.store.read() as session:
    ctx.actor(session, "admin")
print("open", flush=True)
time.sleep(60)
"""


def test_db_encrypt_refuses_while_another_program_has_it_open(tmp_path: Path) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDS_IT_OPEN, str(db)], stdout=subprocess.PIPE, env=env, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"open"
        before = _digest(db)
        res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
        assert res.code == 2 and "Another program has the database" in res.err, res.err
        assert not sqlite_driver.is_encrypted_file(db) and not keys.key_id_path(db).exists()
        assert _digest(db) == before
    finally:
        holder.kill()
        holder.wait()


def _bulk_plain(db: Path, megabytes: int) -> None:
    """A plain station with ``megabytes`` of extra rows, so that converting takes a while."""
    _plain_station(db)
    conn = sqlite_driver.connect(db, key=None, isolation_level=None)
    try:
        conn.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, body BLOB)")
        conn.execute("BEGIN")
        for _ in range(megabytes * 16):
            conn.execute("INSERT INTO bulk (body) VALUES (?)", (os.urandom(64 * 1024),))
        conn.execute("COMMIT")
    finally:
        conn.close()


KILLED_CONVERSION = """
import sys
from pathlib import Path
from counter_app.store.encrypt import encrypt_file
from counter_app.store.keys import store_new_key
key = store_new_key()
print("started", flush=True)
encrypt_file(Path(sys.argv[1]), key)
print("done", flush=True)
"""


def _convert_in_child(db: Path, kill_after: float | None) -> tuple[bool, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CONVERSION, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"started"
    started = time.monotonic()
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=300)
    return b"done" in out, time.monotonic() - started


def test_a_conversion_killed_at_any_point_leaves_a_database_that_opens(tmp_path: Path) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _bulk_plain(db, 24)
    counts, tip = _counts(db)
    # How long one conversion takes here, on a copy.
    probe = tmp_path / "probe" / db.name
    probe.parent.mkdir()
    probe.write_bytes(db.read_bytes())
    finished, took = _convert_in_child(probe, None)
    assert finished and sqlite_driver.is_encrypted_file(probe)
    rng = random.Random(17)
    seen = set()
    for attempt in range(8):
        delay = rng.uniform(0, took * 1.1) if attempt else 0.0
        finished, _ = _convert_in_child(db, delay)
        encrypted = sqlite_driver.is_encrypted_file(db)
        seen.add(encrypted)
        assert encrypted or not finished
        assert _counts(db) == (counts, tip), (attempt, delay, encrypted)
        assert run_cli("--db", str(db), "status").code == 0
        if encrypted:
            break
    # A conversion after an interrupted one finishes the job and leaves nothing behind.
    if not sqlite_driver.is_encrypted_file(db):
        assert _convert_in_child(db, None)[0]
    assert sqlite_driver.is_encrypted_file(db) and not encrypt.temp_path(db).exists()
    assert _counts(db) == (counts, tip)
    assert False in seen  # at least one kill landed before the rename


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MiB tmpfs (root only): a real ENOSPC, not a simulated one (as test_upgrades)."""
    with tmpfs(tmp_path, 24) as mount:
        yield mount


def test_a_full_disk_during_conversion_leaves_the_plain_database(
    tmp_path: Path, tiny_disk: Path
) -> None:
    made = tmp_path / "made" / "counter.sqlite3"
    _bulk_plain(made, 8)
    db = tiny_disk / "data" / made.name
    db.parent.mkdir()
    db.write_bytes(made.read_bytes())
    counts, tip = _counts(db)
    before = _digest(db)
    filler = tiny_disk / "filler"
    with filler.open("wb") as fh:  # leave about 3 MiB: room to open it, not to copy it
        free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
        fh.write(b"\0" * (free - 3 * 1024 * 1024))
    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
    assert res.code == 2, res.out + res.err
    assert "is full" in res.err and "unencrypted database is unchanged" in res.err, res.err
    assert not sqlite_driver.is_encrypted_file(db) and _digest(db) == before
    assert not encrypt.temp_path(db).exists() and not keys.key_id_path(db).exists()
    assert _counts(db) == (counts, tip)
    assert run_cli("--db", str(db), "status").code == 0

    filler.unlink()
    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
    assert res.code == 0, res.err
    assert run_cli("--db", str(db), "db", "check").code == 0


def test_a_copy_that_does_not_verify_is_removed_and_the_plain_database_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "home" / "data" / "counter.sqlite3"
    _plain_station(db)
    before = _digest(db)
    real = encrypt._audit_tip

    def tip_of_the_copy_differs(conn: object, schema: str) -> object:
        found = real(conn, schema)  # type: ignore[arg-type]
        return (found[0] - 1, found[1]) if schema == "enc" and found else found

    monkeypatch.setattr(encrypt, "_audit_tip", tip_of_the_copy_differs)
    res = run_cli("--db", str(db), "db", "encrypt", "--as", "admin")
    assert res.code == 2 and "audit_log's last row" in res.err, res.err
    assert "unencrypted database is unchanged" in res.err
    assert not sqlite_driver.is_encrypted_file(db) and _digest(db) == before
    assert not encrypt.temp_path(db).exists() and not keys.key_id_path(db).exists()
    assert run_cli("--db", str(db), "db", "check").code == 0


@pytest.mark.parametrize("how", ["wrong", "missing"])
def test_the_desktop_says_the_key_problem_and_marks_nothing(
    station: Station, how: str, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter_app.ui import app as ui_app

    db = station.ctx.store.path
    station.ctx.close()
    before = _digest(db)
    _break_key(db, how)
    shown: list[str] = []
    monkeypatch.setattr(
        "counter_app.ui.app.QMessageBox.critical", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.setattr("counter_app.ui.app.LoginDialog.exec", lambda _self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    from PySide6.QtCore import QTranslator

    direction = qapp.layoutDirection()  # type: ignore[attr-defined]
    before_translators = set(qapp.findChildren(QTranslator))  # type: ignore[attr-defined]
    try:
        code = ui_app.run(["counter-app"], database=db, language="ar")
    finally:
        qapp.setLayoutDirection(direction)  # type: ignore[attr-defined]
        # run() installs the Arabic translator on the session's application: later tests
        # outside tests/ui read English (test_station_identity's status bar did not).
        for added in set(qapp.findChildren(QTranslator)) - before_translators:  # type: ignore[attr-defined]
            qapp.removeTranslator(added)  # type: ignore[attr-defined]
    assert code == 2
    assert len(shown) == 1 and "counter-app db key import" in shown[0], shown
    assert "المفتاح" in shown[0] and "لم يتغيّر شيء" in shown[0]  # the key's words, in Arabic
    assert _digest(db) == before and not marker_path(db).exists()


def test_db_check_of_a_truncated_encrypted_file_reports_it(station: Station) -> None:
    db = station.ctx.store.path
    station.ctx.close()
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.truncate(size // 2)
    res = run_cli("db", "check", "--json")
    assert res.code == 1, res.err
    report = json.loads(res.out)
    assert report["ok"] is False and report["integrity"]
    assert {f["code"] for f in report["faults"] if f["section"] == "encryption"} <= {"cipher_page"}


def test_a_store_opened_without_the_key_refuses_instead_of_marking_damage(
    station: Station,
) -> None:
    from counter_app.store.engine import Store

    db = station.ctx.store.path
    station.ctx.close()
    before = _digest(db)
    with pytest.raises(keys.KeyMissing) as refused:
        Store(db)
    assert "opened without its key" in refused.value.render()
    assert _digest(db) == before and not marker_path(db).exists()
